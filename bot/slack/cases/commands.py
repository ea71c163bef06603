"""`/breach list|show|log|summary|close|reopen`: answers are ephemeral to whoever asked."""
from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.blocks import ContextBlock, HeaderBlock, MarkdownTextObject, PlainTextObject, SectionBlock
from slack_sdk.models.views import View

from bot.cases.errors import CaseProblem
from bot.cases.queries import SCOPES, CaseRow, list_cases
from bot.cases.service import OUTCOMES, Desk, check_can_act, close_case, parse_ref, reopen_case, visible_case
from bot.cases.snapshot import case_card
from bot.cases.summary import Summary, summarize, timeline
from bot.runtime import Runtime
from bot.slack.blocks import clip, to_dicts
from bot.slack.cases.card import card_blocks
from bot.slack.cases.common import (
    authorised_case,
    explained,
    input_values,
    make_desk,
    metadata,
    open_then_fill,
    tell,
)
from bot.slack.cases.format import esc, when
from bot.slack.cases.inputs import number_input, select_input, text_input
from bot.slack.commands import Invocation
from bot.slack.errors import guarded
from bot.slack.messenger import translated_errors
from db.engine import session_scope

CLOSE_CALLBACK = "case_close"
MAX_ROWS = 40
MAX_TIMELINE = 45
MAX_REVENUE_CENTS = 10**15  # ten trillion: beyond any licence, well inside the BIGINT column


def row_line(row: CaseRow) -> str:
    step = f"step {row.position}/{row.total}: {esc(row.step_title)}" if row.step_title else "all steps walked"
    due = ""
    if row.next_due:
        due = f" · {'⚠️ overdue' if row.overdue else 'next'}: {esc(row.next_due_title)} {when(row.next_due)}"
    return f"*{row.ref}* {esc(row.customer)} · <@{row.owner_id}> · {step}{due}"


def rows_blocks(title: str, rows: list[CaseRow], empty: str) -> list[Any]:
    blocks: list[Any] = [HeaderBlock(text=PlainTextObject(text=title))]
    if not rows:
        return [*blocks, SectionBlock(text=MarkdownTextObject(text=empty))]
    lines = [row_line(r) for r in rows[:MAX_ROWS]]
    for start in range(0, len(lines), 10):
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip("\n".join(lines[start:start + 10])))))
    if len(rows) > MAX_ROWS:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"… and {len(rows) - MAX_ROWS} more")]))
    return blocks


def summary_blocks(summary: Summary) -> list[dict[str, Any]]:
    blocks: list[Any] = [HeaderBlock(text=PlainTextObject(text=clip(summary.title, 150)))]
    for section in summary.sections:
        text = f"*{section.heading}*\n" + "\n".join(f"• {esc(line)}" for line in section.lines)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(text))))
    return to_dicts(blocks)


def close_title(case_id: int) -> str:
    return clip(f"Close BR-{case_id}", 24)


def close_view(case_id: int, channel: str) -> dict[str, Any]:
    blocks = [select_input("outcome", "Outcome", OUTCOMES),
              number_input("revenue", "Revenue retained (per year)", optional=True, decimal=True),
              text_input("note", "Note for the record", optional=True, multiline=True, max_length=1000)]
    return View(type="modal", callback_id=CLOSE_CALLBACK, title=close_title(case_id), submit="Close case",
                close="Cancel", blocks=blocks,
                private_metadata=json.dumps({"case": case_id, "channel": channel})).to_dict()


def revenue_cents(typed: Any) -> int | None:
    """The revenue field in cents; None when left empty, -1 when it is not an amount."""
    if typed in (None, ""):
        return None
    try:
        amount = Decimal(str(typed).replace(",", "").strip())
    except InvalidOperation:
        return -1
    return int(amount * 100) if amount.is_finite() else -1


def _reply(invocation: Invocation, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
    invocation.respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)


def _case_named(invocation: Invocation, example: str) -> int | None:
    """The case the command names; a missing or garbled id is answered in the ack itself."""
    try:
        return parse_ref(invocation.args.split(" ")[0])
    except CaseProblem as problem:
        invocation.ack(response_type="ephemeral", text=f"{esc(problem)} For example: `{example}`")
        return None


