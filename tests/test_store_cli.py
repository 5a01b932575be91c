"""The store's commands: `checkpost db upgrade`, `escalations`, `audit` and `purge`, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli import EXIT_CONFIG, EXIT_USAGE, run
from bot.store import Store, utcnow
from tests.conftest import FakeClock


@pytest.fixture
def seeded(db_url, make_review, monkeypatch):
    """Two escalations (one 40 days old, one delivered just now) and a clean review, in the database the
    commands are pointed at; returns their ids as (old, recent)."""
    monkeypatch.setenv("CHECKPOST_DATABASE_URL", db_url)
    monkeypatch.setenv("CHECKPOST_RETENTION_DAYS", "30")
    clock = FakeClock(utcnow() - timedelta(days=40))

    async def seed() -> tuple[str, str]:
        store = await Store.open(db_url, clock=clock)
        try:
            old = (await store.record_review(*make_review(division="NS Reizigers"))).escalation_id
            clock.now = utcnow()
            recent = (await store.record_review(*make_review(division="NS Stations", platform="teams"))).escalation_id
            await store.record_review(*make_review(findings=(), contacts=None))
            claims = await store.claim_due(now=clock.now, limit=10, lease_seconds=60)
            [claim] = [c for c in claims if c.item.escalation.id == recent]
            await store.complete(claim, ref=None, now=clock.now)
            return old, recent
        finally:
            await store.close()

    return asyncio.run(seed())


def test_escalations_lists_newest_first_filters_by_status_and_never_shows_drafts(seeded, capsys):
    old, recent = seeded
    assert run(["escalations"]) == 0
    out = capsys.readouterr().out
    assert out.index(recent) < out.index(old)
    assert "NL91ABNA" not in out
    assert run(["escalations", "--status", "delivered", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["id"], r["status"], r["platform"], r["rules"]) for r in rows] == [
        (recent, "delivered", "teams", ["personal-data.iban"])
    ]
    assert "draft_text" not in rows[0] and "NL91ABNA" not in json.dumps(rows)
    assert run(["escalations", "--status", "approved"]) == 0
    assert capsys.readouterr().out.strip() == "no escalations with status approved"


def test_escalations_refuses_an_unknown_status(seeded, capsys):
    assert run(["escalations", "--status", "lost"]) == EXIT_USAGE
    assert "--status takes one of pending, delivered" in capsys.readouterr().err


def test_audit_counts_from_the_given_day(seeded, capsys):
    since = (utcnow() - timedelta(days=1)).date().isoformat()
    assert run(["audit", "--since", since, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["reviews"], report["divisions"], report["escalations"]) == (
        2,
        {"NS Reizigers": 1, "NS Stations": 1},
        {"delivered": 1},
    )
    assert run(["audit", "--since", "2000-01-01"]) == 0
    assert "reviews since 2000-01-01: 3" in capsys.readouterr().out
    assert run(["audit", "--since", "last week"]) == EXIT_USAGE


def test_purge_deletes_old_draft_text_now(seeded, db_url, capsys):
    old, recent = seeded
    assert run(["purge"]) == 0
    assert capsys.readouterr().out.strip() == "deleted the draft text of 1 escalations older than 30 days"

    async def texts():
        store = await Store.open(db_url)
        try:
            return [(await store.get_escalation(i)).draft_text for i in (old, recent)]
        finally:
            await store.close()

    old_text, recent_text = asyncio.run(texts())
    assert old_text is None and recent_text is not None


def test_db_upgrade_creates_the_embedded_database_on_first_start(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.delenv("CHECKPOST_DATABASE_URL", raising=False)
    monkeypatch.setenv("CHECKPOST_DATA_DIR", str(tmp_path / "data"))
    assert run(["db", "upgrade"]) == 0
    assert (tmp_path / "data" / "checkpost.sqlite3").is_file()
    assert "up to date" in capsys.readouterr().out


def test_an_unreachable_database_is_a_configuration_error_without_its_password(monkeypatch, capsys):
    monkeypatch.setenv("CHECKPOST_DATABASE_URL", "postgresql://checkpost:s3cret@127.0.0.1:1/checkpost")
    assert run(["escalations"]) == EXIT_CONFIG
    err = capsys.readouterr().err
    assert "cannot open the store at postgresql://checkpost:***@127.0.0.1:1/checkpost" in err
    assert "s3cret" not in err
