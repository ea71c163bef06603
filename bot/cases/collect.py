"""Facts a step collects (its `records`), including the agreed remedy and that remedy's numbers."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.cases.records import case_facts
from bot.cases.service import Desk, open_case_for
from bot.cases.snapshot import playbook_of, step_of
from db.engine import session_scope
from playbooks import Fact, FactError
from playbooks.facts import coerce_fact

REMEDY = "chosen_remedy"


@dataclass(frozen=True)
class FactForm:
    """What the record-details modal asks for on one step."""

    case_id: int
    ref: str
    step_id: str
    step_title: str
    facts: tuple[Fact, ...]
    remedies: dict[str, str]
    remedy: str | None
    remedy_text: str
    known: dict[str, Any]


def fact_form(desk: Desk, case_id: int, user: str, step_id: str, remedy: str | None = None) -> FactForm:
    """The step's recorded facts (remedy facts once a remedy is picked), with known values."""
    with session_scope(desk.engine) as session:
        case = open_case_for(desk, session, case_id, user)
        playbook = playbook_of(desk.library, case)
        known, ref = case_facts(case), case.ref
    step = step_of(playbook, step_id, ref)
    declared = playbook.all_facts()
    wants_remedy = REMEDY in step.records and bool(playbook.remedies)
    remedy = remedy if remedy in playbook.remedies else (known.get(REMEDY) if wants_remedy else None)
    remedy = remedy if remedy in playbook.remedies else None
    facts = [declared[name] for name in step.records if name != REMEDY and name in declared]
    if remedy:
        facts += list(playbook.remedies[remedy].facts)
    remedies = {rid: r.title for rid, r in playbook.remedies.items()} if wants_remedy else {}
    text = playbook.remedies[remedy].description if remedy else ""
    return FactForm(case_id, ref, step_id, step.title, tuple(facts), remedies, remedy, text, known)


def check_fact_values(form: FactForm, raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Typed values, or errors by fact name (and by `chosen_remedy` when none is picked)."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if form.remedies and not form.remedy:
        errors[REMEDY] = "Pick the remedy the customer agreed to."
    for fact in form.facts:
        value = raw.get(fact.name)
        if value in (None, ""):
            if fact.required:
                errors[fact.name] = "This is needed."
            continue
        try:
            values[fact.name] = coerce_fact(fact, value)
        except FactError as exc:
            errors[fact.name] = str(exc).split(": ", 1)[-1].capitalize()[:150]
    return values, errors
