"""Block Kit limits hold with a very long customer name, many cases, events, milestones and findings;
what does not fit is paginated or visibly truncated."""
from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from bot.cases.drafts import Draft
from bot.cases.snapshot import StepAction, StepCard
from bot.slack.cases.card import step_blocks
from bot.slack.cases.drafting import draft_view
from db.models import Case, CaseEvent, Milestone
from db.types import utcnow
from tests.cases.conftest import eventually, text_of

LONG_NAME = ("<Ünïcode & Co> " * 14)[:200]
HARSH = " ".join(["You violated the EULA. Pursuant to the agreement, pay promptly or face legal action!!!"] * 8)


def _limit_problems(call) -> list[str]:
    """Where one recorded Slack call breaks a Block Kit limit."""
    problems: list[str] = []
    args = call.args
    view = args.get("view")
    blocks = (view or {}).get("blocks") if isinstance(view, dict) else args.get("blocks")
    blocks = blocks or []
    if len(blocks) > (100 if view else 50):
        problems.append(f"{call.method}: {len(blocks)} blocks")
    if isinstance(view, dict) and len(((view.get("title") or {}).get("text")) or "") > 24:
        problems.append(f"title {view['title']['text']!r}")

    def visit(node, parent=""):
        if isinstance(node, dict):
            kind = node.get("type")
            text = (node.get("text") or {}).get("text", "") if isinstance(node.get("text"), dict) else ""
            if kind == "section" and len(text) > 3000:
                problems.append(f"section text {len(text)}")
            if kind == "section" and any(len(f["text"]) > 2000 for f in node.get("fields") or []):
                problems.append("section field over 2000")
            if kind == "header" and len(text) > 150:
                problems.append(f"header {len(text)}")
            if kind == "button" and len(text) > 75:
                problems.append(f"button label {len(text)}")
            if parent == "options" and len(text) > 75:
                problems.append(f"option {len(text)}")
            if kind == "actions" and len(node.get("elements") or []) > 25:
                problems.append("actions over 25")
            for key, value in node.items():
                visit(value, key)
        elif isinstance(node, list):
            for value in node:
                visit(value, parent)

    visit(blocks)
    return problems


def _crowd(runtime, owner: str, count: int) -> None:
    """`count` more open cases for `owner`, each with a pending milestone (some overdue)."""
    now = utcnow()
    with Session(runtime.engine) as session:
        for n in range(count):
            case = Case(team_id="T0", channel_id="C0CASES", owner_id=owner, customer_name=f"Customer {n}",
                        licensed_units=10, units_in_use=12, breach_kind="seat_overage", intent="unknown",
                        playbook_id="seat-overage", current_step_id="verify", current_step_title="Check",
                        step_position=1, step_total=7)
            session.add(case)
            session.flush()
            session.add(Milestone(case_id=case.id, step_id="verify", milestone_key="m", title="M",
                                  due_at=now + timedelta(days=n - 30)))
        session.commit()


def test_long_names_many_cases_events_milestones_and_findings_stay_within_limits(flow, runtime):
    card = flow.open_case(customer_name=LONG_NAME, contact_name=LONG_NAME)
    with Session(runtime.engine) as session:
        now = utcnow()
        for n in range(30):
            session.add(Milestone(case_id=1, step_id="verify", milestone_key=f"extra{n}",
                                  title=f"Milestone {n} " + "x" * 180, due_at=now + timedelta(days=n)))
        for n in range(80):
            session.add(CaseEvent(case_id=1, actor="U0REP", kind="checklist",
                                  payload={"step_id": "verify", "checked": [n % 3]}))
        session.commit()
    _crowd(runtime, "U0REP", 70)
    flow.press(flow.thread(card)[-1], "case_step_done")
    eventually(lambda: len(flow.thread(card)) == 2)
    for command in ("list", "list team", "list overdue", "show BR-1", "log BR-1", "summary BR-1"):
        flow.command(command)
    flow.command(HARSH, command="/tone")
    flow.app.send(flow.requests.event({"type": "app_home_opened", "user": "U0REP", "tab": "home"}))
    [home] = flow.slack.wait_for("views.publish")
    answers = [c.args for c in flow.slack.wait_for("response_url", 7)]
    assert [p for c in flow.slack.calls for p in _limit_problems(c)] == []


    def answer(starts: str) -> dict:
        """The answer whose first block's text starts so (they arrive in any order)."""
        [found] = [a for a in answers if a["blocks"][0]["text"]["text"].startswith(starts)]
        return found

    listing, team, shown = answer("Your open"), answer("The team"), answer("BR-1 ·")
    log, summary, tone = answer("BR-1 timeline"), answer("BR-1:"), answer("Tone check")
    assert "… and 31 more" in text_of(listing["blocks"]) and "… and 31 more" in text_of(team["blocks"])
    assert "more: the file `/breach summary BR-1` uploads lists them all" in text_of(shown["blocks"])
    [upload] = flow.slack.state.uploads.values()
    assert upload.decode().count("Milestone 29 ") == 2
    assert "Showing the latest 45 of 82 events" in text_of(log["blocks"])
    assert "(shortened)" in text_of(summary["blocks"])
    assert "more findings not shown" in text_of(tone["blocks"])
    assert "… and 46 more: `/breach list mine` shows them all." in text_of(home.args["view"]["blocks"])
    assert flow.current(card["channel"], card["ts"])["blocks"][0]["text"]["text"].endswith("… (shortened)")


def test_a_draft_longer_than_the_input_box_says_its_end_is_cut():
    view = draft_view(Draft(1, "BR-1", "first-contact", "First contact", "email", "Seats", "Thanks. " * 500))
    body = next(b for b in view["blocks"] if b.get("block_id") == "body0")
    assert len(body["element"]["initial_value"]) == 3000
    assert "4,000 characters and the box holds 3,000" in text_of(view["blocks"])


def test_a_step_with_many_choices_spreads_its_buttons_over_actions_blocks():
    choices = tuple(StepAction("choice", f"Option {n} " + "y" * 90, f"c{n}") for n in range(30))
    step = StepCard(case_id=1, ref="BR-1", step_id="s", title="Pick", guidance="", checklist=(), checked=(),
                    actions=(*choices, StepAction("back", "Back")), question="Which?", suggested=None,
                    drafts=(), records=(), offers_remedies=False, position=1, total=2)
    actions = [b for b in step_blocks(step) if b["type"] == "actions"]
    assert [len(b["elements"]) for b in actions] == [25, 6]
    assert len({b["block_id"] for b in actions}) == 2
    assert all(len(e["text"]["text"]) <= 75 for b in actions for e in b["elements"])
