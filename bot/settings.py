"""Run-time settings: read from the environment (prefix `CHECKPOST_`) and an optional `.env` file.

Settings are built once, at start-up, by whoever starts the program (`load_settings()`), never at import,
so that tests and tools can build their own. Secrets are `SecretStr` so they never print.
"""

from __future__ import annotations

import json
import re
import types
import typing
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings import SettingsError as SourceError

REPO_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(Exception):
    """A setting is missing or invalid; the message names it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CHECKPOST_", env_file=".env", extra="ignore")

    config_dir: Path = Field(REPO_ROOT / "config", description="Folder with policy packs, term lists and the directory.")
    deployment_file: Path | None = Field(
        None, description="YAML overlay with per-deployment contact ids (Slack, Teams, e-mail) for the directory."
    )
    default_profile: str = Field("ns", description="Policy pack used when a request names none.")
    data_dir: Path = Field(Path("data"), description="Folder for the embedded SQLite database; created on first start.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL of the store; default: SQLite in the data folder. PostgreSQL: postgresql+asyncpg://..."
    )
    retention_days: int = Field(30, ge=1, description="Days stored draft text of escalations is kept.")
    purge_interval_seconds: float = Field(
        3600.0, gt=0, description="How often the server deletes stored draft text past the retention period."
    )
    log_level: str = Field("INFO", description="Log level: DEBUG, INFO, WARNING, ERROR.")

    # Server (`checkpost serve`)
    host: str = Field("127.0.0.1", description="Address the server listens on; 0.0.0.0 behind a load balancer.")
    port: int = Field(3000, ge=1, le=65535, description="Port the server listens on.")
    dev: bool = Field(False, description="Development mode: allows what production must refuse (e.g. Teams without app id).")
    shutdown_grace_seconds: float = Field(10.0, gt=0, description="How long shutdown waits for running reviews and deliveries.")
    review_rate_per_minute: int = Field(
        30, ge=0, description="Reviews one author may ask for per minute (per server replica); 0 turns the limit off."
    )
    delivery_max_attempts: int = Field(
        8, ge=1, description="Tries of one escalation or outcome delivery before it fails and the fallback contact is alerted."
    )

    # Slack
    slack_signing_secret: SecretStr | None = Field(None, description="Slack app signing secret; with the bot token it enables Slack.")
    slack_bot_token: SecretStr | None = Field(None, description="Slack bot token (xoxb-...).")
    slack_app_token: SecretStr | None = Field(None, description="Slack app-level token (xapp-...) for Socket Mode in development.")
    slack_api_url: str | None = Field(None, description="Override of the Slack Web API base URL (a proxy, or a fake in tests).")
    slack_division_field: str | None = Field(
        None, description="Id of the Slack custom profile field (Xf...) that holds an author's division, if the workspace has one."
    )
    slack_channel_divisions: dict[str, str] = Field(
        default_factory=dict, description='JSON map of Slack channel id to the division of authors posting there, e.g. {"C0123": "NS Poort"}.'
    )

    # Teams
    teams_app_id: str = Field("", description="Bot Framework app id; empty disables authentication and needs --dev.")
    teams_app_password: SecretStr | None = Field(None, description="Bot Framework app password.")
    teams_app_type: str = Field("MultiTenant", description="MultiTenant, SingleTenant or UserAssignedMSI.")
    teams_tenant_id: str | None = Field(
        None, description="Tenant id for single-tenant bots; when set, activities from other tenants are ignored."
    )
    teams_escalation_channel_id: str | None = Field(
        None, description="Teams channel (19:...@thread.tacv2) for escalations whose contacts have no teams_channel_id."
    )

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'checkpost.sqlite3').resolve()}"


def load_settings(**overrides) -> Settings:
    """Build the settings from the environment; one clear line naming the setting when one is wrong."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"CHECKPOST_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
        )
        raise SettingsError(f"invalid setting: {problems}") from None
    except SourceError as exc:  # a value that is not even parseable, such as broken JSON for a mapping
        field = re.search(r'field "(\w+)"', str(exc))
        name = f"CHECKPOST_{field.group(1).upper()}" if field else "a setting"
        raise SettingsError(f"invalid setting: {name}: {exc.__cause__ or exc}") from None


# How the reference names a setting's type, by the annotation without its `| None`.
_TYPE_NAMES = {str: "text", int: "integer", float: "number", bool: "true/false", Path: "path", SecretStr: "secret"}


def _type_name(annotation) -> str:
    if isinstance(annotation, types.UnionType):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    kind = typing.get_origin(annotation) or annotation
    return "JSON object" if kind is dict else _TYPE_NAMES[kind]


def _default_text(field: FieldInfo) -> str:
    value = field.get_default(call_default_factory=True)
    if value is None or value == "":
        return "(not set)"
    if isinstance(value, Path) and value.is_relative_to(REPO_ROOT):
        # The bundled folder, named the same on every machine, so the reference does not depend on where it runs.
        return f"`{value.relative_to(REPO_ROOT)}/` (bundled)"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{json.dumps(value) if isinstance(value, dict) else value}`"


def reference() -> str:
    """Every setting as a row of a Markdown table: variable, type, default, meaning. The README's
    configuration reference is this text; print it with `python -m bot.settings`."""
    rows = ["| variable | type | default | what it sets |", "|---|---|---|---|"]
    for name, field in Settings.model_fields.items():
        description = (field.description or "").replace("|", "\\|")
        rows.append(f"| `CHECKPOST_{name.upper()}` | {_type_name(field.annotation)} | {_default_text(field)} | {description} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(reference(), end="")
