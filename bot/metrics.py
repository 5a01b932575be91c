"""What Checkpost counts for its operators, exposed at `/metrics` in the Prometheus text format.

Each server application gets its own `Metrics` with its own registry (not prometheus-client's global one),
so tests and several applications in one process never share counts. The review flow and the delivery
worker report events as they happen (`observe_review`, `observe_refusal`, `observe_delivery`); what lives
in the store (the outbox and the escalations' statuses) is read when Prometheus scrapes (`refresh`), so
every replica reports the same shared numbers. Labels take values from closed sets (verdicts, platforms,
categories, statuses), never from drafts or authors.
"""

from __future__ import annotations

import typing
from datetime import datetime, timedelta
from typing import Protocol

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.models import Category, Review

PLATFORMS = ("slack", "teams")
VERDICTS = ("pass", "info", "warn", "block")
DELIVERY_RESULTS = ("delivered", "retry", "failed")
# A 280-character draft takes about a millisecond, a 3,000-character one a few; the upper buckets catch
# a machine under strain.
LATENCY_BUCKETS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class StoreFigures(Protocol):
    """The part of `bot.store.Store` the scrape reads."""

    retention: timedelta

    def clock(self) -> datetime: ...

    async def outbox_summary(self) -> dict[str, dict[str, int]]: ...

    async def audit(self, since: datetime): ...


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.reviews = Counter(
            "checkpost_reviews",
            "Drafts reviewed, by verdict and the platform they came from.",
            ["verdict", "platform"],
            registry=self.registry,
        )
        self.refusals = Counter(
            "checkpost_review_refusals",
            "Review requests answered without a review (empty, too long, unknown division, rate limit), by reason.",
            ["reason", "platform"],
            registry=self.registry,
        )
        self.findings = Counter(
            "checkpost_findings", "Findings reported in reviews, by category.", ["category"], registry=self.registry
        )
        self.review_seconds = Histogram(
            "checkpost_review_duration_seconds",
            "Time the policy checks took for one draft, by platform.",
            ["platform"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.escalations = Gauge(
            "checkpost_escalations",
            "Escalations created within the retention period, by status (read from the store at scrape time).",
            ["status"],
            registry=self.registry,
        )
        self.delivery_attempts = Counter(
            "checkpost_delivery_attempts",
            "Outbox deliveries tried by this process, by kind of delivery.",
            ["kind"],
            registry=self.registry,
        )
        self.delivery_failures = Counter(
            "checkpost_delivery_failures",
            "Outbox deliveries that failed, by kind; final=true when no retry follows.",
            ["kind", "final"],
            registry=self.registry,
        )
        self.outbox_depth = Gauge(
            "checkpost_outbox_depth",
            "Outbox entries waiting for delivery, by kind (read from the store at scrape time).",
            ["kind"],
            registry=self.registry,
        )
        # Series that exist from the start read 0 instead of missing, so rates and alerts work from the
        # first scrape.
        for platform in PLATFORMS:
            self.review_seconds.labels(platform)
            for verdict in VERDICTS:
                self.reviews.labels(verdict, platform)
        for category in typing.get_args(Category):
            self.findings.labels(category)

    def observe_review(self, review: Review, platform: str, seconds: float) -> None:
        self.reviews.labels(review.verdict, platform).inc()
        self.review_seconds.labels(platform).observe(seconds)
        for finding in review.findings:
            self.findings.labels(finding.category).inc()

    def observe_refusal(self, reason: str, platform: str) -> None:
        self.refusals.labels(reason, platform).inc()

    def observe_delivery(self, kind: str, result: str) -> None:
        """One delivery attempt of an outbox entry of `kind`; `result` is one of DELIVERY_RESULTS."""
        if result not in DELIVERY_RESULTS:
            raise ValueError(f"unknown delivery result {result!r}")
        self.delivery_attempts.labels(kind).inc()
        if result != "delivered":
            self.delivery_failures.labels(kind, "true" if result == "failed" else "false").inc()

    async def refresh(self, store: StoreFigures) -> None:
        """Read the outbox depth and the escalations per status (within the retention period) from the store.
        Every status and kind of delivery gets its series here, at 0 when there is nothing to count."""
        # Imported here: the store's package loads the database drivers, which the command line (that
        # imports the review flow, and so this module) does not need.
        from bot.store.records import STATUSES, OutboxKind

        # Statuses before depth: a delivery completes both in one transaction, so a scrape that already
        # counts an escalation as delivered never still counts its outbox entry as waiting.
        counts = (await store.audit(since=store.clock() - store.retention)).escalations
        for status in STATUSES:
            self.escalations.labels(status).set(counts.get(status, 0))
        summary = await store.outbox_summary()
        for kind in typing.get_args(OutboxKind):
            self.outbox_depth.labels(kind).set(summary.get(kind, {}).get("pending", 0))
            self.delivery_attempts.labels(kind)
            for final in ("true", "false"):
                self.delivery_failures.labels(kind, final)

    def exposition(self) -> tuple[bytes, str]:
        """The metrics in the text format, and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
