"""The case workflow in Slack: views and listeners; the work itself lives in bot.cases."""
from __future__ import annotations

from slack_bolt import App

from bot.cases import use_channel_adapter
from bot.runtime import Runtime
from bot.slack.cases import commands, details, drafting, home, new_case, steps, tone_listeners
from bot.slack.cases.adapter import SlackCaseChannel


def register(app: App, runtime: Runtime, routers) -> None:
    """Add the case listeners and the /breach and /tone subcommands (before slash.register)."""
    use_channel_adapter(SlackCaseChannel)
    new_case.register(app, runtime, routers)
    steps.register(app, runtime)
    drafting.register(app, runtime)
    details.register(app, runtime)
    commands.register(app, runtime, routers)
    home.register(app, runtime)
    tone_listeners.register(app, runtime, routers)
