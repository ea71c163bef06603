"""Socket Mode: the app connects out to Slack, no public URL needed."""
from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler


def serve_socket_mode(app: App, app_token: str) -> None:
    SocketModeHandler(app, app_token).start()
