"""The reminder buttons, the reschedule modal and the slash subcommands, over signed HTTP."""
from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from bot.reminders.policy import WorkingHours
from db.models import CaseEvent, Milestone, Reminder
from db.types import utcnow
from tests.reminders.conftest import (
    CHANNEL, OUTSIDER, PARIS, REP, TEAMMATE, add_due, ephemerals, make_case, make_milestone,
    milestone_reminder_posted, posted_reminder, press, rows, workspace,
)

def test_done_meets_the_milestone_once_and_settles_the_message(
    runtime, running_app, slack_requests, fake_slack, deliverer
):
    workspace(fake_slack)
    case = make_case(runtime)
    milestone = make_milestone(runtime, case, utcnow() + timedelta(days=3))
    later = add_due(runtime, 1, at=utcnow() + timedelta(days=1), case_id=case.id, milestone_id=milestone.id)
    reminder_id, message = posted_reminder(
        runtime, deliverer, fake_slack, case_id=case.id, milestone_id=milestone.id, kind="before"
    )
    press(running_app, slack_requests, "reminder_done", reminder_id, TEAMMATE, message)
    [update] = fake_slack.wait_for("chat.update")
    assert all(block["type"] != "actions" for block in update.args["blocks"])
    assert "marked as met" in str(update.args["blocks"])

    press(running_app, slack_requests, "reminder_done", reminder_id, REP, message)
    fake_slack.wait_for("response_url")
    assert "already met" in ephemerals(fake_slack)[0]
    with Session(runtime.engine) as session:
        assert session.get(Milestone, milestone.id).state == "met"
        events = session.exec(select(CaseEvent).where(CaseEvent.kind == "milestone_met")).all()
    assert len(events) == 1 and events[0].actor == "U0MATE"
    assert rows(runtime)[later[0]].state == "cancelled"
    assert len(fake_slack.calls_to("chat.update")) == 1


def test_snooze_twice_or_after_done_has_no_second_effect(
    runtime, running_app, slack_requests, fake_slack, deliverer
):
    workspace(fake_slack)
    case = make_case(runtime)
    reminder_id, message = posted_reminder(runtime, deliverer, fake_slack, case_id=case.id)
    press(running_app, slack_requests, "reminder_snooze_hour", reminder_id, REP, message)
    fake_slack.wait_for("chat.update")
    press(running_app, slack_requests, "reminder_snooze_week", reminder_id, REP, message)
    fake_slack.wait_for("response_url")
    assert "Already snoozed" in ephemerals(fake_slack)[0]
    snoozes = [r for r in rows(runtime).values() if r.kind == "snooze"]
    assert len(snoozes) == 1
    hours = WorkingHours("Europe/Paris")
    expected = hours.next_opening(rows(runtime)[reminder_id].acted_at + timedelta(hours=1))
    assert abs(snoozes[0].deliver_at - expected) < timedelta(seconds=5)


def test_people_outside_the_case_cannot_act(runtime, running_app, slack_requests, fake_slack, deliverer):
    workspace(fake_slack)
    case = make_case(runtime)
    reminder_id, message = posted_reminder(runtime, deliverer, fake_slack, case_id=case.id)
    press(running_app, slack_requests, "reminder_done", reminder_id, OUTSIDER, message)
    fake_slack.wait_for("response_url")
    assert "Only the case owner" in ephemerals(fake_slack)[0]
    assert rows(runtime)[reminder_id].action is None
    assert fake_slack.calls_to("chat.update") == []


def test_reschedule_moves_the_milestone_with_its_reason(
    runtime, running_app, slack_requests, fake_slack, deliverer
):
    case, milestone, reminder_id, message = milestone_reminder_posted(runtime, deliverer, fake_slack)
    due = milestone.due_at
    press(running_app, slack_requests, "reminder_reschedule", reminder_id, REP, message)
    view = fake_slack.wait_for("views.open")[0].args["view"]
    new_date = (due + timedelta(days=14)).astimezone(PARIS).date()
    values = {
        "date": {"date": {"type": "datepicker", "selected_date": new_date.isoformat()}},
        "reason": {"reason": {"type": "plain_text_input", "value": ""}},
    }
    reply = running_app.send(slack_requests.view_submission(view, values, REP))
    assert reply.json()["response_action"] == "errors" and "reason" in reply.json()["errors"]

    values["reason"]["reason"]["value"] = "Customer's finance team is closed that week"
    assert running_app.send(slack_requests.view_submission(view, values, REP)).status == 200
    [update] = fake_slack.wait_for("chat.update")
    shown = str(update.args["blocks"])
    assert "Quote signed" in shown and "moved to" in shown and "finance team" in shown
    assert all(block["type"] != "actions" for block in update.args["blocks"])
    with Session(runtime.engine) as session:
        moved = session.get(Milestone, milestone.id)
        [event] = session.exec(select(CaseEvent).where(CaseEvent.kind == "milestone_rescheduled")).all()
        fresh = session.exec(select(Reminder).where(Reminder.state == "pending")).all()
    assert moved.due_at.astimezone(PARIS).date() == new_date
    assert event.payload["reason"] == "Customer's finance team is closed that week"
    assert fresh and all(r.due_at.astimezone(PARIS).date() >= new_date - timedelta(days=4) for r in fresh)


