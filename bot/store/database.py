"""The store: Checkpost's memory of reviews, escalations, deliveries, preferences, requests and feedback.

It decides what is kept and for how long, and which escalation status changes are allowed (see
`records.py`). Data lives in one SQL database: by default a SQLite file in the data folder, created on
first start; PostgreSQL when `CHECKPOST_DATABASE_URL` names one, shared by every server replica. The schema
comes from the Alembic migrations (`migrate.py`).

Reviews keep metadata and a hash of the draft, never its text. An escalating review writes its escalation
and the first outbox entry (the ping to the contacts) in the same transaction as the review, so a review
that escalated always has a delivery waiting. A contact's status change writes an `outcome` outbox entry
in the same transaction as the change. The delivery worker (`bot/outbox.py`) leases due outbox entries
with `claim_due` (`FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite every transaction begins with
`BEGIN IMMEDIATE`, which serialises writers) and reports back with `complete`, `retry_later` or `give_up`;
an entry whose lease runs out without a report is due again.

All times come from the injectable `clock` (aware UTC), so tests can move time.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import EllipsisType

from sqlalchemy import Table, and_, delete, event, func, insert, null, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.models import Draft, Review
from bot.store.migrate import upgrade
from bot.store.records import (
    CONTACT_TRANSITIONS,
    SYSTEM_ACTOR,
    TAKEN,
    AuditReport,
    Claim,
    DisputedRule,
    EscalationRecord,
    OutboxItem,
    Preferences,
    StatusChange,
    StoredReview,
    TransitionRefused,
    UnknownFinding,
)
from bot.store.tables import (
    conversation_refs,
    escalation_history,
    escalations,
    feedback,
    outbox,
    preferences,
    processed_requests,
    review_findings,
    reviews,
)

logger = logging.getLogger(__name__)

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg"}
_UNKNOWN_DIVISION = "(unknown)"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> str:
    return uuid.uuid4().hex


def async_url(url: str) -> URL:
    """`url` with the async driver the store uses, so plain `postgresql://` and `sqlite:///` URLs work."""
    parsed = make_url(url)
    if parsed.drivername in _ASYNC_DRIVERS:
        parsed = parsed.set(drivername=_ASYNC_DRIVERS[parsed.drivername])
    return parsed


def _sqlite_engine(url: URL) -> AsyncEngine:
    if url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    # One connection per process: the store's coroutines queue for it instead of polling SQLite's file
    # lock; other processes (the CLI beside the server) wait up to the timeout.
    engine = create_async_engine(
        url, pool_size=1, max_overflow=0, hide_parameters=True, connect_args={"timeout": 30}
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # The driver would open transactions itself, lazily and deferred; SQLAlchemy's `begin` below
        # opens them instead, as IMMEDIATE, so a transaction that reads and then writes never fails on an
        # upgrade of its lock, and migrations are transactional.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            # Another process is switching the new file to WAL at this moment, and SQLite does not wait
            # for that. The mode is stored in the file, so this connection follows it all the same.
            pass
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _record(row) -> EscalationRecord:
    fields = dict(row._mapping)
    # The ping's lease end is no time of a next attempt once the ping is done or failed.
    if fields.pop("ping_state") != "pending":
        fields["next_attempt_at"] = None
    fields["findings"] = fields["findings"] or ()  # None after the purge
    return EscalationRecord.model_validate(fields)


def _record_query():
    ping = outbox.alias("ping")
    return (
        select(
            escalations,
            reviews.c.verdict,
            reviews.c.profile,
            reviews.c.author_id,
            ping.c.state.label("ping_state"),
            ping.c.attempts,
            ping.c.next_attempt_at,
            ping.c.last_error,
        )
        .join(reviews, reviews.c.id == escalations.c.review_id)
        .join(ping, and_(ping.c.escalation_id == escalations.c.id, ping.c.kind == "escalation"))
    )


def _outbox_row(escalation_id: str, kind: str, now: datetime, **values) -> dict:
    return {
        "id": new_id(),
        "escalation_id": escalation_id,
        "kind": kind,
        "state": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
        **values,
    }


def _ranked(rows: Iterable) -> dict[str, int]:
    """Counts keyed by name, highest first (ties by name), so reports read the same on every database."""
    counts = {(_UNKNOWN_DIVISION if name is None else name): count for name, count in rows}
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


class Store:
    """One database behind one async engine; open it with `Store.open`, close it with `close`."""

    def __init__(self, engine: AsyncEngine, *, retention_days: int, clock: Callable[[], datetime]):
        self._engine = engine
        self.retention = timedelta(days=retention_days)
        self.clock = clock
        self._listeners: set[Callable[[], None]] = set()

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        migrate: bool = True,
        retention_days: int = 30,
        clock: Callable[[], datetime] = utcnow,
    ) -> Store:
        """Connect to `url` (creating a SQLite file and its folder when needed) and, unless `migrate` is
        false, bring the schema to the newest migration."""
        parsed = async_url(url)
        if parsed.get_backend_name() == "sqlite":
            engine = _sqlite_engine(parsed)
        else:
            # The delivery worker reports up to a batch of deliveries at once; connections beyond the
            # pool's size would be opened and closed for every burst. Pre-ping: a replica outlives
            # database restarts without handing a dead connection to a request.
            engine = create_async_engine(
                parsed, pool_size=20, max_overflow=10, pool_pre_ping=True, hide_parameters=True
            )
        if migrate:
            try:
                await upgrade(engine)
            except BaseException:
                await engine.dispose()
                raise
        return cls(engine, retention_days=retention_days, clock=clock)

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    async def close(self) -> None:
        await self._engine.dispose()

    async def ping(self) -> bool:
        """Whether the database answers; for the readiness probe."""
        try:
            async with self._engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:  # whatever the reason, the answer is "not ready"
            logger.warning("store not reachable: %s", type(exc).__name__)
            return False
        return True

    def add_listener(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call `callback` after each commit that adds an outbox entry (in this process); returns a
        function that removes it. The delivery worker uses it to start at once instead of at its next poll."""
        self._listeners.add(callback)
        return lambda: self._listeners.discard(callback)

    def _outbox_grew(self) -> None:
        for callback in list(self._listeners):
            callback()

    def _insert(self, table: Table):
        return postgresql_insert(table) if self.dialect == "postgresql" else sqlite_insert(table)

    # --- reviews and escalations ---

    async def record_review(self, review: Review, draft: Draft, *, origin: dict | None = None) -> StoredReview:
        """Keep `review` (metadata and a SHA-256 of the draft) and, when it escalates, its escalation with
        the draft text and the ping to its contacts, all in one transaction. `origin` is what the
        adapter needs to answer in the author's thread, kept as given."""
        now = self.clock()
        review_id = new_id()
        escalation_id = new_id() if review.escalation else None
        rules = {f.rule: f for f in review.findings}
        async with self._engine.begin() as conn:
            await conn.execute(
                insert(reviews).values(
                    id=review_id,
                    created_at=now,
                    platform=draft.platform,
                    author_id=draft.author_id,
                    division=review.division,
                    profile=review.profile,
                    verdict=review.verdict,
                    language=review.language,
                    length=len(draft.text),
                    text_sha256=hashlib.sha256(draft.text.encode()).hexdigest(),
                )
            )
            if rules:
                await conn.execute(
                    insert(review_findings),
                    [
                        {"review_id": review_id, "rule_id": f.rule, "category": f.category, "severity": f.severity}
                        for f in rules.values()
                    ],
                )
            if decision := review.escalation:
                await conn.execute(
                    insert(escalations).values(
                        id=escalation_id,
                        review_id=review_id,
                        created_at=now,
                        route=decision.route,
                        division=decision.division,
                        fallback=decision.fallback,
                        contacts=[c.model_dump() for c in decision.contacts],
                        platform=draft.platform,
                        language=review.reply_language,
                        origin=origin or {},
                        # PostgreSQL text cannot hold NUL; one replacement character per NUL keeps the
                        # findings' offsets pointing at the same characters.
                        draft_text=draft.text.replace("\x00", "\ufffd"),
                        findings=[f.model_dump() for f in review.findings],
                        status="pending",
                        updated_at=now,
                    )
                )
                await conn.execute(insert(outbox).values(_outbox_row(escalation_id, "escalation", now)))
        if escalation_id:
            self._outbox_grew()
        return StoredReview(review_id=review_id, escalation_id=escalation_id)

    async def _load(self, conn: AsyncConnection, escalation_ids: Iterable[str]) -> dict[str, EscalationRecord]:
        rows = await conn.execute(_record_query().where(escalations.c.id.in_(list(escalation_ids))))
        return {record.id: record for record in map(_record, rows)}

    async def get_escalation(self, escalation_id: str) -> EscalationRecord | None:
        async with self._engine.begin() as conn:
            return (await self._load(conn, [escalation_id])).get(escalation_id)

    async def list_escalations(self, status: str | None = None, limit: int = 100) -> list[EscalationRecord]:
        """The newest escalations first, optionally only those with `status`."""
        query = _record_query().order_by(escalations.c.created_at.desc(), escalations.c.id).limit(limit)
        if status is not None:
            query = query.where(escalations.c.status == status)
        async with self._engine.begin() as conn:
            return [_record(row) for row in await conn.execute(query)]

    async def _set_status(
        self,
        conn: AsyncConnection,
        escalation_id: str,
        from_status: str,
        to_status: str,
        actor_id: str,
        now: datetime,
        **values,
    ) -> bool:
        """Move the escalation from `from_status` to `to_status` (setting `values` too) and record the
        change; False when its status was no longer `from_status` (someone else moved it first)."""
        changed = await conn.execute(
            update(escalations)
            .where(escalations.c.id == escalation_id, escalations.c.status == from_status)
            .values(status=to_status, updated_by=actor_id, updated_at=now, **values)
        )
        if changed.rowcount != 1:
            return False
        await conn.execute(
            insert(escalation_history).values(
                escalation_id=escalation_id, at=now, actor_id=actor_id, from_status=from_status, to_status=to_status
            )
        )
        return True

    async def transition(
        self, escalation_id: str, *, actor_id: str, to_status: str, take_first: bool = False
    ) -> EscalationRecord:
        """A contact's status change (acknowledged, approved, rejected), recorded with who and when, and
        announced to the author through an `outcome` outbox entry. Raises TransitionRefused.

        With `take_first`, a decision on an escalation nobody took yet takes it first: the history shows
        both changes by the same contact, and the author is told only the decision, since "X took your
        draft" followed at once by "X approved it" says nothing the second does not."""
        now = self.clock()
        async with self._engine.begin() as conn:
            record = (await self._load(conn, [escalation_id])).get(escalation_id)
            if record is None:
                raise TransitionRefused(f"there is no escalation {escalation_id}", code="unknown")
            if not record.is_contact(actor_id):
                raise TransitionRefused(
                    f"{actor_id} is not a contact of escalation {escalation_id}", code="not_a_contact"
                )
            steps = [to_status]
            if take_first and to_status in CONTACT_TRANSITIONS[TAKEN] and TAKEN in CONTACT_TRANSITIONS.get(record.status, ()):
                steps.insert(0, TAKEN)
            if steps[0] not in CONTACT_TRANSITIONS.get(record.status, ()):
                raise TransitionRefused(
                    f"escalation {escalation_id} is {record.status} and cannot become {to_status}", code="not_allowed"
                )
            for from_status, step in zip([record.status, *steps], steps):
                if not await self._set_status(conn, escalation_id, from_status, step, actor_id, now):
                    raise TransitionRefused(f"escalation {escalation_id} was changed meanwhile", code="conflict")
            await conn.execute(
                insert(outbox).values(
                    _outbox_row(escalation_id, "outcome", now, outcome=to_status, actor_id=actor_id)
                )
            )
            record = (await self._load(conn, [escalation_id]))[escalation_id]
        self._outbox_grew()
        return record

    async def history(self, escalation_id: str) -> list[StatusChange]:
        """Every status change of the escalation, oldest first."""
        query = (
            select(escalation_history)
            .where(escalation_history.c.escalation_id == escalation_id)
            .order_by(escalation_history.c.id)
        )
        async with self._engine.begin() as conn:
            return [StatusChange.model_validate(row, from_attributes=True) for row in await conn.execute(query)]

    # --- the outbox, for the delivery worker ---

    async def claim_due(self, *, now: datetime, limit: int, lease_seconds: float) -> list[Claim]:
        """Lease up to `limit` outbox entries that are due: each counts one more attempt and is not due
        again until the lease ends, when another worker may take it if this one never reported back."""
        token = new_id()
        due = (
            select(outbox.c.id)
            .where(outbox.c.state == "pending", outbox.c.next_attempt_at <= now)
            .order_by(outbox.c.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        async with self._engine.begin() as conn:
            ids = list((await conn.execute(due)).scalars())
            if not ids:
                return []
            await conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(ids))
                .values(attempts=outbox.c.attempts + 1, claim_token=token, next_attempt_at=now + timedelta(seconds=lease_seconds))
            )
            rows = (await conn.execute(select(outbox).where(outbox.c.id.in_(ids)))).all()
            records = await self._load(conn, {row.escalation_id for row in rows})
        return [
            Claim(
                item=OutboxItem(
                    id=row.id,
                    kind=row.kind,
                    escalation=records[row.escalation_id],
                    attempts=row.attempts,
                    outcome=row.outcome,
                    actor_id=row.actor_id,
                    failed_kind=row.failed_kind,
                    reason=row.reason,
                ),
                token=token,
            )
            for row in rows
        ]

    async def _release(self, conn: AsyncConnection, claim: Claim, **values) -> bool:
        """Update the claimed entry, unless its lease passed to another worker; whether it was updated."""
        result = await conn.execute(
            update(outbox)
            .where(outbox.c.id == claim.item.id, outbox.c.claim_token == claim.token, outbox.c.state == "pending")
            .values(claim_token=None, **values)
        )
        return result.rowcount == 1

    async def complete(self, claim: Claim, *, ref: dict | None, now: datetime) -> bool:
        """The delivery succeeded: the entry is done, and a delivered ping moves its escalation to
        `delivered` and keeps `ref`. False when the lease had passed to another worker."""
        item = claim.item
        async with self._engine.begin() as conn:
            if not await self._release(conn, claim, state="done", done_at=now):
                return False
            if item.kind == "escalation":
                reference = {} if ref is None else {"delivery_ref": ref}
                await self._set_status(conn, item.escalation.id, "pending", "delivered", SYSTEM_ACTOR, now, **reference)
        return True

    async def retry_later(self, claim: Claim, *, error: str, next_attempt_at: datetime) -> bool:
        async with self._engine.begin() as conn:
            return await self._release(conn, claim, last_error=error, next_attempt_at=next_attempt_at)

    async def give_up(self, claim: Claim, *, error: str, now: datetime) -> bool:
        """The delivery failed for good: the entry is failed, a failed ping fails its escalation, and,
        unless it was an alert itself, an alert for the fallback contact is queued in the same transaction."""
        item = claim.item
        async with self._engine.begin() as conn:
            if not await self._release(conn, claim, state="failed", last_error=error, done_at=now):
                return False
            if item.kind == "escalation":
                await self._set_status(conn, item.escalation.id, "pending", "failed", SYSTEM_ACTOR, now)
            if item.kind != "alert":
                await conn.execute(
                    insert(outbox).values(
                        _outbox_row(item.escalation.id, "alert", now, failed_kind=item.kind, reason=error)
                    )
                )
        if item.kind != "alert":
            self._outbox_grew()
        return True

    async def outbox_summary(self) -> dict[str, dict[str, int]]:
        """Outbox entries per kind and state, e.g. {"escalation": {"done": 3, "pending": 1}}; for metrics."""
        query = select(outbox.c.kind, outbox.c.state, func.count()).group_by(outbox.c.kind, outbox.c.state)
        summary: dict[str, dict[str, int]] = {}
        async with self._engine.begin() as conn:
            for kind, state, count in await conn.execute(query):
                summary.setdefault(kind, {})[state] = count
        return summary

    # --- requests, preferences, feedback ---

    async def claim_request(self, key: str, ttl_seconds: int = 86400) -> bool:
        """True the first time `key` (e.g. "slack:Ev123") is seen within `ttl_seconds`, False for a repeat.
        One statement that inserts, or takes over an expired key, or does nothing: safe under concurrency."""
        now = self.clock()
        new = self._insert(processed_requests).values(key=key, expires_at=now + timedelta(seconds=ttl_seconds))
        statement = new.on_conflict_do_update(
            index_elements=[processed_requests.c.key],
            set_={"expires_at": new.excluded.expires_at},
            where=processed_requests.c.expires_at <= now,
        ).returning(processed_requests.c.key)
        async with self._engine.begin() as conn:
            return (await conn.execute(statement)).first() is not None

    async def get_preferences(self, platform: str, user_id: str) -> Preferences | None:
        query = select(preferences.c.division, preferences.c.language).where(
            preferences.c.platform == platform, preferences.c.user_id == user_id
        )
        async with self._engine.begin() as conn:
            row = (await conn.execute(query)).first()
        return None if row is None else Preferences(division=row.division, language=row.language)

    async def save_conversation_ref(self, platform: str, user_id: str, reference: dict) -> None:
        """Keep where `user_id`'s 1:1 chat with the bot is (replacing what was kept), to reach them there."""
        now = self.clock()
        new = self._insert(conversation_refs).values(platform=platform, user_id=user_id, reference=reference, updated_at=now)
        statement = new.on_conflict_do_update(
            index_elements=[conversation_refs.c.platform, conversation_refs.c.user_id],
            set_={"reference": new.excluded.reference, "updated_at": now},
        )
        async with self._engine.begin() as conn:
            await conn.execute(statement)

    async def get_conversation_ref(self, platform: str, user_id: str) -> dict | None:
        query = select(conversation_refs.c.reference).where(
            conversation_refs.c.platform == platform, conversation_refs.c.user_id == user_id
        )
        async with self._engine.begin() as conn:
            return await conn.scalar(query)

    async def set_preferences(
        self,
        platform: str,
        user_id: str,
        *,
        division: str | None | EllipsisType = ...,
        language: str | None | EllipsisType = ...,
    ) -> Preferences:
        """Change the given fields (None clears one) and keep the others; returns the result."""
        changes = {name: value for name, value in (("division", division), ("language", language)) if value is not ...}
        Preferences(**changes)  # refuses a language Checkpost does not speak before anything is written
        now = self.clock()
        new = self._insert(preferences).values(platform=platform, user_id=user_id, updated_at=now, **changes)
        statement = new.on_conflict_do_update(
            index_elements=[preferences.c.platform, preferences.c.user_id],
            set_={name: new.excluded[name] for name in (*changes, "updated_at")},
        ).returning(preferences.c.division, preferences.c.language)
        async with self._engine.begin() as conn:
            row = (await conn.execute(statement)).one()
        return Preferences(division=row.division, language=row.language)

    async def record_feedback(self, review_id: str, rule_id: str, *, platform: str, user_id: str) -> None:
        """An author's "Dit klopt niet" on one finding; a second press by the same person counts once.
        Raises UnknownFinding when the review did not find that rule."""
        async with self._engine.begin() as conn:
            found = await conn.scalar(
                select(review_findings.c.rule_id).where(
                    review_findings.c.review_id == review_id, review_findings.c.rule_id == rule_id
                )
            )
            if found is None:
                raise UnknownFinding(f"review {review_id} has no finding of rule {rule_id}")
            await conn.execute(
                self._insert(feedback)
                .values(review_id=review_id, rule_id=rule_id, platform=platform, user_id=user_id, created_at=self.clock())
                .on_conflict_do_nothing(index_elements=["review_id", "rule_id", "platform", "user_id"])
            )

    # --- reporting and retention ---

    async def audit(self, since: datetime, *, top: int = 10) -> AuditReport:
        """Counts since `since` for tuning the pack; see AuditReport."""
        recent = reviews.c.created_at >= since
        count = func.count()
        per_finding = review_findings.join(reviews, reviews.c.id == review_findings.c.review_id)
        async with self._engine.begin() as conn:
            total = await conn.scalar(select(count).select_from(reviews).where(recent))
            verdicts = await conn.execute(select(reviews.c.verdict, count).where(recent).group_by(reviews.c.verdict))
            divisions = await conn.execute(select(reviews.c.division, count).where(recent).group_by(reviews.c.division))
            categories = await conn.execute(
                select(review_findings.c.category, func.count(func.distinct(review_findings.c.review_id)))
                .select_from(per_finding)
                .where(recent)
                .group_by(review_findings.c.category)
            )
            statuses = await conn.execute(
                select(escalations.c.status, count).where(escalations.c.created_at >= since).group_by(escalations.c.status)
            )
            disputes = (
                await conn.execute(
                    select(feedback.c.rule_id, count)
                    .where(feedback.c.created_at >= since)
                    .group_by(feedback.c.rule_id)
                    .order_by(count.desc(), feedback.c.rule_id)
                    .limit(top)
                )
            ).all()
            fired = dict(
                (
                    await conn.execute(
                        select(review_findings.c.rule_id, count)
                        .select_from(per_finding)
                        .where(recent, review_findings.c.rule_id.in_([rule for rule, _ in disputes]))
                        .group_by(review_findings.c.rule_id)
                    )
                ).all()
            )
            return AuditReport(
                since=since,
                reviews=total,
                verdicts=_ranked(verdicts),
                categories=_ranked(categories),
                divisions=_ranked(divisions),
                escalations=_ranked(statuses),
                disputed=tuple(DisputedRule(rule=rule, disputes=n, fired=fired.get(rule, 0)) for rule, n in disputes),
            )

    async def purge(self, now: datetime | None = None) -> int:
        """Delete the draft text (and the findings, which quote it) of escalations older than the
        retention period, and forget expired request ids. Returns how many escalations lost their text."""
        now = now or self.clock()
        async with self._engine.begin() as conn:
            purged = await conn.execute(
                update(escalations)
                .where(escalations.c.created_at < now - self.retention, escalations.c.draft_text.is_not(None))
                .values(draft_text=None, findings=null())
            )
            await conn.execute(delete(processed_requests).where(processed_requests.c.expires_at <= now))
        return purged.rowcount
