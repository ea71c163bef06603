"""WHEN in `/breach remind CASE WHEN TEXT`: a small parser, read in the user's timezone.

Forms: "in 3 days" / "in 2 hours" / "in 2 business days", "today 4pm", "tomorrow 10am",
"next Tuesday", "friday 14:30", "next week", "2027-03-01 14:00". A day without a time
means the start of the working day. "next Tuesday" is the first Tuesday after today.
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from playbooks.calendar import CalendarError, add_business_days, add_days
from bot.reminders.policy import WorkingHours

EXAMPLES = ("in 3 days", "tomorrow 10am", "next Tuesday", "2027-03-01 14:00", "in 2 business days")
MAX_AHEAD = timedelta(days=366)
MAX_WORDS = 5

_TIME = r"(?:\s+(?:at\s+)?(?P<h>\d{1,2})(?:(?::(?P<m>\d{2}))\s*(?P<ap1>am|pm)?|\s*(?P<ap2>am|pm)))?"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?P<wd>mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?"
_IN = re.compile(
    r"^in\s+(?P<n>\d{1,4}|a|an|one)\s+(?P<biz>(?:business|working)\s+)?"
    r"(?P<unit>minutes?|mins?|hours?|hrs?|days?|weeks?)$"
)
_DAY = re.compile(rf"^(?P<day>today|tomorrow){_TIME}$")
_WEEKDAY_RE = re.compile(rf"^(?:(?P<next>next|on)\s+)?{_WEEKDAY}{_TIME}$")
_DATE = re.compile(rf"^(?P<y>\d{{4}})-(?P<mo>\d{{1,2}})-(?P<d>\d{{1,2}}){_TIME}$")
_NEXT_WEEK = re.compile(r"^next\s+week$")


class WhenError(ValueError):
    """WHEN could not be read; the message shows what would work."""


def _examples() -> str:
    return ", ".join(f"“{example}”" for example in EXAMPLES)


def parse_when(text: str, now: datetime, hours: WorkingHours) -> datetime:
    """The UTC moment `text` names, seen from `now` in the user's working hours."""
    phrase = " ".join(text.lower().replace(",", " ").split())
    moment = _parse(phrase, now, hours)
    if moment is None:
        raise WhenError(f"I can't read “{text.strip()}” as a time. Try {_examples()}.")
    if moment <= now:
        raise WhenError(f"“{text.strip()}” has already passed. Try {_examples()}.")
    if moment - now > MAX_AHEAD:
        raise WhenError("Reminders can be set at most a year ahead.")
    return moment


def split_when(text: str, now: datetime, hours: WorkingHours) -> tuple[datetime, str]:
    """Read WHEN from the start of `text` (the longest phrase that parses); return it and
    the rest. The error for the whole text is raised when no prefix parses."""
    words = text.split()
    for length in range(min(MAX_WORDS, len(words)), 0, -1):
        head = " ".join(words[:length])
        try:
            return parse_when(head, now, hours), " ".join(words[length:])
        except WhenError as exc:
            if "already passed" in str(exc) or "a year ahead" in str(exc):
                raise
    raise WhenError(
        f"I can't find a time at the start of “{text.strip()}”. Try {_examples()}."
    )


def _parse(phrase: str, now: datetime, hours: WorkingHours) -> datetime | None:
    try:
        if match := _IN.match(phrase):
            return _relative(match, now, hours)
        today = now.astimezone(hours.tzinfo).date()
        if match := _DAY.match(phrase):
            day = today + timedelta(days=1 if match["day"] == "tomorrow" else 0)
            return _at(day, match, hours)
        if match := _WEEKDAY_RE.match(phrase):
            target = next(i for i, name in enumerate(_WEEKDAYS) if name.startswith(match["wd"][:3]))
            ahead = (target - today.weekday()) % 7 or 7
            return _at(today + timedelta(days=ahead), match, hours)
        if _NEXT_WEEK.match(phrase):
            return _at(today + timedelta(days=7 - today.weekday()), None, hours)
        if match := _DATE.match(phrase):
            return _at(date(int(match["y"]), int(match["mo"]), int(match["d"])), match, hours)
    except (ValueError, OverflowError, CalendarError):
        return None
    return None


def _relative(match: re.Match[str], now: datetime, hours: WorkingHours) -> datetime | None:
    n = 1 if match["n"] in ("a", "an", "one") else int(match["n"])
    unit = match["unit"]
    if match["biz"]:
        return add_business_days(now, n, hours.tz, hours.country) if unit.startswith("day") else None
    if unit.startswith("m"):
        return now + timedelta(minutes=n)
    if unit.startswith("h"):
        return now + timedelta(hours=n)
    days = n * 7 if unit.startswith("w") else n
    return add_days(now, days, hours.tz) if days <= MAX_AHEAD.days else None


def _at(day: date, match: re.Match[str] | None, hours: WorkingHours) -> datetime | None:
    wall = time(hours.start_hour)
    if match is not None and match["h"] is not None:
        hour, minute = int(match["h"]), int(match["m"] or 0)
        meridiem = match["ap1"] or match["ap2"]
        if meridiem:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        if hour > 23 or minute > 59:
            return None
        wall = time(hour, minute)
    return datetime.combine(day, wall, tzinfo=hours.tzinfo).astimezone(UTC)