def test_remind_command_sets_a_reminder_in_the_users_timezone(runtime, running_app, slack_requests, fake_slack):
    workspace(fake_slack)
    case = make_case(runtime)
    running_app.send(slack_requests.slash_command("/breach", f"remind {case.ref} tomorrow 10am call Dana", REP))
    [answer] = fake_slack.wait_for("response_url")
    assert "I'll remind you" in answer.args["text"] and "Europe/Paris" in answer.args["text"]
    [reminder] = rows(runtime).values()
    local_due = reminder.due_at.astimezone(PARIS)
    assert (local_due.hour, local_due.minute) == (10, 0)
    assert local_due.date() == utcnow().astimezone(PARIS).date() + timedelta(days=1)
    assert reminder.deliver_at == WorkingHours("Europe/Paris").next_opening(reminder.due_at)
    assert reminder.text == "call Dana" and reminder.case_id == case.id and reminder.owner_id == "U0REP"


def test_remind_command_explains_what_it_could_not_read(runtime, running_app, slack_requests, fake_slack):
    workspace(fake_slack)
    case = make_case(runtime)
    running_app.send(slack_requests.slash_command("/breach", f"remind {case.ref} someday call Dana", REP))
    running_app.send(slack_requests.slash_command("/breach", "remind BR-999 tomorrow hello", REP))
    running_app.send(slack_requests.slash_command("/breach", f"remind {case.ref} tomorrow hi", OUTSIDER))
    fake_slack.wait_for("response_url", 3)
    texts = ephemerals(fake_slack)
    assert any("in 2 business days" in t and "/breach remind BR-12" in t for t in texts)
    assert any("no case BR-999" in t for t in texts)
    assert any("Only the owner" in t for t in texts)
    assert rows(runtime) == {}


def test_upcoming_lists_the_next_14_days_in_the_users_timezone(runtime, running_app, slack_requests, fake_slack):
    workspace(fake_slack)
    case = make_case(runtime)
    soon = utcnow() + timedelta(days=3)
    add_due(runtime, 1, at=soon, case_id=case.id)
    add_due(runtime, 1, at=utcnow() + timedelta(days=20), case_id=case.id)
    add_due(runtime, 1, at=soon, owner="U0MATE")
    running_app.send(slack_requests.slash_command("/breach", "upcoming", REP))
    [answer] = fake_slack.wait_for("response_url")
    listing = str(answer.args["blocks"])
    assert soon.astimezone(PARIS).strftime("%a %d %b %H:%M") in listing
    assert listing.count("follow-up") == 1 and "Europe/Paris" in listing


def test_reminders_command_replaces_the_unsent_reminders_of_open_milestones(
    runtime, running_app, slack_requests, fake_slack
):
    from bot.reminders.planning import schedule_milestone
    from db.engine import session_scope

    workspace(fake_slack)
    case = make_case(runtime)
    milestone = make_milestone(runtime, case, utcnow() + timedelta(days=20))
    with session_scope(runtime.engine) as session:
        schedule_milestone(session, session.get(Milestone, milestone.id), owner_id="U0REP",
                           channel_id=CHANNEL, thread_ts=case.card_ts)
    running_app.send(slack_requests.slash_command(
        "/breach", f"reminders {case.ref} before=5,1 overdue=1 escalate=no", REP))
    running_app.send(slack_requests.slash_command("/breach", f"reminders {case.ref} sometimes", REP))
    fake_slack.wait_for("response_url", 2)
    texts = ephemerals(fake_slack)
    assert any("1 open milestone(s) now remind 5 and 1 business day(s) before" in t for t in texts)
    assert any("not a setting I know" in t for t in texts)
    pending = sorted((r.kind, r.due_at) for r in rows(runtime).values() if r.state == "pending")
    assert [kind for kind, _ in pending] == ["before", "before", "on_day", "overdue"]
    with Session(runtime.engine) as session:
        assert session.get(Milestone, milestone.id).policy["before_business_days"] == [5, 1]


def test_the_owners_timezone_is_asked_of_slack_once(runtime, running_app, slack_requests, fake_slack):
    """Then it is read from the profile (two first requests racing may both ask; both agree)."""
    workspace(fake_slack)
    case = make_case(runtime)
    texts = [f"remind {case.ref} {when} call Dana" for when in ("tomorrow 10am", "in 3 days", "next Tuesday")]
    for answered, text in enumerate([*texts, "upcoming"], start=1):
        running_app.send(slack_requests.slash_command("/breach", text, REP))
        fake_slack.wait_for("response_url", answered)
    assert [call.args["user"] for call in fake_slack.calls_to("users.info")] == ["U0REP"]
    assert len(rows(runtime)) == 3
