"""Business-day arithmetic in a case's own timezone, with optional public holidays by country.

Every function takes and returns timezone-aware datetimes; results are in UTC. Wall-clock time
is kept across days (a 10:00 start lands at 10:00 local time, whatever DST does in between).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

WEEKEND = frozenset({5, 6})


class CalendarError(ValueError):
    """An unknown timezone or country code, or a naive datetime."""


@lru_cache(maxsize=64)
def zone(tz: str) -> ZoneInfo:
    """The IANA zone called `tz`, or CalendarError."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise CalendarError(f"unknown timezone {tz!r}; use an IANA name such as 'Europe/Paris'") from None


@lru_cache(maxsize=64)
def holiday_calendar(country: str) -> holidays.HolidayBase:
    """The public holidays of `country` (ISO 3166 code such as "US", "GB", "DE")."""
    try:
        return holidays.country_holidays(country.upper())
    except NotImplementedError:
        raise CalendarError(f"no public-holiday calendar for country {country!r}") from None


def is_business_day(d: date, country: str | None = None) -> bool:
    """True on a working weekday that is not a public holiday in `country` (if given)."""
    if country is None:
        return d.weekday() not in WEEKEND
    calendar = holiday_calendar(country)
    return d.weekday() not in calendar.weekend and d not in calendar


def _local(dt: datetime, tz: str) -> datetime:
    if dt.tzinfo is None:
        raise CalendarError("datetimes must carry a timezone (use UTC)")
    return dt.astimezone(zone(tz))


def _to_utc(local_date: date, wall: time, tz: str) -> datetime:
    return datetime.combine(local_date, wall, tzinfo=zone(tz)).astimezone(UTC)


def add_days(start: datetime, n: int, tz: str) -> datetime:
    """`start` moved by `n` calendar days (negative goes back), same local wall-clock time."""
    local = _local(start, tz)
    return _to_utc(local.date() + timedelta(days=n), local.timetz().replace(tzinfo=None), tz)


def add_business_days(start: datetime, n: int, tz: str, country: str | None = None) -> datetime:
    """`start` moved by `n` business days (negative goes back), same local wall-clock time.

    n == 0 returns `start` itself (in UTC). Otherwise the count starts from the next (or
    previous) day, so "1 business day after" a Friday is Monday and before a Monday is Friday.
    """
    local = _local(start, tz)
    day, step, remaining = local.date(), (1 if n > 0 else -1), abs(n)
    while remaining:
        day += timedelta(days=step)
        if is_business_day(day, country):
            remaining -= 1
    return _to_utc(day, local.timetz().replace(tzinfo=None), tz)


def at_local(d: date, hour: int, tz: str) -> datetime:
    """The UTC instant of `hour`:00 local time on date `d` in `tz`."""
    return _to_utc(d, time(hour), tz)


def next_opening(
    dt: datetime, tz: str, start_hour: int = 9, end_hour: int = 17, country: str | None = None,
) -> datetime:
    """`dt` itself if it falls in working hours on a business day, else the next opening time."""
    if not 0 <= start_hour < end_hour <= 24:
        raise CalendarError(f"working hours {start_hour}-{end_hour} are not a valid range")
    local = _local(dt, tz)
    day = local.date()
    if is_business_day(day, country):
        if local.hour < start_hour:
            return at_local(day, start_hour, tz)
        if local.hour < end_hour:
            return dt.astimezone(UTC)
    day += timedelta(days=1)
    while not is_business_day(day, country):
        day += timedelta(days=1)
    return at_local(day, start_hour, tz)


def business_days_between(a: date, b: date, country: str | None = None) -> int:
    """The n for which add_business_days moves from date `a` to business day `b`.

    Counts business days in (a, b] when b >= a, and minus those in [b, a) when b < a.
    """
    if b >= a:
        return sum(1 for i in range(1, (b - a).days + 1)
                   if is_business_day(a + timedelta(days=i), country))
    return -sum(1 for i in range((a - b).days) if is_business_day(b + timedelta(days=i), country))
