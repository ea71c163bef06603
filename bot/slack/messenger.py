"""The low-level Slack calls domain adapters share, with Slack errors translated."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack_errors import SlackRefused, SlackUnavailable

TEMPORARY_ERRORS = {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}


@dataclass(frozen=True)
class Posted:
    channel: str
    ts: str


@dataclass(frozen=True)
class Tag:
    """Message metadata that lets us find our own post again (e.g. after a crash)."""

    event_type: str
    key: str

    def metadata(self) -> dict[str, Any]:
        return {"event_type": self.event_type, "event_payload": {"key": self.key}}

    def matches(self, message: dict[str, Any]) -> bool:
        metadata = message.get("metadata") or {}
        return metadata.get("event_type") == self.event_type and str(
            (metadata.get("event_payload") or {}).get("key")
        ) == self.key


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn slack_sdk's exceptions into SlackUnavailable / SlackRefused."""
    try:
        yield
    except SlackApiError as exc:
        response = exc.response
        code = str(response.get("error") or f"http_{response.status_code}")
        if response.status_code == 429 or response.status_code >= 500 or code in TEMPORARY_ERRORS:
            retry_after = response.headers.get("Retry-After") or response.headers.get("retry-after")
            raise SlackUnavailable(code, float(retry_after) if retry_after else None) from None
        raise SlackRefused(code) from None
    except OSError as exc:
        raise SlackUnavailable(f"network: {exc.__class__.__name__}") from None


class SlackMessenger:
    def __init__(self, client: WebClient) -> None:
        self.client = client

    def post(
        self,
        channel: str,
        text: str,
        *,
        blocks: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
        tag: Tag | None = None,
    ) -> Posted:
        options: dict[str, Any] = {"blocks": blocks} if blocks else {}
        if thread_ts:
            options["thread_ts"] = thread_ts
        if tag:
            options["metadata"] = tag.metadata()
        with translated_errors():
            reply = self.client.chat_postMessage(channel=channel, text=text, unfurl_links=False, **options)
        return Posted(channel=reply["channel"], ts=reply["ts"])

    def update(self, channel: str, ts: str, text: str, *, blocks: list[dict[str, Any]] | None = None) -> None:
        with translated_errors():
            self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks or [])

    def direct_message(self, user: str, text: str, *, blocks: list[dict[str, Any]] | None = None) -> Posted:
        with translated_errors():
            channel = self.client.conversations_open(users=user)["channel"]["id"]
        return self.post(channel, text, blocks=blocks)

    def find_tagged(self, channel: str, tag: Tag, *, thread_ts: str | None = None, oldest: float = 0) -> Posted | None:
        """Look through recent history (or a thread) for our message carrying `tag`."""
        with translated_errors():
            if thread_ts:
                reply = self.client.conversations_replies(
                    channel=channel, ts=thread_ts, oldest=str(oldest), include_all_metadata=True, limit=200
                )
            else:
                reply = self.client.conversations_history(
                    channel=channel, oldest=str(oldest), include_all_metadata=True, limit=200
                )
        for message in reply.get("messages", []):
            if tag.matches(message):
                return Posted(channel=channel, ts=message["ts"])
        return None

    def user_timezone(self, user: str) -> str:
        with translated_errors():
            return str(self.client.users_info(user=user)["user"].get("tz") or "UTC")

    def channel_is_private(self, channel: str) -> bool:
        with translated_errors():
            return bool(self.client.conversations_info(channel=channel)["channel"].get("is_private"))

    def channel_members(self, channel: str) -> set[str]:
        members: set[str] = set()
        cursor = None
        with translated_errors():
            while True:
                reply = self.client.conversations_members(channel=channel, cursor=cursor, limit=1000)
                members.update(reply.get("members", []))
                cursor = (reply.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    return members
