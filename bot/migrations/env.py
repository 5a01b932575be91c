"""Alembic environment: migrates the connection `bot.store.migrate.upgrade` passes in, inside its transaction.

There is no offline (SQL script) mode and no URL of its own: the store decides which database it is.
Batch mode is on so that later migrations can alter SQLite tables, which SQLite can only rebuild.
"""

from alembic import context

from bot.store.tables import metadata

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
