"""The Slack side of reminders: the message with its buttons, and the delivery port.

`start_slack_reminders` delivers from this process: `serve` and `console` run it next to the
listeners, `python app.py worker` runs it alone (extra replicas, benchmarks, tests).
"""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.reminders.delivery import DeliveryConfig
from bot.reminders.hooks import MilestoneChange
from bot.reminders.policy import ESCALATION, OVERDUE
from bot.reminders.port import Delivery
from bot.reminders.scheduler import ReminderScheduler, worker_name
from bot.runtime import Runtime
from bot.slack.blocks import clip, to_dicts
from bot.slack.messenger import SlackMessenger, Tag
from bot.slack.mrkdwn import escape

log = logging.getLogger("tactful.reminders")

EVENT_TYPE = "tactful_reminder"
SNOOZES = (("hour", "Snooze 1 hour"), ("tomorrow", "Tomorrow 9:00"), ("week", "Next week"))


def reminder_tag(reminder_id: int) -> Tag:
    return Tag(EVENT_TYPE, str(reminder_id))


def show_time(moment: datetime, tz: str, *, with_day: bool = True) -> str:
    local = moment.astimezone(ZoneInfo(tz))
    return local.strftime("%a %d %b %H:%M" if with_day else "%H:%M")


def _headline(d: Delivery) -> str:
    subject = f"*{escape(d.milestone_title or d.text or 'Follow-up')}*"
    where = f"{d.case_ref}: " if d.case_ref else ""
    due = show_time(d.due_at, d.owner_tz)
    if d.kind == ESCALATION:
        return f":rotating_light: {where}{subject} is overdue (was due {due}). Owner: <@{d.owner_id}>."
    if d.kind == OVERDUE:
        return f":warning: <@{d.owner_id}> {where}{subject} is overdue (was due {due})."
    if d.milestone_title:
        return f":alarm_clock: <@{d.owner_id}> {where}{subject} is due {due}."
    return f":alarm_clock: <@{d.owner_id}> {where}{subject}"


def late_note(d: Delivery) -> str | None:
    """"due 09:00, delivered 11:42 after a restart", in the owner's timezone."""
    if d.late_reason is None:
        return None
    same_day = d.deliver_at.astimezone(ZoneInfo(d.owner_tz)).date() == d.delivered_at.astimezone(
        ZoneInfo(d.owner_tz)
    ).date()
    due = show_time(d.deliver_at, d.owner_tz, with_day=not same_day)
    return f"due {due}, delivered {show_time(d.delivered_at, d.owner_tz, with_day=not same_day)} {d.late_reason}"


@lru_cache(maxsize=2)
def _actions_template(with_case: bool) -> dict[str, Any]:
    """The buttons, validated once; each message gets a copy carrying its ids."""
    buttons = [ButtonElement(text="Done", action_id="reminder_done", value="0", style="primary")]
    buttons += [
        ButtonElement(text=label, action_id=f"reminder_snooze_{choice}", value="0")
        for choice, label in SNOOZES
    ]
    buttons.append(ButtonElement(text="Reschedule…", action_id="reminder_reschedule", value="0"))
    if with_case:
        buttons.append(ButtonElement(text="Open case", action_id="reminder_open_case", value="0"))
    return ActionsBlock(block_id="reminder:0", elements=buttons).to_dict()


def _actions(reminder_id: int, case_id: int | None) -> dict[str, Any]:
    """The template with this message's ids: only the changed dicts are copied (a deep copy
    per post was the adapter's largest CPU cost in a burst); the shared parts are never
    mutated."""
    template = _actions_template(case_id is not None)
    elements = [
        {**element, "value": str(case_id if element["action_id"] == "reminder_open_case" else reminder_id)}
        for element in template["elements"]
    ]
    return {**template, "block_id": f"reminder:{reminder_id}", "elements": elements}


def reminder_blocks(d: Delivery) -> list[dict[str, Any]]:
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=clip(_headline(d))))]
    if d.milestone_title and d.text and d.text != d.milestone_title:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(escape(d.text)))))
    note = late_note(d)
    if note:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f":hourglass: {note}")]))
    return [*to_dicts(blocks), _actions(d.reminder_id, d.case_id)]


def settled_blocks(blocks: list[dict[str, Any]], outcome: str) -> list[dict[str, Any]]:
    """The message after a button did its work: same text, no buttons, what happened."""
    kept = [block for block in blocks if block.get("type") != "actions"]
    outcome_block = ContextBlock(elements=[MarkdownTextObject(text=clip(outcome))])
    return kept + to_dicts([outcome_block])


class SlackReminderPort:
    """Implements bot.reminders.port.ReminderPort with the shared messenger."""

    def __init__(self, messenger: SlackMessenger) -> None:
        self.messenger = messenger

    def post(self, delivery: Delivery) -> str:
        text = _headline(delivery).replace("*", "")
        posted = self.messenger.post(
            delivery.channel_id, text, blocks=reminder_blocks(delivery),
            thread_ts=delivery.thread_ts, tag=reminder_tag(delivery.reminder_id),
        )
        return posted.ts

    def find_posted(self, delivery: Delivery, since: datetime) -> str | None:
        found = self.messenger.find_tagged(
            delivery.channel_id, reminder_tag(delivery.reminder_id),
            thread_ts=delivery.thread_ts, oldest=since.timestamp() - 60,
        )
        return found.ts if found else None

    def tell_undeliverable(self, owner_id: str, channel_id: str, code: str, text: str) -> None:
        self.messenger.direct_message(
            owner_id,
            f"I could not post your reminder in <#{channel_id}> (Slack said `{code}`). "
            f"Invite me to the channel, or check it still exists. The reminder: {escape(text) or '(no text)'}",
        )


def delivery_client(runtime: Runtime) -> WebClient:
    """The shared client, minus its rate-limit sleeps: delivery honours Retry-After itself by
    moving deliver_at, so a sender never sleeps past its claim's lease."""
    from bot.slack.app import make_client  # bot.slack.app imports the listeners, hence here

    settings = runtime.settings
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    client = make_client(token, settings.slack_api_url)
    client.retry_handlers = [
        h for h in client.retry_handlers if not isinstance(h, RateLimitErrorRetryHandler)
    ]
    return client


def start_slack_reminders(
    runtime: Runtime, *, config: DeliveryConfig | None = None, sweep_seconds: float = 30.0
) -> ReminderScheduler:
    """Start delivering reminders from this process (any number of processes may); while it
    runs, a milestone met or missed refreshes its case card."""
    from bot.cases import refresh_case_card

    messenger = SlackMessenger(delivery_client(runtime))

    def refresh_card(change: MilestoneChange) -> None:
        refresh_case_card(runtime, messenger, change.case_id)

    config = replace(
        config or DeliveryConfig(worker_name()),
        escalation_channel=runtime.settings.tactful_manager_channel or None,
    )
    return ReminderScheduler(
        runtime.engine, SlackReminderPort(messenger), config=config, sweep_seconds=sweep_seconds,
        milestone_listeners=[refresh_card],
    ).start()
