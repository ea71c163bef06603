"""Listener registration, one module per area; the work lives in bot/ outside Slack."""
from __future__ import annotations

from slack_bolt import App

from bot.runtime import Runtime
from bot.slack.listeners import slash


def register_listeners(app: App, runtime: Runtime) -> None:
    slash.register(app, runtime)
