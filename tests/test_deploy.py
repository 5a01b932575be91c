"""The Docker image and compose file agree with the code: what they copy exists, every variable they set is
a setting, compose passes every setting an operator needs, and the image's health check tells a healthy
server from a sick or absent one. (.ci/run runs the image's install script and serves from it.)"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.settings import REPO_ROOT, Settings

DOCKERFILE = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load((REPO_ROOT / "compose.yaml").read_text(encoding="utf-8"))
SETTINGS = {f"CHECKPOST_{name.upper()}" for name in Settings.model_fields}
# Settings compose leaves alone on purpose: the image fixes where it listens and keeps data, the
# configuration is the bundled one, and the rest are for development and tests.
NOT_PASSED = {
    "CHECKPOST_CONFIG_DIR": "the image's bundled config/",
    "CHECKPOST_DATA_DIR": "the image's /data volume",
    "CHECKPOST_HOST": "the image listens on 0.0.0.0",
    "CHECKPOST_PORT": "the image listens on 3000",
    "CHECKPOST_DEV": "development only",
    "CHECKPOST_SHUTDOWN_GRACE_SECONDS": "fits stop_grace_period as it is",
    "CHECKPOST_SLACK_APP_TOKEN": "Socket Mode, for development",
    "CHECKPOST_SLACK_API_URL": "a fake Slack in tests",
}


def _instructions(keyword: str) -> list[str]:
    return [line.split(None, 1)[1] for line in DOCKERFILE.splitlines() if line.startswith(keyword + " ")]


def test_the_image_copies_every_package_setuptools_installs():
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = {pattern.rstrip("*") for pattern in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]}
    copied = {source for args in _instructions("COPY") for source in args.split()[:-1]}
    assert packages <= copied
    assert {"config", "scripts", "pyproject.toml", pyproject["project"]["readme"]} <= copied
    assert all((REPO_ROOT / source).exists() for source in copied)


def test_dockerignore_keeps_what_the_image_copies():
    ignored = {line.strip() for line in (REPO_ROOT / ".dockerignore").read_text().splitlines()}
    copied = {source for args in _instructions("COPY") for source in args.split()[:-1]}
    assert not copied & ignored


def test_the_image_installs_with_the_script_ci_runs_and_serves_as_a_user():
    assert any("scripts/install.sh /opt/checkpost" in run for run in _instructions("RUN"))
    assert os.access(REPO_ROOT / "scripts" / "install.sh", os.X_OK)
    assert _instructions("USER") == ["checkpost"]
    assert _instructions("ENTRYPOINT") == ['["checkpost"]'] and _instructions("CMD") == ['["serve"]']
    assert "/app/scripts/healthcheck.py" in _instructions("HEALTHCHECK")[0]


def _variables() -> dict[str, str]:
    """CHECKPOST_ variables the Dockerfile's ENV and compose's checkpost service name."""
    found = {name: "Dockerfile" for name in re.findall(r"\b(CHECKPOST_\w+)=", DOCKERFILE)}
    for entry in COMPOSE["services"]["checkpost"]["environment"]:
        found[entry.split("=", 1)[0]] = "compose.yaml"
    return found


def test_every_variable_the_image_and_compose_set_is_a_setting():
    assert {name: where for name, where in _variables().items() if name not in SETTINGS} == {}


def test_compose_passes_every_setting_an_operator_needs():
    passed = {e.split("=", 1)[0] for e in COMPOSE["services"]["checkpost"]["environment"]}
    assert SETTINGS - passed - set(NOT_PASSED) == set()


def test_compose_runs_on_postgresql_once_it_is_healthy():
    service, postgres = COMPOSE["services"]["checkpost"], COMPOSE["services"]["postgres"]
    url = next(e.split("=", 1)[1] for e in service["environment"] if e.startswith("CHECKPOST_DATABASE_URL="))
    env = dict(e.split("=", 1) for e in postgres["environment"])
    assert url.startswith(f"postgresql+asyncpg://{env['POSTGRES_USER']}:")
    assert url.endswith(f"@postgres:5432/{env['POSTGRES_DB']}")
    assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "checkpost-data:/data" in service["volumes"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthcheck(port: int, host: str = "127.0.0.1") -> subprocess.CompletedProcess:
    env = {**os.environ, "CHECKPOST_HOST": host, "CHECKPOST_PORT": str(port)}
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "healthcheck.py")],
        env=env, capture_output=True, text=True, timeout=30, cwd=Path("/"),
    )


@pytest.mark.parametrize("status, host, healthy", [(200, "127.0.0.1", True), (200, "0.0.0.0", True), (503, "127.0.0.1", False)])
async def test_healthcheck_exit_status_follows_healthz(status, host, healthy):
    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({}, status=status)

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    server = TestServer(app, host="127.0.0.1", port=_free_port())
    await server.start_server()
    try:
        result = await asyncio.to_thread(_healthcheck, server.port, host)
    finally:
        await server.close()
    assert (result.returncode == 0) is healthy


def test_healthcheck_fails_when_nothing_listens():
    result = _healthcheck(_free_port())
    assert result.returncode == 1
    assert "/healthz" in result.stderr
