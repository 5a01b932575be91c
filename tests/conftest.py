"""Shared fixtures: a clock tests can move, and stores on SQLite and on PostgreSQL.

Store tests take `db_url` (or `store`) and run once per backend. The PostgreSQL runs use the server named by
CHECKPOST_TEST_POSTGRES_URL (`.ci/run` starts one); without it they are skipped with the reason shown in
the summary, except in CI (CI=true), where a missing PostgreSQL is a failure.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.models import Contact, Draft, EscalationDecision, Finding, Review, verdict_of
from bot.store import Store, async_url
from bot.store.tables import metadata

POSTGRES_ENV = "CHECKPOST_TEST_POSTGRES_URL"
_postgres_problem: dict[str, str | None] = {}


class FakeClock:
    """Aware UTC time that only moves when a test says so."""

    def __init__(self, now: datetime | None = None):
        self.now = now or datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


async def _reachable(url: str) -> str | None:
    """None when PostgreSQL at `url` answers, else why not."""
    engine = create_async_engine(async_url(url))
    try:
        async with asyncio.timeout(5):
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
    except Exception as exc:
        return f"PostgreSQL at {POSTGRES_ENV} is not reachable ({type(exc).__name__}: {exc})"
    finally:
        await engine.dispose()
    return None


async def _postgres_url() -> str:
    """The test server's URL, or skip (fail in CI) with the reason it cannot be used."""
    url = os.environ.get(POSTGRES_ENV)
    if url and url not in _postgres_problem:
        _postgres_problem[url] = await _reachable(url)
    problem = _postgres_problem[url] if url else f"{POSTGRES_ENV} is not set (.ci/run starts a PostgreSQL and sets it)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL store tests cannot run in CI: {problem}")
        pytest.skip(f"PostgreSQL store tests skipped: {problem}")
    return url


async def _empty_postgres(url: str, *, schema: bool) -> None:
    """Delete every row, or with `schema` every table and the migration mark as well."""
    engine = create_async_engine(async_url(url))
    try:
        async with engine.begin() as conn:
            if schema:
                await conn.run_sync(metadata.drop_all)
                await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
            else:
                names = ", ".join(table.name for table in metadata.sorted_tables)
                await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    finally:
        await engine.dispose()


# Migrating a database takes longer than most store tests, so each test gets a migrated database made
# empty: a copy of a SQLite file migrated once per session, the PostgreSQL test database with its rows
# deleted. Tests of the migrations themselves take `fresh_db_url`.
_migrated: dict[str, str] = {}


async def _migrated_sqlite(tmp_path_factory) -> Path:
    if "sqlite" not in _migrated:
        template = tmp_path_factory.mktemp("migrated") / "checkpost.sqlite3"
        await (await Store.open(f"sqlite:///{template}")).close()
        _migrated["sqlite"] = str(template)
    return Path(_migrated["sqlite"])


@pytest_asyncio.fixture(params=["sqlite", "postgres"])
async def db_url(request, tmp_path, tmp_path_factory) -> str:
    """A migrated, empty store database."""
    if request.param == "sqlite":
        target = tmp_path / "data" / "checkpost.sqlite3"
        target.parent.mkdir()
        shutil.copyfile(await _migrated_sqlite(tmp_path_factory), target)
        return f"sqlite+aiosqlite:///{target}"
    url = await _postgres_url()
    if _migrated.get("postgres") == url:
        await _empty_postgres(url, schema=False)
    else:
        await _empty_postgres(url, schema=True)
        await (await Store.open(url)).close()
        _migrated["postgres"] = url
    return url


@pytest_asyncio.fixture(params=["sqlite", "postgres"])
async def fresh_db_url(request, tmp_path) -> str:
    """A database without any table yet."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'data' / 'checkpost.sqlite3'}"
    url = await _postgres_url()
    await _empty_postgres(url, schema=True)
    _migrated.pop("postgres", None)  # whatever the test leaves, the next one starts from nothing
    return url


@pytest_asyncio.fixture
async def open_store(db_url, clock):
    """Opens stores on the test's database (each its own engine, as separate replicas would have), and
    closes them after the test."""
    stores: list[Store] = []

    async def open_(**options) -> Store:
        store = await Store.open(db_url, **{"clock": clock, **options})
        stores.append(store)
        return store

    yield open_
    for store in stores:
        await store.close()


@pytest_asyncio.fixture
async def store(open_store) -> Store:
    return await open_store()


ANNA = Contact(name="Anna de Vries", role="communicatieadviseur", email="Anna.deVries@example.nl", slack_user_id="U0ANNA")
BRAM = Contact(name="Bram Jansen", teams_user_id="29:bram", teams_channel_id="19:comms@thread.tacv2")


def finding(rule: str, category: str, severity: str = "block", start: int = 0, end: int = 4, excerpt: str = "") -> Finding:
    return Finding(
        rule=rule,
        category=category,
        severity=severity,
        start=start,
        end=end,
        excerpt=excerpt,
        message=f"{rule} message quoting '{excerpt}'",
        suggestion="rewrite it",
        source="policy 2.1",
    )


@pytest.fixture
def make_review():
    """Builds a (review, draft) pair; with `contacts` the review escalates to them."""

    def make(
        text: str = "Mijn IBAN is NL91ABNA0417164300, stuur maar geld.",
        *,
        findings: tuple[Finding, ...] | None = None,
        contacts: tuple[Contact, ...] | None = (ANNA, BRAM),
        route: str = "division",
        division: str | None = "NS Reizigers",
        platform: str = "slack",
        author_id: str = "U0AUTHOR",
    ) -> tuple[Review, Draft]:
        if findings is None:
            findings = (finding("personal-data.iban", "personal-data", start=13, end=31, excerpt=text[13:31]),)
        escalation = None
        if contacts is not None:
            escalation = EscalationDecision(route=route, division=division, contacts=contacts)
        review = Review(
            profile="ns",
            division=division,
            verdict=verdict_of(findings),
            language="nl",
            reply_language="nl",
            findings=findings,
            escalation=escalation,
        )
        draft = Draft(text=text, platform=platform, author_id=author_id, division=division)
        return review, draft

    return make


# --- Slack end to end: the real server and Bolt app against a fake Slack Web API (tests/fakes/slack_api.py) ---

SLACK_DEPLOYMENT = """
contacts:
  Lianne Oosterbaan: {slack_user_id: U0LIANNE, email: lianne@example.org}
  Gerjan Vasse: {slack_user_id: U0GERJAN}
  Persvoorlichting NS: {slack_user_id: U0PRESS}
