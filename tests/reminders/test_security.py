"""User text never becomes a mention, and every button and modal submission is authorised
at the moment it arrives (a view_submission's private_metadata can be forged)."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session

from bot.slack.listeners.reminders import reschedule_view
from db.engine import session_scope
from db.models import Milestone, Reminder
from db.types import utcnow
from tests.reminders.conftest import (
    CHANNEL, OUTSIDER, PARIS, REP, ephemerals, make_case, milestone_reminder_posted, posted_reminder, posts,
    press, rows, workspace,
)


def test_reminder_text_cannot_ping_the_channel(runtime, running_app, slack_requests, fake_slack, deliverer):
    workspace(fake_slack)
    case = make_case(runtime)
    running_app.send(slack_requests.slash_command(
        "/breach", f"remind {case.ref} tomorrow <!channel> pay up <@U0BOSS>", REP))
    fake_slack.wait_for("response_url")
    with session_scope(runtime.engine) as session:
        session.execute(update(Reminder).values(deliver_at=utcnow() - timedelta(seconds=1)))
    assert deliverer.run_due() == 1
    [post] = posts(fake_slack)
    shown = json.dumps([post["text"], post["blocks"]])
    assert "&lt;!channel&gt; pay up &lt;@U0BOSS&gt;" in shown
    assert "<!channel>" not in shown and "<@U0BOSS>" not in shown


def test_outsiders_cannot_snooze_reschedule_or_open_the_case(
    runtime, running_app, slack_requests, fake_slack, deliverer
):
    workspace(fake_slack)
    case = make_case(runtime)
    reminder_id, message = posted_reminder(runtime, deliverer, fake_slack, case_id=case.id)
    press(running_app, slack_requests, "reminder_snooze_hour", reminder_id, OUTSIDER, message)
    press(running_app, slack_requests, "reminder_reschedule", reminder_id, OUTSIDER, message)
    press(running_app, slack_requests, "reminder_open_case", case.id, OUTSIDER, message)
    fake_slack.wait_for("response_url", 3)
    texts = ephemerals(fake_slack)
    assert len(texts) == 3 and all(text.startswith("Only the case owner") for text in texts)
    assert not any("Acme" in text for text in texts)
    assert fake_slack.calls_to("views.open") == []
    assert fake_slack.calls_to("chat.getPermalink") == []
    assert rows(runtime)[reminder_id].action is None and len(rows(runtime)) == 1


def _reschedule_values(day) -> dict:
    return {
        "date": {"date": {"type": "datepicker", "selected_date": day.isoformat()}},
        "reason": {"reason": {"type": "plain_text_input", "value": "customer asked"}},
    }


def test_a_forged_reschedule_submission_is_authorised_again(
    runtime, running_app, slack_requests, fake_slack, deliverer
):
    case, milestone, reminder_id, _ = milestone_reminder_posted(runtime, deliverer, fake_slack)
    due = milestone.due_at
    values = _reschedule_values((due + timedelta(days=7)).astimezone(PARIS).date())
    running_app.send(slack_requests.view_submission(reschedule_view(reminder_id), values, OUTSIDER))
    [refusal] = fake_slack.wait_for("chat.postEphemeral")
    assert refusal.args["user"] == OUTSIDER.user_id and "Only the case owner" in refusal.args["text"]
    with Session(runtime.engine) as session:
        assert session.get(Milestone, milestone.id).due_at == due
    assert fake_slack.calls_to("chat.update") == []


def test_a_reschedule_settles_its_own_message_whatever_the_metadata_says(
    runtime, running_app, slack_requests, fake_slack, deliverer
):
    case, milestone, reminder_id, message = milestone_reminder_posted(runtime, deliverer, fake_slack)
    due = milestone.due_at
    _, other_message = posted_reminder(runtime, deliverer, fake_slack, case_id=case.id)
    view = reschedule_view(reminder_id)
    view["private_metadata"] = json.dumps(
        {"reminder_id": reminder_id, "channel": "C0ELSE", "ts": other_message["ts"]}
    )
    values = _reschedule_values((due + timedelta(days=7)).astimezone(PARIS).date())
    running_app.send(slack_requests.view_submission(view, values, REP))
    [settled] = fake_slack.wait_for("chat.update")
    assert (settled.args["channel"], settled.args["ts"]) == (CHANNEL, message["ts"])
    assert "moved to" in str(settled.args["blocks"])
