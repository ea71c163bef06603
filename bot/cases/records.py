"""The case record: appending events (idempotently) and reading a case's facts and walk history."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from db.models import Case, CaseEvent, SlackDelivery
from db.types import utcnow
from playbooks import StepEvent

CASE_COLUMNS = ("customer_name", "account_id", "products", "unit_name", "licensed_units",
                "units_in_use", "first_seen", "renewal_date", "contract_tier", "contact_name",
                "contact_email", "customer_timezone", "breach_kind", "intent")
STEP_KINDS = {"done": "done", "skip": "skipped", "choice": "choice", "back": "back"}


def append_event(session: Session, case: Case, actor: str, kind: str,
                 payload: dict[str, Any] | None = None, *, dedupe_key: str | None = None) -> bool:
    """Add one event; False when `dedupe_key` was already recorded (a retry or a double click)."""
    if dedupe_key is not None and not claim_once(session, dedupe_key):
        return False
    session.add(CaseEvent(case_id=case.id, actor=actor, kind=kind, payload=jsonable(payload or {}),
                          dedupe_key=dedupe_key))
    case.updated_at = utcnow()
    session.add(case)
    session.flush()
    return True


def claim_once(session: Session, key: str) -> bool:
    """Record that `key` was handled; False if it already was (inside a savepoint, so the
    surrounding transaction survives the conflict)."""
    try:
        with session.begin_nested():
            session.add(SlackDelivery(key=key[:200]))
            session.flush()
    except IntegrityError:
        return False
    return True


def events_of(session: Session, case_id: int) -> list[CaseEvent]:
    query = select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.at, CaseEvent.id)
    return list(session.exec(query))


def step_history(events: list[CaseEvent]) -> list[StepEvent]:
    """The walk's events since the playbook was last chosen."""
    history: list[StepEvent] = []
    for event in events:
        if event.kind == "playbook_switched":
            history = []
        elif event.kind == "step":
            history.append(StepEvent(kind=STEP_KINDS[event.payload["action"]],
                                     step_id=event.payload["step_id"],
                                     choice=event.payload.get("choice"), at=event.at))
    return history


def checked_items(events: list[CaseEvent], step_id: str) -> list[int]:
    """The checklist boxes ticked on a step, as last saved."""
    ticked: list[int] = []
    for event in events:
        if event.kind == "checklist" and event.payload.get("step_id") == step_id:
            ticked = [int(i) for i in event.payload.get("checked", [])]
    return ticked


def case_facts(case: Case) -> dict[str, Any]:
    """Every fact the case carries, typed, without blanks (templates must see them missing)."""
    facts: dict[str, Any] = {}
    for name in CASE_COLUMNS:
        value = getattr(case, name)
        if value not in (None, ""):
            facts[name] = value
    for name, value in (case.facts or {}).items():
        if value not in (None, ""):
            facts[name] = date.fromisoformat(value) if _looks_like_date(value) else value
    return facts


def _looks_like_date(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-"


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


