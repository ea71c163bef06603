"""Reminder times for a milestone, moved into the owner's working hours."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.reminders.policy import (
    PolicyError, ReminderPolicy, WorkingHours, plan_milestone, snooze_until,
)

PARIS = ZoneInfo("Europe/Paris")


def local(*args: int, tz: ZoneInfo = PARIS) -> datetime:
    return datetime(*args, tzinfo=tz).astimezone(UTC)


def test_default_series_is_two_business_days_before_on_the_day_overdue_then_escalation():
    hours = WorkingHours("Europe/Paris")
    due = local(2027, 3, 3, 17, 0)  # a Wednesday
    plan = plan_milestone(due, ReminderPolicy(), hours)
    got = [(p.kind, p.seq, p.deliver_at.astimezone(PARIS).strftime("%a %d %H:%M")) for p in plan]
    assert got == [
        ("before", 2, "Mon 01 09:00"),
        ("on_day", 0, "Wed 03 09:00"),
        ("overdue", 1, "Thu 04 09:00"),
        ("overdue", 2, "Fri 05 09:00"),
        ("overdue", 3, "Mon 08 09:00"),
        ("escalation", 0, "Tue 09 09:00"),
    ]


def test_weekends_and_public_holidays_are_skipped():
    hours = WorkingHours("Europe/Paris", country="FR")
    due = local(2027, 5, 3, 12, 0)  # Monday; Saturday 1 May is Labour Day, Friday 30 Apr works
    plan = plan_milestone(due, ReminderPolicy(before_business_days=(1,), overdue_daily=0, escalate=False), hours)
    assert [p.deliver_at.astimezone(PARIS).strftime("%a %d %b %H:%M") for p in plan] == [
        "Fri 30 Apr 09:00", "Mon 03 May 09:00",
    ]
    christmas = plan_milestone(
        local(2026, 12, 24, 12), ReminderPolicy((), False, 1, False), hours
    )
    assert christmas[0].deliver_at.astimezone(PARIS).strftime("%a %d %b") == "Mon 28 Dec"


def test_a_moment_outside_working_hours_moves_to_the_next_opening():
    hours = WorkingHours("America/New_York", 8, 16)
    friday_evening = datetime(2027, 3, 5, 18, 30, tzinfo=ZoneInfo("America/New_York"))
    opening = hours.next_opening(friday_evening.astimezone(UTC))
    assert opening.astimezone(ZoneInfo("America/New_York")) == datetime(
        2027, 3, 8, 8, 0, tzinfo=ZoneInfo("America/New_York")
    )
    inside = local(2027, 3, 3, 10, 15)
    assert WorkingHours("Europe/Paris").next_opening(inside) == inside


@dataclass
class Offset:
    days: int
    business: bool


def test_playbook_offsets_become_a_policy():
    policy = ReminderPolicy.from_offsets([Offset(-2, True), Offset(0, False), Offset(-5, True)])
    assert policy.before_business_days == (5, 2) and policy.on_the_day
    only_before = ReminderPolicy.from_offsets([Offset(-1, True)], overdue_daily=1)
    assert not only_before.on_the_day and only_before.overdue_daily == 1
    assert ReminderPolicy.from_json(policy.to_json()) == policy


def test_bad_policies_and_hours_are_refused_with_a_message():
    with pytest.raises(PolicyError, match="1 to 60 business days"):
        ReminderPolicy(before_business_days=(0,))
    with pytest.raises(PolicyError, match="0 to 30"):
        ReminderPolicy(overdue_daily=99)
    with pytest.raises(PolicyError, match="malformed"):
        ReminderPolicy.from_json({"overdue_daily": "many"})
    with pytest.raises(PolicyError, match="not a valid range"):
        WorkingHours("UTC", 17, 9)
    with pytest.raises(ValueError, match="unknown timezone"):
        WorkingHours("Mars/Olympus")


def test_snooze_options():
    hours = WorkingHours("Europe/Paris")
    wednesday = local(2027, 3, 3, 15, 20)
    assert snooze_until("hour", wednesday, hours) == local(2027, 3, 3, 16, 20)
    assert snooze_until("tomorrow", wednesday, hours) == local(2027, 3, 4, 9, 0)
    assert snooze_until("week", wednesday, hours) == local(2027, 3, 8, 9, 0)
    with pytest.raises(PolicyError):
        snooze_until("forever", wednesday, hours)


def test_unusable_profiles_fall_back_to_default_hours_instead_of_failing(runtime):
    from bot.reminders.profiles import working_hours
    from db.engine import session_scope
    from db.models import UserProfile

    with session_scope(runtime.engine) as session:
        session.add(UserProfile(user_id="U0ODD", tz="Mars/Olympus"))
        session.add(UserProfile(user_id="U0NOCOUNTRY", tz="Europe/Paris", holiday_country="XX"))
        session.flush()
        assert working_hours(session, "U0ODD", None) == WorkingHours()
        assert working_hours(session, "U0NOCOUNTRY", None) == WorkingHours("Europe/Paris")
        looked_up = working_hours(session, "U0NEW", lambda user: "Asia/Tokyo", default_country="JP")
    assert looked_up == WorkingHours("Asia/Tokyo", country="JP")
    with session_scope(runtime.engine) as session:
        assert session.get(UserProfile, "U0NEW").tz == "Asia/Tokyo"
        asked = []
        working_hours(session, "U0NEW", lambda user: asked.append(user) or "UTC")
    assert asked == [], "the timezone is looked up once, then read from the cache"


def test_reps_change_the_policy_in_a_few_words():
    from bot.reminders.policy import describe, parse_policy

    policy = parse_policy("before=3,1 overdue=2 escalate=no")
    assert policy == ReminderPolicy(before_business_days=(3, 1), on_the_day=True, overdue_daily=2, escalate=False)
    assert describe(policy) == "3 and 1 business day(s) before, on the day, daily when overdue, 2 time(s)"
    assert parse_policy("before=none on_day=no overdue=0 escalate=no") == ReminderPolicy((), False, 0, False)
    assert describe(ReminderPolicy((), False, 0, False)) == "no reminders"
    for bad in ("", "before=soon", "overdue=99", "snooze=yes", "escalate=maybe"):
        with pytest.raises(PolicyError):
            parse_policy(bad)


def test_hours_read_without_a_lookup_do_not_cache_a_guessed_timezone(runtime):
    """Scheduling before anyone asked Slack must not pin the owner to UTC for good."""
    from bot.reminders.profiles import working_hours
    from db.engine import session_scope

    with session_scope(runtime.engine) as session:
        assert working_hours(session, "U0LATER", None, default_country="FR") == WorkingHours(country="FR")
        assert working_hours(session, "U0LATER", lambda user: "Asia/Tokyo") == WorkingHours("Asia/Tokyo")
