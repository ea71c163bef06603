"""When a milestone's reminders fall, and when they may be delivered (working hours).

Pure functions over aware datetimes: no database, no Slack.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from playbooks.calendar import (
    CalendarError, add_business_days, at_local, holiday_calendar, next_opening, zone,
)

BEFORE = "before"
ON_DAY = "on_day"
OVERDUE = "overdue"
ESCALATION = "escalation"
ADHOC = "adhoc"
SNOOZE = "snooze"


class PolicyError(ValueError):
    """A reminder policy that cannot be used; the message says what is wrong."""


class OffsetLike(Protocol):
    """What a playbook offset offers ("2 business days before" is days=-2, business=True)."""

    days: int
    business: bool


@dataclass(frozen=True)
class WorkingHours:
    """When a person may be reminded: start..end hours local time on business days."""

    tz: str = "UTC"
    start_hour: int = 9
    end_hour: int = 17
    country: str | None = None

    def __post_init__(self) -> None:
        zone(self.tz)
        if self.country:
            holiday_calendar(self.country)
        if not 0 <= self.start_hour < self.end_hour <= 24:
            raise PolicyError(f"working hours {self.start_hour}-{self.end_hour} are not a valid range")

    @property
    def tzinfo(self) -> ZoneInfo:
        return zone(self.tz)

    def next_opening(self, moment: datetime) -> datetime:
        """`moment` if it falls within working hours, else the next opening."""
        return next_opening(moment, self.tz, self.start_hour, self.end_hour, self.country)

    def day_start(self, moment: datetime) -> datetime:
        """Opening time on `moment`'s local date."""
        return at_local(moment.astimezone(zone(self.tz)).date(), self.start_hour, self.tz)


@dataclass(frozen=True)
class ReminderPolicy:
    """Business days before the due date to remind, whether to remind on the day, and how
    many daily overdue reminders to send before escalating to the manager channel."""

    before_business_days: tuple[int, ...] = (2,)
    on_the_day: bool = True
    overdue_daily: int = 3
    escalate: bool = True

    def __post_init__(self) -> None:
        if any(n <= 0 or n > 60 for n in self.before_business_days):
            raise PolicyError("reminders before a milestone must be 1 to 60 business days ahead")
        if not 0 <= self.overdue_daily <= 30:
            raise PolicyError("overdue reminders must number 0 to 30")

    @classmethod
    def from_offsets(cls, offsets: Iterable[OffsetLike], **overrides: Any) -> ReminderPolicy:
        """From a playbook's `remind` offsets (days before; "on the day"); reminders after
        the due date are covered by the overdue series, so they are not listed twice."""
        offsets = list(offsets)
        before = tuple(sorted({-o.days for o in offsets if o.days < 0}, reverse=True))
        on_day = any(o.days == 0 for o in offsets) or not offsets
        return cls(before_business_days=before, on_the_day=on_day, **overrides)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ReminderPolicy:
        if not data:
            return cls()
        try:
            return cls(
                before_business_days=tuple(int(n) for n in data.get("before_business_days", (2,))),
                on_the_day=bool(data.get("on_the_day", True)),
                overdue_daily=int(data.get("overdue_daily", 3)),
                escalate=bool(data.get("escalate", True)),
            )
        except (TypeError, ValueError) as exc:
            raise PolicyError(f"stored reminder policy is malformed: {exc}") from None

    def to_json(self) -> dict[str, Any]:
        return {
            "before_business_days": list(self.before_business_days),
            "on_the_day": self.on_the_day,
            "overdue_daily": self.overdue_daily,
            "escalate": self.escalate,
        }


@dataclass(frozen=True)
class PlannedReminder:
    kind: str
    seq: int
    due_at: datetime
    deliver_at: datetime


def plan_milestone(due: datetime, policy: ReminderPolicy, hours: WorkingHours) -> list[PlannedReminder]:
    """Every reminder of a milestone due at `due`, each moved into working hours."""
    try:
        opening = hours.day_start(due)
        planned: list[tuple[str, int, datetime]] = [
            (BEFORE, n, add_business_days(opening, -n, hours.tz, hours.country))
            for n in policy.before_business_days
        ]
        if policy.on_the_day:
            planned.append((ON_DAY, 0, min(opening, due)))
        day = opening
        for n in range(1, policy.overdue_daily + 1):
            day = add_business_days(day, 1, hours.tz, hours.country)
            planned.append((OVERDUE, n, day))
        if policy.escalate:
            planned.append((ESCALATION, 0, add_business_days(day, 1, hours.tz, hours.country)))
    except CalendarError as exc:
        raise PolicyError(str(exc)) from None
    return [
        PlannedReminder(kind, seq, at, hours.next_opening(at)) for kind, seq, at in planned
    ]


def snooze_until(choice: str, now: datetime, hours: WorkingHours) -> datetime:
    """The moment a snooze option ends: "hour", "tomorrow" (at opening), "week" (Monday opening)."""
    if choice == "hour":
        return now + timedelta(hours=1)
    local = now.astimezone(zone(hours.tz)).date()
    if choice == "tomorrow":
        return at_local(local + timedelta(days=1), hours.start_hour, hours.tz)
    if choice == "week":
        return at_local(local + timedelta(days=7 - local.weekday()), hours.start_hour, hours.tz)
    raise PolicyError(f"unknown snooze option {choice!r}")


POLICY_EXAMPLE = "before=2,1 on_day=yes overdue=3 escalate=yes"
_YES, _NO = {"yes", "y", "true", "on"}, {"no", "n", "false", "off"}


def parse_policy(text: str, base: ReminderPolicy | None = None) -> ReminderPolicy:
    """Read settings like "before=2,1 overdue=3 escalate=no" over `base` (unnamed ones kept)."""
    fields = (base or ReminderPolicy()).to_json()
    words = text.split()
    if not words:
        raise PolicyError(f"say what to change, e.g. `{POLICY_EXAMPLE}`")
    for word in words:
        key, _, value = word.lower().partition("=")
        try:
            if key == "before":
                fields["before_business_days"] = [] if value == "none" else [int(v) for v in value.split(",")]
            elif key in ("on_day", "escalate") and value in _YES | _NO:
                fields["on_the_day" if key == "on_day" else key] = value in _YES
            elif key == "overdue":
                fields["overdue_daily"] = int(value)
            else:
                raise ValueError
        except ValueError:
            raise PolicyError(f"“{word}” is not a setting I know; write e.g. `{POLICY_EXAMPLE}`") from None
    return ReminderPolicy(
        tuple(fields["before_business_days"]), fields["on_the_day"], fields["overdue_daily"], fields["escalate"]
    )


def describe(policy: ReminderPolicy) -> str:
    parts = []
    if policy.before_business_days:
        days = " and ".join(str(n) for n in policy.before_business_days)
        parts.append(f"{days} business day(s) before")
    if policy.on_the_day:
        parts.append("on the day")
    if policy.overdue_daily:
        parts.append(f"daily when overdue, {policy.overdue_daily} time(s)")
    if policy.escalate:
        parts.append("then to the manager channel")
    return ", ".join(parts) or "no reminders"
