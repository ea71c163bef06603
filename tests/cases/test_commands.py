"""/breach list, show, log, summary, close and reopen."""
from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from bot.slack.local import Actor
from db.models import Case, Milestone
from db.types import utcnow
from tests.cases.conftest import FACTS, eventually, text_of


def _answer(flow, count):
    return flow.slack.wait_for("response_url", count)[count - 1].args


def test_list_show_and_log(flow):
    flow.open_case()
    flow.open_case(customer_name="Globex")
    flow.command("list")
    mine = text_of(_answer(flow, 1)["blocks"])
    assert "BR-1" in mine and "BR-2" in mine and "Globex" in mine and "step 1/" in mine
    flow.command("list overdue")
    assert "Nothing here" in text_of(_answer(flow, 2)["blocks"])
    flow.command("list sideways")
    assert "/breach list team" in _answer(flow, 3)["text"]
    flow.command("show BR-2")
    shown = _answer(flow, 4)
    assert shown["blocks"][0]["text"]["text"] == "BR-2 · Globex"
    flow.command("log BR-1")
    log = text_of(_answer(flow, 5)["blocks"])
    assert "opened the case with playbook seat-overage" in log and "<!date^" in log
    flow.command("show BR-99")
    assert "no case BR-99" in _answer(flow, 6)["text"]
    banana = flow.command("show banana").json()
    assert banana["response_type"] == "ephemeral" and "BR-42" in banana["text"]


def test_summary_is_a_message_and_an_uploaded_markdown_file(flow):
    card = flow.open_case()
    flow.command("summary BR-1")
    message = text_of(_answer(flow, 1)["blocks"])
    assert "140 seats in use against 100 seats licensed: +40 (40" in message
    assert "Dana Smith (dana@acme.example)" in message and "Still open" in message
    [done] = flow.slack.wait_for("files.completeUploadExternal")
    assert done.args["channel_id"] == card["channel"] and done.args["thread_ts"] == card["ts"]
    [upload] = flow.slack.state.uploads.values()
    markdown = upload.decode()
    assert markdown.startswith("# BR-1: Acme Corp") and "## What we found" in markdown
    assert "## Agreed remedy and milestones" in markdown and "Figures checked" in markdown
    assert "America/New_York" in markdown and "America/New_York" in message


def test_close_records_outcome_and_revenue_then_reopen(flow, runtime):
    card = flow.open_case()
    flow.command("close BR-1")
    view = flow.last_view()
    assert view["callback_id"] == "case_close" and view["title"]["text"] == "Close BR-1"
    assert "revenue" in flow.submit(view, {"outcome": "compliant_seats", "revenue": "-3"}).json()["errors"]
    flow.submit(view, {"outcome": "compliant_seats", "revenue": "4800.50", "note": "Bought 40 seats"})

    def closed():
        with Session(runtime.engine) as session:
            return session.exec(select(Case).where(Case.status == "closed")).first()

    case = eventually(closed)
    assert case.outcome == "compliant_seats" and case.revenue_retained_cents == 480050
    eventually(lambda: "Compliant" in text_of(flow.current(card["channel"], card["ts"])["blocks"]))
    flow.press(flow.thread(card)[0], "case_step_done")
    eventually(lambda: any("is closed" in c.args["text"] for c in flow.slack.calls_to("chat.postEphemeral")))
    flow.command("reopen BR-1")
    eventually(lambda: any("open again" in c.args.get("text", "") for c in flow.slack.calls_to("response_url")))
    with Session(runtime.engine) as session:
        assert session.get(Case, case.id).status == "open"


def test_missing_or_garbled_arguments_get_a_clear_private_answer(flow):
    for text, expected in (("show", "Say which case"), ("show BR-x", "BR-x is not a case id"),
                           ("close", "Say which case"), ("log BR-", "BR- is not a case id"),
                           ("summary 12abc", "12abc is not a case id"), ("reopen", "Say which case")):
        reply = flow.command(text).json()
        command = text.split()[0]
        assert reply["response_type"] == "ephemeral" and expected in reply["text"], text
        assert f"For example: `/breach {command} BR-42`" in reply["text"], text
    flow.command("show 99999")
    assert _answer(flow, 1)["text"] == "There is no case BR-99999."
    flow.command("new seats 5/abc")
    view = flow.last_view()
    assert "like seats 140/100" in text_of(view["blocks"])
    huge = flow.submit(view, {**FACTS, "units_in_use": "99999999999"}).json()
    assert huge["errors"] == {"units_in_use": "Enter a number up to 2,147,483,647."}
    flow.command("close BR-1")
    assert "There is no case BR-1" in flow.notice()


def test_list_overdue_and_team_show_the_right_cases(flow, runtime):
    flow.open_case()
    flow.open_case(customer_name="Globex")
    with Session(runtime.engine) as session:
        late = session.exec(select(Milestone).where(Milestone.case_id == 2)).first()
        late.due_at = utcnow() - timedelta(days=1)
        session.add(late)
        session.commit()
    flow.command("list overdue")
    overdue = text_of(_answer(flow, 1)["blocks"])
    assert "*BR-2* Globex" in overdue and "overdue" in overdue and "BR-1" not in overdue
    mate = Actor(user_id="U0MATE", user_name="mate", channel_id="C0CASES", channel_name="cases")
    flow.command("list", mate)
    assert "Nothing here" in text_of(_answer(flow, 2)["blocks"])
    flow.command("list team", mate)
    team = text_of(_answer(flow, 3)["blocks"])
    assert team.index("*BR-2*") < team.index("*BR-1*")
