"""Slack requests built and signed locally: the console feeds them to the app directly,
and tests send them over real HTTP. One builder serves both."""
from __future__ import annotations

import itertools
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_bolt import App, BoltRequest
from slack_sdk.signature import SignatureVerifier


@dataclass(frozen=True)
class SlackHttpRequest:
    body: str
    headers: dict[str, str]


@dataclass(frozen=True)
class Actor:
    user_id: str = "U0REP"
    user_name: str = "rep"
    channel_id: str = "C0CASES"
    channel_name: str = "cases"


class RequestFactory:
    """Builds the payloads Slack would send, signed with `signing_secret`."""

    def __init__(
        self,
        signing_secret: str,
        *,
        response_url_base: str = "http://127.0.0.1:9/response",
        team_id: str = "T0TACTFUL",
        api_app_id: str = "A0TACTFUL",
    ) -> None:
        self._verifier = SignatureVerifier(signing_secret)
        self.response_url_base = response_url_base.rstrip("/")
        self.team_id = team_id
        self.api_app_id = api_app_id
        self._counter = itertools.count(1)

    def sign(self, body: str, *, timestamp: int | None = None, **extra: str) -> SlackHttpRequest:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        headers = {
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": self._verifier.generate_signature(timestamp=ts, body=body),
            **extra,
        }
        return SlackHttpRequest(body=body, headers=headers)

    def slash_command(self, command: str, text: str, actor: Actor = Actor()) -> SlackHttpRequest:
        form = {
            "team_id": self.team_id,
            "team_domain": "tactful",
            "channel_id": actor.channel_id,
            "channel_name": actor.channel_name,
            "user_id": actor.user_id,
            "user_name": actor.user_name,
            "command": command,
            "text": text,
            "api_app_id": self.api_app_id,
            "is_enterprise_install": "false",
            "response_url": self._response_url(),
            "trigger_id": self._trigger_id(),
        }
        return self._signed_form(form, content_type="application/x-www-form-urlencoded")

    def block_actions(
        self,
        action: dict[str, Any],
        actor: Actor = Actor(),
        *,
        message: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
    ) -> SlackHttpRequest:
        payload: dict[str, Any] = {
            "type": "block_actions",
            "actions": [{"action_ts": f"{time.time():.6f}", **action}],
            "trigger_id": self._trigger_id(),
            "response_url": self._response_url(),
        }
        if view is not None:
            payload["view"] = view
            payload["container"] = {"type": "view", "view_id": view.get("id", "")}
        if message is not None:
            payload["message"] = message
            payload["channel"] = {"id": actor.channel_id, "name": actor.channel_name}
            payload["container"] = {
                "type": "message",
                "message_ts": message.get("ts", ""),
                "channel_id": actor.channel_id,
                "is_ephemeral": bool(message.get("is_ephemeral")),
            }
        return self._interactive(payload, actor)

    def view_submission(
        self, view: dict[str, Any], values: dict[str, Any], actor: Actor = Actor()
    ) -> SlackHttpRequest:
        submitted = {**view, "state": {"values": values}}
        payload = {"type": "view_submission", "view": submitted, "response_urls": []}
        return self._interactive(payload, actor)

    def view_closed(self, view: dict[str, Any], actor: Actor = Actor()) -> SlackHttpRequest:
        return self._interactive({"type": "view_closed", "view": view, "is_cleared": False}, actor)

    def global_shortcut(self, callback_id: str, actor: Actor = Actor()) -> SlackHttpRequest:
        payload = {"type": "shortcut", "callback_id": callback_id, "trigger_id": self._trigger_id()}
        return self._interactive(payload, actor)

    def message_shortcut(
        self, callback_id: str, message: dict[str, Any], actor: Actor = Actor()
    ) -> SlackHttpRequest:
        payload = {
            "type": "message_action",
            "callback_id": callback_id,
            "trigger_id": self._trigger_id(),
            "message": message,
            "message_ts": message.get("ts", ""),
            "channel": {"id": actor.channel_id, "name": actor.channel_name},
            "response_url": self._response_url(),
        }
        return self._interactive(payload, actor)

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> SlackHttpRequest:
        body = json.dumps(
            {
                "type": "event_callback",
                "team_id": self.team_id,
                "api_app_id": self.api_app_id,
                "event": {"event_ts": f"{time.time():.6f}", **event},
                "event_id": event_id or f"Ev{secrets.token_hex(5).upper()}",
                "event_time": int(time.time()),
            }
        )
        extra = {"Content-Type": "application/json"}
        if retry_num is not None:
            extra |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.sign(body, **extra)

    def _interactive(self, payload: dict[str, Any], actor: Actor) -> SlackHttpRequest:
        payload = {
            "user": {"id": actor.user_id, "username": actor.user_name, "team_id": self.team_id},
            "team": {"id": self.team_id, "domain": "tactful"},
            "api_app_id": self.api_app_id,
            "is_enterprise_install": False,
            **payload,
        }
        return self._signed_form(
            {"payload": json.dumps(payload)}, content_type="application/x-www-form-urlencoded"
        )

    def _signed_form(self, form: dict[str, str], *, content_type: str) -> SlackHttpRequest:
        return self.sign(urlencode(form), **{"Content-Type": content_type})

    def _response_url(self) -> str:
        return f"{self.response_url_base}/{next(self._counter)}"

    @staticmethod
    def _trigger_id() -> str:
        return f"{int(time.time())}.{secrets.randbelow(10**9)}.{secrets.token_hex(8)}"


def dispatch_locally(app: App, request: SlackHttpRequest) -> tuple[int, str]:
    """Run a request through the app exactly as the HTTP adapter would; return status and body."""
    headers = {key.lower(): [value] for key, value in request.headers.items()}
    response = app.dispatch(BoltRequest(body=request.body, headers=headers))
    return response.status, response.body
