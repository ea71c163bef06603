"""What the Web API stand-in answers, method by method, with a small in-memory workspace."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

BOT_USER = "U0TACTFUL"
BOT_ID = "B0TACTFUL"
TEAM = "T0TACTFUL"


@dataclass
class Answer:
    body: dict[str, Any]
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def ok(**fields: Any) -> Answer:
    return Answer({"ok": True, **fields})


def error(code: str) -> Answer:
    return Answer({"ok": False, "error": code})


@dataclass
class WebApiState:
    """Users, channels, messages and views the stand-in knows about."""

    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    homes: dict[str, dict[str, Any]] = field(default_factory=dict)
    uploads: dict[str, bytes] = field(default_factory=dict)
    upload_base: str = ""

    def __post_init__(self) -> None:
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)

    def user(self, user_id: str) -> dict[str, Any]:
        known = self.users.get(user_id, {})
        return {
            "id": user_id,
            "team_id": TEAM,
            "name": known.get("name", user_id.lower()),
            "real_name": known.get("real_name", user_id),
            "tz": known.get("tz", "UTC"),
            "tz_offset": known.get("tz_offset", 0),
            "is_admin": known.get("is_admin", False),
            "is_bot": False,
            "profile": {"display_name": known.get("name", user_id.lower())},
        }

    def channel(self, channel_id: str) -> dict[str, Any]:
        known = self.channels.get(channel_id, {})
        return {
            "id": channel_id,
            "name": known.get("name", channel_id.lower()),
            "is_private": known.get("is_private", False),
            "is_member": known.get("is_member", True),
            "is_im": channel_id.startswith("D"),
        }

    def answer(self, method: str, args: dict[str, Any]) -> Answer:
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        return handler(args) if handler else ok()

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):08d}"

    def _auth_test(self, args: dict[str, Any]) -> Answer:
        return ok(user_id=BOT_USER, bot_id=BOT_ID, team_id=TEAM, team="Tactful", user="tactful",
                  url="https://tactful.example.invalid/")

    def _chat_postMessage(self, args: dict[str, Any]) -> Answer:
        channel = str(args.get("channel", ""))
        if channel in self.channels and self.channels[channel].get("missing"):
            return error("channel_not_found")
        if channel.startswith("U"):
            channel = "D" + channel[1:]
        message = {
            "type": "message", "user": BOT_USER, "bot_id": BOT_ID, "ts": self._next_ts(),
            "text": args.get("text", ""), "blocks": args.get("blocks", []),
        }
        for key in ("thread_ts", "metadata"):
            if args.get(key):
                message[key] = args[key]
        self.messages.setdefault(channel, []).append(message)
        return ok(channel=channel, ts=message["ts"], message=message)

    def _chat_postEphemeral(self, args: dict[str, Any]) -> Answer:
        return ok(message_ts=self._next_ts())

    def _chat_update(self, args: dict[str, Any]) -> Answer:
        channel, ts = str(args.get("channel", "")), str(args.get("ts", ""))
        for message in self.messages.get(channel, []):
            if message["ts"] == ts:
                message.update({k: args[k] for k in ("text", "blocks", "metadata") if k in args})
                return ok(channel=channel, ts=ts, text=message.get("text", ""), message=message)
        return error("message_not_found")

    def _chat_getPermalink(self, args: dict[str, Any]) -> Answer:
        ts = str(args.get("message_ts", "")).replace(".", "")
        return ok(permalink=f"https://tactful.example.invalid/archives/{args.get('channel')}/p{ts}")

    def _conversations_history(self, args: dict[str, Any]) -> Answer:
        messages = list(reversed(self.messages.get(str(args.get("channel", "")), [])))
        return ok(messages=messages, has_more=False)

    def _conversations_replies(self, args: dict[str, Any]) -> Answer:
        channel, ts = str(args.get("channel", "")), str(args.get("ts", ""))
        thread = [m for m in self.messages.get(channel, []) if ts in (m["ts"], m.get("thread_ts"))]
        return ok(messages=thread, has_more=False)

    def _conversations_info(self, args: dict[str, Any]) -> Answer:
        channel = str(args.get("channel", ""))
        if self.channels.get(channel, {}).get("missing"):
            return error("channel_not_found")
        return ok(channel=self.channel(channel))

    def _conversations_members(self, args: dict[str, Any]) -> Answer:
        channel = str(args.get("channel", ""))
        members = self.channels.get(channel, {}).get("members", list(self.users) or [])
        return ok(members=members, response_metadata={"next_cursor": ""})

    def _conversations_open(self, args: dict[str, Any]) -> Answer:
        users = str(args.get("users", ""))
        return ok(channel={"id": "D" + users.split(",")[0][1:]})

    def _users_info(self, args: dict[str, Any]) -> Answer:
        return ok(user=self.user(str(args.get("user", ""))))

    def _views_open(self, args: dict[str, Any]) -> Answer:
        view = {**args.get("view", {}), "id": self._new_id("V"), "hash": self._next_ts()}
        self.views[view["id"]] = view
        return ok(view=view)

    _views_push = _views_open

    def _views_update(self, args: dict[str, Any]) -> Answer:
        view_id = str(args.get("view_id", ""))
        if view_id not in self.views:
            return error("not_found")
        view = {**args.get("view", {}), "id": view_id, "hash": self._next_ts()}
        self.views[view_id] = view
        return ok(view=view)

    def _views_publish(self, args: dict[str, Any]) -> Answer:
        user = str(args.get("user_id", ""))
        view = {**args.get("view", {}), "id": self._new_id("V"), "hash": self._next_ts()}
        self.homes[user] = view
        return ok(view=view)

    def _files_getUploadURLExternal(self, args: dict[str, Any]) -> Answer:
        file_id = self._new_id("F")
        return ok(upload_url=f"{self.upload_base}/{file_id}", file_id=file_id)

    def _upload(self, args: dict[str, Any]) -> Answer:
        self.uploads[str(args["file_id"])] = args["content"]
        return ok()

    def _files_completeUploadExternal(self, args: dict[str, Any]) -> Answer:
        files = args.get("files", [])
        return ok(files=[{"id": f.get("id"), "title": f.get("title", "")} for f in files])
