"""Remedies: the playbook's menu, the remedy's numbers, the agreement and its milestones."""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from db.models import Case, CaseEvent, Milestone, Reminder
from tests.cases.conftest import REP, eventually, text_of
from tests.cases.test_drafting import walk_to_first_contact


def _choose(flow, step, label):
    button = next(e for b in step["blocks"] for e in b.get("elements", [])
                  if e.get("text", {}).get("text", "") == label)
    flow.press(step, button["action_id"])


def walk_to_agreement(flow):
    card, contact = walk_to_first_contact(flow)
    flow.press(contact, "case_step_done")
    flow.slack.wait_for("chat.postMessage", 5)
    _choose(flow, flow.thread(card)[-1], "Accepts an option")
    flow.slack.wait_for("chat.postMessage", 6)
    return card, flow.thread(card)[-1]


def test_agreed_remedy_records_numbers_and_creates_business_day_milestones(flow, runtime):
    card, agreement = walk_to_agreement(flow)
    assert "Agree and write it down" in agreement["text"]
    flow.press(agreement, "case_remedy")
    view = flow.last_view()
    menu = next(b for b in view["blocks"] if b.get("block_id") == "chosen_remedy")
    assert {o["value"] for o in menu["element"]["options"]} >= {"add_seats", "change_plan", "grace_period"}
    assert flow.submit(view, {"agreement_date": "2026-12-04"}).json()["errors"]["chosen_remedy"]

    picked = {**view, "state": {"values": {"chosen_remedy": {"value": {
        "type": "static_select", "selected_option": {"value": "add_seats"}}}}}}
    action = {"action_id": "value", "block_id": "chosen_remedy", "type": "static_select",
              "selected_option": {"value": "add_seats"}}
    flow.app.send(flow.requests.block_actions(action, REP, view=picked))
    remedy_view = flow.last_view("views.update")
    fields = {b.get("block_id") for b in remedy_view["blocks"]}
    assert {"seats_to_add", "unit_price", "seats_added_by", "agreement_date"} <= fields

    answers = {"chosen_remedy": "add_seats", "agreement_date": "2026-12-04", "seats_to_add": "0",
               "unit_price": "120", "seats_added_by": "2026-12-18"}
    assert "seats_to_add" in flow.submit(remedy_view, answers).json()["errors"]
    assert flow.submit(remedy_view, {**answers, "seats_to_add": "40"}).body == ""
    def agreed():
        with Session(runtime.engine) as session:
            return session.exec(select(CaseEvent).where(CaseEvent.kind == "remedy_agreed")).first()

    eventually(agreed)
    eventually(lambda: "Agreed change in place" in text_of(flow.current(card["channel"], card["ts"])["blocks"]))
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
        assert case.facts["chosen_remedy"] == "add_seats" and case.facts["seats_to_add"] == 40
        event = session.exec(select(CaseEvent).where(CaseEvent.kind == "remedy_agreed")).one()
        assert event.payload["values"]["unit_price"] == "120"
        milestones = {m.milestone_key: m for m in session.exec(select(Milestone))}
        done = milestones["remedy-done"].due_at.astimezone(ZoneInfo("Europe/Berlin"))
        assert done.date() == date(2026, 12, 18) and done.hour == 9
        assert session.exec(select(Reminder).where(Reminder.milestone_id == milestones["remedy-done"].id)).all()


def test_more_time_records_the_grace_period_and_its_milestone(flow, runtime):
    card, contact = walk_to_first_contact(flow)
    flow.press(contact, "case_step_done")
    flow.slack.wait_for("chat.postMessage", 5)
    _choose(flow, flow.thread(card)[-1], "Asks for more time")
    flow.slack.wait_for("chat.postMessage", 6)
    grace = flow.thread(card)[-1]
    assert "Agree a grace period" in grace["text"]
    flow.press(grace, "case_record")
    view = flow.last_view()
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == ["grace_days", "grace_end_date"]
    assert "grace_days" in flow.submit(view, {"grace_days": "200", "grace_end_date": "2027-01-15"}).json()["errors"]
    flow.submit(view, {"grace_days": "30", "grace_end_date": "2027-01-15"})

    def grace_milestone():
        with Session(runtime.engine) as session:
            return session.exec(select(Milestone).where(Milestone.milestone_key == "grace-ends")).first()

    milestone = eventually(grace_milestone)
    due = milestone.due_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert (due.date(), due.hour) == (date(2027, 1, 15), 9)
    with Session(runtime.engine) as session:
        assert session.exec(select(Case)).one().facts["grace_days"] == 30


def test_reminders_can_refresh_the_card_when_a_milestone_is_met(flow, runtime):
    from bot.cases import refresh_case_card
    from bot.slack.app import make_client
    from bot.slack.messenger import SlackMessenger

    card = flow.open_case()
    with Session(runtime.engine) as session:
        milestone = session.exec(select(Milestone)).first()
        milestone.state = "met"
        session.add(milestone)
        session.commit()
    messenger = SlackMessenger(make_client("xoxb-test-token", flow.slack.url))
    refresh_case_card(runtime, messenger, 1)
    now = flow.current(card["channel"], card["ts"])
    assert "✅ Figures checked" in text_of(now["blocks"]) and "(met)" in text_of(now["blocks"])
    assert len([c for c in flow.slack.calls_to("chat.postMessage") if not c.args.get("thread_ts")]) == 1
