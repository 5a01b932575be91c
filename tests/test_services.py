"""The platform-neutral steps the chat adapters share, on a real store: a contact's decision on an escalation
and an author's "Dit klopt niet"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.services import Author, decide_escalation, record_disagreement
from bot.store import TransitionRefused, utcnow


async def delivered(services, make_review) -> str:
    escalation_id = (await services.store.record_review(*make_review())).escalation_id
    (claim,) = await services.store.claim_due(now=utcnow(), limit=1, lease_seconds=60)
    assert await services.store.complete(claim, ref=None, now=utcnow())
    return escalation_id


@pytest.mark.parametrize(
    "actor_ids, looked_up, actor, asked",
    [
        (["U0ANNA"], ["someone@example.nl"], "U0ANNA", False),  # the platform's own id is enough: no lookup
        ([None, "29:bram"], None, "29:bram", False),
        (["29:unknown", "aad-unknown"], [None, "anna.devries@example.nl"], "anna.devries@example.nl", True),
        (["29:unknown"], None, None, False),
        (["29:unknown"], ["nobody@example.nl"], None, True),
    ],
    ids=["platform id", "second id", "e-mail from a lookup", "no lookup to ask", "nobody"],
)
async def test_a_press_is_made_by_whichever_id_names_a_contact(chat_services, make_review, actor_ids, looked_up, actor, asked):
    escalation_id = await delivered(chat_services, make_review)
    lookups = []

    async def look_up():
        lookups.append(True)
        return looked_up

    more = None if looked_up is None else look_up
    if actor is None:
        with pytest.raises(TransitionRefused) as caught:
            await decide_escalation(chat_services, escalation_id, actor_ids, "approved", more_actor_ids=more)
        assert caught.value.code == "not_a_contact"
        assert (await chat_services.store.get_escalation(escalation_id)).status == "delivered"
    else:
        record = await decide_escalation(chat_services, escalation_id, actor_ids, "approved", more_actor_ids=more)
        assert (record.status, record.updated_by) == ("approved", actor)
        history = await chat_services.store.history(escalation_id)
        assert [(h.actor_id, h.to_status) for h in history[1:]] == [(actor, "acknowledged"), (actor, "approved")]
    assert bool(lookups) is asked


async def test_a_press_on_an_unknown_escalation_is_refused(chat_services):
    with pytest.raises(TransitionRefused) as caught:
        await decide_escalation(chat_services, "gone", ["U0ANNA"], "approved")
    assert caught.value.code == "unknown"


@pytest.mark.parametrize(
    "pressed_by, rule, answer, disputed",
    [
        ("U0AUTHOR", "personal-data.iban", "Dank je. Ik heb genoteerd dat je het oneens bent met personal-data.iban", 1),
        ("U0OTHER", "personal-data.iban", "Alleen wie het concept liet controleren", 0),
        ("U0AUTHOR", "confidential.marker", "Deze controle ken ik niet (meer)", 0),  # a rule this review did not find
    ],
)
async def test_only_the_drafts_author_can_dispute_a_finding_it_has(chat_services, make_review, pressed_by, rule, answer, disputed):
    review_id = (await chat_services.store.record_review(*make_review(contacts=None))).review_id
    author = Author("slack", pressed_by, None, "nl", division_unknown=True)
    text = await record_disagreement(chat_services, author, review_id=review_id, rule=rule, draft_author="U0AUTHOR")
    assert text.startswith(answer)
    report = await chat_services.store.audit(utcnow() - timedelta(hours=1))
    assert sum(d.disputes for d in report.disputed) == disputed
