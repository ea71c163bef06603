"""The drafting modal: an editable draft from the case's figures, its tone report, Re-check,
Apply suggestions, and a confirmation before a "rewrite" draft is recorded as sent."""
from __future__ import annotations

import json
import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DividerBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
)
from slack_sdk.models.views import View

from bot.cases.drafts import CHANNEL_TITLES, Draft, full_text, improve, review, start_draft
from bot.cases.service import record_draft
from bot.runtime import Runtime
from bot.slack.cases.common import action_payload, explained, input_values, make_desk, metadata, tell
from bot.slack.cases.format import esc
from bot.slack.cases.inputs import text_input
from bot.slack.cases.tone_view import report_blocks
from bot.slack.errors import guarded

CALLBACK = "case_draft"
CONFIRM = "confirm_rewrite"


def draft_view(draft: Draft, *, revision: int = 0, confirm: bool = False) -> dict[str, Any]:
    report = review(full_text(draft.subject, draft.body))
    meta = {"case": draft.case_id, "ref": draft.ref, "step": draft.step_id, "title": draft.step_title,
            "channel": draft.channel, "rev": revision}
    blocks: list[Any] = [ContextBlock(elements=[MarkdownTextObject(
        text=f"{draft.ref} · {esc(draft.step_title)} · written from the case figures; edit freely")])]
    if draft.subject is not None:
        blocks.append(text_input("subject", "Subject", draft.subject, max_length=250,
                                 block_id=f"subject{revision}"))
    blocks.append(text_input("body", "Message", draft.body, multiline=True, max_length=3000,
                             block_id=f"body{revision}"))
    blocks.append(ActionsBlock(block_id="draft_tools", elements=[
        ButtonElement(text="Re-check", action_id="case_draft_recheck", value="recheck"),
        ButtonElement(text="Apply suggestions", action_id="case_draft_apply", value="apply"),
    ]))
    blocks += [DividerBlock(), *report_blocks(report)]
    if confirm:
        blocks.append(InputBlock(block_id=CONFIRM, optional=True, label="This draft needs a rewrite",
                                 element=CheckboxesElement(action_id="value", options=[Option(
                                     value="yes", text="Record it as sent anyway")])))
    title = CHANNEL_TITLES[draft.channel]
    return View(type="modal", callback_id=CALLBACK, title=title, submit="Record as sent",
                close="Cancel", blocks=blocks, private_metadata=json.dumps(meta)).to_dict()


def typed_draft(view: dict[str, Any]) -> Draft:
    """The draft as the modal holds it now (what the rep typed, never the template again)."""
    meta = metadata(view)
    values = input_values(view)
    subject = next((v for k, v in values.items() if re.fullmatch(r"subject\d+", k)), None)
    has_subject = any(b.get("block_id", "").startswith("subject") for b in view.get("blocks", []))
    body = next((v for k, v in values.items() if re.fullmatch(r"body\d+", k)), None) or ""
    return Draft(int(meta["case"]), meta["ref"], meta["step"], meta["title"], meta["channel"],
                 (subject or "") if has_subject else None, body)


def _confirming(view: dict[str, Any]) -> bool:
    return any(b.get("block_id") == CONFIRM for b in view.get("blocks", []))


def register(app: App, runtime: Runtime) -> None:
    def open_draft(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()

        def work() -> None:
            value = action_payload(action)
            draft = start_draft(make_desk(runtime, client), int(value["case"]), body["user"]["id"],
                                str(value["step"]), str(value["choice"]))
            client.views_open(trigger_id=body["trigger_id"], view=draft_view(draft))

        explained(work, lambda text: tell(client, body, text))

    def refresh(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        view = body["view"]

        def work() -> None:
            draft = typed_draft(view)
            revision = int(metadata(view).get("rev", 0))
            if action["action_id"] == "case_draft_apply":
                subject, text = improve(draft.subject, draft.body)
                draft = Draft(draft.case_id, draft.ref, draft.step_id, draft.step_title, draft.channel,
                              subject, text)
                revision += 1
            client.views_update(view_id=view["id"], hash=view.get("hash"),
                                view=draft_view(draft, revision=revision, confirm=_confirming(view)))

        explained(work, lambda text: tell(client, {"user": body["user"]}, text))

    def submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        draft = typed_draft(view)
        if not draft.body.strip():
            ack(response_action="errors", errors={f"body{metadata(view).get('rev', 0)}": "The message is empty."})
            return
        report = review(full_text(draft.subject, draft.body))
        confirmed = "yes" in (input_values(view).get(CONFIRM) or [])
        if report.verdict == "rewrite" and not confirmed:
            if _confirming(view):
                ack(response_action="errors", errors={
                    CONFIRM: "Tick this to record it anyway, or revise the draft first."})
            else:
                ack(response_action="update",
                    view=draft_view(draft, revision=int(metadata(view).get("rev", 0)), confirm=True))
            return
        ack()
        record = {"step_id": draft.step_id, "channel": draft.channel, "subject": draft.subject,
                  "text": draft.body, "score": report.score, "verdict": report.verdict,
                  "findings": len(report.findings), "confirmed_rewrite": confirmed}
        explained(lambda: record_draft(make_desk(runtime, client), draft.case_id, body["user"]["id"], record,
                                       dedupe_key=f"view:{view.get('id')}"),
                  lambda text: tell(client, {"user": body["user"]}, text))

    app.action(re.compile(r"^case_draft_(email|call_notes|letter)$"))(guarded(open_draft))
    app.action(re.compile(r"^case_draft_(recheck|apply)$"))(guarded(refresh))
    app.view(CALLBACK)(guarded(submitted))
