"""Drafting a customer message from a case's figures, and checking its tone."""
from __future__ import annotations

from dataclasses import dataclass

import tone
from bot.cases.errors import CaseProblem
from bot.cases.records import case_facts
from bot.cases.service import Desk, open_case_for
from bot.cases.snapshot import playbook_of, step_of
from db.engine import session_scope
from playbooks import FactError, MissingFact, RenderError, render_step

CHANNEL_TITLES = {"email": "Draft email", "call_notes": "Call notes", "letter": "Letter"}


@dataclass(frozen=True)
class Draft:
    case_id: int
    ref: str
    step_id: str
    step_title: str
    channel: str
    subject: str | None
    body: str


def start_draft(desk: Desk, case_id: int, user: str, step_id: str, channel: str) -> Draft:
    """The step's template for `channel`, rendered from the case's exact figures."""
    if channel not in CHANNEL_TITLES:
        raise CaseProblem("That button is from an older version of Tactful; use the newest step.")
    with session_scope(desk.engine) as session:
        case = open_case_for(desk, session, case_id, user)
        playbook = playbook_of(desk.library, case)
        facts = case_facts(case)
        ref = case.ref
    step = step_of(playbook, step_id, ref)
    try:
        rendered = render_step(playbook, step_id, channel, facts)
    except MissingFact as missing:
        label = playbook.all_facts().get(missing.fact)
        name = label.label if label and label.label else missing.fact
        raise CaseProblem(f"This draft needs “{name}”, which {ref} does not have yet. "
                          "Record it on the step that collects it, then draft again.") from None
    except (RenderError, FactError, KeyError) as exc:
        raise CaseProblem(f"The {channel.replace('_', ' ')} template could not be drafted: {exc}") from None
    return Draft(case_id, ref, step_id, step.title, channel, rendered.subject, rendered.body)


def full_text(subject: str | None, body: str) -> str:
    """What the reader sees, so the subject line is checked too."""
    return f"{subject}\n\n{body}" if subject else body


def review(text: str) -> tone.ToneReport:
    return tone.check(text)


def improve(subject: str | None, body: str) -> tuple[str | None, str]:
    """Apply every drop-in replacement the tone checker offers, to subject and body alike."""
    new_subject = tone.apply_suggestions(subject, tone.check(subject)) if subject else subject
    return new_subject, tone.apply_suggestions(body, tone.check(body))
