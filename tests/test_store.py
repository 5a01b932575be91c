"""The store on SQLite and PostgreSQL: what it keeps, what it never keeps, status changes, dedup, audit, purge."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import create_async_engine

from bot.store import Store, TransitionRefused, UnknownFinding, async_url
from bot.store.retention import purge_periodically
from bot.store.tables import metadata
from tests.conftest import ANNA, BRAM, finding


async def dump(url: str) -> dict[str, list[dict]]:
    """Every row of every table, read past the store."""
    engine = create_async_engine(async_url(url))
    try:
        async with engine.connect() as conn:
            return {
                table.name: [dict(row._mapping) for row in await conn.execute(select(table))]
                for table in metadata.sorted_tables
            }
    finally:
        await engine.dispose()


def occurs(needle: str, rows: list[dict]) -> bool:
    return any(needle in repr(value) for row in rows for value in row.values())


# --- schema and connection ---


@pytest.mark.parametrize(
    "given, expected",
    [
        ("sqlite:///data/x.sqlite3", "sqlite+aiosqlite:///data/x.sqlite3"),
        ("postgresql://u:p@db/checkpost", "postgresql+asyncpg://u:p@db/checkpost"),
        ("postgres://u:p@db/checkpost", "postgresql+asyncpg://u:p@db/checkpost"),
        ("postgresql+asyncpg://u:p@db/checkpost", "postgresql+asyncpg://u:p@db/checkpost"),
    ],
)
def test_urls_get_the_async_driver(given, expected):
    assert async_url(given).render_as_string(hide_password=False) == expected


async def test_sqlite_file_and_folder_are_created_on_first_start(tmp_path: Path):
    path = tmp_path / "new" / "folder" / "checkpost.sqlite3"
    store = await Store.open(f"sqlite:///{path}")
    try:
        assert path.is_file()
        assert await store.ping()
    finally:
        await store.close()


async def test_ping_says_no_when_the_database_is_unreachable():
    store = await Store.open("postgresql+asyncpg://nobody:x@127.0.0.1:1/none", migrate=False)
    try:
        assert not await store.ping()
    finally:
        await store.close()


async def test_migrations_build_exactly_the_tables_and_run_again_harmlessly(fresh_db_url):
    for _ in range(2):  # a second start (another replica, a restart) finds the schema current
        await (await Store.open(fresh_db_url)).close()
    engine = create_async_engine(async_url(fresh_db_url))
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync, opts={"compare_type": True}), metadata)
            )
    finally:
        await engine.dispose()
    assert diff == []


async def test_replicas_starting_together_migrate_once(fresh_db_url):
    stores = await asyncio.gather(*(Store.open(fresh_db_url) for _ in range(3)))
    try:
        assert all([await s.ping() for s in stores])
    finally:
        for s in stores:
            await s.close()


# --- reviews and escalations ---


async def test_a_review_keeps_metadata_and_a_hash_never_the_text(store, db_url, make_review):
    review, draft = make_review(contacts=None)
    stored = await store.record_review(review, draft)
    assert stored.escalation_id is None
    rows = await dump(db_url)
    assert all(not occurs("NL91ABNA", table_rows) for table_rows in rows.values())
    [row] = rows["reviews"]
    assert row["id"] == stored.review_id
    assert row["text_sha256"] == hashlib.sha256(draft.text.encode()).hexdigest()
    assert (row["platform"], row["author_id"], row["division"], row["profile"], row["verdict"]) == (
        "slack",
        "U0AUTHOR",
        "NS Reizigers",
        "ns",
        "block",
    )
    assert (row["language"], row["length"]) == ("nl", len(draft.text))
    assert [(r["rule_id"], r["category"]) for r in rows["review_findings"]] == [("personal-data.iban", "personal-data")]
    assert rows["escalations"] == [] and rows["outbox"] == []


async def test_an_escalation_keeps_what_its_contacts_need_and_only_it_holds_the_text(store, db_url, make_review, clock):
    review, draft = make_review()
    origin = {"platform": "slack", "channel": "C1", "thread_ts": "1700000000.000100"}
    stored = await store.record_review(review, draft, origin=origin)
    record = await store.get_escalation(stored.escalation_id)
    assert record.review_id == stored.review_id
    assert (record.route, record.division, record.contacts) == ("division", "NS Reizigers", (ANNA, BRAM))
    assert record.draft_text == draft.text
    assert record.findings == review.findings
    assert (record.platform, record.author_id, record.origin, record.language) == ("slack", "U0AUTHOR", origin, "nl")
    assert (record.status, record.attempts, record.next_attempt_at, record.last_error) == ("pending", 0, clock.now, None)
    assert record.created_at == clock.now
    rows = await dump(db_url)
    assert [table for table, table_rows in rows.items() if occurs("NL91ABNA", table_rows)] == ["escalations"]
    assert [(r["kind"], r["state"]) for r in rows["outbox"]] == [("escalation", "pending")]


async def test_a_draft_with_nul_characters_is_kept_with_its_offsets_intact(store, make_review):
    review, draft = make_review(text="Mijn IBAN\x00is NL91ABNA0417164300, stuur maar geld.")
    record = await store.get_escalation((await store.record_review(review, draft)).escalation_id)
    assert record.draft_text == "Mijn IBAN\ufffdis NL91ABNA0417164300, stuur maar geld."
    finding = record.findings[0]
    assert record.draft_text[finding.start : finding.end] == "NL91ABNA0417164300"


async def test_review_and_escalation_are_written_together_or_not_at_all(store, db_url, make_review):
    review, draft = make_review()
    with pytest.raises(StatementError):  # the escalation's origin cannot be stored, after the review row was
        await store.record_review(review, draft, origin={"not json": object()})
    rows = await dump(db_url)
    assert rows["reviews"] == [] and rows["review_findings"] == [] and rows["escalations"] == []


async def test_escalations_are_listed_newest_first_and_by_status(store, make_review, clock):
    ids = []
    for _ in range(3):
        ids.append((await store.record_review(*make_review())).escalation_id)
        clock.advance(60)
    claims = await store.claim_due(now=clock.now, limit=1, lease_seconds=60)
    await store.complete(claims[0], ref=None, now=clock.now)
    assert [r.id for r in await store.list_escalations()] == ids[::-1]
    assert [r.id for r in await store.list_escalations(limit=2)] == ids[:0:-1]
    assert [r.id for r in await store.list_escalations(status="delivered")] == [ids[0]]
    assert [r.id for r in await store.list_escalations(status="pending")] == ids[:0:-1]
    assert await store.get_escalation("no-such-id") is None


# --- status changes ---


async def delivered_escalation(store, make_review, clock) -> str:
    escalation_id = (await store.record_review(*make_review())).escalation_id
    [claim] = await store.claim_due(now=clock.now, limit=1, lease_seconds=60)
    assert await store.complete(claim, ref={"ts": "1"}, now=clock.now)
    return escalation_id


@pytest.mark.parametrize(
    "steps, actor, to_status, refused",
    [
        ([], "U0ANNA", "acknowledged", None),
        ([], "29:bram", "acknowledged", None),
        ([], "anna.devries@EXAMPLE.nl", "acknowledged", None),
        ([], "Bram Jansen", "acknowledged", None),
        ([], "U0SOMEONE", "acknowledged", "not_a_contact"),
        ([], "anna", "acknowledged", "not_a_contact"),
        ([], "U0ANNA", "approved", "not_allowed"),
        ([], "U0ANNA", "rejected", "not_allowed"),
        ([], "U0ANNA", "delivered", "not_allowed"),
        ([], "U0ANNA", "failed", "not_allowed"),
        (["acknowledged"], "U0ANNA", "approved", None),
        (["acknowledged"], "29:bram", "rejected", None),
        (["acknowledged"], "U0ANNA", "acknowledged", "not_allowed"),
        (["acknowledged"], "U0OTHER", "approved", "not_a_contact"),
        (["acknowledged", "approved"], "U0ANNA", "rejected", "not_allowed"),
        (["acknowledged", "rejected"], "U0ANNA", "approved", "not_allowed"),
    ],
)
async def test_only_contacts_move_an_escalation_and_only_forward(store, make_review, clock, steps, actor, to_status, refused):
    escalation_id = await delivered_escalation(store, make_review, clock)
    for step in steps:
        await store.transition(escalation_id, actor_id="U0ANNA", to_status=step)
    before = await store.get_escalation(escalation_id)
    clock.advance(30)
    if refused:
        with pytest.raises(TransitionRefused) as caught:
            await store.transition(escalation_id, actor_id=actor, to_status=to_status)
        assert caught.value.code == refused
        assert await store.get_escalation(escalation_id) == before
        assert len(await store.history(escalation_id)) == 1 + len(steps)
    else:
        record = await store.transition(escalation_id, actor_id=actor, to_status=to_status)
        assert (record.status, record.updated_by, record.updated_at) == (to_status, actor, clock.now)
        last = (await store.history(escalation_id))[-1]
        assert (last.at, last.actor_id, last.from_status, last.to_status) == (clock.now, actor, before.status, to_status)


@pytest.mark.parametrize(
    "actor_id, name",
    [
        ("U0ANNA", "Anna de Vries"),
        ("29:bram", "Bram Jansen"),
        ("anna.devries@EXAMPLE.nl", "Anna de Vries"),
        ("Bram Jansen", "Bram Jansen"),
        ("U0SOMEONE", "U0SOMEONE"),
        (None, ""),
    ],
)
async def test_whoever_acted_is_named_as_the_directory_names_the_contact(store, make_review, actor_id, name):
    record = await store.get_escalation((await store.record_review(*make_review())).escalation_id)
    assert record.actor_name(actor_id) == name


async def test_a_pending_escalation_cannot_be_acknowledged_yet(store, make_review):
    escalation_id = (await store.record_review(*make_review())).escalation_id
    with pytest.raises(TransitionRefused) as caught:
        await store.transition(escalation_id, actor_id="U0ANNA", to_status="acknowledged")
    assert caught.value.code == "not_allowed"


async def test_an_unknown_escalation_is_refused(store):
    with pytest.raises(TransitionRefused) as caught:
        await store.transition("nope", actor_id="U0ANNA", to_status="acknowledged")
    assert caught.value.code == "unknown"


async def test_the_whole_life_is_recorded(store, make_review, clock):
    escalation_id = await delivered_escalation(store, make_review, clock)
    await store.transition(escalation_id, actor_id="U0ANNA", to_status="acknowledged")
    await store.transition(escalation_id, actor_id="29:bram", to_status="rejected")
    history = await store.history(escalation_id)
    assert [(h.actor_id, h.from_status, h.to_status) for h in history] == [
        ("checkpost", "pending", "delivered"),
        ("U0ANNA", "delivered", "acknowledged"),
        ("29:bram", "acknowledged", "rejected"),
    ]


@pytest.mark.parametrize(
    "steps, to_status, refused, changes, outcomes",
    [
        ([], "approved", None, [("delivered", "acknowledged"), ("acknowledged", "approved")], ["approved"]),
        ([], "rejected", None, [("delivered", "acknowledged"), ("acknowledged", "rejected")], ["rejected"]),
        ([], "acknowledged", None, [("delivered", "acknowledged")], ["acknowledged"]),
        (["acknowledged"], "approved", None, [("acknowledged", "approved")], ["approved"]),
        (["acknowledged", "approved"], "rejected", "not_allowed", [], []),
        ([], "delivered", "not_allowed", [], []),
    ],
)
async def test_a_decision_nobody_took_yet_takes_it_first_and_tells_the_author_once(
    store, make_review, clock, steps, to_status, refused, changes, outcomes
):
    escalation_id = await delivered_escalation(store, make_review, clock)
    for step in steps:
        await store.transition(escalation_id, actor_id="U0ANNA", to_status=step)
    await store.claim_due(now=clock.now, limit=10, lease_seconds=60)  # the earlier steps' outcomes are out of the way
    before = len(await store.history(escalation_id))
    if refused:
        with pytest.raises(TransitionRefused) as caught:
            await store.transition(escalation_id, actor_id="29:bram", to_status=to_status, take_first=True)
        assert caught.value.code == refused
    else:
        record = await store.transition(escalation_id, actor_id="29:bram", to_status=to_status, take_first=True)
        assert (record.status, record.updated_by) == (to_status, "29:bram")
    history = (await store.history(escalation_id))[before:]
    assert [(h.from_status, h.to_status) for h in history] == changes
    assert {h.actor_id for h in history} <= {"29:bram"}
    claims = await store.claim_due(now=clock.now, limit=10, lease_seconds=60)
    assert [(c.item.kind, c.item.outcome, c.item.actor_id) for c in claims] == [("outcome", o, "29:bram") for o in outcomes]


async def test_a_pending_escalation_cannot_be_decided_on_yet(store, make_review):
    escalation_id = (await store.record_review(*make_review())).escalation_id
    with pytest.raises(TransitionRefused) as caught:
        await store.transition(escalation_id, actor_id="U0ANNA", to_status="approved", take_first=True)
    assert caught.value.code == "not_allowed"
    assert [h.to_status for h in await store.history(escalation_id)] == []


async def test_two_contacts_pressing_at_once_move_it_once(store, open_store, make_review, clock):
    escalation_id = await delivered_escalation(store, make_review, clock)
    other = await open_store(migrate=False)
    results = await asyncio.gather(
        store.transition(escalation_id, actor_id="U0ANNA", to_status="acknowledged"),
        other.transition(escalation_id, actor_id="29:bram", to_status="acknowledged"),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["EscalationRecord", "TransitionRefused"]
    assert len(await store.history(escalation_id)) == 2


# --- request ids, preferences, feedback ---


async def test_a_request_id_counts_once_within_its_ttl(store, clock):
    assert await store.claim_request("slack:Ev1", ttl_seconds=3600)
    assert not await store.claim_request("slack:Ev1", ttl_seconds=3600)
    assert await store.claim_request("teams:act-1", ttl_seconds=3600)
    clock.advance(3599)
    assert not await store.claim_request("slack:Ev1", ttl_seconds=3600)
    clock.advance(1)
    assert await store.claim_request("slack:Ev1", ttl_seconds=3600)
    assert not await store.claim_request("slack:Ev1", ttl_seconds=3600)


async def test_concurrent_claims_of_one_request_id_let_one_through(store, open_store):
    replicas = [store, await open_store(migrate=False), await open_store(migrate=False)]
    results = await asyncio.gather(*(replicas[i % 3].claim_request("slack:EvRace") for i in range(30)))
    assert results.count(True) == 1


async def test_preferences_change_only_the_given_fields(store):
    assert await store.get_preferences("slack", "U1") is None
    assert (await store.set_preferences("slack", "U1", division="NS Reizigers")).model_dump() == {
        "division": "NS Reizigers",
        "language": None,
    }
    await store.set_preferences("slack", "U1", language="en")
    assert (await store.get_preferences("slack", "U1")).model_dump() == {"division": "NS Reizigers", "language": "en"}
    assert await store.get_preferences("teams", "U1") is None
    await store.set_preferences("slack", "U1", division=None)
    assert (await store.get_preferences("slack", "U1")).model_dump() == {"division": None, "language": "en"}
    with pytest.raises(ValidationError):
        await store.set_preferences("slack", "U1", language="de")
    assert (await store.get_preferences("slack", "U1")).language == "en"


async def test_feedback_must_name_a_finding_of_the_review(store, make_review):
    review_id = (await store.record_review(*make_review(contacts=None))).review_id
    with pytest.raises(UnknownFinding):
        await store.record_feedback(review_id, "confidential.marker", platform="slack", user_id="U1")
    with pytest.raises(UnknownFinding):
        await store.record_feedback("no-review", "personal-data.iban", platform="slack", user_id="U1")


# --- audit ---


async def test_audit_counts_since_a_date_and_ranks_disputed_rules(store, make_review, clock):
    iban = finding("personal-data.iban", "personal-data")
    leak = finding("confidential.marker", "confidential")
    caps = finding("hostile-tone.shouting", "hostile-tone", severity="warn")
    old_id = (await store.record_review(*make_review(findings=(caps,), contacts=None, division="Old"))).review_id
    await store.record_feedback(old_id, "hostile-tone.shouting", platform="slack", user_id="U1")
    clock.advance(86400)
    since = clock.now
    drafts = [
        make_review(findings=(iban, leak), division="NS Reizigers"),
        make_review(findings=(iban,), division="NS Reizigers"),
        make_review(findings=(caps,), contacts=None, division=None),
        make_review(findings=(caps,), contacts=None, division="NS Stations"),
        make_review(findings=(), contacts=None, division="NS Stations"),
    ]
    ids = [(await store.record_review(*pair)).review_id for pair in drafts]
    for user in ("U1", "U2", "U2"):  # U2 presses twice: counts once
        await store.record_feedback(ids[2], "hostile-tone.shouting", platform="slack", user_id=user)
    await store.record_feedback(ids[3], "hostile-tone.shouting", platform="teams", user_id="U3")
    await store.record_feedback(ids[0], "confidential.marker", platform="slack", user_id="U4")

    report = await store.audit(since)
    assert report.reviews == 5
    assert report.verdicts == {"block": 2, "warn": 2, "pass": 1}
    assert report.categories == {"hostile-tone": 2, "personal-data": 2, "confidential": 1}
    assert report.divisions == {"NS Reizigers": 2, "NS Stations": 2, "(unknown)": 1}
    assert report.escalations == {"pending": 2}
    assert [(d.rule, d.disputes, d.fired) for d in report.disputed] == [
        ("hostile-tone.shouting", 3, 2),
        ("confidential.marker", 1, 1),
    ]
    text = report.to_text()
    assert "hostile-tone.shouting" in text and "reviews since" in text
    assert (await store.audit(clock.now + timedelta(seconds=1))).reviews == 0


# --- retention ---


@pytest.mark.parametrize(
    "age_days, retention_days, purged",
    [(29, 30, False), (30.01, 30, True), (31, 30, True), (6, 7, False), (8, 7, True)],
)
async def test_purge_deletes_draft_text_past_retention_and_keeps_the_rest(
    open_store, db_url, make_review, clock, age_days, retention_days, purged
):
    store = await open_store(retention_days=retention_days)
    escalation_id = (await store.record_review(*make_review())).escalation_id
    clock.advance(age_days * 86400)
    assert await store.purge() == int(purged)
    record = await store.get_escalation(escalation_id)
    if purged:
        assert (record.draft_text, record.findings) == (None, ())
        rows = await dump(db_url)
        assert all(not occurs("NL91ABNA", table_rows) for table_rows in rows.values())
        assert await store.purge() == 0
    else:
        assert record.draft_text is not None and record.findings
    assert (record.status, record.contacts, record.route) == ("pending", (ANNA, BRAM), "division")
    assert len((await dump(db_url))["reviews"]) == 1


async def test_purge_forgets_expired_request_ids(store, db_url, clock):
    await store.claim_request("slack:old", ttl_seconds=60)
    await store.claim_request("slack:new", ttl_seconds=3600)
    clock.advance(61)
    await store.purge()
    assert [r["key"] for r in (await dump(db_url))["processed_requests"]] == ["slack:new"]


async def test_the_retention_job_purges_until_stopped(open_store, make_review, clock):
    store = await open_store(retention_days=1)
    old = (await store.record_review(*make_review())).escalation_id
    clock.advance(2 * 86400)
    stop = asyncio.Event()
    job = asyncio.create_task(purge_periodically(store, stop, interval=0.01))
    for _ in range(200):
        if (await store.get_escalation(old)).draft_text is None:
            break
        await asyncio.sleep(0.01)
    fresh = (await store.record_review(*make_review())).escalation_id
    clock.advance(2 * 86400)
    for _ in range(200):
        if (await store.get_escalation(fresh)).draft_text is None:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(job, 1)
    assert (await store.get_escalation(old)).draft_text is None
    assert (await store.get_escalation(fresh)).draft_text is None
