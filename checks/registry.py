"""Which check kinds exist: the name a policy rule gives as `kind`, and the module that runs it."""

from __future__ import annotations

from checks import identifiers, proximity, terms, without

KINDS = {
    "terms": terms,
    "proximity": proximity,
    "identifier": identifiers,
    "without": without,
}
