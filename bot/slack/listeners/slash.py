"""The `/breach` and `/tone` slash commands."""
from __future__ import annotations

from dataclasses import dataclass

from slack_bolt import App

from bot.runtime import Runtime
from bot.slack.commands import CommandRouter
from bot.slack.errors import guarded

BREACH_INTRO = (
    "Tactful walks you through a licence-breach case: the facts, the first message to the "
    "customer, the remedy you agree and every deadline after it."
)
TONE_INTRO = (
    "Tactful checks a draft for wording that would put a customer on the defensive: blame, "
    "threats, pressure, jargon, vague figures and hard-to-read sentences."
)


@dataclass(frozen=True)
class Routers:
    breach: CommandRouter
    tone: CommandRouter


def build_routers() -> Routers:
    return Routers(
        breach=CommandRouter(command="/breach", title="Tactful: /breach", intro=BREACH_INTRO),
        tone=CommandRouter(command="/tone", title="Tactful: /tone", intro=TONE_INTRO),
    )


def register(app: App, runtime: Runtime, routers: Routers) -> None:
    """Registered last, after every area has added its subcommands."""
    app.command("/breach")(guarded(routers.breach))
    app.command("/tone")(guarded(routers.tone))
