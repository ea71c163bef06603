"""Reminder buttons, the reschedule modal, `/breach remind` and `/breach upcoming`."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.models.blocks import (
    DatePickerElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View
from sqlmodel import Session

from bot.reminders import actions
from bot.reminders.delivery import posting_place
from bot.reminders.hooks import milestone_changed, reminder_added
from bot.reminders.planning import add_reminder, change_policy, upcoming
from bot.reminders.policy import POLICY_EXAMPLE, PolicyError, describe, parse_policy
from bot.reminders.profiles import working_hours
from bot.reminders.when import EXAMPLES, WhenError, split_when
from bot.runtime import Runtime
from bot.slack.blocks import clip, to_dicts
from bot.slack.commands import Invocation
from bot.slack.errors import guarded
from bot.slack.listeners.slash import Routers
from bot.slack.messenger import SlackMessenger
from bot.slack.mrkdwn import escape
from bot.slack.reminders import settled_blocks, show_time
from db.engine import session_scope
from db.models import Case, Reminder
from db.types import utcnow

RESCHEDULE_VIEW = "reminder_reschedule"
CASE_REF = re.compile(r"^(?:br-?)?(\d{1,9})$", re.IGNORECASE)
REMIND_USAGE = "/breach remind CASE WHEN TEXT"
MAX_LISTED = 40


def _examples() -> str:
    return "\n".join(f"• `/breach remind BR-12 {when} send the revised quote`" for when in EXAMPLES)


class ReminderListeners:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.settings = runtime.settings

    def _context(self, user: str, client: WebClient) -> actions.Context:
        messenger = SlackMessenger(client)
        return actions.Context(
            actor=user,
            admins=self.settings.admins,
            is_member=lambda channel, member: member in messenger.channel_members(channel),
            lookup_tz=messenger.user_timezone,
            country=self.settings.tactful_holiday_country or None,
        )

    def _run(
        self, user: str, client: WebClient, act: Callable[[Session, actions.Context], actions.Outcome]
    ) -> tuple[actions.Outcome | None, str]:
        """Do the action in one transaction; afterwards tell listeners and the scheduler."""
        try:
            with session_scope(self.runtime.engine) as session:
                outcome = act(session, self._context(user, client))
        except actions.ActionRefused as refused:
            by = f" (by <@{refused.by}>)" if refused.by else ""
            return None, escape(str(refused)) + by
        if outcome.change:
            milestone_changed(outcome.change)
        if outcome.wake_at:
            reminder_added(outcome.wake_at)
        return outcome, escape(outcome.message)

    def _button(self, body: dict[str, Any], client: WebClient, respond: Respond, act) -> None:
        user = body["user"]["id"]
        outcome, text = self._run(user, client, act)
        if outcome is None:
            respond(text=text, response_type="ephemeral", replace_original=False)
            return
        container = body.get("container", {})
        message = body.get("message") or {}
        SlackMessenger(client).update(
            container["channel_id"], container["message_ts"], message.get("text", "Reminder"),
            blocks=settled_blocks(message.get("blocks", []), f"{text} <@{user}>"),
        )

    def done(self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        reminder_id = _numeric_id(body["actions"][0]["value"])
        self._button(body, client, respond, lambda s, ctx: actions.mark_done(s, reminder_id, ctx))

    def snooze(self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        action = body["actions"][0]
        choice = action["action_id"].removeprefix("reminder_snooze_")
        reminder_id = _numeric_id(action["value"])
        self._button(body, client, respond, lambda s, ctx: actions.snooze(s, reminder_id, choice, ctx))

    def _refuse(self, respond: Respond, refused: actions.ActionRefused) -> None:
        respond(text=escape(str(refused)), response_type="ephemeral", replace_original=False)

    def open_reschedule(self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        reminder_id = _numeric_id(body["actions"][0]["value"])
        try:
            with session_scope(self.runtime.engine) as session:
                actions.authorise(session, reminder_id, self._context(body["user"]["id"], client))
        except actions.ActionRefused as refused:
            self._refuse(respond, refused)
            return
        client.views_open(trigger_id=body["trigger_id"], view=reschedule_view(reminder_id))

    def submit_reschedule(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        """private_metadata only names the reminder: the actor is authorised again, and the
        message to settle is the one recorded for that reminder, never a place the payload names."""
        values = view["state"]["values"]
        picked = values["date"]["date"].get("selected_date")
        reason = (values["reason"]["reason"].get("value") or "").strip()
        errors = {}
        if not picked:
            errors["date"] = "Pick the new date."
        if not reason:
            errors["reason"] = "Say why the date moves; it is kept with the case."
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        user = body["user"]["id"]
        reminder_id = _numeric_id(json.loads(view.get("private_metadata") or "{}").get("reminder_id", ""))
        new_date = date.fromisoformat(picked)
        outcome, text = self._run(
            user, client, lambda s, ctx: actions.reschedule(s, reminder_id, new_date, reason, ctx),
        )
        place = self._posted_at(reminder_id) if outcome else None
        if place is None:
            client.chat_postEphemeral(channel=user, user=user, text=text)
            return
        channel, thread_ts, ts = place
        original = _message(client, channel, ts, thread_ts)
        SlackMessenger(client).update(
            channel, ts, original.get("text", "Reminder"),
            blocks=settled_blocks(original.get("blocks", []), f"{text} <@{user}> ({escape(reason)})"),
        )

    def _posted_at(self, reminder_id: int) -> tuple[str, str | None, str] | None:
        """(channel, thread_ts, ts) of the reminder's message as recorded at delivery."""
        with session_scope(self.runtime.engine) as session:
            row = session.get(Reminder, reminder_id)
            if row is None or not row.message_ts:
                return None
            channel, thread_ts = posting_place(
                row.kind, row.channel_id, row.thread_ts, self.settings.tactful_manager_channel or None
            )
            return channel, thread_ts, row.message_ts

    def open_case(self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        case_id = _numeric_id(body["actions"][0]["value"])
        try:
            with session_scope(self.runtime.engine) as session:
                case = actions.open_case(session, case_id, self._context(body["user"]["id"], client))
                ref, name, channel, anchor = case.ref, case.customer_name, case.channel_id, case.card_ts
        except actions.ActionRefused as refused:
            self._refuse(respond, refused)
            return
        where = f"<#{channel}>"
        if anchor:
            link = client.chat_getPermalink(channel=channel, message_ts=anchor)["permalink"]
            where = f"<{link}|the case card>"
        respond(text=f"{ref} · {escape(name)}: open {where}.", response_type="ephemeral", replace_original=False)

    def _case(self, inv: Invocation, session: Session, ctx: actions.Context, word: str) -> Case | None:
        """The case `word` names if the user may set its reminders; else say why, return None."""
        match = CASE_REF.match(word)
        case = session.get(Case, int(match[1])) if match else None
        if case is None:
            inv.respond(response_type="ephemeral", text=f"There is no case {escape(word)}.")
            return None
        try:
            return actions.open_case(session, case.id, ctx)
        except actions.ActionRefused:
            inv.respond(
                response_type="ephemeral",
                text=f"Only the owner of {case.ref}, members of its channel or an admin can set its reminders.",
            )
            return None

    def remind(self, inv: Invocation) -> None:
        inv.ack()
        word, _, rest = inv.args.partition(" ")
        if not rest.strip():
            inv.respond(
                response_type="ephemeral",
                text=f"Usage: `{REMIND_USAGE}`, for example:\n{_examples()}",
            )
            return
        messenger = SlackMessenger(inv.client)
        ctx = self._context(inv.user_id, inv.client)
        with session_scope(self.runtime.engine) as session:
            case = self._case(inv, session, ctx, word)
            if case is None:
                return
            hours = working_hours(session, inv.user_id, messenger.user_timezone, default_country=ctx.country)
            try:
                due, text = split_when(rest, utcnow(), hours)
            except WhenError as exc:
                inv.respond(response_type="ephemeral", text=f"{escape(str(exc))}\nFor example:\n{_examples()}")
                return
            reminder = add_reminder(
                session, owner_id=inv.user_id, channel_id=case.channel_id, thread_ts=case.card_ts,
                text=text or f"Follow up on {case.ref}", due_at=due, hours=hours, case_id=case.id,
            )
            ref, deliver_at, tz = case.ref, reminder.deliver_at, hours.tz
        reminder_added(deliver_at)
        moved = " (the next working hour)" if deliver_at != due else ""
        inv.respond(
            response_type="ephemeral",
            text=f"I'll remind you {show_time(deliver_at, tz)}{moved} ({tz}) in the {ref} thread.",
        )

    def reminders(self, inv: Invocation) -> None:
        """Change when a case's open milestones remind (the playbook gave the defaults)."""
        inv.ack()
        word, _, settings = inv.args.partition(" ")
        ctx = self._context(inv.user_id, inv.client)
        with session_scope(self.runtime.engine) as session:
            case = self._case(inv, session, ctx, word)
            if case is None:
                return
            try:
                policy = parse_policy(settings)
            except PolicyError as exc:
                inv.respond(response_type="ephemeral", text=escape(str(exc)))
                return
            changed = change_policy(session, case, policy, country=ctx.country)
            ref = case.ref
        if not changed:
            inv.respond(response_type="ephemeral", text=f"{ref} has no open milestones to remind about.")
            return
        reminder_added(utcnow())
        inv.respond(
            response_type="ephemeral",
            text=f"{ref}: {len(changed)} open milestone(s) now remind {describe(policy)}.",
        )

    def upcoming(self, inv: Invocation) -> None:
        inv.ack()
        messenger = SlackMessenger(inv.client)
        with session_scope(self.runtime.engine) as session:
            hours = working_hours(
                session, inv.user_id, messenger.user_timezone,
                default_country=self.settings.tactful_holiday_country or None,
            )
            rows = upcoming(session, inv.user_id)
        if not rows:
            inv.respond(response_type="ephemeral", text="No reminders for you in the next 14 days.")
            return
        lines = [_line(row, hours.tz) for row in rows[:MAX_LISTED]]
        if len(rows) > MAX_LISTED:
            lines.append(f"…and {len(rows) - MAX_LISTED} more.")
        blocks = [
            HeaderBlock(text="Your reminders, next 14 days"),
            SectionBlock(text=MarkdownTextObject(text=clip("\n".join(lines)))),
        ]
        inv.respond(
            response_type="ephemeral", text=f"{len(rows)} reminder(s) in the next 14 days",
            blocks=to_dicts(blocks),
        )


def _line(row: Reminder, tz: str) -> str:
    case = f"BR-{row.case_id} " if row.case_id else ""
    failed = f" :x: not delivered: `{escape(row.last_error or 'error')}`" if row.state == "failed" else ""
    return f"• {show_time(row.deliver_at, tz)} ({tz}) {case}{escape(clip(row.text, 150))} _{row.kind}_{failed}"


def _numeric_id(value: object) -> int:
    """The id a button value or modal metadata carries (a reminder's, or a case's)."""
    if not str(value).isdigit():
        raise ValueError(f"{value!r} is not a reminder or case id")
    return int(value)


def _message(client: WebClient, channel: str, ts: str, thread_ts: str | None) -> dict[str, Any]:
    """The reminder message as posted (a reply in the case thread, or a channel message)."""
    window = {"oldest": ts, "latest": ts, "inclusive": True}
    if thread_ts:
        reply = client.conversations_replies(channel=channel, ts=thread_ts, limit=20, **window)
    else:
        reply = client.conversations_history(channel=channel, limit=1, **window)
    messages = [m for m in reply.get("messages", []) if m.get("ts") == ts]
    return messages[0] if messages else {}


def reschedule_view(reminder_id: int) -> dict[str, Any]:
    view = View(
        type="modal",
        callback_id=RESCHEDULE_VIEW,
        title="Reschedule",
        submit="Reschedule",
        close="Cancel",
        private_metadata=json.dumps({"reminder_id": reminder_id}),
        blocks=[
            InputBlock(block_id="date", label="New date", element=DatePickerElement(action_id="date")),
            InputBlock(
                block_id="reason", label="Why does it move?",
                element=PlainTextInputElement(action_id="reason", multiline=True, max_length=500),
            ),
        ],
    )
    return view.to_dict()


def register(app: App, runtime: Runtime, routers: Routers) -> None:
    listeners = ReminderListeners(runtime)
    app.action("reminder_done")(guarded(listeners.done))
    app.action(re.compile(r"^reminder_snooze_(hour|tomorrow|week)$"))(guarded(listeners.snooze))
    app.action("reminder_reschedule")(guarded(listeners.open_reschedule))
    app.view(RESCHEDULE_VIEW)(guarded(listeners.submit_reschedule))
    app.action("reminder_open_case")(guarded(listeners.open_case))
    routers.breach.add(
        "remind", usage=REMIND_USAGE, example="/breach remind BR-12 tomorrow 10am call Dana",
        summary="Remind yourself about a case later, in its thread, within your working hours.",
    )(listeners.remind)
    routers.breach.add(
        "reminders", usage="/breach reminders CASE SETTINGS", example=f"/breach reminders BR-12 {POLICY_EXAMPLE}",
        summary="Change when a case's open milestones remind you (the playbook sets the defaults).",
    )(listeners.reminders)
    routers.breach.add(
        "upcoming", usage="/breach upcoming", example="/breach upcoming",
        summary="Your reminders for the next 14 days, in your timezone.",
    )(listeners.upcoming)
