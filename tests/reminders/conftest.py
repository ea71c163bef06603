"""Reminders fixtures: cases and milestones made directly with the models, a deliverer
wired to the fake Slack, and a helper that reads back the rows."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.reminders.delivery import Deliverer, DeliveryConfig
from bot.runtime import Runtime
from bot.slack.messenger import SlackMessenger
from bot.slack.local import Actor
from bot.slack.reminders import SlackReminderPort, delivery_client
from db.engine import session_scope
from db.models import Case, Milestone, Reminder
from db.types import utcnow

OWNER = "U0REP"
CHANNEL = "C0CASES"
CARD_TS = "1690000000.000100"
REP = Actor(user_id="U0REP", channel_id=CHANNEL)
TEAMMATE = Actor(user_id="U0MATE", channel_id=CHANNEL)
OUTSIDER = Actor(user_id="U0OUT", channel_id="C0ELSE")
PARIS = ZoneInfo("Europe/Paris")


def make_case(runtime: Runtime, *, owner: str = OWNER, channel: str = CHANNEL) -> Case:
    with session_scope(runtime.engine) as session:
        case = Case(
            team_id="T0TACTFUL", channel_id=channel, owner_id=owner, customer_name="Acme <Corp>",
            licensed_units=100, units_in_use=140, breach_kind="seat_overage", playbook_id="seats",
            card_ts=CARD_TS,
        )
        session.add(case)
    return case


def make_milestone(runtime: Runtime, case: Case, due: datetime, title: str = "Quote signed") -> Milestone:
    with session_scope(runtime.engine) as session:
        milestone = Milestone(case_id=case.id, title=title, due_at=due)
        session.add(milestone)
    return milestone


def add_due(
    runtime: Runtime, count: int, *, at: datetime | None = None, channel: str = CHANNEL,
    thread_ts: str | None = CARD_TS, owner: str = OWNER, **fields,
) -> list[int]:
    at = at or utcnow() - timedelta(seconds=1)
    with session_scope(runtime.engine) as session:
        rows = [
            Reminder(owner_id=owner, channel_id=channel, thread_ts=thread_ts, text=f"follow-up {i}",
                     due_at=at, deliver_at=at, **fields)
            for i in range(count)
        ]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def rows(runtime: Runtime) -> dict[int, Reminder]:
    with Session(runtime.engine) as session:
        return {r.id: r for r in session.exec(select(Reminder))}


@pytest.fixture
def port(runtime: Runtime) -> SlackReminderPort:
    return SlackReminderPort(SlackMessenger(delivery_client(runtime)))


@pytest.fixture
def deliverer(runtime: Runtime, port: SlackReminderPort) -> Iterator[Deliverer]:
    deliverer = Deliverer(runtime.engine, port, DeliveryConfig("test-worker", senders=4), utcnow())
    yield deliverer
    deliverer.close()


def posts(fake_slack) -> list[dict]:
    return [call.args for call in fake_slack.calls_to("chat.postMessage")]


def posted_ids(fake_slack) -> list[str]:
    """Reminder ids of the messages the fake Slack really holds (failed calls excluded)."""
    return [
        str(message["metadata"]["event_payload"]["key"])
        for messages in fake_slack.state.messages.values()
        for message in messages
        if (message.get("metadata") or {}).get("event_type") == "tactful_reminder"
    ]


def workspace(fake_slack) -> None:
    fake_slack.state.users.update({"U0REP": {"tz": "Europe/Paris"}, "U0MATE": {"tz": "UTC"}})
    fake_slack.state.channels[CHANNEL] = {"members": ["U0REP", "U0MATE"]}


def posted_reminder(runtime, deliverer, fake_slack, **fields) -> tuple[int, dict]:
    [reminder_id] = add_due(runtime, 1, **fields)
    deliverer.run_due()
    [message] = [m for m in fake_slack.state.messages[CHANNEL]
                 if m.get("metadata", {}).get("event_payload", {}).get("key") == str(reminder_id)]
    return reminder_id, message


def press(running_app, slack_requests, action_id: str, value: int, actor: Actor, message: dict):
    action = {"type": "button", "action_id": action_id, "value": str(value), "block_id": "b"}
    reply = running_app.send(slack_requests.block_actions(action, actor, message=message))
    assert reply.status == 200
    return reply


def ephemerals(fake_slack) -> list[str]:
    return [call.args.get("text", "") for call in fake_slack.calls_to("response_url")]


def deliver_once(runtime: Runtime, port, config: DeliveryConfig | None = None) -> int:
    """Run a fresh deliverer (as a newly started process would) until nothing is due."""
    deliverer = Deliverer(runtime.engine, port, config or DeliveryConfig("fresh"), utcnow())
    try:
        return deliverer.run_due()
    finally:
        deliverer.close()


def milestone_reminder_posted(runtime, deliverer, fake_slack) -> tuple[Case, Milestone, int, dict]:
    """A case whose milestone, due in two days, has had its "before" reminder posted."""
    workspace(fake_slack)
    case = make_case(runtime)
    milestone = make_milestone(runtime, case, utcnow() + timedelta(days=2))
    reminder_id, message = posted_reminder(
        runtime, deliverer, fake_slack, case_id=case.id, milestone_id=milestone.id, kind="before"
    )
    return case, milestone, reminder_id, message
