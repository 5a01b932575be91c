"""The one HTTP server Checkpost runs: chat platforms' webhooks, health probes and escalation delivery.

`build_app(services)` assembles an aiohttp application: `/healthz` (the process is alive), `/readyz` (the
policy is loaded and the store answers), `/metrics` (Prometheus, see `bot.metrics`), and the routes of
every chat adapter whose settings are present. Every request gets an id that its log lines carry
(`bot.weblogs`).
An adapter is a module with `mount(app, services) -> Notifier`: it adds its routes and start/stop hooks to
the app and returns the notifier that delivers its platform's escalations. The application runs the
delivery worker for those notifiers (alerts about failed deliveries go to the pack's fallback contact)
and the retention purge every `purge_interval_seconds`. `serve()` runs it until SIGINT or SIGTERM, then shuts down in an
order that drops nothing: stop accepting connections, let requests in flight finish, wait for the
background work adapters started after answering (reviews that still record escalations), then let the
worker finish its deliveries and stop; each step waits at most `shutdown_grace_seconds`.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import signal
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass

from aiohttp import web

from bot import weblogs
from bot.notify import FallbackNotifier
from bot.outbox import DeliveryWorker
from bot.services import Services
from bot.settings import Settings
from bot.store.retention import purge_periodically

log = logging.getLogger(__name__)

SERVICES = web.AppKey("services", Services)


@dataclass(frozen=True)
class Adapter:
    module: str
    # Settings that must all be set for the adapter to be mounted, by field name.
    requires: tuple[str, ...]
    # Settings that ask for the adapter as soon as they are given at all, even empty, as development mode
    # does: it is then mounted, so that it refuses to start and says why instead of staying silently off.
    asked_by: tuple[str, ...] = ()
    # A function of the module that raises SettingsError for settings the adapter must not run with.
    check: str | None = None

    def missing(self, settings: Settings) -> list[str]:
        if self.asked_by and (settings.dev or settings.model_fields_set & set(self.asked_by)):
            return []
        return [f"CHECKPOST_{name.upper()}" for name in self.requires if not getattr(settings, name)]

    def refuse_unsafe(self, settings: Settings) -> None:
        if self.check and not self.missing(settings):
            getattr(importlib.import_module(self.module), self.check)(settings)


# Adapters are imported only when mounted: a platform that is off costs no start-up time or memory.
ADAPTERS: dict[str, Adapter] = {
    "slack": Adapter("adapters.slack", ("slack_signing_secret", "slack_bot_token")),
    "teams": Adapter(
        "adapters.teams",
        ("teams_app_id",),
        asked_by=("teams_app_id", "teams_app_password", "teams_app_type", "teams_tenant_id"),
        check="sdk_config",
    ),
}


def build_app(services: Services, *, platforms: Iterable[str] | None = None) -> web.Application:
    """The application for `services`. `platforms` limits which adapters are mounted; by default every
    adapter whose required settings are present is, and each one left out is logged with the reason."""
    app = web.Application(middlewares=[weblogs.request_id_middleware])
    app[SERVICES] = services
    wanted = set(ADAPTERS if platforms is None else platforms)
    notifiers = {}
    for platform, adapter in ADAPTERS.items():
        if platform not in wanted:
            continue
        missing = adapter.missing(services.settings)
        if missing:
            log.warning("%s is off: set %s to enable it", platform, " and ".join(missing))
            continue
        notifiers[platform] = importlib.import_module(adapter.module).mount(app, services)
        log.info("%s is on", platform)
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/readyz", _readyz)
    app.router.add_get("/metrics", _metrics)
    app.cleanup_ctx.append(_delivery(notifiers))
    return app


async def _healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _readyz(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    checks = {"policy": services.settings.default_profile in services.policies.profiles}
    try:
        checks["store"] = await asyncio.wait_for(services.store.ping(), timeout=2)
    except Exception as exc:  # any failure to answer means not ready; the probe must not raise
        log.warning("store ping failed: %s", type(exc).__name__)
        checks["store"] = False
    ready = all(checks.values())
    return web.json_response({"status": "ready" if ready else "not ready", **checks}, status=200 if ready else 503)


async def _metrics(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    try:
        await services.metrics.refresh(services.store)
    except Exception as exc:  # the store's figures stay as last read; the process's own counts still serve
        log.warning("metrics could not read the store: %s", type(exc).__name__)
    body, content_type = services.metrics.exposition()
    return web.Response(body=body, headers={"Content-Type": content_type})


def _delivery(notifiers: dict):
    """The background jobs: the delivery worker, whose alerts reach the fallback contact through the first
    mounted platform that can (in ADAPTERS order, else the log), and the retention purge."""

    async def run_worker(app: web.Application) -> AsyncIterator[None]:
        services = app[SERVICES]
        settings = services.settings
        stop = asyncio.Event()
        worker = DeliveryWorker(
            services.store,
            notifiers,
            fallback=FallbackNotifier(services.policies, list(notifiers.values())),
            max_attempts=settings.delivery_max_attempts,
            observe=services.metrics.observe_delivery,
        )
        tasks = [
            asyncio.create_task(worker.run(stop), name="delivery-worker"),
            asyncio.create_task(
                purge_periodically(services.store, stop, interval=settings.purge_interval_seconds), name="retention-purge"
            ),
        ]
        yield
        # Cleanup runs after the requests in flight have finished, so no new background work can start:
        # wait for the reviews that may still queue escalations, then let the worker deliver and stop.
        await services.tasks.drain(settings.shutdown_grace_seconds)
        stop.set()
        done, pending = await asyncio.wait(tasks, timeout=settings.shutdown_grace_seconds)
        for task in pending:
            log.warning("%s did not stop in time; cancelled", task.get_name())
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for task in done:
            task.result()  # a job that crashed says so at shutdown rather than vanishing

    return run_worker


async def serve(settings: Settings) -> None:
    """Start the services and the server on settings.host:settings.port; stop cleanly on SIGINT/SIGTERM.
    Raises SettingsError, before the slow start-up, when an adapter's settings are unsafe (see `Adapter.check`)."""
    for adapter in ADAPTERS.values():
        adapter.refuse_unsafe(settings)
    services = await Services.start(settings)
    runner = web.AppRunner(
        build_app(services),
        handle_signals=False,
        access_log_class=weblogs.AccessLogger,
        shutdown_timeout=settings.shutdown_grace_seconds,
    )
    try:
        await runner.setup()
        await web.TCPSite(runner, settings.host, settings.port).start()
        log.info("listening on http://%s:%d", settings.host, settings.port)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        log.info("stopping")
    finally:
        await runner.cleanup()
        await services.close()
