"""The `checkpost` command line: review a draft, review a batch, score the engine, inspect the policy,
look into the store (escalations, audit) and maintain it (schema upgrade, purge of old draft text).

Exit status of `check`: 0 for pass or info, 1 for warn, 2 for block; 64 for a usage error (bad arguments,
empty or oversized draft, unknown profile or division) and 78 for a broken configuration. Commands that do
not review drafts exit 0 on success. Draft text is only ever printed back to the person who gave it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from bot import evaluation, logs
from bot.directory import UnknownDivision
from bot.messages import Messages
from bot.models import Draft
from bot.pipeline import DraftRejected, review
from bot.policy import PolicySet, RuleSpec, UnknownProfile, load_policies
from bot.render import render_text
from bot.services import rejection_text
from bot.settings import Settings, SettingsError, load_settings
from bot.yamlsource import PolicyError

EXIT_USAGE = 64
EXIT_CONFIG = 78
VERDICT_EXIT = {"pass": 0, "info": 0, "warn": 1, "block": 2}


class UsageError(Exception):
    """Bad input from the person at the command line; the message says what to do instead."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's default exit status 2 would read as "block"
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _settings(args) -> Settings:
    overrides = {"config_dir": Path(args.config)} if args.config else {}
    return load_settings(**overrides)


def _policies(settings: Settings) -> PolicySet:
    return load_policies(settings.config_dir, settings.deployment_file)


def _read_draft(text_args: list[str]) -> str:
    if text_args == ["-"]:
        return sys.stdin.read()
    if not text_args:
        raise UsageError("give the draft as an argument, or '-' to read it from standard input")
    return " ".join(text_args)


def cmd_check(args) -> int:
    settings = _settings(args)
    policies = _policies(settings)
    messages = Messages.load(settings.config_dir)
    draft = Draft(
        text=_read_draft(args.text),
        profile=args.profile or settings.default_profile,
        division=args.division,
        network=args.network,
        reply_language=args.lang,
    )
    try:
        policy = policies.get(draft.profile)
        result = review(draft, policy)
    except (DraftRejected, UnknownDivision, UnknownProfile) as exc:
        raise UsageError(rejection_text(exc, messages, args.lang or "nl")) from None
    if args.json:
        print(json.dumps(result.to_public_dict(), ensure_ascii=False))
    else:
        print(render_text(result, policy, messages))
    return VERDICT_EXIT[result.verdict]


def _batch_line(line: str, policies: PolicySet, default_profile: str, messages: Messages) -> dict:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"not valid JSON: {exc.msg} at column {exc.colno}"}
    if not isinstance(item, dict):
        return {"id": None, "error": "expected a JSON object with at least 'text'"}
    item_id = item.get("id")
    text = item.get("text")
    if not isinstance(text, str):
        return {"id": item_id, "error": "'text' is missing or not a string"}
    try:
        draft = Draft(
            id=None if item_id is None else str(item_id),
            text=text,
            profile=item.get("profile") or default_profile,
            division=item.get("division"),
            network=item.get("network"),
        )
        result = review(draft, policies.get(draft.profile)).to_public_dict()
    except (DraftRejected, UnknownDivision, UnknownProfile) as exc:
        return {"id": item_id, "error": rejection_text(exc, messages, "en")}
    except ValueError as exc:  # a field of the wrong type, reported by the Draft model
        return {"id": item_id, "error": str(exc).splitlines()[0]}
    result["id"] = item_id
    return result


def cmd_batch(args) -> int:
    settings = _settings(args)
    policies = _policies(settings)
    messages = Messages.load(settings.config_dir)
    default_profile = args.profile or settings.default_profile
    policies.get(default_profile)
    for line in sys.stdin:
        if not line.strip():
            continue
        out = _batch_line(line, policies, default_profile, messages)
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


def cmd_eval(args) -> int:
    settings = _settings(args)
    policies = _policies(settings)
    try:
        report = evaluation.score(evaluation.read_cases(Path(args.file)), policies, settings.default_profile)
    except evaluation.EvalFileError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.to_text())
    return 0


