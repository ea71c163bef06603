"""The reminders table as a work queue: claim with compare-and-set, then record the outcome.

States: pending -> claimed -> sent | failed | cancelled. A claim is a lease: when it runs out
(the claiming process died), the row is claimable again and the next claimer first looks
for the earlier post in Slack before posting.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.engine import Connection, Engine

from db.models import Milestone, Reminder, UserProfile

PENDING, CLAIMED, SENT, FAILED, CANCELLED = "pending", "claimed", "sent", "failed", "cancelled"
REMINDERS = Reminder.__table__
MILESTONES = Milestone.__table__
PROFILES = UserProfile.__table__


@dataclass(frozen=True)
class Claimed:
    """A claimed row with what delivery needs to decide and to post."""

    id: int
    kind: str
    owner_id: str
    channel_id: str
    thread_ts: str | None
    text: str
    case_id: int | None
    milestone_id: int | None
    milestone_title: str | None
    milestone_state: str | None
    due_at: datetime
    deliver_at: datetime
    created_at: datetime
    attempts: int
    owner_tz: str
    claimed_until: datetime

    @property
    def claimed_before(self) -> bool:
        """An earlier claim may have posted before it died or failed to record."""
        return self.attempts > 1


def _claimable(now: datetime):
    return or_(
        and_(REMINDERS.c.state == PENDING, REMINDERS.c.deliver_at <= now),
        and_(REMINDERS.c.state == CLAIMED, REMINDERS.c.claimed_until < now),
    )


def claim_due(engine: Engine, worker: str, now: datetime, lease: timedelta, limit: int) -> list[Claimed]:
    """Claim up to `limit` due rows for `worker`; no row is ever claimed by two at once."""
    claim = {
        "state": CLAIMED,
        "claimed_by": worker,
        "claimed_until": now + lease,
        "attempts": REMINDERS.c.attempts + 1,
    }
    candidates = (
        select(REMINDERS.c.id).where(_claimable(now)).order_by(REMINDERS.c.deliver_at).limit(limit)
    )
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            ids = connection.execute(candidates.with_for_update(skip_locked=True)).scalars().all()
            return _load(connection, _compare_and_set(connection, ids, now, claim))
    with engine.connect() as connection:
        ids = connection.execute(candidates).scalars().all()
    if not ids:
        return []
    with engine.begin() as connection:
        return _load(connection, _compare_and_set(connection, ids, now, claim))


def _compare_and_set(connection: Connection, ids: list[int], now: datetime, claim: dict) -> list[int]:
    """Claim those of `ids` still claimable: the condition is checked again inside the update,
    so of two processes racing for a row exactly one gets it back from RETURNING."""
    if not ids:
        return []
    won = connection.execute(
        update(REMINDERS)
        .where(REMINDERS.c.id.in_(ids), _claimable(now))
        .values(**claim)
        .returning(REMINDERS.c.id)
    )
    return list(won.scalars())


def _load(connection: Connection, ids: list[int]) -> list[Claimed]:
    if not ids:
        return []
    query = (
        select(
            REMINDERS.c.id, REMINDERS.c.kind, REMINDERS.c.owner_id, REMINDERS.c.channel_id,
            REMINDERS.c.thread_ts, REMINDERS.c.text, REMINDERS.c.case_id, REMINDERS.c.milestone_id,
            MILESTONES.c.title, MILESTONES.c.state, REMINDERS.c.due_at, REMINDERS.c.deliver_at,
            REMINDERS.c.created_at, REMINDERS.c.attempts, func.coalesce(PROFILES.c.tz, "UTC"),
            REMINDERS.c.claimed_until,
        )
        .select_from(
            REMINDERS.outerjoin(MILESTONES, MILESTONES.c.id == REMINDERS.c.milestone_id).outerjoin(
                PROFILES, PROFILES.c.user_id == REMINDERS.c.owner_id
            )
        )
        .where(REMINDERS.c.id.in_(ids))
        .order_by(REMINDERS.c.deliver_at)
    )
    return [Claimed(*row) for row in connection.execute(query)]


def _finish(engine: Engine, reminder_id: int, worker: str, **values: object) -> bool:
    """Change a row this worker still holds; False when the lease was lost to another."""
    with engine.begin() as connection:
        result = connection.execute(
            update(REMINDERS)
            .where(
                REMINDERS.c.id == reminder_id,
                REMINDERS.c.state == CLAIMED,
                REMINDERS.c.claimed_by == worker,
            )
            .values(**values)
        )
        return result.rowcount == 1


@dataclass(frozen=True)
class Sent:
    id: int
    ts: str
    at: datetime
    late: bool


def record_sent(engine: Engine, worker: str, sent: list[Sent]) -> int:
    """Record posted messages in one transaction; return how many rows this worker still held
    (fewer means a lease ran out and another process took over: it will find the post)."""
    if not sent:
        return 0
    statement = (
        update(REMINDERS)
        .where(
            REMINDERS.c.id == bindparam("sent_id"),
            REMINDERS.c.state == CLAIMED,
            REMINDERS.c.claimed_by == worker,
        )
        .values(
            state=SENT, message_ts=bindparam("sent_ts"), sent_at=bindparam("sent_at", type_=REMINDERS.c.sent_at.type),
            late=bindparam("sent_late"), claimed_until=None, last_error=None,
        )
    )
    with engine.begin() as connection:
        result = connection.execute(
            statement,
            [{"sent_id": s.id, "sent_ts": s.ts, "sent_at": s.at, "sent_late": s.late} for s in sent],
        )
        return result.rowcount


def retry_later(engine: Engine, reminder_id: int, worker: str, at: datetime, error: str) -> bool:
    return _finish(
        engine, reminder_id, worker, state=PENDING, deliver_at=at, claimed_by=None,
        claimed_until=None, last_error=error[:500],
    )


def mark_failed(engine: Engine, reminder_id: int, worker: str, error: str) -> bool:
    return _finish(engine, reminder_id, worker, state=FAILED, claimed_until=None, last_error=error[:500])


def mark_cancelled(engine: Engine, reminder_id: int, worker: str, why: str) -> bool:
    return _finish(engine, reminder_id, worker, state=CANCELLED, claimed_until=None, last_error=why[:500])


def next_wake(engine: Engine) -> datetime | None:
    """The earliest moment something becomes claimable: a due row or an expiring lease."""
    with engine.connect() as connection:
        due = connection.execute(
            select(func.min(REMINDERS.c.deliver_at)).where(REMINDERS.c.state == PENDING)
        ).scalar()
        lease = connection.execute(
            select(func.min(REMINDERS.c.claimed_until)).where(REMINDERS.c.state == CLAIMED)
        ).scalar()
    moments = [moment for moment in (due, lease) if moment is not None]
    return min(moments) if moments else None


def mark_missed(engine: Engine, milestone_id: int) -> bool:
    """pending -> missed, once: True only for the caller that made the change."""
    with engine.begin() as connection:
        result = connection.execute(
            update(MILESTONES)
            .where(MILESTONES.c.id == milestone_id, MILESTONES.c.state == "pending")
            .values(state="missed")
        )
        return result.rowcount == 1
