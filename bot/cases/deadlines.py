"""Milestones of a case: created when their anchor becomes known, handed to the reminders."""
from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, select

from bot.cases.records import case_facts
from bot.reminders import ReminderPolicy, schedule_milestone
from db.models import Case, Milestone
from playbooks import Offset, Playbook, WalkState, milestone_anchors, milestones_due


Created = list[tuple[Milestone, tuple[Offset, ...]]]


def sync_milestones(session: Session, case: Case, playbook: Playbook, state: WalkState,
                    holiday_country: str) -> Created:
    """Create the milestones of visited and current steps whose anchor is now known."""
    steps = {visit.step_id for visit in state.path if visit.outcome != "skipped"}
    if state.current is not None:
        steps.add(state.current.id)
    anchors = milestone_anchors(playbook, state, case.created_at, case_facts(case))
    due = milestones_due(playbook, None, anchors, case.customer_timezone or "UTC",
                         holiday_country or None)
    existing = {(m.step_id, m.milestone_key) for m in
                session.exec(select(Milestone).where(Milestone.case_id == case.id))}
    created: Created = []
    for item in due:
        key = (item.step_id, item.milestone.id)
        if item.step_id not in steps or key in existing:
            continue
        milestone = Milestone(
            case_id=case.id, step_id=item.step_id, milestone_key=item.milestone.id,
            title=item.milestone.title[:200], due_at=item.due,
        )
        session.add(milestone)
        existing.add(key)
        created.append((milestone, item.milestone.remind))
    session.flush()
    return created


def pending_of(session: Session, case: Case, playbook: Playbook) -> Created:
    """The case's pending milestones with their playbook reminder offsets."""
    offsets = {(step.id, m.id): m.remind for step in playbook.steps for m in step.milestones}
    rows = session.exec(select(Milestone).where(Milestone.case_id == case.id, Milestone.state == "pending"))
    return [(m, offsets.get((m.step_id, m.milestone_key), ())) for m in rows]


def schedule_reminders(session: Session, case: Case, created: Created, owner_tz: Callable[[], str],
                       holiday_country: str) -> None:
    """The one call site into the reminders engine (issue 6): each milestone's series.

    Waits until the card exists, so reminders land in the case thread; scheduling a
    milestone twice adds nothing (the reminders engine dedupes).
    """
    if not created or case.card_ts is None:
        return
    tz = owner_tz()
    for milestone, offsets in created:
        schedule_milestone(
            session, milestone, owner_id=case.owner_id, channel_id=case.channel_id,
            thread_ts=case.card_ts, owner_tz=tz, country=holiday_country or None,
            policy=ReminderPolicy.from_offsets(offsets))
