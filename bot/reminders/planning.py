"""Creating and cancelling reminder rows: a milestone's series, ad-hoc follow-ups, snoozes.

Every row gets a `dedupe_key`, so scheduling the same thing twice adds nothing.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.reminders.policy import ADHOC, ReminderPolicy, WorkingHours, plan_milestone
from bot.reminders.profiles import remember_timezone, working_hours
from bot.reminders.store import CANCELLED, CLAIMED, FAILED, PENDING
from db.models import Case, Milestone, Reminder
from db.types import utcnow

UPCOMING_DAYS = 14


def schedule_milestone(
    session: Session,
    milestone: Milestone,
    *,
    owner_id: str,
    channel_id: str,
    thread_ts: str | None,
    owner_tz: str | None = None,
    policy: ReminderPolicy | None = None,
    country: str | None = None,
) -> list[Reminder]:
    """Create the milestone's reminders (before, on the day, overdue daily, escalation)
    that still lie ahead: a series scheduled late or again never repeats past reminders.

    `policy` defaults to the one stored on the milestone (then to the house default) and
    is stored back. Escalations are delivered to the manager channel when one is configured
    (TACTFUL_MANAGER_CHANNEL), else in the case thread. Returns the rows created now; a
    second call creates none.
    """
    if owner_tz:
        remember_timezone(session, owner_id, owner_tz)
    hours = working_hours(session, owner_id, None, default_country=country)
    policy = policy or ReminderPolicy.from_json(milestone.policy)
    milestone.policy = policy.to_json()
    session.add(milestone)
    session.flush()
    created = []
    now = utcnow()
    for plan in plan_milestone(milestone.due_at, policy, hours):
        if plan.deliver_at < now:
            continue
        reminder = Reminder(
            case_id=milestone.case_id,
            milestone_id=milestone.id,
            kind=plan.kind,
            owner_id=owner_id,
            channel_id=channel_id,
            thread_ts=thread_ts,
            text=milestone.title,
            due_at=plan.due_at,
            deliver_at=plan.deliver_at,
            dedupe_key=f"milestone:{milestone.id}:{milestone.due_at.isoformat()}:{plan.kind}:{plan.seq}",
        )
        if _insert_once(session, reminder):
            created.append(reminder)
    return created


def cancel_for_milestone(session: Session, milestone_id: int) -> int:
    """Cancel the milestone's reminders not yet sent; return how many were cancelled.

    The series' dedupe keys are released too, so a later `schedule_milestone` (after a
    reschedule, even back to the same date) starts a fresh series.
    """
    mine = col(Reminder.milestone_id) == milestone_id
    result = session.execute(
        update(Reminder)
        .where(mine, col(Reminder.state).in_([PENDING, FAILED]))
        .values(state=CANCELLED, last_error="milestone closed or moved")
    )
    session.execute(update(Reminder).where(mine).values(dedupe_key=None))
    return result.rowcount


def add_reminder(
    session: Session,
    *,
    owner_id: str,
    channel_id: str,
    thread_ts: str | None,
    text: str,
    due_at: datetime,
    hours: WorkingHours,
    case_id: int | None = None,
    milestone_id: int | None = None,
    kind: str = ADHOC,
    dedupe_key: str | None = None,
) -> Reminder | None:
    """One reminder, delivered at the first working moment at or after `due_at`.
    None when a reminder with the same `dedupe_key` exists already."""
    reminder = Reminder(
        case_id=case_id, milestone_id=milestone_id, kind=kind, owner_id=owner_id,
        channel_id=channel_id, thread_ts=thread_ts, text=text[:3000], due_at=due_at,
        deliver_at=hours.next_opening(due_at), dedupe_key=dedupe_key,
    )
    return reminder if _insert_once(session, reminder) else None


def _insert_once(session: Session, reminder: Reminder) -> bool:
    try:
        with session.begin_nested():
            session.add(reminder)
        return True
    except IntegrityError:
        return False


def upcoming(session: Session, user_id: str, now: datetime | None = None) -> list[Reminder]:
    """The user's reminders to come in the next 14 days, plus any that failed, soonest first."""
    now = now or utcnow()
    query = (
        select(Reminder)
        .where(
            Reminder.owner_id == user_id,
            col(Reminder.state).in_([PENDING, CLAIMED, FAILED]),
            Reminder.deliver_at <= now + timedelta(days=UPCOMING_DAYS),
        )
        .order_by(col(Reminder.deliver_at))
        .limit(200)
    )
    return list(session.exec(query))


def change_policy(
    session: Session, case: Case, policy: ReminderPolicy, *, country: str | None = None
) -> list[Milestone]:
    """Apply `policy` to the case's open milestones: their unsent reminders are replaced."""
    milestones = list(
        session.exec(
            select(Milestone).where(
                Milestone.case_id == case.id, col(Milestone.state).in_(["pending", "missed"])
            )
        )
    )
    for milestone in milestones:
        cancel_for_milestone(session, milestone.id)
        schedule_milestone(
            session, milestone, owner_id=case.owner_id, channel_id=case.channel_id,
            thread_ts=case.card_ts, policy=policy, country=country,
        )
    return milestones
