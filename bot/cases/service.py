"""Case actions: each checks permission, appends one event, then brings Slack up to date."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.cases.deadlines import pending_of, schedule_reminders, sync_milestones
from bot.cases.errors import CaseProblem
from bot.cases.permissions import Members, cached_members, require_act, require_see
from bot.cases.ports import CaseChannel
from bot.cases.records import CASE_COLUMNS, append_event, checked_items, claim_once, events_of, jsonable
from bot.cases.snapshot import CaseCard, case_card, playbook_of, remember_position, walk_case
from db.engine import session_scope
from db.models import Case
from db.types import utcnow
from playbooks import Library

REF = re.compile(r"^\s*(?:BR-?)?(\d{1,9})\s*$", re.I)
OUTCOMES = {
    "compliant_seats": "Compliant: bought the missing seats or units",
    "compliant_tier": "Compliant: moved to a tier that fits",
    "compliant_reduced": "Compliant: reduced usage to the licence",
    "escalated": "Escalated (legal or management)",
    "churned": "Churned",
}
ACTION_NOTES = {"done": "Done", "skip": "Skipped", "back": "Went back", "choice": "Chose"}


@dataclass
class Desk:
    """Everything a case action needs: the database, the playbooks, the admins and Slack."""

    engine: Engine
    library: Library
    admins: frozenset[str]
    holiday_country: str
    slack: CaseChannel
    _members: Members | None = field(default=None, init=False, repr=False)

    def members(self) -> Members:
        """Channel membership, looked up at most once per channel for this Desk (one request)."""
        if self._members is None:
            self._members = cached_members(self.slack.channel_members)
        return self._members


def parse_ref(text: str) -> int:
    if not (text or "").strip():
        raise CaseProblem("Say which case, by its id (like BR-42).")
    match = REF.match(text)
    if not match:
        raise CaseProblem(f"{text.strip()} is not a case id; write it like BR-42.")
    return int(match.group(1))


def load_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise CaseProblem(f"There is no case BR-{case_id}.")
    return case


def open_case(desk: Desk, *, team_id: str, owner_id: str, facts: dict[str, Any],
              dedupe_key: str) -> int | None:
    """Store a new case and post its card and first step; None if this submission was seen."""
    channel = facts["channel_id"]
    private = desk.slack.channel_is_private(channel)
    if private and owner_id not in desk.slack.channel_members(channel) and owner_id not in desk.admins:
        raise CaseProblem("Cases can only go to a private channel you are a member of; pick another channel.")
    rep_name = desk.slack.user_name(owner_id)
    with session_scope(desk.engine) as session:
        if not claim_once(session, dedupe_key):
            return None
        playbook = desk.library.choose(facts["breach_kind"], facts["intent"])
        case = Case(team_id=team_id, channel_id=channel, channel_is_private=private,
                    owner_id=owner_id, playbook_id=playbook.id, facts={"rep_name": rep_name},
                    **{name: facts[name] for name in CASE_COLUMNS if facts.get(name) is not None})
        session.add(case)
        session.flush()
        append_event(session, case, owner_id, "opened",
                     {**{k: facts.get(k) for k in (*CASE_COLUMNS, "channel_id")},
                      "playbook": playbook.id})
        _after_change(desk, session, case)
        case_id = case.id
    publish(desk, case_id, new_step=True)
    return case_id


def act_on_step(desk: Desk, case_id: int, user: str, action: str, step_id: str, *,
                choice: str | None = None, reason: str = "", dedupe_key: str | None = None) -> None:
    """Done, skip (with a reason), back or a choice on the current step.

    The step message the record knows is closed (its buttons removed) afterwards; a ts
    from the request is never trusted, so no other message can be overwritten.
    """
    with session_scope(desk.engine) as session:
        case = open_case_for(desk, session, case_id, user)
        playbook, state = walk_case(desk.library, case, events_of(session, case.id))
        current = state.current.id if state.current else "end"
        offered = {(a.kind, a.choice) for a in state.actions}
        if step_id != current or (action, choice if action == "choice" else None) not in offered:
            raise CaseProblem(f"That step of {case.ref} has moved on; the newest step in the "
                              "thread shows where the case stands.")
        payload = {"action": action, "step_id": step_id, "choice": choice, "reason": reason}
        if not append_event(session, case, user, "step", payload, dedupe_key=dedupe_key):
            return
        label = next((a.label for a in state.actions if a.kind == action and a.choice == choice), "")
        note = f"{ACTION_NOTES[action]}: {label}" if action == "choice" else ACTION_NOTES[action]
        note += f" (reason: {reason})" if reason else ""
        if state.current is not None:
            note = f"{state.current.title}: {note}"
        old_ts = case.step_message_ts
        _after_change(desk, session, case)
    publish(desk, case_id, new_step=True, closed=(old_ts, note, user))


def save_checklist(desk: Desk, case_id: int, user: str, step_id: str, ticked: list[str],
                   group: range) -> None:
    """Keep the ticked boxes of the current step: `ticked` are the item numbers now ticked
    among `group` (one checkbox element); ticks outside the group stay as they were."""
    with session_scope(desk.engine) as session:
        case = open_case_for(desk, session, case_id, user)
        events = events_of(session, case.id)
        _, state = walk_case(desk.library, case, events)
        items = len(state.current.checklist) if state.current and state.current.id == step_id else 0
        if not items:
            raise CaseProblem(f"That step of {case.ref} has moved on; tick the boxes on the newest step.")
        now = {int(i) for i in ticked if str(i).isdigit() and int(i) in group and int(i) < items}
        kept = {i for i in checked_items(events, step_id) if i not in group}
        append_event(session, case, user, "checklist", {"step_id": step_id, "checked": sorted(kept | now)})


def switch_playbook(desk: Desk, case_id: int, user: str, playbook_id: str) -> None:
    """Start the walk again with another playbook (the old steps stay in the record)."""
    with session_scope(desk.engine) as session:
        case = open_case_for(desk, session, case_id, user)
        if playbook_id not in desk.library.playbooks:
            raise CaseProblem(f"There is no playbook {playbook_id!r}.")
        if case.playbook_id == playbook_id:
            return
        append_event(session, case, user, "playbook_switched",
                     {"from": case.playbook_id, "to": playbook_id})
        case.playbook_id = playbook_id
        old_ts = case.step_message_ts
        _after_change(desk, session, case)
    title = desk.library.playbooks[playbook_id].title
    publish(desk, case_id, new_step=True, closed=(old_ts, f"Playbook switched to {title}", user))


def record_draft(desk: Desk, case_id: int, user: str, draft: dict[str, Any],
                 dedupe_key: str | None = None) -> None:
    """Keep a message as sent: channel, subject, text and its tone score and verdict."""
    with session_scope(desk.engine) as session:
        case = open_case_for(desk, session, case_id, user)
        if not append_event(session, case, user, "draft_recorded", draft, dedupe_key=dedupe_key):
            return
    label = draft["channel"].replace("_", " ")
    desk.slack.post_note(_card(desk, case_id), f"{label.capitalize()} recorded as sent: tone "
                         f"{draft['score']}/100 ({draft['verdict']}).")


def record_facts(desk: Desk, case_id: int, user: str, step_id: str, values: dict[str, Any],
                 *, remedy: str | None = None, dedupe_key: str | None = None) -> None:
    """Store facts a step collects (and the agreed remedy), then create the milestones they anchor."""
    with session_scope(desk.engine) as session:
        case = open_case_for(desk, session, case_id, user)
        kind = "remedy_agreed" if remedy else "facts_recorded"
        payload = {"step_id": step_id, "values": values} | ({"remedy": remedy} if remedy else {})
        if not append_event(session, case, user, kind, payload, dedupe_key=dedupe_key):
            return
        extra = {"chosen_remedy": remedy} if remedy else {}
        case.facts = {**case.facts, **jsonable(values), **extra}
        for name in CASE_COLUMNS:
            if name in values:
                setattr(case, name, values[name])
        _after_change(desk, session, case)
    publish(desk, case_id)


def close_case(desk: Desk, case_id: int, user: str, outcome: str, revenue_cents: int | None,
               note: str = "") -> None:
    if outcome not in OUTCOMES:
        raise CaseProblem(f"Outcome must be one of: {', '.join(OUTCOMES)}.")
    with session_scope(desk.engine) as session:
        case = open_case_for(desk, session, case_id, user)
        append_event(session, case, user, "closed",
                     {"outcome": outcome, "revenue_retained_cents": revenue_cents, "note": note})
        case.status, case.outcome = "closed", outcome
        case.revenue_retained_cents, case.closed_at = revenue_cents, utcnow()
    publish(desk, case_id)
    desk.slack.post_note(_card(desk, case_id), f"Case closed: {OUTCOMES[outcome]}.")


def reopen_case(desk: Desk, case_id: int, user: str) -> None:
    with session_scope(desk.engine) as session:
        case = load_case(session, case_id)
        require_act(case, user, desk.admins, desk.members())
        if case.status == "open":
            raise CaseProblem(f"{case.ref} is already open.")
        append_event(session, case, user, "reopened", {"previous_outcome": case.outcome})
        case.status, case.outcome, case.closed_at = "open", None, None
    publish(desk, case_id)
    desk.slack.post_note(_card(desk, case_id), "Case reopened.")


def visible_case(desk: Desk, session: Session, case_id: int, user: str) -> Case:
    case = load_case(session, case_id)
    require_see(case, user, desk.admins, desk.members())
    return case


def publish(desk: Desk, case_id: int, *, new_step: bool = False,
            closed: tuple[str | None, str, str] | None = None) -> None:
    """Bring the card (and, after a step change, the thread) in line with the record."""
    with session_scope(desk.engine) as session:
        card, step = case_card(session, desk.library, load_case(session, case_id))
    if card.card_ts is None:
        ts = desk.slack.post_card(card)
        card = replace(card, card_ts=ts, thread_ts=ts)
        _card_posted(desk, case_id, ts)
    else:
        desk.slack.update_card(card)
    if closed and closed[0]:
        desk.slack.close_step(card, closed[0], closed[1], closed[2])
    if not new_step:
        return
    _store(desk, case_id, step_message_ts=desk.slack.post_step(card, step))


def _card(desk: Desk, case_id: int) -> CaseCard:
    with session_scope(desk.engine) as session:
        return case_card(session, desk.library, load_case(session, case_id))[0]


def _card_posted(desk: Desk, case_id: int, ts: str) -> None:
    """Keep the card's ts and schedule the reminders that were waiting for its thread."""
    with session_scope(desk.engine) as session:
        case = load_case(session, case_id)
        case.card_ts = ts
        session.add(case)
        pending = pending_of(session, case, playbook_of(desk.library, case))
        schedule_reminders(session, case, pending, lambda: desk.slack.user_timezone(case.owner_id),
                           desk.holiday_country)


def _store(desk: Desk, case_id: int, **columns: Any) -> None:
    with session_scope(desk.engine) as session:
        case = load_case(session, case_id)
        for name, value in columns.items():
            setattr(case, name, value)
        session.add(case)


def open_case_for(desk: Desk, session: Session, case_id: int, user: str) -> Case:
    case = load_case(session, case_id)
    require_act(case, user, desk.admins, desk.members())
    if case.status != "open":
        raise CaseProblem(f"{case.ref} is closed. Use /breach reopen {case.ref} to work on it again.")
    return case


def _after_change(desk: Desk, session: Session, case: Case) -> None:
    """Keep the row's walk position current and create any milestones now due."""
    playbook, state = walk_case(desk.library, case, events_of(session, case.id))
    remember_position(case, state)
    session.add(case)
    created = sync_milestones(session, case, playbook, state, desk.holiday_country)
    schedule_reminders(session, case, created, lambda: desk.slack.user_timezone(case.owner_id),
                       desk.holiday_country)


def check_can_act(desk: Desk, case_id: int, user: str) -> None:
    """Raise NotAllowed / CaseProblem before opening a form the user could not submit."""
    with session_scope(desk.engine) as session:
        open_case_for(desk, session, case_id, user)
