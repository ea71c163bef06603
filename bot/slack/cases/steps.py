"""Walking the playbook in the card's thread: Done, Skip (with a reason), Back, choices,
checklist ticks and switching playbook."""
from __future__ import annotations

import json
import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.cases.service import act_on_step, check_can_act, save_checklist, switch_playbook
from bot.runtime import Runtime
from bot.slack.cases.card import CHECKBOXES
from bot.slack.cases.common import (
    action_payload,
    authorised_case,
    case_id_of,
    explained,
    input_values,
    make_desk,
    metadata,
    open_then_fill,
    tell,
)
from bot.slack.cases.inputs import text_input
from bot.slack.errors import guarded

SKIP_CALLBACK = "case_skip"


SKIP_TITLE = "Skip this step"


def skip_view(case_id: int, step_id: str, channel: str) -> dict[str, Any]:
    blocks = [text_input("reason", "Why skip this step?", multiline=True, max_length=500,
                         hint="Kept in the case record and shown in the thread.")]
    return View(type="modal", callback_id=SKIP_CALLBACK, title=SKIP_TITLE, submit="Skip",
                close="Cancel", blocks=blocks,
                private_metadata=json.dumps({"case": case_id, "step": step_id, "channel": channel})).to_dict()


def _click_key(body: dict[str, Any]) -> str:
    action = body["actions"][0]
    return f"click:{body['user']['id']}:{action.get('action_ts', '')}:{action.get('action_id')}"


def register(app: App, runtime: Runtime) -> None:
    def step_action(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user = body["user"]["id"]
        kind = action["action_id"].removeprefix("case_step_")
        kind = "choice" if kind.startswith("choice_") else kind

        def work() -> None:
            value = action_payload(action)
            act_on_step(make_desk(runtime, client), case_id_of(value), user, kind, str(value.get("step")),
                        choice=value.get("choice") if kind == "choice" else None,
                        dedupe_key=_click_key(body))

        explained(work, lambda text: tell(client, body, text))

    def skip_pressed(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()

        def build() -> dict[str, Any]:
            value = action_payload(action)
            case_id = case_id_of(value)
            check_can_act(make_desk(runtime, client), case_id, body["user"]["id"])
            return skip_view(case_id, str(value.get("step")), (body.get("channel") or {}).get("id", ""))

        open_then_fill(client, body["trigger_id"], SKIP_TITLE, build)

    def skip_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        reason = str(input_values(view).get("reason") or "").strip()
        if not reason:
            ack(response_action="errors", errors={"reason": "Say in a few words why, for the record."})
            return
        meta = metadata(view)
        user = body["user"]["id"]
        desk = make_desk(runtime, client)
        case_id = authorised_case(ack, desk, meta, user)
        if case_id is None:
            return
        ack()
        reply_to = {"user": body["user"], "channel": {"id": meta.get("channel", "")}}
        explained(lambda: act_on_step(desk, case_id, user, "skip", str(meta.get("step")), reason=reason,
                                      dedupe_key=f"view:{view.get('id')}"),
                  lambda text: tell(client, reply_to, text))

    def checklist(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        _, case_id, step_id, start = (action.get("block_id", "").split(":", 3) + ["", "", ""])[:4]
        group = range(int(start), int(start) + CHECKBOXES) if start.isdigit() else range(CHECKBOXES)
        ticked = [o.get("value", "") for o in action.get("selected_options") or []]
        explained(lambda: save_checklist(make_desk(runtime, client), case_id_of({"case": case_id}),
                                         body["user"]["id"], step_id, ticked, group),
                  lambda text: tell(client, body, text))

    def switch(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        case_id = action.get("block_id", "").partition(":")[2]
        chosen = (action.get("selected_option") or {}).get("value", "")
        explained(lambda: switch_playbook(make_desk(runtime, client), case_id_of({"case": case_id}),
                                          body["user"]["id"], chosen),
                  lambda text: tell(client, body, text))

    app.action(re.compile(r"^case_step_(done|back|choice_\d+)$"))(guarded(step_action))
    app.action("case_step_skip")(guarded(skip_pressed))
    app.view(SKIP_CALLBACK)(guarded(skip_submitted))
    app.action("case_checklist")(guarded(checklist))
    app.action("case_switch_playbook")(guarded(switch))