def cmd_policy_validate(args) -> int:
    settings = _settings(args)
    config_dir = Path(args.path) if args.path else settings.config_dir
    policies = load_policies(config_dir, settings.deployment_file).check_all()
    failures = evaluation.check_examples(policies)
    for failure in failures:
        print(failure, file=sys.stderr)
    count = sum(len(policies.get(p).rules) for p in policies.profiles)
    if failures:
        print(f"{len(failures)} rule examples do not behave as their rule says", file=sys.stderr)
        return EXIT_CONFIG
    print(f"ok: {len(policies.profiles)} packs ({', '.join(policies.profiles)}), {count} rules, all examples behave")
    return 0


def cmd_policy_show(args) -> int:
    settings = _settings(args)
    policy = _policies(settings).get(args.profile or settings.default_profile)
    language = args.lang or "nl"
    print(f"{policy.name} ({policy.id}): {len(policy.rules)} rules")
    for rule in policy.rules:
        spec = rule.spec
        route = rule.route or "-"
        print(f"{spec.id:45} {spec.category:22} {spec.severity:5} escalate={route:8} {rule.source_text.get(language)}")
    return 0


def cmd_policy_schema(args) -> int:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Checkpost policy rule file",
        "type": "array",
        "items": RuleSpec.model_json_schema(by_alias=True),
    }
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