def register(app: App, runtime: Runtime, routers) -> None:
    def desk_for(invocation: Invocation) -> Desk:
        return make_desk(runtime, invocation.client)

    def with_case(invocation: Invocation, subcommand: str, work: Callable[[Desk, int], None]) -> None:
        case_id = _case_named(invocation, routers.breach.subcommands[subcommand].example)
        if case_id is None:
            return
        invocation.ack()
        explained(lambda: work(desk_for(invocation), case_id), lambda text: _reply(invocation, text))

    @routers.breach.add("list", usage="/breach list [mine|team|overdue]", example="/breach list overdue",
                        summary="Open cases: yours (default), the team's, or those with an overdue milestone.")
    def list_command(invocation: Invocation) -> None:
        invocation.ack()
        scope = (invocation.args.split() or ["mine"])[0].lower()

        def work() -> None:
            if scope not in SCOPES:
                _reply(invocation, "Use `/breach list mine`, `/breach list team` or `/breach list overdue`.")
                return
            desk = desk_for(invocation)
            with session_scope(desk.engine) as session:
                rows = list_cases(session, scope, invocation.user_id, desk.admins, desk.members())
            title = {"mine": "Your open cases", "team": "The team's open cases", "overdue": "Overdue cases"}[scope]
            _reply(invocation, title, to_dicts(rows_blocks(title, rows, "Nothing here. 🎉")))

        explained(work, lambda text: _reply(invocation, text))

    @routers.breach.add("show", usage="/breach show CASE", example="/breach show BR-42",
                        summary="The case card with its figures, progress and milestones.")
    def show(invocation: Invocation) -> None:
        def work(desk: Desk, case_id: int) -> None:
            with session_scope(desk.engine) as session:
                card, _ = case_card(session, desk.library, visible_case(desk, session, case_id, invocation.user_id))
            _reply(invocation, f"{card.ref}", card_blocks(card))
        with_case(invocation, "show", work)

    @routers.breach.add("log", usage="/breach log CASE", example="/breach log BR-42",
                        summary="The case's timeline: every action, who and when.")
    def log(invocation: Invocation) -> None:
        def work(desk: Desk, case_id: int) -> None:
            with session_scope(desk.engine) as session:
                case = visible_case(desk, session, case_id, invocation.user_id)
                lines, ref = timeline(session, case), case.ref
            shown = lines[-MAX_TIMELINE:]
            text = [f"{when(line.at)} · <@{line.actor}> {esc(line.text)}" for line in shown]
            blocks: list[Any] = [HeaderBlock(text=f"{ref} timeline")]
            if len(lines) > len(shown):
                blocks.append(ContextBlock(elements=[MarkdownTextObject(
                    text=f"Showing the latest {len(shown)} of {len(lines)} events.")]))
            for start in range(0, len(text), 15):
                blocks.append(SectionBlock(text=MarkdownTextObject(text=clip("\n".join(text[start:start + 15])))))
            _reply(invocation, f"{ref} timeline", to_dicts(blocks))
        with_case(invocation, "log", work)

    @routers.breach.add("summary", usage="/breach summary CASE", example="/breach summary BR-42",
                        summary="The written summary, as a message and as a Markdown file in the case thread.")
    def summary(invocation: Invocation) -> None:
        def work(desk: Desk, case_id: int) -> None:
            tz = desk.slack.user_timezone(invocation.user_id)
            with session_scope(desk.engine) as session:
                case = visible_case(desk, session, case_id, invocation.user_id)
                written, channel, thread = summarize(session, desk.library, case, tz), case.channel_id, case.card_ts
            _reply(invocation, esc(written.title), summary_blocks(written))
            with translated_errors():
                invocation.client.files_upload_v2(
                    channel=channel, thread_ts=thread, content=written.markdown(),
                    filename=f"{written.ref}-summary.md", title=f"{written.ref} summary",
                    initial_comment=f"Written summary of {written.ref}, requested by <@{invocation.user_id}>")
        with_case(invocation, "summary", work)

    @routers.breach.add("close", usage="/breach close CASE", example="/breach close BR-42",
                        summary="Record the outcome (compliant, escalated, churned) and the revenue retained.")
    def close(invocation: Invocation) -> None:
        case_id = _case_named(invocation, routers.breach.subcommands["close"].example)
        if case_id is None:
            return
        invocation.ack()

        def build() -> dict[str, Any]:
            check_can_act(desk_for(invocation), case_id, invocation.user_id)
            return close_view(case_id, invocation.channel_id)

        open_then_fill(invocation.client, invocation.trigger_id, close_title(case_id), build)

    @routers.breach.add("reopen", usage="/breach reopen CASE", example="/breach reopen BR-42",
                        summary="Open a closed case again.")
    def reopen(invocation: Invocation) -> None:
        def work(desk: Desk, case_id: int) -> None:
            reopen_case(desk, case_id, invocation.user_id)
            _reply(invocation, f"BR-{case_id} is open again.")
        with_case(invocation, "reopen", work)

    def close_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = input_values(view)
        cents = revenue_cents(values.get("revenue"))
        if cents is not None and not 0 <= cents < MAX_REVENUE_CENTS:
            top = (MAX_REVENUE_CENTS - 1) / 100
            ack(response_action="errors", errors={"revenue": f"Enter an amount from 0 to {top:,.2f}."})
            return
        meta = metadata(view)
        desk = make_desk(runtime, client)
        case_id = authorised_case(ack, desk, meta, body["user"]["id"])
        if case_id is None:
            return
        ack()
        reply_to = {"user": body["user"], "channel": {"id": meta.get("channel", "")}}
        explained(lambda: close_case(desk, case_id, body["user"]["id"], str(values.get("outcome") or ""),
                                     cents, str(values.get("note") or "")),
                  lambda text: tell(client, reply_to, text))

    app.view(CLOSE_CALLBACK)(guarded(close_submitted))
