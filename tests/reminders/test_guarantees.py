"""The issue's guarantees that the delivery tests do not already pin down: the late note's
exact wording in the owner's zone, the claim skipping rows another transaction holds, every
Slack failure kept (never dropped), and clicks on an old message."""
from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.reminders import actions, store
from bot.reminders.delivery import MAX_BACKOFF, DeliveryConfig, backoff
from bot.reminders.port import Delivery
from bot.slack.messenger import SlackMessenger
from bot.slack.reminders import SlackReminderPort, late_note
from db.engine import session_scope
from db.models import Milestone, UserProfile
from db.types import utcnow
from tests.conftest import BACKENDS
from tests.reminders.conftest import (
    PARIS, add_due, deliver_once, make_case, make_milestone, posts, rows,
)


def _delivery(deliver_at: datetime, delivered_at: datetime, tz: str) -> Delivery:
    return Delivery(
        reminder_id=1, kind="adhoc", owner_id="U0REP", channel_id="C0", thread_ts=None, text="t",
        case_id=None, case_ref=None, milestone_title=None, due_at=deliver_at, deliver_at=deliver_at,
        delivered_at=delivered_at, owner_tz=tz, late_reason="after a restart",
    )


def test_the_late_note_reads_due_and_delivered_in_the_owners_zone():
    due = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)  # 09:00 in Paris
    note = late_note(_delivery(due, datetime(2027, 3, 1, 10, 42, tzinfo=UTC), "Europe/Paris"))
    assert note == "due 09:00, delivered 11:42 after a restart"
    next_day = late_note(_delivery(due, datetime(2027, 3, 2, 7, 5, tzinfo=UTC), "Europe/Paris"))
    assert next_day == "due Mon 01 Mar 09:00, delivered Tue 02 Mar 08:05 after a restart"


def test_a_reminder_missed_while_down_is_posted_with_the_late_note(runtime, port, fake_slack):
    with session_scope(runtime.engine) as session:
        session.add(UserProfile(user_id="U0REP", tz="Europe/Paris"))
    [missed] = add_due(runtime, 1, at=utcnow() - timedelta(minutes=40))
    deliver_once(runtime, port, DeliveryConfig("restarted"))
    row = rows(runtime)[missed]
    due, sent = row.deliver_at.astimezone(PARIS), row.sent_at.astimezone(PARIS)
    shape = "%H:%M" if due.date() == sent.date() else "%a %d %b %H:%M"
    expected = f"due {due:{shape}}, delivered {sent:{shape}} after a restart"
    [post] = posts(fake_slack)
    assert row.late and expected in str(post["blocks"])


@pytest.mark.parametrize(
    "database_url", [backend for backend in BACKENDS if backend == "postgresql"], indirect=True
)
def test_a_claim_skips_rows_another_transaction_holds_instead_of_waiting(runtime):
    ids = add_due(runtime, 20)
    held: list[int] = []
    with runtime.engine.connect() as other, other.begin():
        held = list(other.execute(text(
            "SELECT id FROM reminders ORDER BY deliver_at, id LIMIT 10 FOR UPDATE"
        )).scalars())
        result: list[list[store.Claimed]] = []
        claimer = threading.Thread(target=lambda: result.append(
            store.claim_due(runtime.engine, "b", utcnow(), timedelta(seconds=60), 20)
        ))
        claimer.start()
        claimer.join(10)
        assert not claimer.is_alive(), "the claim waited for the locked rows"
    assert sorted(row.id for row in result[0]) == sorted(set(ids) - set(held))


@pytest.mark.parametrize("code", ["channel_not_found", "not_in_channel"])
def test_a_channel_slack_refuses_fails_the_reminder_and_tells_the_owner(
    runtime, deliverer, fake_slack, code
):
    [reminder] = add_due(runtime, 1, thread_ts=None)
    fake_slack.fail("chat.postMessage", error=code)
    deliverer.run_due()
    row = rows(runtime)[reminder]
    assert (row.state, row.last_error) == ("failed", code)
    [dm] = [args for args in posts(fake_slack) if args["channel"].startswith("D")]
    assert code in dm["text"] and "follow-up 0" in dm["text"]


def test_network_errors_back_off_and_keep_the_reminder(runtime):
    from bot.slack.app import make_client

    [reminder] = add_due(runtime, 1)
    unreachable = SlackReminderPort(SlackMessenger(make_client("xoxb-t", "http://127.0.0.1:9/api/")))
    deliver_once(runtime, unreachable, DeliveryConfig("w"))
    row = rows(runtime)[reminder]
    assert row.state == "pending" and row.last_error.startswith("network")
    assert row.deliver_at > utcnow() + timedelta(seconds=1)


def test_backoff_doubles_is_capped_and_never_beats_retry_after():
    for attempts in (1, 2, 5):
        assert 0.8 * 2**attempts <= backoff(attempts) <= 1.2 * 2**attempts
    assert backoff(40) <= MAX_BACKOFF * 1.2
    assert backoff(1, retry_after=90) >= 90


def test_an_unexpected_error_puts_the_reminder_back_with_the_reason(runtime):
    class BrokenPort:
        def post(self, delivery):
            raise RuntimeError("boom")

    [reminder] = add_due(runtime, 1)
    assert deliver_once(runtime, BrokenPort(), DeliveryConfig("w")) == 1
    row = rows(runtime)[reminder]
    assert row.state == "pending" and re.match(r"internal: RuntimeError\('boom'\)", row.last_error)
    assert row.claimed_by is None and row.deliver_at > utcnow()


def test_buttons_on_an_old_message_change_nothing_once_the_milestone_is_met(runtime):
    case = make_case(runtime)
    milestone = make_milestone(runtime, case, utcnow() + timedelta(days=3))
    old, newer = add_due(runtime, 2, case_id=case.id, milestone_id=milestone.id, kind="before")
    ctx = actions.Context(actor="U0REP", admins=frozenset(), is_member=lambda *_: False)
    with session_scope(runtime.engine) as session:
        actions.mark_done(session, newer, ctx)
    for act in (
        lambda s: actions.mark_done(s, old, ctx),
        lambda s: actions.snooze(s, old, "hour", ctx),
        lambda s: actions.reschedule(s, old, utcnow().date() + timedelta(days=9), "later", ctx),
    ):
        with pytest.raises(actions.ActionRefused, match="already met"), session_scope(runtime.engine) as session:
            act(session)
    with session_scope(runtime.engine) as session:
        assert session.get(Milestone, milestone.id).state == "met"
    assert len(rows(runtime)) == 2 and rows(runtime)[old].action is None
