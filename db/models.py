"""The tables. Every time is UTC-aware; every action on a case is an append-only event."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime, utcnow


class Case(SQLModel, table=True):
    """A licence breach being worked by a rep. `number` gives the human id (BR-42)."""

    __tablename__ = "cases"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    channel_id: str = Field(max_length=32, index=True)
    channel_is_private: bool = False
    card_ts: str | None = Field(default=None, max_length=32)
    owner_id: str = Field(max_length=32, index=True)
    customer_name: str = Field(max_length=200)
    account_id: str = Field(default="", max_length=100)
    products: str = Field(default="", max_length=500)
    unit_name: str = Field(default="seats", max_length=50)
    licensed_units: int
    units_in_use: int
    first_seen: date | None = None
    renewal_date: date | None = None
    contract_tier: str = Field(default="", max_length=100)
    contact_name: str = Field(default="", max_length=200)
    contact_email: str = Field(default="", max_length=254)
    customer_timezone: str = Field(default="UTC", max_length=64)
    breach_kind: str = Field(max_length=40)
    intent: str = Field(default="unknown", max_length=20)
    playbook_id: str = Field(max_length=100)
    status: str = Field(default="open", max_length=20, index=True)
    outcome: str | None = Field(default=None, max_length=40)
    revenue_retained_cents: int | None = Field(default=None, sa_type=BigInteger)
    facts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    current_step_id: str | None = Field(default=None, max_length=100)
    current_step_title: str = Field(default="", max_length=200)
    step_position: int = 0
    step_total: int = 0
    step_message_ts: str | None = Field(default=None, max_length=32)

    @property
    def ref(self) -> str:
        return f"BR-{self.id}"


class CaseEvent(SQLModel, table=True):
    """One action on a case (append-only). `dedupe_key` makes Slack retries harmless."""

    __tablename__ = "case_events"
    __table_args__ = (
        UniqueConstraint("dedupe_key", name="uq_case_events_dedupe_key"),
        Index("ix_case_events_case_id_at", "case_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")
    actor: str = Field(max_length=32)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    kind: str = Field(max_length=40)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    dedupe_key: str | None = Field(default=None, max_length=200)


class SlackDelivery(SQLModel, table=True):
    """A Slack event already handled (by event_id), so a retried delivery does nothing twice."""

    __tablename__ = "slack_deliveries"

    key: str = Field(primary_key=True, max_length=200)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Milestone(SQLModel, table=True):
    """A deadline agreed in a case, with its reminder policy."""

    __tablename__ = "milestones"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    step_id: str = Field(default="", max_length=100)
    title: str = Field(max_length=200)
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    state: str = Field(default="pending", max_length=20, index=True)
    met_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    policy: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    milestone_key: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Reminder(SQLModel, table=True):
    """One reminder to post. The single source of truth for delivery: a sender claims
    the row (state pending -> claimed) before posting and records the message after."""

    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_state_due_at", "state", "due_at"),
        Index("ix_reminders_state_deliver_at", "state", "deliver_at"),
        UniqueConstraint("dedupe_key", name="uq_reminders_dedupe_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    milestone_id: int | None = Field(default=None, foreign_key="milestones.id", index=True)
    kind: str = Field(default="adhoc", max_length=20)
    owner_id: str = Field(max_length=32, index=True)
    channel_id: str = Field(max_length=32)
    thread_ts: str | None = Field(default=None, max_length=32)
    text: str = Field(default="", max_length=3000)
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    deliver_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    state: str = Field(default="pending", max_length=20)
    attempts: int = 0
    claimed_by: str | None = Field(default=None, max_length=100)
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    message_ts: str | None = Field(default=None, max_length=32)
    late: bool = False
    last_error: str | None = Field(default=None, max_length=500)
    dedupe_key: str | None = Field(default=None, max_length=200)
    action: str | None = Field(default=None, max_length=20)
    acted_by: str | None = Field(default=None, max_length=32)
    acted_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    note: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class UserProfile(SQLModel, table=True):
    """What we cached about a Slack user: timezone and working hours."""

    __tablename__ = "user_profiles"

    user_id: str = Field(primary_key=True, max_length=32)
    tz: str = Field(default="UTC", max_length=64)
    work_start_hour: int = 9
    work_end_hour: int = 17
    holiday_country: str | None = Field(default=None, max_length=8)
    fetched_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
