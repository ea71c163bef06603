"""What a case looks like at this moment, as plain data the Slack adapter renders."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from bot.cases.errors import CaseProblem
from bot.cases.records import case_facts, checked_items, events_of, step_history
from db.models import Case, CaseEvent, Milestone
from playbooks import Library, Playbook, Step, WalkState, derive_facts, walk
from playbooks.models import END

DRAFT_CHANNELS = ("email", "call_notes", "letter")


@dataclass(frozen=True)
class MilestoneLine:
    id: int
    title: str
    due_at: datetime
    state: str


@dataclass(frozen=True)
class StepAction:
    kind: str
    label: str
    choice: str | None = None


@dataclass(frozen=True)
class StepCard:
    """The current step of a case's walk, as its thread message shows it."""

    case_id: int
    ref: str
    step_id: str
    title: str
    guidance: str
    checklist: tuple[str, ...]
    checked: tuple[int, ...]
    actions: tuple[StepAction, ...]
    question: str | None
    suggested: str | None
    drafts: tuple[str, ...]
    records: tuple[str, ...]
    offers_remedies: bool
    position: int
    total: int


@dataclass(frozen=True)
class CaseCard:
    """The case card: figures, people, playbook, progress and milestones."""

    case_id: int
    ref: str
    channel_id: str
    card_ts: str | None
    thread_ts: str | None
    owner_id: str
    status: str
    outcome: str | None
    facts: dict[str, Any]
    overage_units: int
    overage_percent: float
    playbook_id: str
    playbook_title: str
    playbooks: tuple[tuple[str, str], ...]
    position: int
    total: int
    step_title: str | None
    milestones: tuple[MilestoneLine, ...] = ()
    revenue_retained_cents: int | None = None


def playbook_of(library: Library, case: Case) -> Playbook:
    """The case's playbook, or the best fit if its file has gone from the library."""
    return library.playbooks.get(case.playbook_id) or library.choose(case.breach_kind, case.intent)


def step_of(playbook: Playbook, step_id: str, ref: str) -> Step:
    """A step a button or form names, or a problem the rep can act on."""
    try:
        return playbook.step(step_id)
    except KeyError:
        raise CaseProblem(f"That step is not in the playbook of {ref} any more; "
                          "use the newest step in the case thread.") from None


def walk_case(library: Library, case: Case, events: list[CaseEvent]) -> tuple[Playbook, WalkState]:
    playbook = playbook_of(library, case)
    return playbook, walk(playbook, case_facts(case), step_history(events))


def step_card(case: Case, playbook: Playbook, state: WalkState, events: list[CaseEvent]) -> StepCard:
    """The current step; once every step is walked, a closing card that can still go Back."""
    step = state.current
    actions = tuple(StepAction(a.kind, a.label, a.choice) for a in state.actions)
    if step is None:
        return StepCard(
            case_id=case.id, ref=case.ref, step_id=END, title="Every step is walked",
            guidance=f"Close the case with /breach close {case.ref} once the customer is compliant.",
            checklist=(), checked=(), actions=actions, question=None, suggested=None, drafts=(),
            records=(), offers_remedies=False, position=state.total, total=state.total)
    return StepCard(
        case_id=case.id, ref=case.ref, step_id=step.id, title=step.title, guidance=step.guidance,
        checklist=step.checklist, checked=tuple(checked_items(events, step.id)), actions=actions,
        question=step.choices.question if step.choices else None, suggested=state.suggested_choice,
        drafts=tuple(c for c in DRAFT_CHANNELS if c in step.templates),
        records=tuple(r for r in step.records if r != "chosen_remedy"),
        offers_remedies="chosen_remedy" in step.records and bool(playbook.remedies),
        position=state.position, total=state.total,
    )


def case_card(session: Session, library: Library, case: Case) -> tuple[CaseCard, StepCard]:
    """The card and the current step, from the database."""
    events = events_of(session, case.id)
    playbook, state = walk_case(library, case, events)
    facts = derive_facts(case_facts(case))
    milestones = session.exec(
        select(Milestone).where(Milestone.case_id == case.id).order_by(Milestone.due_at)
    ).all()
    card = CaseCard(
        case_id=case.id, ref=case.ref, channel_id=case.channel_id, card_ts=case.card_ts,
        thread_ts=case.card_ts, owner_id=case.owner_id, status=case.status, outcome=case.outcome,
        facts=facts, overage_units=int(facts.get("overage_units", 0)),
        overage_percent=float(facts.get("overage_percent", 0.0)), playbook_id=playbook.id,
        playbook_title=playbook.title,
        playbooks=tuple(sorted((p.id, p.title) for p in library.playbooks.values())),
        position=state.position, total=state.total,
        step_title=state.current.title if state.current else None,
        milestones=tuple(MilestoneLine(m.id, m.title, m.due_at, m.state) for m in milestones),
        revenue_retained_cents=case.revenue_retained_cents,
    )
    return card, step_card(case, playbook, state, events)


def remember_position(case: Case, state: WalkState) -> None:
    """Keep where the walk stands on the row, so lists and the App Home need no replay."""
    case.current_step_id = state.current.id if state.current else None
    case.current_step_title = state.current.title[:200] if state.current else ""
    case.step_position, case.step_total = state.progress


