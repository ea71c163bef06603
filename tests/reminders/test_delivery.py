"""The claim -> post -> record loop against the fake Slack, on every database backend."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.reminders import store
from bot.reminders.delivery import Deliverer, DeliveryConfig
from bot.reminders.planning import cancel_for_milestone, schedule_milestone
from bot.slack.reminders import reminder_tag
from db.engine import session_scope
from db.models import Milestone
from db.types import utcnow
from tests.reminders.conftest import (
    CARD_TS, CHANNEL, add_due, deliver_once, make_case, make_milestone, posted_ids, posts, rows,
)


def test_due_reminders_are_posted_once_in_the_thread_with_their_id(runtime, deliverer, fake_slack):
    due = add_due(runtime, 5)
    later = add_due(runtime, 2, at=utcnow() + timedelta(hours=1))
    assert deliverer.run_due() == 5
    assert sorted(posted_ids(fake_slack)) == sorted(str(i) for i in due)
    first = posts(fake_slack)[0]
    assert first["channel"] == CHANNEL and first["thread_ts"] == CARD_TS
    assert "<@U0REP>" in first["text"]
    state = rows(runtime)
    assert all(state[i].state == "sent" and state[i].message_ts for i in due)
    assert all(state[i].state == "pending" for i in later)
    assert deliverer.run_due() == 0
    assert len(posts(fake_slack)) == 5


def test_two_claimers_never_share_a_row(runtime):
    add_due(runtime, 30)
    now = utcnow()
    first = store.claim_due(runtime.engine, "a", now, timedelta(seconds=60), 20)
    second = store.claim_due(runtime.engine, "b", now, timedelta(seconds=60), 20)
    assert len(first) == 20 and len(second) == 10
    assert not {r.id for r in first} & {r.id for r in second}
    assert store.claim_due(runtime.engine, "c", now, timedelta(seconds=60), 20) == []


def test_an_expired_claim_is_recovered_without_posting_twice(runtime, port, fake_slack):
    """A process claimed, posted, then died before recording: the next one finds the post."""
    [posted_before_crash, never_posted] = add_due(runtime, 2)
    claimed = store.claim_due(runtime.engine, "dead", utcnow(), timedelta(seconds=-1), 10)
    assert len(claimed) == 2
    port.messenger.post(CHANNEL, "reminder", thread_ts=CARD_TS, tag=reminder_tag(posted_before_crash))
    assert deliver_once(runtime, port, DeliveryConfig("alive")) == 2
    assert sorted(posted_ids(fake_slack)) == sorted([str(posted_before_crash), str(never_posted)])
    assert rows(runtime)[posted_before_crash].state == "sent"
    assert rows(runtime)[never_posted].attempts == 2


def test_reminders_due_before_a_restart_are_marked_late(runtime, port, fake_slack):
    [missed] = add_due(runtime, 1, at=utcnow() - timedelta(hours=2, minutes=18))
    deliver_once(runtime, port, DeliveryConfig("restarted"))
    assert rows(runtime)[missed].late is True
    [post] = posts(fake_slack)
    assert "after a restart" in str(post["blocks"]) and "delivered" in str(post["blocks"])


def test_rate_limit_reschedules_after_retry_after(runtime, deliverer, fake_slack):
    [reminder] = add_due(runtime, 1)
    fake_slack.fail("chat.postMessage", status=429, retry_after=30)
    before = utcnow()
    deliverer.run_due()
    row = rows(runtime)[reminder]
    assert row.state == "pending" and row.last_error == "ratelimited"
    assert row.deliver_at >= before + timedelta(seconds=30)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_server_errors_back_off_then_deliver(runtime, deliverer, fake_slack):
    [reminder] = add_due(runtime, 1)
    fake_slack.fail("chat.postMessage", status=503, times=3)
    deliverer.run_due()
    row = rows(runtime)[reminder]
    assert row.state == "pending" and row.deliver_at > utcnow()
    _make_due(runtime, reminder)
    deliverer.run_due()
    assert rows(runtime)[reminder].state == "sent"
    assert posted_ids(fake_slack).count(str(reminder)) == 1


def test_missing_channel_fails_the_reminder_and_tells_the_owner(runtime, deliverer, fake_slack):
    [reminder] = add_due(runtime, 1, channel="C0GONE", thread_ts=None)
    fake_slack.state.channels["C0GONE"] = {"missing": True}
    deliverer.run_due()
    row = rows(runtime)[reminder]
    assert row.state == "failed" and row.last_error == "channel_not_found"
    dm = [args for args in posts(fake_slack) if args["channel"].startswith("D")]
    assert len(dm) == 1 and "channel_not_found" in dm[0]["text"] and "follow-up 0" in dm[0]["text"]


def test_reminders_of_a_met_milestone_are_not_posted(runtime, deliverer, fake_slack):
    case = make_case(runtime)
    milestone = make_milestone(runtime, case, utcnow() + timedelta(days=1))
    [reminder] = add_due(runtime, 1, case_id=case.id, milestone_id=milestone.id, kind="on_day")
    with session_scope(runtime.engine) as session:
        session.get(Milestone, milestone.id).state = "met"
    deliverer.run_due()
    assert rows(runtime)[reminder].state == "cancelled"
    assert posts(fake_slack) == []


def test_an_overdue_reminder_marks_the_milestone_missed_once(runtime, deliverer, fake_slack):
    from bot.reminders.hooks import on_milestone_changed

    heard = []
    on_milestone_changed.append(heard.append)
    try:
        case = make_case(runtime)
        milestone = make_milestone(runtime, case, utcnow() - timedelta(days=2))
        add_due(runtime, 2, case_id=case.id, milestone_id=milestone.id, kind="overdue")
        deliverer.run_due()
    finally:
        on_milestone_changed.remove(heard.append)
    assert [(c.milestone_id, c.state) for c in heard] == [(milestone.id, "missed")]


def test_scheduling_a_milestone_twice_creates_its_reminders_once(runtime):
    case = make_case(runtime)
    milestone = make_milestone(runtime, case, utcnow() + timedelta(days=10))
    with session_scope(runtime.engine) as session:
        first = schedule_milestone(
            session, session.get(Milestone, milestone.id), owner_id="U0REP", channel_id=CHANNEL,
            thread_ts=CARD_TS, owner_tz="Europe/Paris",
        )
        again = schedule_milestone(
            session, session.get(Milestone, milestone.id), owner_id="U0REP", channel_id=CHANNEL,
            thread_ts=CARD_TS,
        )
    kinds = [r.kind for r in first]
    assert kinds == ["before", "on_day", "overdue", "overdue", "overdue", "escalation"]
    assert again == []
    assert len(rows(runtime)) == 6


def test_escalations_go_to_the_manager_channel(runtime, port, fake_slack):
    case = make_case(runtime)
    milestone = make_milestone(runtime, case, utcnow() - timedelta(days=5))
    [escalation] = add_due(runtime, 1, case_id=case.id, milestone_id=milestone.id, kind="escalation")
    [overdue] = add_due(runtime, 1, case_id=case.id, milestone_id=milestone.id, kind="overdue")
    config = DeliveryConfig("w", escalation_channel="C0MANAGERS")
    deliver_once(runtime, port, config)
    where = {m["metadata"]["event_payload"]["key"]: (channel, m.get("thread_ts"))
             for channel, messages in fake_slack.state.messages.items() for m in messages}
    assert where == {str(escalation): ("C0MANAGERS", None), str(overdue): (CHANNEL, CARD_TS)}
    [post] = [p for p in posts(fake_slack) if p["channel"] == "C0MANAGERS"]
    assert "overdue" in post["text"] and "<@U0REP>" in post["text"] and "BR-" in post["text"]


def _make_due(runtime, reminder_id: int) -> None:
    from sqlalchemy import update

    from db.models import Reminder

    with session_scope(runtime.engine) as session:
        session.execute(update(Reminder).where(Reminder.id == reminder_id).values(deliver_at=utcnow()))


def test_a_cancelled_series_can_be_scheduled_again_for_the_same_date(runtime):
    case = make_case(runtime)
    milestone = make_milestone(runtime, case, utcnow() + timedelta(days=10))
    options = {"owner_id": "U0REP", "channel_id": CHANNEL, "thread_ts": CARD_TS, "owner_tz": "UTC"}
    with session_scope(runtime.engine) as session:
        first = schedule_milestone(session, session.get(Milestone, milestone.id), **options)
        assert cancel_for_milestone(session, milestone.id) == len(first)
        again = schedule_milestone(session, session.get(Milestone, milestone.id), **options)
    assert len(again) == len(first) == 6
    states = sorted(r.state for r in rows(runtime).values())
    assert states == ["cancelled"] * 6 + ["pending"] * 6


def test_a_post_never_starts_late_in_its_lease(runtime, port, fake_slack):
    """A row that waited too long for a sender is left for a re-claim rather than posted
    while another process may be taking it over."""
    [reminder] = add_due(runtime, 1)
    [row] = store.claim_due(runtime.engine, "slow", utcnow(), timedelta(seconds=10), 1)
    slow = Deliverer(runtime.engine, port, DeliveryConfig("slow", lease=timedelta(seconds=10)), utcnow())
    try:
        late_row = replace(row, claimed_until=utcnow() + timedelta(seconds=4))
        assert slow.deliver(late_row) is None
        assert slow.deliver(row) is not None
    finally:
        slow.close()
    assert posted_ids(fake_slack) == [str(reminder)]
