"""The App Home: the user's open cases (overdue first) and the team's totals."""
from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.cases.forms import CaseForm
from bot.cases.queries import CaseRow, TeamStats, list_cases, team_stats
from bot.runtime import Runtime
from bot.slack.blocks import clip
from bot.slack.cases.common import explained, make_desk, tell
from bot.slack.cases.format import esc, when
from bot.slack.cases.new_case import new_case_view
from bot.slack.errors import guarded
from db.engine import session_scope

MAX_CASES = 25


def _case_block(row: CaseRow) -> SectionBlock:
    step = f"Next step: {esc(row.step_title)} ({row.position} of {row.total})" if row.step_title \
        else "All steps walked: ready to close"
    deadline = "No deadline yet"
    if row.next_due:
        mark = "⚠️ *Overdue*" if row.overdue else "Next deadline"
        deadline = f"{mark}: {esc(row.next_due_title)}, {when(row.next_due)}"
    return SectionBlock(text=MarkdownTextObject(
        text=clip(f"*{row.ref}* · {esc(row.customer)} · <#{row.channel_id}>\n{step}\n{deadline}")))


def _stats_block(stats: TeamStats) -> SectionBlock:
    median = f"{stats.median_days_to_compliance:g} days" if stats.median_days_to_compliance is not None else "none yet"
    fields = [f"*Open*\n{stats.open}", f"*Overdue*\n{stats.overdue}",
              f"*Closed this month*\n{stats.closed_this_month}", f"*Median time to compliance*\n{median}",
              f"*Revenue retained*\n{stats.revenue_retained_cents / 100:,.2f}"]
    return SectionBlock(fields=[MarkdownTextObject(text=f) for f in fields])


def home_view(rows: list[CaseRow], stats: TeamStats) -> dict[str, Any]:
    blocks: list[Any] = [
        HeaderBlock(text="Your open cases"),
        ActionsBlock(block_id="home", elements=[ButtonElement(text="New case", action_id="case_home_new",
                                                              style="primary", value="new")]),
    ]
    if not rows:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="You have no open cases.")))
    blocks += [_case_block(row) for row in rows[:MAX_CASES]]
    if len(rows) > MAX_CASES:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=f"… and {len(rows) - MAX_CASES} more: `/breach list mine` shows them all.")]))
    blocks += [DividerBlock(), HeaderBlock(text="Team totals"), _stats_block(stats)]
    return View(type="home", blocks=blocks).to_dict()


def render_home(runtime: Runtime, client: WebClient, user: str) -> dict[str, Any]:
    desk = make_desk(runtime, client)
    with session_scope(desk.engine) as session:
        rows = list_cases(session, "mine", user, desk.admins, desk.members())
        stats = team_stats(session)
    return home_view(rows, stats)


def register(app: App, runtime: Runtime) -> None:
    def opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        user = event["user"]
        explained(lambda: client.views_publish(user_id=user, view=render_home(runtime, client, user)),
                  lambda text: tell(client, {"user": {"id": user}}, text))

    def new_pressed(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=new_case_view(CaseForm(), None))

    app.event("app_home_opened")(guarded(opened))
    app.action("case_home_new")(guarded(new_pressed))
