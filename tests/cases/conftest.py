"""Helpers for driving the case workflow over signed HTTP against the fake Slack."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.slack.local import Actor

REP = Actor(user_id="U0REP", user_name="rep", channel_id="C0CASES", channel_name="cases")
FACTS = {
    "customer_name": "Acme Corp", "account_id": "ACME-1", "products": "Tactful Cloud",
    "unit_name": "seats", "licensed_units": "100", "units_in_use": "140",
    "first_seen": "2026-10-01", "renewal_date": "2027-03-01", "contract_tier": "Team",
    "breach_kind": "seat_overage", "intent": "inadvertent", "contact_name": "Dana Smith",
    "contact_email": "dana@acme.example", "customer_timezone": "Europe/Berlin", "channel_id": "C0CASES",
}


def state_values(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """view.state.values for `answers` keyed by block id, in the shapes Slack sends."""
    values: dict[str, Any] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input" or block["block_id"] not in answers:
            continue
        element = block["element"]
        answer = answers[block["block_id"]]
        kind = element["type"]
        if kind == "datepicker":
            state = {"selected_date": answer}
        elif kind == "conversations_select":
            state = {"selected_conversation": answer}
        elif kind == "static_select":
            state = {"selected_option": {"value": answer} if answer else None}
        elif kind == "checkboxes":
            state = {"selected_options": [{"value": a} for a in answer]}
        else:
            state = {"value": answer}
        values[block["block_id"]] = {element["action_id"]: {"type": kind, **state}}
    return values


@dataclass
class Flow:
    """The app, the fake Slack and a request factory, with the steps tests repeat."""

    app: Any
    slack: Any
    requests: Any
    seen: dict[str, int] = field(default_factory=dict)

    def command(self, text: str, actor: Actor = REP, command: str = "/breach"):
        reply = self.app.send(self.requests.slash_command(command, text, actor))
        assert reply.status == 200 and reply.elapsed < 3
        return reply

    def last_view(self, method: str = "views.open") -> dict[str, Any]:
        """The next view opened (or updated) since the last one a test looked at.

        A "Loading…" modal (opened at once, filled after ack) is returned once it is filled.
        """
        count = self.seen.get(method, 0) + 1
        self.seen[method] = count
        call = self.slack.wait_for(method, count)[count - 1]
        view_id = call.args.get("view_id") or list(self.slack.state.views)[count - 1]
        if method == "views.open" and "callback_id" not in call.args["view"]:
            filled = eventually(lambda: [n for n, c in enumerate(self.slack.calls_to("views.update"), 1)
                                         if c.args["view_id"] == view_id])
            self.seen["views.update"] = filled[0]
        return {**self.slack.state.views[view_id], "id": view_id}

    def notice(self) -> str:
        """The text of the next modal that only says something (a refusal, a problem)."""
        view = self.last_view()
        assert "callback_id" not in view, view
        return text_of(view["blocks"])

    def submit(self, view: dict[str, Any], answers: dict[str, Any], actor: Actor = REP):
        reply = self.app.send(self.requests.view_submission(view, state_values(view, answers), actor))
        assert reply.status == 200 and reply.elapsed < 3
        return reply

    def open_case(self, actor: Actor = REP, **changes: Any) -> dict[str, Any]:
        """Open a case through the modal; return the card message as posted."""
        posted = len(self.slack.calls_to("chat.postMessage"))
        self.command("new", actor)
        view = self.last_view()
        self.submit(view, {**FACTS, **changes}, actor)
        calls = self.slack.wait_for("chat.postMessage", posted + 2)
        return self.message(calls[posted])

    def message(self, call) -> dict[str, Any]:
        channel = call.args["channel"]
        for message in self.slack.state.messages.get(channel, []):
            if message["text"] == call.args["text"] and message.get("blocks") == call.args.get("blocks"):
                return {**message, "channel": channel}
        raise AssertionError("message not found")

    def current(self, channel: str, ts: str) -> dict[str, Any]:
        """A message as it stands now (after any chat.update)."""
        found = next(m for m in self.slack.state.messages[channel] if m["ts"] == ts)
        return {**found, "channel": channel}

    def thread(self, card: dict[str, Any]) -> list[dict[str, Any]]:
        return [dict(m) for m in self.slack.state.messages[card["channel"]] if m.get("thread_ts") == card["ts"]]

    def press(self, message: dict[str, Any], action_id: str, actor: Actor = REP, **extra: Any):
        element = find_element(message["blocks"], action_id)
        action = {"action_id": action_id, "block_id": element["_block_id"], "type": element["type"],
                  "value": element.get("value", "")} | extra
        reply = self.app.send(self.requests.block_actions(action, actor, message=message))
        assert reply.status == 200 and reply.elapsed < 3
        return reply


def find_element(blocks: list[dict[str, Any]], action_id: str) -> dict[str, Any]:
    for block in blocks:
        candidates = list(block.get("elements", []))
        if block.get("accessory"):
            candidates.append(block["accessory"])
        for element in candidates:
            if element.get("action_id") == action_id:
                return {**element, "_block_id": block.get("block_id", "")}
    raise AssertionError(f"no element {action_id}")


def text_of(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


@pytest.fixture
def flow(running_app, fake_slack, slack_requests) -> Flow:
    fake_slack.state.users["U0REP"] = {"name": "rep", "real_name": "Riley Rep", "tz": "America/New_York"}
    fake_slack.state.channels["C0CASES"] = {"name": "cases", "members": ["U0REP", "U0MATE"]}
    return Flow(running_app, fake_slack, slack_requests)


def eventually(check, timeout: float = 5.0):
    """Retry `check` until it returns a truthy value (work after ack is asynchronous)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            assert result, "condition not met in time"
            return result
        time.sleep(0.02)
