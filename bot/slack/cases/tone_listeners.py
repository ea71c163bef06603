"""Tone anywhere: `/tone TEXT`, the `check_tone` message shortcut and direct messages to the bot.
All three answer with the same report view (bot.slack.cases.tone_view)."""
from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.cases.drafts import review
from bot.cases.records import claim_once
from bot.runtime import Runtime
from bot.slack.blocks import clip
from bot.slack.cases.common import explained
from bot.slack.cases.format import esc
from bot.slack.cases.tone_view import report_message
from bot.slack.commands import Invocation
from bot.slack.errors import guarded
from db.engine import session_scope

MAX_QUOTE = 300


def _heading(text: str) -> str:
    quoted = clip(text.strip(), MAX_QUOTE).replace("\n", " ")
    return f"Tone check of: _{esc(quoted)}_"


def register(app: App, runtime: Runtime, routers) -> None:
    def tone_command(invocation: Invocation) -> None:
        invocation.ack()

        def work() -> None:
            text, blocks = report_message(review(invocation.args), _heading(invocation.args))
            invocation.respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)

        explained(work, lambda text: invocation.respond(text=text, response_type="ephemeral"))

    routers.tone.set_fallback(
        tone_command, usage="/tone TEXT",
        example="/tone Our records show 140 seats in use against 100 licensed.",
        summary="Score a draft for blame, threats, pressure, jargon and readability (only you see it).")

    def shortcut(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        text = (body.get("message") or {}).get("text") or ""

        def work() -> None:
            if not text.strip():
                respond(text="That message has no text to check.", response_type="ephemeral",
                        replace_original=False)
                return
            summary, blocks = report_message(review(text), _heading(text))
            respond(text=summary, blocks=blocks, response_type="ephemeral", replace_original=False)

        explained(work, lambda message: respond(text=message, response_type="ephemeral"))

    def direct_message(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        if event.get("channel_type") != "im" or event.get("bot_id") or event.get("subtype"):
            return
        text = event.get("text") or ""
        if not text.strip():
            return
        delivery = body.get("event_id") or event.get("client_msg_id") or event.get("ts")

        def work() -> None:
            with session_scope(runtime.engine) as session:
                if not claim_once(session, f"event:{delivery}"):
                    return
            summary, blocks = report_message(review(text), _heading(text))
            client.chat_postMessage(channel=event["channel"], text=summary, blocks=blocks)

        explained(work, lambda message: client.chat_postMessage(channel=event["channel"], text=message))

    app.shortcut("check_tone")(guarded(shortcut))
    app.event("message")(guarded(direct_message))
