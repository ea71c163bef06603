"""`python app.py doctor`: is this installation ready, and if not, what to do."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.config import ConfigError, Settings, load_settings, require_slack
from bot.runtime import open_database
from db.migrate import pending_revisions


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def run_checks(settings_factory: Callable[[], Settings] = load_settings) -> list[Check]:
    try:
        settings = settings_factory()
    except ConfigError as exc:
        return [Check("configuration", False, str(exc))]
    checks = [Check("configuration", True, "environment and .env read")]
    checks.append(_database(settings))
    checks.append(_playbooks())
    checks.extend(_slack(settings))
    return checks


def _database(settings: Settings) -> Check:
    try:
        engine = open_database(settings)
    except ConfigError as exc:
        return Check("database", False, str(exc))
    try:
        pending = pending_revisions(engine)
    finally:
        engine.dispose()
    where = engine.url.render_as_string(hide_password=True)
    if pending:
        return Check("database", False, f"{where} needs {len(pending)} migration(s): run `python app.py db upgrade`")
    return Check("database", True, f"{where}, migrated")


def _playbooks() -> Check:
    from playbooks import load_library

    library = load_library()
    if library.errors:
        first = library.errors[0]
        detail = f"{len(library.errors)} problem(s), first: {first}; run `python app.py playbooks lint`"
        return Check("playbooks", False, detail)
    return Check("playbooks", True, f"{len(library.playbooks)} loaded")


def _slack(settings: Settings) -> list[Check]:
    if not settings.has_slack_credentials:
        return [Check("slack", True, "no SLACK_BOT_TOKEN: `python app.py` opens the offline console")]
    mode = settings.serve_mode()
    try:
        require_slack(settings, mode)
    except ConfigError as exc:
        return [Check("slack", False, str(exc))]
    from bot.slack.health import check_slack_auth

    try:
        who = check_slack_auth(settings)
    except RuntimeError as exc:
        return [Check("slack", False, str(exc))]
    return [Check("slack", True, f"{mode.value} mode, signed in as {who}")]
