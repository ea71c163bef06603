"""Reading many cases at once: lists, the App Home's open cases and the team totals."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import median

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.cases.permissions import Members, may_see
from db.models import Case, Milestone
from db.types import utcnow

COMPLIANT = ("compliant_seats", "compliant_tier", "compliant_reduced")
SCOPES = ("mine", "team", "overdue")


@dataclass(frozen=True)
class CaseRow:
    id: int
    ref: str
    customer: str
    owner_id: str
    channel_id: str
    step_title: str
    position: int
    total: int
    next_due: datetime | None
    next_due_title: str
    overdue: bool


@dataclass(frozen=True)
class TeamStats:
    open: int
    overdue: int
    closed_this_month: int
    median_days_to_compliance: float | None
    revenue_retained_cents: int


def _next_deadlines(session: Session, case_ids: list[int]) -> dict[int, tuple[datetime, str]]:
    """Each case's earliest pending milestone (one query)."""
    if not case_ids:
        return {}
    first = (select(Milestone.case_id, func.min(Milestone.due_at).label("due"))
             .where(col(Milestone.case_id).in_(case_ids), Milestone.state == "pending")
             .group_by(Milestone.case_id).subquery())
    rows = session.exec(select(Milestone.case_id, Milestone.due_at, Milestone.title)
                        .join(first, (Milestone.case_id == first.c.case_id) & (Milestone.due_at == first.c.due))
                        .where(Milestone.state == "pending"))
    return {case_id: (due, title) for case_id, due, title in rows}


LIST_COLUMNS = (Case.id, Case.customer_name, Case.owner_id, Case.channel_id, Case.channel_is_private,
                Case.current_step_title, Case.step_position, Case.step_total)


def _rows(session: Session, cases: list, now: datetime) -> list[CaseRow]:
    deadlines = _next_deadlines(session, [c.id for c in cases])
    rows = []
    for case in cases:
        due, title = deadlines.get(case.id, (None, ""))
        rows.append(CaseRow(case.id, f"BR-{case.id}", case.customer_name, case.owner_id, case.channel_id,
                            case.current_step_title, case.step_position, case.step_total, due, title,
                            due is not None and due < now))
    return sorted(rows, key=lambda r: (not r.overdue, r.next_due or datetime.max.replace(tzinfo=now.tzinfo), r.id))


def list_cases(session: Session, scope: str, user: str, admins: frozenset[str], members: Members,
               limit: int = 1000) -> list[CaseRow]:
    """Open cases: the user's own, the team's, or those with an overdue milestone.

    Private-channel cases appear only to people who may see them.
    """
    now = utcnow()
    query = select(*LIST_COLUMNS).where(Case.status == "open")
    if scope == "mine":
        query = query.where(Case.owner_id == user)
    elif scope == "overdue":
        overdue = select(Milestone.case_id).where(Milestone.state == "pending", Milestone.due_at < now)
        query = query.where(col(Case.id).in_(overdue))
    cases = [c for c in session.exec(query.order_by(col(Case.id).desc()).limit(limit))
             if may_see(c, user, admins, members)]
    return _rows(session, cases, now)


def _days_open(session: Session):
    """Days from opening to closing, computed by the database (no per-row conversion here)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(Case.closed_at) - func.julianday(Case.created_at)
    return func.extract("epoch", Case.closed_at - Case.created_at) / 86400.0


def team_stats(session: Session, now: datetime | None = None) -> TeamStats:
    now = now or utcnow()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    open_count = session.exec(select(func.count()).select_from(Case).where(Case.status == "open")).one()
    overdue = session.exec(select(func.count(func.distinct(Milestone.case_id)))
                           .join(Case, Case.id == Milestone.case_id)
                           .where(Case.status == "open", Milestone.state == "pending",
                                  Milestone.due_at < now)).one()
    closed_month = session.exec(select(func.count()).select_from(Case).where(
        Case.status == "closed", Case.closed_at >= month_start)).one()
    days = [float(d) for d in session.exec(select(_days_open(session)).where(
        Case.status == "closed", col(Case.outcome).in_(COMPLIANT), col(Case.closed_at).is_not(None)))]
    revenue = session.exec(select(func.coalesce(func.sum(Case.revenue_retained_cents), 0)).where(
        Case.status == "closed")).one()
    return TeamStats(int(open_count), int(overdue), int(closed_month),
                     round(median(days), 1) if days else None, int(revenue))
