"""/metrics: what the review flow, the delivery worker and the store report, in the Prometheus text format,
counted per application so that two apps (or two tests) never share figures."""

from __future__ import annotations

import asyncio

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import Metrics
from bot.models import MAX_DRAFT_CHARS, Review
from tests.conftest import finding
from tests.fakes import poll

SECRET = "Topgeheim: de reorganisatie van ons team gaat door, nog niet delen graag."
CLEAN = "Wat een prachtige zonsondergang vanavond boven de weilanden."


def samples(exposition: bytes | str) -> dict[tuple, float]:
    """Every sample as {(name, sorted label items): value}."""
    text = exposition.decode() if isinstance(exposition, bytes) else exposition
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(figures: dict[tuple, float], name: str, **labels: str) -> float:
    return figures[(name, tuple(sorted(labels.items())))]


def review_with(*categories: str) -> Review:
    findings = tuple(finding(f"{c}.x", c, severity="warn") for c in categories)
    verdict = "warn" if findings else "pass"
    return Review(profile="ns", division=None, verdict=verdict, language="nl", reply_language="nl", findings=findings)


def test_each_metrics_object_counts_on_its_own():
    first, second = Metrics(), Metrics()
    first.observe_review(review_with(), "slack", 0.001)
    assert value(samples(first.exposition()[0]), "checkpost_reviews_total", verdict="pass", platform="slack") == 1
    assert value(samples(second.exposition()[0]), "checkpost_reviews_total", verdict="pass", platform="slack") == 0


def test_series_exist_before_anything_happened():
    figures = samples(Metrics().exposition()[0])
    for platform in ("slack", "teams"):
        for verdict in ("pass", "info", "warn", "block"):
            assert value(figures, "checkpost_reviews_total", verdict=verdict, platform=platform) == 0
    for category in ("confidential", "personal-data", "press-crisis", "offensive"):
        assert value(figures, "checkpost_findings_total", category=category) == 0


async def test_store_series_exist_from_the_first_scrape(store):
    metrics = Metrics()
    await metrics.refresh(store)
    figures = samples(metrics.exposition()[0])
    for kind in ("escalation", "outcome", "alert"):
        assert value(figures, "checkpost_outbox_depth", kind=kind) == 0
        assert value(figures, "checkpost_delivery_attempts_total", kind=kind) == 0
        assert value(figures, "checkpost_delivery_failures_total", kind=kind, final="true") == 0
    for status in ("pending", "delivered", "acknowledged", "approved", "rejected", "failed"):
        assert value(figures, "checkpost_escalations", status=status) == 0


@pytest.mark.parametrize(
    "categories, seconds, verdict, bucket",
    [
        ((), 0.0004, "pass", "0.0005"),
        (("confidential",), 0.003, "warn", "0.005"),
        (("confidential", "confidential", "personal-data"), 0.2, "warn", "0.25"),
    ],
)
def test_a_review_counts_its_verdict_findings_and_latency(categories, seconds, verdict, bucket):
    metrics = Metrics()
    metrics.observe_review(review_with(*categories), "teams", seconds)
    figures = samples(metrics.exposition()[0])
    assert value(figures, "checkpost_reviews_total", verdict=verdict, platform="teams") == 1
    for category in set(categories):
        assert value(figures, "checkpost_findings_total", category=category) == categories.count(category)
    assert value(figures, "checkpost_review_duration_seconds_count", platform="teams") == 1
    assert value(figures, "checkpost_review_duration_seconds_bucket", platform="teams", le=bucket) == 1
    below = [b for b in ("0.0005", "0.001", "0.002", "0.005", "0.01", "0.02", "0.05", "0.1", "0.25") if float(b) < float(bucket)]
    assert all(value(figures, "checkpost_review_duration_seconds_bucket", platform="teams", le=b) == 0 for b in below)


@pytest.mark.parametrize(
    "results, attempts, retried, failed",
    [
        (["delivered"], 1, 0, 0),
        (["retry", "retry", "delivered"], 3, 2, 0),
        (["retry", "failed"], 2, 1, 1),
    ],
)
def test_delivery_attempts_and_failures(results, attempts, retried, failed):
    metrics = Metrics()
    for result in results:
        metrics.observe_delivery("escalation", result)
    figures = samples(metrics.exposition()[0])
    assert value(figures, "checkpost_delivery_attempts_total", kind="escalation") == attempts
    failures = {final: figures.get(("checkpost_delivery_failures_total", (("final", final), ("kind", "escalation"))), 0) for final in ("false", "true")}
    assert failures == {"false": retried, "true": failed}


def test_an_unknown_delivery_result_is_a_bug_not_a_new_series():
    with pytest.raises(ValueError):
        Metrics().observe_delivery("escalation", "maybe")


async def test_refresh_reads_outbox_depth_and_escalation_statuses_from_the_store(store, make_review):
    for _ in range(2):
        await store.record_review(*make_review())
    await store.record_review(*make_review(contacts=None))
    metrics = Metrics()
    await metrics.refresh(store)
    figures = samples(metrics.exposition()[0])
    assert value(figures, "checkpost_outbox_depth", kind="escalation") == 2
    assert value(figures, "checkpost_escalations", status="pending") == 2
    assert value(figures, "checkpost_escalations", status="delivered") == 0


# --- the server's /metrics, fed by the review flow and the delivery worker ---


async def scrape(slack_requests) -> dict[tuple, float]:
    response = await slack_requests.client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    return samples(await response.text())


async def test_metrics_endpoint_counts_slack_reviews_refusals_escalations_and_deliveries(slack):
    fake, slack_requests, services = slack
    await slack_requests.command(SECRET)
    await slack_requests.command(CLEAN, hook="clean")
    await slack_requests.command("x" * (MAX_DRAFT_CHARS + 1), hook="long")
    await poll(lambda: len(services.tasks) == 0, timeout=20, what="the background work")
    # The worker reports the delivery to the store just after the DM went out; scrape until it has.
    deadline = asyncio.get_running_loop().time() + 20
    figures = await scrape(slack_requests)
    while value(figures, "checkpost_escalations", status="delivered") < 1 and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
        figures = await scrape(slack_requests)
    assert value(figures, "checkpost_reviews_total", verdict="block", platform="slack") == 1
    assert value(figures, "checkpost_reviews_total", verdict="pass", platform="slack") == 1
    assert value(figures, "checkpost_review_refusals_total", reason="draft_too_long", platform="slack") == 1
    assert value(figures, "checkpost_findings_total", category="confidential") == 1
    assert value(figures, "checkpost_review_duration_seconds_count", platform="slack") == 2
    assert value(figures, "checkpost_delivery_attempts_total", kind="escalation") == 1
    assert value(figures, "checkpost_delivery_failures_total", kind="escalation", final="true") == 0
    assert value(figures, "checkpost_escalations", status="delivered") == 1
    assert value(figures, "checkpost_outbox_depth", kind="escalation") == 0