members:
  NS Reizigers: [U0MEMBER, author@example.org]
"""
# The Slack tests test the adapter, not the policy: one pack with one rule that cannot drift as the real
# packs grow. It flags a secrecy marker as confidential, which blocks, is masked in public and escalates.
SLACK_RULES = """
- id: confidential.secrecy-marker
  category: confidential
  severity: block
  kind: terms
  params: {terms: [topgeheim, top secret]}
  source: {document: twintig-stappen, section: punt 1, says: {nl: Geheim blijft binnen., en: Secrets stay inside.}}
  message: {nl: "'{excerpt}' wijst op iets geheims.", en: "'{excerpt}' points to a secret."}
  suggestion: {nl: Laat het weg., en: Leave it out.}
  examples: {flag: [Topgeheim nieuws], pass: [Open nieuws]}
"""


@pytest.fixture(scope="session")
def slack_config(tmp_path_factory):
    """A configuration folder with the real categories, sources, messages and NS directory and a one-rule
    pack, plus Slack ids for the NS contacts; loaded once."""
    import shutil

    from bot.messages import Messages
    from bot.pipeline import warm_up
    from bot.policy import load_policies
    from bot.settings import REPO_ROOT

    real, config = REPO_ROOT / "config", tmp_path_factory.mktemp("slack-config")
    for name in ("categories.yaml", "sources.yaml", "messages.yaml"):
        shutil.copy(real / name, config / name)
    pack = config / "packs" / "ns"
    (pack / "rules").mkdir(parents=True)
    shutil.copy(real / "packs" / "ns" / "directory.yaml", pack / "directory.yaml")
    (pack / "pack.yaml").write_text("id: ns\nname: NS\ndirectory: directory.yaml\n")
    (pack / "rules" / "confidential.yaml").write_text(SLACK_RULES)
    deployment = config / "deployment.yaml"
    deployment.write_text(SLACK_DEPLOYMENT)
    policies = load_policies(config, deployment)
    warm_up(policies.get("ns"))  # as Services.start does, so no test's first review pays for it
    return config, deployment, policies, Messages.load(config)


@pytest_asyncio.fixture
async def open_chat_services(tmp_path, slack_config):
    """Builds Services as the server does, over the Slack tests' pack and a new SQLite store, with the
    settings given; closes their stores after the test."""
    from bot.services import Services
    from bot.settings import load_settings

    config_dir, deployment, policies, messages = slack_config
    opened = []

    async def open_(**overrides):
        settings = load_settings(config_dir=config_dir, deployment_file=deployment, data_dir=tmp_path, **overrides)
        store = await Store.open(settings.resolved_database_url)
        opened.append(Services(settings=settings, policies=policies, messages=messages, store=store))
        return opened[-1]

    yield open_
    for services in opened:
        await services.store.close()


@pytest_asyncio.fixture
async def chat_services(open_chat_services):
    """Services with no platform on."""
    return await open_chat_services(shutdown_grace_seconds=1)


@pytest_asyncio.fixture
async def slack(open_chat_services):
    """A running server with Slack on, talking to a fake Slack; yields (fake, requests, services)."""
    from aiohttp.test_utils import TestClient, TestServer

    from bot.server import build_app
    from tests.fakes.slack_api import SIGNING_SECRET, FakeSlack, SignedRequests

    fake = FakeSlack(
        users={
            "U0AUTHOR": {"email": "author@example.org", "locale": "nl-NL"},
            "U0ENGLISH": {"locale": "en-US"},
            "U0FIELD": {"fields": {"Xf01DIV": "NedTrain"}},
            "U0NOBODY": {},
        }
    )
    api = TestServer(fake.app, host="127.0.0.1")
    await api.start_server()
    services = await open_chat_services(
        slack_signing_secret=SIGNING_SECRET,
        slack_bot_token="xoxb-test",
        slack_api_url=str(api.make_url("/")),
        slack_division_field="Xf01DIV",
        slack_channel_divisions={"C0POORT": "NS Poort"},
        shutdown_grace_seconds=5,
    )
    client = TestClient(TestServer(build_app(services), host="127.0.0.1"))
    await client.start_server()
    yield fake, SignedRequests(client, SIGNING_SECRET, str(api.make_url("/"))), services
    await client.close()
    await api.close()
