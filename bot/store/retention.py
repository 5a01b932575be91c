"""The retention job: deletes stored draft text past the retention period, once an hour while the server runs.

What "past" means is the store's to decide (`Store.purge`, `CHECKPOST_RETENTION_DAYS`); this only repeats
it. `checkpost purge` does the same once, now.
"""

from __future__ import annotations

import asyncio
import logging

from bot.store.database import Store

logger = logging.getLogger(__name__)


async def purge_periodically(store: Store, stop_event: asyncio.Event, *, interval: float = 3600.0) -> None:
    """Purge now and then every `interval` seconds until `stop_event` is set."""
    while not stop_event.is_set():
        try:
            purged = await store.purge()
        except Exception:  # the database may be restarting; the next round tries again
            logger.exception("purging old draft text failed")
        else:
            if purged:
                logger.info("deleted the draft text of %d escalations past the retention period", purged)
        try:
            await asyncio.wait_for(stop_event.wait(), timeout=interval)
        except TimeoutError:
            pass
