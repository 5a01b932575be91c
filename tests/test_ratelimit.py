"""The per-author review limit: a sliding window, per author, with a clear reply when it is exceeded."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.messages import Messages
from bot.ratelimit import RateLimited, RateLimiter
from bot.services import REFUSALS, rejection_text
from bot.settings import REPO_ROOT, Settings
from tests.fakes import poll


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def attempts(limiter: RateLimiter, clock: Clock, key: str, times: list[float]) -> list[bool]:
    """Whether each request at the given second offsets was let through."""
    start = clock.now
    results = []
    for offset in times:
        clock.now = start + offset
        try:
            limiter.take(key)
        except RateLimited:
            results.append(False)
        else:
            results.append(True)
    return results


@pytest.mark.parametrize(
    "limit, times, expected",
    [
        (3, [0, 1, 2], [True, True, True]),
        (3, [0, 1, 2, 3], [True, True, True, False]),
        # The window slides: the first request leaves it a minute after it was made, not at a clock minute.
        (3, [0, 1, 2, 59.9, 60.0], [True, True, True, False, True]),
        # A burst at the end of one minute and the start of the next cannot pass twice the limit.
        (2, [58, 59, 61, 62], [True, True, False, False]),
        # A refused request does not count: the author is not kept out longer for asking.
        (1, [0, 30, 59, 60], [True, False, False, True]),
        (0, [0, 0, 0, 0, 0], [True, True, True, True, True]),  # 0 turns the limit off
    ],
)
def test_sliding_window(limit, times, expected):
    clock = Clock()
    assert attempts(RateLimiter(limit, clock=clock), clock, "slack:U1", times) == expected


def test_authors_are_limited_separately():
    clock = Clock()
    limiter = RateLimiter(2, clock=clock)
    assert attempts(limiter, clock, "slack:U1", [0, 0, 0]) == [True, True, False]
    assert attempts(limiter, clock, "slack:U2", [0, 0]) == [True, True]
    assert attempts(limiter, clock, "teams:U1", [0]) == [True]


@pytest.mark.parametrize("first, refused_at, seconds", [(0, 10, 50), (0, 59.5, 1), (0, 0.2, 60)])
def test_the_refusal_says_when_to_try_again(first, refused_at, seconds):
    clock = Clock()
    limiter = RateLimiter(1, clock=clock)
    attempts(limiter, clock, "a", [first])
    clock.now += refused_at
    with pytest.raises(RateLimited) as caught:
        limiter.take("a")
    assert caught.value.values == {"limit": 1, "seconds": seconds}


def test_quiet_authors_are_forgotten():
    clock = Clock()
    limiter = RateLimiter(5, clock=clock)
    for n in range(100):
        limiter.take(f"author-{n}")
    clock.now += 61
    limiter.take("someone-new")
    assert len(limiter) == 1


@pytest.mark.parametrize(
    "language, expected",
    [
        ("nl", "Je hebt in de afgelopen minuut al 30 concepten laten controleren; meer kan niet per minuut. Probeer het over 12 seconden opnieuw."),
        ("en", "You have had 30 drafts checked in the last minute, the most allowed per minute. Try again in 12 seconds."),
    ],
)
def test_the_reply_is_a_refusal_like_any_other(language, expected):
    refused = RateLimited(30, 11.2)
    assert isinstance(refused, REFUSALS)  # so every adapter answers it instead of failing
    assert rejection_text(refused, Messages.load(REPO_ROOT / "config"), language) == expected


@pytest.mark.parametrize("env, limit", [({}, 30), ({"CHECKPOST_REVIEW_RATE_PER_MINUTE": "5"}, 5), ({"CHECKPOST_REVIEW_RATE_PER_MINUTE": "0"}, 0)])
def test_limit_comes_from_the_settings(monkeypatch, tmp_path: Path, env, limit):
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert Settings().review_rate_per_minute == limit


async def test_slack_author_over_the_limit_gets_the_reply_and_others_do_not(slack):
    fake, slack_requests, services = slack
    now = [1_000_000.0]
    services.clock = lambda: now[0]
    limit = services.settings.review_rate_per_minute

    def refusals() -> list[dict]:
        return [c.params for c in fake.calls if c.method == "response_url" and "seconden opnieuw" in c.params.get("text", "")]

    async def send(text: str, user: str = "U0AUTHOR") -> None:
        await slack_requests.command(text, user=user)
        await poll(lambda: len(services.tasks) == 0, what="the background work")

    for n in range(limit):
        await send(f"Concept nummer {n} over de zonsondergang.")
    assert refusals() == []
    await send("Nog een concept over de zonsondergang.")
    assert [r["response_type"] for r in refusals()] == ["ephemeral"]
    await send("Een concept van iemand anders.", user="U0ENGLISH")
    now[0] += 60
    await send("Een minuut later mag het weer.")
    assert len(refusals()) == 1
    assert metric_value(services, "checkpost_review_refusals_total", reason="rate_limited", platform="slack") == 1
    assert metric_value(services, "checkpost_reviews_total", verdict="pass", platform="slack") == limit + 2


def metric_value(services, name: str, **labels: str) -> float:
    return services.metrics.registry.get_sample_value(name, labels)
