"""Opening a case: the quick form, validation with response_action errors, the card."""
from __future__ import annotations

from sqlmodel import Session, select

from db.models import Case, CaseEvent, Reminder
from tests.cases.conftest import FACTS, eventually, text_of


def _initial(view, block_id):
    block = next(b for b in view["blocks"] if b.get("block_id") == block_id)
    element = block["element"]
    return element.get("initial_value") or element.get("initial_date") or \
        (element.get("initial_option") or {}).get("value")


def test_quick_form_opens_the_modal_filled_in(flow):
    flow.command("new Acme Corp seats 140/100 renewal 2027-03-01")
    view = flow.last_view()
    assert _initial(view, "customer_name") == "Acme Corp"
    assert _initial(view, "units_in_use") == "140" and _initial(view, "licensed_units") == "100"
    assert _initial(view, "renewal_date") == "2027-03-01"
    assert _initial(view, "breach_kind") == "seat_overage"


def test_quick_form_reports_what_it_could_not_read(flow):
    flow.command("new Acme seats 140/100 renewal 2027-13-45")
    view = flow.last_view()
    assert "2027-13-45" in text_of(view["blocks"]) and _initial(view, "renewal_date") is None


def test_invalid_fields_come_back_as_errors_and_nothing_is_stored(flow, runtime):
    flow.command("new")
    view = flow.last_view()
    reply = flow.submit(view, {**FACTS, "units_in_use": "90", "licensed_units": "100",
                               "contact_email": "not-an-email", "customer_timezone": "Mars/Base"})
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"units_in_use", "contact_email", "customer_timezone"}
    reply = flow.submit(view, {**FACTS, "licensed_units": "-5"})
    assert "licensed_units" in reply.json()["errors"]
    with Session(runtime.engine) as session:
        assert session.exec(select(Case)).all() == []


def test_submit_stores_the_case_and_posts_the_card_with_exact_figures(flow, runtime):
    card = flow.open_case()
    blocks = text_of(card["blocks"])
    assert card["blocks"][0]["text"]["text"] == "BR-1 · Acme Corp"
    assert "140 seats" in blocks and "100 seats" in blocks and "+40 (40%)" in blocks
    assert "Dana Smith (dana@acme.example)" in blocks and "<@U0REP>" in blocks
    assert "Tue 02 Mar 2027" not in blocks and "Mon 01 Mar 2027" in blocks
    assert "Step 1 of" in blocks
    [step] = flow.thread(card)
    assert "Check the figures" in step["text"]
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
        assert (case.ref, case.units_in_use, case.licensed_units, case.card_ts) == ("BR-1", 140, 100, card["ts"])
        assert case.facts["rep_name"] == "Riley Rep"
        [opened] = session.exec(select(CaseEvent)).all()
        assert opened.kind == "opened" and opened.actor == "U0REP"


def test_the_same_submission_twice_opens_one_case(flow, runtime):
    flow.command("new")
    view = flow.last_view()
    flow.submit(view, FACTS)
    flow.submit(view, FACTS)
    flow.slack.wait_for("chat.postMessage", 2)
    with Session(runtime.engine) as session:
        assert len(session.exec(select(Case)).all()) == 1


def test_global_shortcut_opens_an_empty_form(flow):
    flow.app.send(flow.requests.global_shortcut("new_case"))
    view = flow.last_view()
    assert view["callback_id"] == "case_new" and _initial(view, "customer_name") is None


def test_when_slack_refuses_the_card_the_case_is_kept_and_the_rep_told(flow, runtime):
    flow.slack.fail("chat.postMessage", error="not_in_channel")
    flow.command("new")
    flow.submit(flow.last_view(), FACTS)
    notice = flow.slack.wait_for("chat.postMessage", 2)[1]
    assert notice.args["channel"].startswith("D") and "not_in_channel" in notice.args["text"]
    assert "Invite Tactful" in notice.args["text"]
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
        assert case.card_ts is None


def test_first_reminders_wait_for_the_card_and_land_in_its_thread(flow, runtime):
    card = flow.open_case()

    def reminders():
        with Session(runtime.engine) as session:
            return session.exec(select(Reminder)).all()

    rows = eventually(reminders)
    assert {r.thread_ts for r in rows} == {card["ts"]} and {r.channel_id for r in rows} == {"C0CASES"}
