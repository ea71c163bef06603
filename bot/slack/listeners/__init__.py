"""Listener registration, one module per area; the work lives in bot/ outside Slack.

Each area's `register(app, runtime, routers)` adds its listeners and its slash subcommands.
"""
from __future__ import annotations

from slack_bolt import App

from bot.runtime import Runtime
from bot.slack import cases
from bot.slack.listeners import reminders, slash


def register_listeners(app: App, runtime: Runtime) -> None:
    routers = slash.build_routers()
    cases.register(app, runtime, routers)
    reminders.register(app, runtime, routers)
    slash.register(app, runtime, routers)
