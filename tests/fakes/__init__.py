"""Fakes of the chat platforms' web APIs, served on 127.0.0.1 and recording every call, for end-to-end tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def poll(condition: Callable[[], object], *, timeout: float = 5.0, what: str = "the expected calls") -> None:
    """Wait until `condition()` is true: the bot answers a request first and finishes its work afterwards,
    so tests wait for the side effect rather than sleep a fixed time."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        await asyncio.sleep(0.005)
