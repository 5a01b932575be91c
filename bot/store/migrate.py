"""Brings a database to the newest schema with the Alembic migrations packaged in `bot/migrations/`.

Runs at start-up (`Store.open`) and from `checkpost db upgrade`, on the store's own async engine: the
migrations get one connection in one transaction, so a failed upgrade leaves the schema as it was. On
PostgreSQL a transaction-scoped advisory lock lets several replicas start at once; the later ones wait and
then find nothing to do.

A new revision: `python -c "from alembic import command; from bot.store.migrate import alembic_config;
command.revision(alembic_config(), 'what changes')"`, then write its upgrade by hand.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

# Any constant works; it only has to be the same for every replica.
_MIGRATION_LOCK = 0x436B707374  # "Ckpst"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


async def upgrade(engine: AsyncEngine) -> None:
    config = alembic_config()

    def run(connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        await conn.run_sync(run)