def cmd_serve(args) -> int:
    overrides = {"config_dir": Path(args.config)} if args.config else {}
    overrides.update({k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None})
    if args.dev:
        overrides["dev"] = True
    settings = load_settings(**overrides)
    try:
        logs.configure(settings.log_level)
    except ValueError as exc:
        raise SettingsError(f"invalid setting: CHECKPOST_LOG_LEVEL: {exc}") from None
    from bot.server import serve  # the server's libraries are only needed here

    try:
        asyncio.run(serve(settings))
    except OSError as exc:  # the address is taken or not ours to bind
        print(f"checkpost: cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_CONFIG
    return 0


async def _with_store(settings: Settings, action):
    """Open the store (bringing its schema up to date), run `action(store)`, close it."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from bot.store import Store

    url = settings.resolved_database_url
    try:
        store = await Store.open(url, retention_days=settings.retention_days)
    except (OSError, SQLAlchemyError) as exc:
        shown = make_url(url).render_as_string(hide_password=True)
        raise SettingsError(f"cannot open the store at {shown} (CHECKPOST_DATABASE_URL): {type(exc).__name__}") from None
    try:
        return await action(store)
    finally:
        await store.close()


def cmd_db_upgrade(args) -> int:
    settings = _settings(args)
    asyncio.run(_with_store(settings, lambda store: store.ping()))
    print("the store's schema is up to date")
    return 0


def cmd_escalations(args) -> int:
    from bot.store import STATUSES  # the store's libraries load only for the commands that use them

    if args.status is not None and args.status not in STATUSES:
        raise UsageError(f"--status takes one of {', '.join(STATUSES)}, not {args.status!r}")
    settings = _settings(args)
    records = asyncio.run(_with_store(settings, lambda store: store.list_escalations(args.status, args.limit)))
    # The list shows where escalations stand, never the drafts: those are for the contacts, in their chat.
    rows = [
        {
            "id": r.id,
            "created_at": r.created_at.isoformat(timespec="seconds"),
            "status": r.status,
            "route": r.route,
            "division": r.division,
            "platform": r.platform,
            "contacts": [c.name for c in r.contacts],
            "rules": sorted({f.rule for f in r.findings}),
            "attempts": r.attempts,
            "last_error": r.last_error,
            "updated_by": r.updated_by,
        }
        for r in records
    ]
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return 0
    for row in rows:
        print(
            f"{row['created_at']}  {row['id']}  {row['status']:12} {row['route']:8} {row['division'] or '-':20} "
            f"{row['platform']:6} attempts={row['attempts']} contacts={', '.join(row['contacts'])}"
            + (f"  last error: {row['last_error']}" if row["last_error"] else "")
        )
    if not rows:
        print("no escalations" + (f" with status {args.status}" if args.status else ""))
    return 0


def cmd_audit(args) -> int:
    try:
        since = datetime.combine(date.fromisoformat(args.since), datetime.min.time(), tzinfo=timezone.utc)
    except ValueError:
        raise UsageError(f"--since takes a date as YYYY-MM-DD, not {args.since!r}") from None
    settings = _settings(args)
    report = asyncio.run(_with_store(settings, lambda store: store.audit(since)))
    print(report.model_dump_json(indent=2) if args.json else report.to_text())
    return 0


def cmd_purge(args) -> int:
    settings = _settings(args)
    purged = asyncio.run(_with_store(settings, lambda store: store.purge()))
    print(f"deleted the draft text of {purged} escalations older than {settings.retention_days} days")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="checkpost", description="Review draft social-media posts against the social-media policy.")
    parser.add_argument("--config", help="configuration folder (default: CHECKPOST_CONFIG_DIR or the bundled config/)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="review one draft")
    check.add_argument("text", nargs="*", help="the draft, or '-' to read it from standard input")
    check.add_argument("--profile", help="policy pack, e.g. ns or kempenhaeghe")
    check.add_argument("--division", help="the author's division, for escalation")
    check.add_argument("--network", help="where it will be posted (twitter, linkedin, ...)")
    check.add_argument("--lang", choices=["nl", "en"], help="language of the review (default: the draft's)")
    check.add_argument("--json", action="store_true", help="print the review object as JSON")
    check.set_defaults(func=cmd_check)

    batch = sub.add_parser("batch", help="review JSON lines from standard input, one review per line out")
    batch.add_argument("--profile", help="policy pack for lines that name none")
    batch.set_defaults(func=cmd_batch)

    ev = sub.add_parser("eval", help="score the engine on labelled drafts (JSON lines)")
    ev.add_argument("file")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.set_defaults(func=cmd_eval)

    policy = sub.add_parser("policy", help="inspect and validate policy packs")
    policy_sub = policy.add_subparsers(dest="policy_command", required=True, parser_class=_Parser)
    validate = policy_sub.add_parser("validate", help="load every pack and run every rule's examples")
    validate.add_argument("path", nargs="?", help="configuration folder to validate")
    validate.set_defaults(func=cmd_policy_validate)
    show = policy_sub.add_parser("show", help="list a pack's rules")
    show.add_argument("--profile")
    show.add_argument("--lang", choices=["nl", "en"])
    show.set_defaults(func=cmd_policy_show)
    schema = policy_sub.add_parser("schema", help="print the JSON Schema of a rule file")
    schema.set_defaults(func=cmd_policy_schema)

    serve = sub.add_parser("serve", help="run the chat server (Slack, Teams) until stopped")
    serve.add_argument("--host", help="address to listen on (default: CHECKPOST_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default: CHECKPOST_PORT or 3000)")
    serve.add_argument("--dev", action="store_true", help="development mode (also: CHECKPOST_DEV=1)")
    serve.set_defaults(func=cmd_serve)

    db = sub.add_parser("db", help="manage the store's database")
    db_sub = db.add_subparsers(dest="db_command", required=True, parser_class=_Parser)
    db_sub.add_parser("upgrade", help="bring the schema up to date (the server also does this at start-up)").set_defaults(
        func=cmd_db_upgrade
    )

    escalations = sub.add_parser("escalations", help="list escalations, newest first (never their drafts)")
    escalations.add_argument("--status", help="only escalations with this status: pending, delivered, acknowledged, ...")
    escalations.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    escalations.add_argument("--json", action="store_true", help="one JSON object per line")
    escalations.set_defaults(func=cmd_escalations)

    audit = sub.add_parser("audit", help="counts per category, verdict and division, and the most disputed rules")
    audit.add_argument("--since", required=True, help="first day to count, YYYY-MM-DD (UTC)")
    audit.add_argument("--json", action="store_true", help="print the report as JSON")
    audit.set_defaults(func=cmd_audit)

    purge = sub.add_parser("purge", help="delete stored draft text past the retention period now")
    purge.set_defaults(func=cmd_purge)
    return parser


def run(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"checkpost: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except UnknownProfile as exc:
        print(f"checkpost: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (PolicyError, SettingsError) as exc:
        print(f"checkpost: {exc}", file=sys.stderr)
        return EXIT_CONFIG


def main() -> None:
    try:
        code = run()
        sys.stdout.flush()
    except BrokenPipeError:
        # Whoever read the output (`| head`) has stopped reading: not an error of ours. Point stdout at
        # nothing so that the interpreter's own final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    sys.exit(code)
