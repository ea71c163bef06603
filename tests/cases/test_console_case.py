"""A whole case in the console, from `/breach new` to `/breach close`, typed as a rep would."""
from __future__ import annotations

import io

import pytest
from rich.console import Console
from sqlmodel import Session, select

from bot.console.session import ConsoleSession
from tests.support.scripted_input import ScriptedInput
from db.models import Case, CaseEvent, Milestone


@pytest.fixture
def console(runtime):
    output = io.StringIO()
    script = ScriptedInput()
    session = ConsoleSession(runtime, Console(file=output, width=120, color_system=None), script)
    yield session, output, script
    session.close()


def press(session: ConsoleSession, action_id: str, label: str | None = None) -> None:
    """Press the newest button with this action id (and label), by its number, as a user types it."""
    numbers = [n for n, p in session.pressables.items() if p.element.get("action_id") == action_id
               and (label is None or p.element.get("text", {}).get("text") == label)]
    assert numbers, f"no button {action_id} {label or ''}"
    assert session.handle(str(max(numbers)))


def submit(session: ConsoleSession, script: ScriptedInput, answers: list[str]) -> None:
    script.answers = list(answers)
    assert session.handle("submit")


def test_a_whole_case_from_new_to_close(console, runtime):
    session, output, script = console
    session.handle("/breach new Acme Corp seats 140/100 renewal 2027-03-01")
    assert "New breach case" in output.getvalue()
    submit(session, script, ["", "ACME-1", "Tactful Cloud", "", "", "", "2026-10-01", "", "", "", "2",
                             "Dana Smith", "dana@acme.example", "Europe/Berlin", ""])
    assert "BR-1 · Acme Corp" in output.getvalue() and "+40 (40%)" in output.getvalue()
    press(session, "case_step_done")
    press(session, "case_step_choice_0")
    press(session, "case_draft_email")
    assert "Tone " in output.getvalue()
    submit(session, script, ["", ""])
    assert "Email recorded as sent" in output.getvalue()
    press(session, "case_step_done")
    press(session, "case_step_choice_0", "Accepts an option")
    press(session, "case_remedy")
    submit(session, script, ["1", ""])
    submit(session, script, ["", "2026-12-04", "40", "120", "2026-12-18"])
    for _ in range(3):
        press(session, "case_step_done")
    assert "Every step is walked" in output.getvalue()
    press(session, "case_step_back")
    assert "Close and prevent a repeat" in output.getvalue().rsplit("Every step is walked", 1)[1]
    press(session, "case_step_done")
    session.handle("/breach close BR-1")
    submit(session, script, ["1", "4800", "All 40 seats bought"])
    session.handle("/breach log BR-1")
    assert "closed the case" in output.getvalue()
    with Session(runtime.engine) as db:
        case = db.exec(select(Case)).one()
        assert (case.status, case.outcome, case.revenue_retained_cents) == ("closed", "compliant_seats", 480000)
        kinds = [e.kind for e in db.exec(select(CaseEvent).order_by(CaseEvent.id))]
        assert kinds[0] == "opened" and kinds[-1] == "closed"
        assert {"draft_recorded", "remedy_agreed"} <= set(kinds)
        assert "remedy-done" in {m.milestone_key for m in db.exec(select(Milestone))}
