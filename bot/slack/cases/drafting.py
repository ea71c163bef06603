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
from bot.cases.errors import CaseProblem
from bot.cases.service import check_can_act, record_draft
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
from bot.slack.cases.format import esc
from bot.slack.cases.inputs import text_input
from bot.slack.cases.tone_view import report_blocks
from bot.slack.errors import guarded

CALLBACK = "case_draft"
CONFIRM = "confirm_rewrite"
BODY_LIMIT = 3000  # Slack's most for a plain-text input


def draft_view(draft: Draft, *, revision: int = 0, confirm: bool = False) -> dict[str, Any]:
    report = review(full_text(draft.subject, draft.body))
    meta = {"case": draft.case_id, "ref": draft.ref, "step": draft.step_id, "title": draft.step_title,
            "channel": draft.channel, "rev": revision}
    blocks: list[Any] = [ContextBlock(elements=[MarkdownTextObject(
        text=f"{esc(draft.ref)} · {esc(draft.step_title)} · written from the case figures; edit freely")])]
    if draft.subject is not None:
        blocks.append(text_input("subject", "Subject", draft.subject, max_length=250,
                                 block_id=f"subject{revision}"))
    blocks.append(text_input("body", "Message", draft.body, multiline=True, max_length=BODY_LIMIT,
                             block_id=f"body{revision}"))
    if len(draft.body) > BODY_LIMIT:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=f"⚠️ This draft is {len(draft.body):,} characters and the box holds {BODY_LIMIT:,}, "
                 "so its end is cut off above. Shorten it before sending.")]))
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
    if meta.get("channel") not in CHANNEL_TITLES:
        raise CaseProblem("That form is from an older version of Tactful; start again from the case thread.")
    values = input_values(view)
    subject = next((v for k, v in values.items() if re.fullmatch(r"subject\d+", k)), None)
    has_subject = any(b.get("block_id", "").startswith("subject") for b in view.get("blocks", []))
    body = next((v for k, v in values.items() if re.fullmatch(r"body\d+", k)), None) or ""
    return Draft(case_id_of(meta), str(meta.get("ref", "")), str(meta.get("step", "")),
                 str(meta.get("title", "")), meta["channel"], (subject or "") if has_subject else None, body)


def _revision(view: dict[str, Any]) -> int:
    """Which body/subject block ids the modal uses (they change when suggestions are applied)."""
    rev = metadata(view).get("rev", 0)
    return rev if isinstance(rev, int) else 0


def _confirming(view: dict[str, Any]) -> bool:
    return any(b.get("block_id") == CONFIRM for b in view.get("blocks", []))


def register(app: App, runtime: Runtime) -> None:
    def open_draft(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        channel = action["action_id"].removeprefix("case_draft_")

        def build() -> dict[str, Any]:
            value = action_payload(action)
            return draft_view(start_draft(make_desk(runtime, client), case_id_of(value), body["user"]["id"],
                                          str(value.get("step")), channel))

        open_then_fill(client, body["trigger_id"], CHANNEL_TITLES[channel], build)

    def refresh(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        view = body["view"]

        def work() -> None:
            draft = typed_draft(view)
            check_can_act(make_desk(runtime, client), draft.case_id, body["user"]["id"])
            revision = _revision(view)
            if action["action_id"] == "case_draft_apply":
                subject, text = improve(draft.subject, draft.body)
                draft = Draft(draft.case_id, draft.ref, draft.step_id, draft.step_title, draft.channel,
                              subject, text)
                revision += 1
            client.views_update(view_id=view["id"], hash=view.get("hash"),
                                view=draft_view(draft, revision=revision, confirm=_confirming(view)))

        explained(work, lambda text: tell(client, {"user": body["user"]}, text))

    def submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        desk = make_desk(runtime, client)
        if authorised_case(ack, desk, metadata(view), body["user"]["id"]) is None:
            return
        draft = typed_draft(view)
        if not draft.body.strip():
            ack(response_action="errors", errors={f"body{_revision(view)}": "The message is empty."})
            return
        report = review(full_text(draft.subject, draft.body))
        confirmed = "yes" in (input_values(view).get(CONFIRM) or [])
        if report.verdict == "rewrite" and not confirmed:
            if _confirming(view):
                ack(response_action="errors", errors={
                    CONFIRM: "Tick this to record it anyway, or revise the draft first."})
            else:
                ack(response_action="update",
                    view=draft_view(draft, revision=_revision(view), confirm=True))
            return
        ack()
        record = {"step_id": draft.step_id, "channel": draft.channel, "subject": draft.subject,
                  "text": draft.body, "score": report.score, "verdict": report.verdict,
                  "findings": len(report.findings), "confirmed_rewrite": confirmed}
        explained(lambda: record_draft(desk, draft.case_id, body["user"]["id"], record,
                                       dedupe_key=f"view:{view.get('id')}"),
                  lambda text: tell(client, {"user": body["user"]}, text))

    app.action(re.compile(r"^case_draft_(email|call_notes|letter)$"))(guarded(open_draft))
    app.action(re.compile(r"^case_draft_(recheck|apply)$"))(guarded(refresh))
    app.view(CALLBACK)(guarded(submitted))
