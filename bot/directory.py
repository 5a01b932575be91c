"""The directory of divisions and their communication contacts, and whom an escalation goes to.

A pack's directory file (`config/packs/<id>/directory.yaml`) names the divisions, their aliases and their
contacts, the press office and a fallback contact, as the organisation's guidelines name them. Platform ids
(Slack user id, Teams user or channel id, e-mail) differ per deployment and come from the deployment overlay
file (`CHECKPOST_DEPLOYMENT_FILE`), keyed by contact name, so that a pack never holds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from bot.models import Contact
from bot.yamlsource import read_yaml


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ContactSpec(_Strict):
    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = None


class DivisionSpec(_Strict):
    name: str
    aliases: list[str] = Field(default_factory=list)
    contacts: list[ContactSpec] = Field(min_length=1)


class DirectoryFile(_Strict):
    press: ContactSpec
    fallback: ContactSpec
    divisions: list[DivisionSpec] = Field(min_length=1)


class ContactIds(_Strict):
    slack_user_id: str | None = None
    teams_user_id: str | None = None
    teams_channel_id: str | None = None
    email: str | None = None
    phone: str | None = None


class DeploymentFile(_Strict):
    contacts: dict[str, ContactIds] = Field(default_factory=dict)
    # Division name -> Slack user ids or e-mail addresses of its members, used to find an author's division.
    members: dict[str, list[str]] = Field(default_factory=dict)


class UnknownDivision(Exception):
    def __init__(self, division: str, known: list[str]):
        self.division = division
        self.known = known
        super().__init__(f"unknown division {division!r}; known divisions: {', '.join(known)}")


@dataclass(frozen=True)
class Division:
    name: str
    aliases: tuple[str, ...]
    contacts: tuple[Contact, ...]


@dataclass(frozen=True)
class Directory:
    divisions: tuple[Division, ...]
    press: Contact
    fallback: Contact
    members: dict[str, str]

    @property
    def names(self) -> list[str]:
        return [d.name for d in self.divisions]

    def find(self, name: str) -> Division:
        """The division called `name` or one of its aliases, ignoring case and surrounding space."""
        wanted = " ".join(name.split()).casefold()
        for division in self.divisions:
            if wanted == division.name.casefold() or wanted in (a.casefold() for a in division.aliases):
                return division
        raise UnknownDivision(name, self.names)

    def division_of_member(self, member_id: str) -> str | None:
        """The division a Slack/Teams user id or e-mail address is listed under in the deployment file."""
        return self.members.get(member_id.casefold())


def _contact(spec: ContactSpec, overlay: DeploymentFile) -> Contact:
    ids = overlay.contacts.get(spec.name, ContactIds())
    return Contact(
        name=spec.name,
        role=spec.role,
        phone=ids.phone or spec.phone,
        email=ids.email or spec.email,
        slack_user_id=ids.slack_user_id,
        teams_user_id=ids.teams_user_id,
        teams_channel_id=ids.teams_channel_id,
    )


def _validated(model: type[BaseModel], path: Path):
    located = read_yaml(path)
    return located.validate(model, located.data if located.data is not None else {})


def load_directory(path: Path, deployment_file: Path | None = None) -> Directory:
    spec: DirectoryFile = _validated(DirectoryFile, path)
    overlay: DeploymentFile = _validated(DeploymentFile, deployment_file) if deployment_file else DeploymentFile()
    divisions = tuple(
        Division(d.name, tuple(d.aliases), tuple(_contact(c, overlay) for c in d.contacts)) for d in spec.divisions
    )
    members = {
        member.casefold(): division for division, listed in overlay.members.items() for member in listed
    }
    return Directory(divisions, _contact(spec.press, overlay), _contact(spec.fallback, overlay), members)
