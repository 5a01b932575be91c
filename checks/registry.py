"""Which check kinds exist: the name a policy rule gives as `kind`, and the module that runs it."""

from __future__ import annotations

from checks import grammar, identifiers, offensive, proximity, spelling, terms, tone, without

KINDS = {
    "terms": terms,
    "proximity": proximity,
    "identifier": identifiers,
    "spelling": spelling,
    "grammar": grammar,
    "without": without,
    "remark": offensive,
    "shouting": tone,
}
