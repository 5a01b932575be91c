"""How many reviews one author may ask for: at most `limit` in any window of `window` seconds.

A sliding log per author (the times of their recent reviews) decides, so a burst at the end of one minute
and the start of the next cannot pass twice the limit. The count lives in this process's memory: each
server replica limits on its own, and a restart forgets. The reply to a refused request is the message
`error.rate_limited` in config/messages.yaml; the limit is the setting `review_rate_per_minute`.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Hashable

from bot.pipeline import DraftRejected


class RateLimited(DraftRejected):
    """The author asked for more than `limit` reviews within the window; the next fits in `retry_after` s.
    A refusal like any other, so every adapter answers it with its message (`seconds` is never 0)."""

    def __init__(self, limit: int, retry_after: float):
        super().__init__("rate_limited", limit=limit, seconds=max(1, math.ceil(retry_after)))
        self.retry_after = retry_after


class RateLimiter:
    def __init__(self, limit: int, *, window: float = 60.0, clock: Callable[[], float]):
        """`limit` 0 lets everything through. `clock` gives seconds from any origin (tests pass their own)."""
        self.limit = limit
        self.window = window
        self._clock = clock
        self._seen: dict[Hashable, deque[float]] = {}
        self._next_sweep = -math.inf

    def take(self, key: Hashable) -> None:
        """Count one review for `key`, or raise RateLimited (without counting it) when it is over the limit."""
        if self.limit <= 0:
            return
        now = self._clock()
        self._sweep(now)
        times = self._seen.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) >= self.limit:
            raise RateLimited(self.limit, times[0] + self.window - now)
        times.append(now)

    def _sweep(self, now: float) -> None:
        # Forget authors who have been quiet for a whole window, at most once a window, so memory follows
        # the number of active authors rather than everyone who ever asked.
        if now < self._next_sweep:
            return
        self._next_sweep = now + self.window
        quiet = [key for key, times in self._seen.items() if not times or times[-1] <= now - self.window]
        for key in quiet:
            del self._seen[key]

    def __len__(self) -> int:
        """Authors currently remembered."""
        return len(self._seen)
