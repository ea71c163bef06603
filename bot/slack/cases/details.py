"""The record-details modal: facts a step collects, and the agreed remedy with its numbers."""
from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject
from slack_sdk.models.views import View

from bot.cases.collect import REMEDY, FactForm, check_fact_values, fact_form
from bot.cases.service import record_facts
from bot.runtime import Runtime
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
from bot.slack.blocks import clip
from bot.slack.cases.format import esc
from bot.slack.cases.inputs import fact_input, select_input
from bot.slack.errors import guarded

CALLBACK = "case_details"
MAX_INPUTS = 90


def title_of(action_id: str) -> str:
    return "Agreed remedy" if action_id == "case_remedy" else "Record details"


def details_view(form: FactForm, channel: str) -> dict[str, Any]:
    blocks: list[Any] = [ContextBlock(elements=[MarkdownTextObject(
        text=f"{form.ref} · {esc(form.step_title)}")])]
    if form.remedies:
        blocks.append(select_input(REMEDY, "Agreed remedy", form.remedies, form.remedy, dispatch=True))
        if form.remedy_text:
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=clip(esc(form.remedy_text), 2000))]))
    blocks += [fact_input(fact, form.known.get(fact.name)) for fact in form.facts[:MAX_INPUTS]]
    title = title_of("case_remedy" if form.remedies else "case_record")
    meta = {"case": form.case_id, "step": form.step_id, "remedy": form.remedy, "channel": channel}
    return View(type="modal", callback_id=CALLBACK, title=title, submit="Record", close="Cancel",
                blocks=blocks, private_metadata=json.dumps(meta)).to_dict()


def register(app: App, runtime: Runtime) -> None:
    def open_details(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()

        def build() -> dict[str, Any]:
            value = action_payload(action)
            form = fact_form(make_desk(runtime, client), case_id_of(value), body["user"]["id"],
                             str(value.get("step")))
            return details_view(form, (body.get("channel") or {}).get("id", ""))

        open_then_fill(client, body["trigger_id"], title_of(action["action_id"]), build)

    def remedy_picked(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        view = body["view"]
        meta = metadata(view)
        chosen = (action.get("selected_option") or {}).get("value")

        def work() -> None:
            form = fact_form(make_desk(runtime, client), case_id_of(meta), body["user"]["id"],
                             str(meta.get("step")), chosen)
            client.views_update(view_id=view["id"], hash=view.get("hash"),
                                view=details_view(form, meta.get("channel", "")))

        explained(work, lambda text: tell(client, {"user": body["user"]}, text))

    def submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        meta = metadata(view)
        raw = input_values(view)
        user = body["user"]["id"]
        desk = make_desk(runtime, client)
        case_id = authorised_case(ack, desk, meta, user)
        if case_id is None:
            return
        remedy = raw.get(REMEDY) or meta.get("remedy")
        form = fact_form(desk, case_id, user, str(meta.get("step")), remedy)
        if form.remedies and form.remedy != meta.get("remedy"):
            ack(response_action="update", view=details_view(form, meta.get("channel", "")))
            return
        values, errors = check_fact_values(form, raw)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        reply_to = {"user": body["user"], "channel": {"id": meta.get("channel", "")}}
        explained(lambda: record_facts(desk, form.case_id, user, form.step_id, values, remedy=form.remedy,
                                       dedupe_key=f"view:{view.get('id')}"),
                  lambda text: tell(client, reply_to, text))

    app.action("case_record")(guarded(open_details))
    app.action("case_remedy")(guarded(open_details))
    app.action({"block_id": REMEDY, "action_id": "value"})(guarded(remedy_picked))
    app.view(CALLBACK)(guarded(submitted))
