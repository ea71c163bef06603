"""App Home, tone anywhere (/tone, check_tone shortcut, DMs), and retried events."""
from __future__ import annotations

import time
from datetime import timedelta

from sqlmodel import Session, select

from db.models import Case, Milestone
from db.types import utcnow
from tests.cases.conftest import REP, eventually, text_of

HARSH = "You violated the agreement. Pursuant to the EULA, pay promptly or face legal action!!!"


def test_app_home_lists_open_cases_overdue_first_with_team_totals(flow, runtime):
    flow.open_case()
    flow.open_case(customer_name="Globex")
    flow.open_case(customer_name="Initech")
    with Session(runtime.engine) as session:
        globex = session.exec(select(Case).where(Case.customer_name == "Globex")).one()
        late = session.exec(select(Milestone).where(Milestone.case_id == globex.id)).first()
        late.due_at = utcnow() - timedelta(days=2)
        initech = session.exec(select(Case).where(Case.customer_name == "Initech")).one()
        initech.status, initech.outcome, initech.closed_at = "closed", "compliant_seats", utcnow()
        initech.created_at = utcnow() - timedelta(days=6)
        initech.revenue_retained_cents = 1_000_000
        session.add_all([late, initech])
        session.commit()
    flow.app.send(flow.requests.event({"type": "app_home_opened", "user": "U0REP", "tab": "home"}))
    [published] = flow.slack.wait_for("views.publish")
    home = published.args["view"]
    assert published.args["user_id"] == "U0REP" and home["type"] == "home"
    sections = [b["text"]["text"] for b in home["blocks"] if b["type"] == "section" and "text" in b]
    assert sections[0].startswith("*BR-2*") and "Overdue" in sections[0]
    assert sections[1].startswith("*BR-1*") and "Next step: Check the figures" in sections[1]
    assert not any("Initech" in s for s in sections)
    totals = text_of(home["blocks"])
    assert "*Open*\\n2" in totals and "*Overdue*\\n1" in totals and "*Closed this month*\\n1" in totals
    assert "6 days" in totals and "10,000.00" in totals


def test_tone_command_shortcut_and_dm_share_one_report_view(flow):
    reply = flow.command(HARSH, command="/tone")
    assert reply.body == ""
    [command] = flow.slack.wait_for("response_url")
    assert command.args["response_type"] == "ephemeral"
    assert "rewrite" in text_of(command.args["blocks"]) and "legal action" in text_of(command.args["blocks"])

    message = {"type": "message", "text": HARSH, "user": "U0MATE", "ts": "1700000000.000100"}
    flow.app.send(flow.requests.message_shortcut("check_tone", message, REP))
    shortcut = flow.slack.wait_for("response_url", 2)[1]
    assert shortcut.args["response_type"] == "ephemeral"

    event = {"type": "message", "channel": "D0REP", "channel_type": "im", "user": "U0REP",
             "text": HARSH, "ts": "1700000000.000200"}
    flow.app.send(flow.requests.event(event, event_id="Ev0TONE1"))
    [dm] = flow.slack.wait_for("chat.postMessage")
    assert dm.args["channel"] == "D0REP"
    strip = [b for b in dm.args["blocks"] if b["type"] != "section" or "Tone check of" not in b["text"]["text"]]
    same = [b for b in command.args["blocks"] if b["type"] != "section" or "Tone check of" not in b["text"]["text"]]
    assert strip == same
    assert "/tone TEXT" in text_of(flow.command("help", command="/tone").json()["blocks"])


def test_retried_events_have_no_second_side_effect(flow):
    event = {"type": "message", "channel": "D0REP", "channel_type": "im", "user": "U0REP",
             "text": "Thanks for your help, Dana.", "ts": "1700000000.000300"}
    flow.app.send(flow.requests.event(event, event_id="Ev0SAME"))
    flow.slack.wait_for("chat.postMessage")
    for retry in (1, 2):
        assert flow.app.send(flow.requests.event(event, event_id="Ev0SAME", retry_num=retry)).status == 200
    flow.app.send(flow.requests.event({**event, "ts": "1700000000.000301"}, event_id="Ev0OTHER"))
    eventually(lambda: len(flow.slack.calls_to("chat.postMessage")) == 2)
    time.sleep(0.3)
    assert len(flow.slack.calls_to("chat.postMessage")) == 2


def test_bot_messages_in_dms_are_ignored(flow):
    event = {"type": "message", "channel": "D0REP", "channel_type": "im", "bot_id": "B0TACTFUL",
             "text": HARSH, "ts": "1700000000.000400"}
    flow.app.send(flow.requests.event(event))
    flow.command(HARSH, command="/tone")
    flow.slack.wait_for("response_url")
    assert flow.slack.calls_to("chat.postMessage") == []
