"""Alembic migrations of the store's schema, forward only; `bot/store/migrate.py` runs them."""
