"""What the buttons on a reminder do: Done, Snooze, Reschedule. Each is a compare-and-set,
so a double click, a retried request or a click on an old message has no second effect."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import update
from sqlmodel import Session, col

from bot.reminders.hooks import MilestoneChange
from bot.reminders.planning import add_reminder, cancel_for_milestone, schedule_milestone
from bot.reminders.policy import SNOOZE, WorkingHours, snooze_until
from bot.reminders.profiles import working_hours
from db.models import Case, CaseEvent, Milestone, Reminder
from db.types import utcnow

OPEN_MILESTONE = ("pending", "missed")


class ActionRefused(Exception):
    """The click changes nothing; the message says why (shown only to the clicker), and
    `by` names who acted first when that is the reason."""

    def __init__(self, message: str, by: str | None = None) -> None:
        super().__init__(message)
        self.by = by


@dataclass(frozen=True)
class Outcome:
    message: str
    change: MilestoneChange | None = None
    wake_at: datetime | None = None


@dataclass(frozen=True)
class Context:
    """Who clicked, and how to tell whether they belong to the case channel."""

    actor: str
    admins: frozenset[str]
    is_member: Callable[[str, str], bool]
    lookup_tz: Callable[[str], str] | None = None
    country: str | None = None


def _allowed(ctx: Context, reminder_owner: str | None, case: Case | None) -> bool:
    return (
        ctx.actor in ctx.admins
        or ctx.actor == reminder_owner
        or (case is not None and ctx.actor == case.owner_id)
        or (case is not None and ctx.is_member(case.channel_id, ctx.actor))
    )


def authorise(session: Session, reminder_id: int, ctx: Context) -> Reminder:
    """The reminder, if `ctx.actor` may act on it: checked at every click and at every modal
    submission (whose private_metadata could be forged), never trusted from an earlier step."""
    reminder = session.get(Reminder, reminder_id)
    if reminder is None:
        raise ActionRefused("This reminder no longer exists.")
    case = session.get(Case, reminder.case_id) if reminder.case_id else None
    if not _allowed(ctx, reminder.owner_id, case):
        raise ActionRefused(
            "Only the case owner, members of the case channel or a Tactful admin can act on this reminder."
        )
    return reminder


def open_case(session: Session, case_id: int, ctx: Context) -> Case:
    """The case behind an "Open case" button, if `ctx.actor` may see it."""
    case = session.get(Case, case_id)
    if case is None:
        raise ActionRefused("That case no longer exists.")
    if not _allowed(ctx, None, case):
        raise ActionRefused("Only the case owner, members of the case channel or a Tactful admin can open it.")
    return case


def _load(session: Session, reminder_id: int, ctx: Context) -> tuple[Reminder, Milestone | None]:
    reminder = authorise(session, reminder_id, ctx)
    milestone = session.get(Milestone, reminder.milestone_id) if reminder.milestone_id else None
    return reminder, milestone


def _claim_action(session: Session, reminder: Reminder, action: str, actor: str, note: str = "") -> None:
    """Record the one action this reminder message gets; refuse a second one."""
    result = session.execute(
        update(Reminder)
        .where(col(Reminder.id) == reminder.id, col(Reminder.action).is_(None))
        .values(action=action, acted_by=actor, acted_at=utcnow(), note=note[:500])
    )
    if result.rowcount != 1:
        session.refresh(reminder)
        raise ActionRefused(f"Already {reminder.action}; nothing changed.", by=reminder.acted_by)


def mark_done(session: Session, reminder_id: int, ctx: Context) -> Outcome:
    reminder, milestone = _load(session, reminder_id, ctx)
    if milestone is None:
        _claim_action(session, reminder, "done", ctx.actor)
        return Outcome("Marked done.")
    now = utcnow()
    result = session.execute(
        update(Milestone)
        .where(col(Milestone.id) == milestone.id, col(Milestone.state).in_(OPEN_MILESTONE))
        .values(state="met", met_at=now)
    )
    if result.rowcount != 1:
        session.refresh(milestone)
        raise ActionRefused(f"“{milestone.title}” is already {milestone.state}; nothing changed.")
    session.execute(
        update(Reminder)
        .where(col(Reminder.id) == reminder.id, col(Reminder.action).is_(None))
        .values(action="done", acted_by=ctx.actor, acted_at=now)
    )
    cancel_for_milestone(session, milestone.id)
    _event(session, milestone, ctx.actor, "milestone_met", {"reminder_id": reminder.id})
    change = MilestoneChange(milestone.case_id, milestone.id, "met", ctx.actor)
    return Outcome(f"“{milestone.title}” marked as met.", change=change)


def snooze(session: Session, reminder_id: int, choice: str, ctx: Context) -> Outcome:
    reminder, milestone = _load(session, reminder_id, ctx)
    if milestone is not None and milestone.state not in OPEN_MILESTONE:
        raise ActionRefused(f"“{milestone.title}” is already {milestone.state}; nothing to snooze.")
    hours = _hours(session, reminder, ctx)
    until = snooze_until(choice, utcnow(), hours)
    _claim_action(session, reminder, "snoozed", ctx.actor, note=until.isoformat())
    follow_up = add_reminder(
        session, owner_id=reminder.owner_id, channel_id=reminder.channel_id,
        thread_ts=reminder.thread_ts, text=reminder.text, due_at=until, hours=hours,
        case_id=reminder.case_id, milestone_id=reminder.milestone_id, kind=SNOOZE,
        dedupe_key=f"snooze:{reminder.id}",
    )
    wake = follow_up.deliver_at if follow_up else until
    return Outcome(f"Snoozed until {_show(wake, hours)}.", wake_at=wake)


def reschedule(session: Session, reminder_id: int, new_date: date, reason: str, ctx: Context) -> Outcome:
    """Move the milestone (or this follow-up) to `new_date`, keeping the reason on record."""
    reason = reason.strip()
    if not reason:
        raise ActionRefused("Say why the date moves; the reason is kept with the case.")
    reminder, milestone = _load(session, reminder_id, ctx)
    hours = _hours(session, reminder, ctx)
    if milestone is not None and milestone.state not in OPEN_MILESTONE:
        raise ActionRefused(f"“{milestone.title}” is already {milestone.state}; nothing to reschedule.")
    if new_date < utcnow().astimezone(hours.tzinfo).date():
        raise ActionRefused("Pick today or a later date.")
    _claim_action(session, reminder, "rescheduled", ctx.actor, note=reason)
    if milestone is None:
        follow_up = add_reminder(
            session, owner_id=reminder.owner_id, channel_id=reminder.channel_id,
            thread_ts=reminder.thread_ts, text=reminder.text,
            due_at=_local_moment(new_date, time(hours.start_hour), hours), hours=hours,
            case_id=reminder.case_id, kind=reminder.kind, dedupe_key=f"reschedule:{reminder.id}",
        )
        wake = follow_up.deliver_at if follow_up else None
        return Outcome(f"Moved to {new_date:%a %d %b %Y}.", wake_at=wake)
    previous = milestone.due_at
    local_time = previous.astimezone(hours.tzinfo).time()
    milestone.due_at = _local_moment(new_date, local_time, hours)
    milestone.state = "pending"
    cancel_for_milestone(session, milestone.id)
    created = schedule_milestone(
        session, milestone, owner_id=reminder.owner_id, channel_id=reminder.channel_id,
        thread_ts=reminder.thread_ts, country=ctx.country,
    )
    _event(
        session, milestone, ctx.actor, "milestone_rescheduled",
        {"from": previous.isoformat(), "to": milestone.due_at.isoformat(), "reason": reason},
    )
    wake = min((r.deliver_at for r in created), default=None)
    change = MilestoneChange(milestone.case_id, milestone.id, "pending", ctx.actor)
    return Outcome(f"“{milestone.title}” moved to {_show(milestone.due_at, hours)}.", change, wake)


def _hours(session: Session, reminder: Reminder, ctx: Context) -> WorkingHours:
    return working_hours(session, reminder.owner_id, ctx.lookup_tz, default_country=ctx.country)


def _local_moment(day: date, wall: time, hours: WorkingHours) -> datetime:
    return datetime.combine(day, wall, tzinfo=hours.tzinfo).astimezone(UTC)


def _show(moment: datetime, hours: WorkingHours) -> str:
    return moment.astimezone(hours.tzinfo).strftime("%a %d %b %H:%M")


def _event(session: Session, milestone: Milestone, actor: str, kind: str, payload: dict) -> None:
    session.add(
        CaseEvent(
            case_id=milestone.case_id, actor=actor, kind=kind,
            payload={"milestone_id": milestone.id, "title": milestone.title, **payload},
        )
    )
