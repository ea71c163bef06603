"""The schema, migrations and UTC handling, on every backend."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import select

from db.engine import session_scope
from db.migrate import check, pending_revisions
from db.models import Case, CaseEvent, Reminder


def make_case(**overrides) -> Case:
    fields = dict(team_id="T1", channel_id="C1", owner_id="U1", customer_name="Acme", licensed_units=100,
                  units_in_use=140, breach_kind="seat_overage", playbook_id="seat-overage")
    return Case(**(fields | overrides))


def test_migrations_reach_head_and_match_the_models(runtime):
    assert pending_revisions(runtime.engine) == []
    check(runtime.engine)


def test_times_come_back_utc_aware(runtime):
    new_york = timezone(timedelta(hours=-5))
    due = datetime(2027, 3, 1, 9, 0, tzinfo=new_york)
    with session_scope(runtime.engine) as session:
        case = make_case()
        session.add(case)
        session.flush()
        session.add(Reminder(case_id=case.id, owner_id="U1", channel_id="C1", due_at=due, deliver_at=due))
    with session_scope(runtime.engine) as session:
        reminder = session.exec(select(Reminder)).one()
        assert reminder.due_at == due
        assert reminder.due_at.utcoffset() == timedelta(0)
        assert reminder.due_at.hour == 14


def test_naive_times_are_refused(runtime):
    with pytest.raises(StatementError, match="naive datetime"), session_scope(runtime.engine) as session:
        session.add(make_case(created_at=datetime(2027, 1, 1)))


def test_events_keep_their_payload_and_dedupe_key_is_unique(runtime):
    with session_scope(runtime.engine) as session:
        case = make_case()
        session.add(case)
        session.flush()
        session.add(CaseEvent(case_id=case.id, actor="U1", kind="opened", payload={"seats": [140, 100]},
                              dedupe_key="Ev1"))
        case_id = case.id
    with session_scope(runtime.engine) as session:
        event = session.exec(select(CaseEvent)).one()
        assert event.payload == {"seats": [140, 100]} and event.at.tzinfo is not None
    with pytest.raises(IntegrityError), session_scope(runtime.engine) as session:
        session.add(CaseEvent(case_id=case_id, actor="U1", kind="opened", dedupe_key="Ev1"))
    with session_scope(runtime.engine) as session:
        assert session.get(Case, case_id).ref == f"BR-{case_id}"


def test_revenue_beyond_32_bits_is_kept(runtime):
    with session_scope(runtime.engine) as session:
        case = make_case(revenue_retained_cents=50_000_000_000)
        session.add(case)
    with session_scope(runtime.engine) as session:
        assert session.exec(select(Case)).one().revenue_retained_cents == 50_000_000_000
