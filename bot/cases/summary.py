"""The written summary and the timeline, both built from the case record."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.cases.records import case_facts, events_of
from bot.cases.service import OUTCOMES
from bot.cases.snapshot import walk_case
from db.models import Case, CaseEvent, Milestone
from playbooks import Library, derive_facts


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    ref: str
    title: str
    sections: tuple[Section, ...]

    def markdown(self) -> str:
        out = [f"# {self.title}", ""]
        for section in self.sections:
            out += [f"## {section.heading}", "", *[f"- {line}" for line in section.lines], ""]
        return "\n".join(out)


def _count(n: object, unit: str) -> str:
    return f"{n:,} {unit}" if isinstance(n, int) else f"{n} {unit}"


def _at(moment: datetime, tz: str) -> str:
    local = moment.astimezone(ZoneInfo(tz))
    return f"{local:%Y-%m-%d %H:%M} {tz}"


def summarize(session: Session, library: Library, case: Case, tz: str = "UTC") -> Summary:
    """What was found (exact figures), what is open, the proposal, the agreement, the contact.

    Times are written in `tz` (the reader's timezone) and say so.
    """
    facts = derive_facts(case_facts(case))
    events = events_of(session, case.id)
    playbook, state = walk_case(library, case, events)
    unit = facts.get("unit_name", "units")
    found = [
        f"{_count(case.units_in_use, unit)} in use against {_count(case.licensed_units, unit)} licensed: "
        f"{facts.get('overage_units', 0):+,} ({facts.get('overage_percent', 0)}%)",
        f"Products: {case.products or 'not given'}; account {case.account_id or 'not given'}",
        f"First seen above the licence: {case.first_seen or 'not given'}; renewal: {case.renewal_date or 'not given'}",
        f"Kind: {case.breach_kind.replace('_', ' ')}; intent: {case.intent}",
    ]
    milestones = session.exec(select(Milestone).where(Milestone.case_id == case.id).order_by(Milestone.due_at)).all()
    still_open = [f"Next step: {state.current.title} (step {state.position} of {state.total})"] \
        if state.current else ["Every playbook step is walked"]
    still_open += [f"{m.title}: due {_at(m.due_at, tz)}" for m in milestones if m.state == "pending"]
    drafts = [e for e in events if e.kind == "draft_recorded"]
    proposal = [f"{e.at:%Y-%m-%d} {e.payload['channel'].replace('_', ' ')} sent, tone {e.payload['score']}/100 "
                f"({e.payload['verdict']})" for e in drafts] or ["No message recorded yet"]
    agreed = _agreement(playbook.remedies, events, milestones, tz)
    contact = [f"{case.contact_name or 'not named'} ({case.contact_email or 'no email'}), "
               f"timezone {case.customer_timezone}", f"Owner: {facts.get('rep_name', case.owner_id)}"]
    if case.status == "closed":
        contact.append(f"Outcome: {OUTCOMES.get(case.outcome or '', case.outcome)}; revenue retained "
                       f"{(case.revenue_retained_cents or 0) / 100:,.2f}")
    sections = (Section("What we found", tuple(found)), Section("Still open", tuple(still_open)),
                Section("What we proposed", tuple(proposal)), Section("Agreed remedy and milestones", tuple(agreed)),
                Section("Contact", tuple(contact)))
    return Summary(case.ref, f"{case.ref}: {case.customer_name} ({playbook.title})", sections)


def _agreement(remedies: dict, events: list[CaseEvent], milestones: list[Milestone], tz: str) -> list[str]:
    lines = []
    for event in events:
        if event.kind == "remedy_agreed":
            remedy = remedies.get(event.payload.get("remedy"))
            numbers = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in event.payload.get("values", {}).items())
            lines.append(f"{remedy.title if remedy else event.payload.get('remedy')}: {numbers}")
    lines += [f"{m.title}: due {_at(m.due_at, tz)} ({m.state})" for m in milestones]
    return lines or ["No remedy agreed yet"]


@dataclass(frozen=True)
class TimelineLine:
    at: datetime
    actor: str
    text: str


def _describe(event: CaseEvent) -> str:
    p = event.payload
    match event.kind:
        case "opened":
            return f"opened the case with playbook {p.get('playbook')}"
        case "step":
            extra = f" {p.get('choice')}" if p.get("choice") else ""
            reason = f" (reason: {p['reason']})" if p.get("reason") else ""
            return f"{p['action']}{extra} on step {p['step_id']}{reason}"
        case "checklist":
            return f"ticked {len(p.get('checked', []))} checklist item(s) on {p.get('step_id')}"
        case "draft_recorded":
            return f"recorded a {p['channel'].replace('_', ' ')} as sent (tone {p['score']}, {p['verdict']})"
        case "remedy_agreed":
            return f"recorded the agreed remedy {p.get('remedy')}"
        case "facts_recorded":
            return f"recorded {', '.join(p.get('values', {}))}"
        case "playbook_switched":
            return f"switched playbook from {p.get('from')} to {p.get('to')}"
        case "closed":
            note = f" (note: {p['note']})" if p.get("note") else ""
            return f"closed the case: {OUTCOMES.get(p.get('outcome'), p.get('outcome'))}{note}"
        case "reopened":
            return "reopened the case"
    return event.kind


def timeline(session: Session, case: Case) -> list[TimelineLine]:
    return [TimelineLine(e.at, e.actor, _describe(e)) for e in events_of(session, case.id)]
