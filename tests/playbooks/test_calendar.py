from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbooks.calendar import (
    CalendarError, add_business_days, add_days, at_local, business_days_between, is_business_day,
    next_opening, zone,
)

NY = "America/New_York"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_weekends_and_holidays() -> None:
    assert is_business_day(date(2026, 12, 24))
    assert not is_business_day(date(2026, 12, 26))  # Saturday
    assert is_business_day(date(2026, 12, 25))  # Christmas counts without a country
    assert not is_business_day(date(2026, 12, 25), "US")
    assert not is_business_day(date(2026, 12, 26), "GB")  # Boxing Day falls on Saturday anyway
    assert not is_business_day(date(2026, 12, 28), "GB")  # Boxing Day substitute, Monday


def test_add_business_days_skips_weekend_and_keeps_local_time() -> None:
    friday_10am_ny = utc(2026, 11, 20, 15, 0)
    assert add_business_days(friday_10am_ny, 1, NY) == utc(2026, 11, 23, 15, 0)
    assert add_business_days(friday_10am_ny, 5, NY) == utc(2026, 11, 27, 15, 0)
    assert add_business_days(friday_10am_ny, 5, NY, "US") == utc(2026, 11, 30, 15, 0)  # Thanksgiving


def test_negative_offsets_go_back_over_the_weekend() -> None:
    monday = utc(2026, 11, 23, 15, 0)
    assert add_business_days(monday, -1, NY) == utc(2026, 11, 20, 15, 0)
    assert add_business_days(monday, -2, NY) == utc(2026, 11, 19, 15, 0)
    assert add_business_days(monday, 0, NY) == monday


def test_wall_clock_time_survives_dst_changes() -> None:
    # 9:00 in New York on Friday 30 Oct 2026 is 13:00 UTC (EDT); after 1 Nov it is EST.
    friday = utc(2026, 10, 30, 13, 0)
    assert add_business_days(friday, 1, NY) == utc(2026, 11, 2, 14, 0)
    assert add_days(friday, 7, NY) == utc(2026, 11, 6, 14, 0)
    assert add_days(utc(2026, 11, 6, 14, 0), -7, NY) == friday
    # Spring forward in London (29 Mar 2026): 10:00 stays 10:00 local.
    assert add_days(utc(2026, 3, 27, 10, 0), 3, "Europe/London") == utc(2026, 3, 30, 9, 0)


def test_local_date_is_used_not_utc_date() -> None:
    # 02:00 UTC Saturday is still Friday evening in New York: one business day later is Monday.
    assert add_business_days(utc(2026, 11, 21, 2, 0), 1, NY) == utc(2026, 11, 24, 2, 0)


def test_next_opening() -> None:
    inside = utc(2026, 11, 20, 15, 0)  # Friday 10:00 New York
    assert next_opening(inside, NY) == inside
    assert next_opening(utc(2026, 11, 20, 23, 0), NY) == utc(2026, 11, 23, 14, 0)  # Fri 18:00
    assert next_opening(utc(2026, 11, 20, 12, 0), NY) == utc(2026, 11, 20, 14, 0)  # Fri 07:00
    assert next_opening(utc(2026, 11, 25, 23, 0), NY, country="US") == utc(2026, 11, 27, 14, 0)
    assert next_opening(utc(2026, 11, 20, 22, 30), NY, 8, 18) == utc(2026, 11, 20, 22, 30)


def test_business_days_between_is_signed() -> None:
    assert business_days_between(date(2026, 11, 20), date(2026, 11, 23)) == 1
    assert business_days_between(date(2026, 11, 23), date(2026, 11, 20)) == -1
    assert business_days_between(date(2026, 11, 21), date(2026, 11, 20)) == -1  # Sat to Fri
    assert business_days_between(date(2026, 11, 20), date(2026, 11, 21)) == 0
    assert business_days_between(date(2026, 12, 24), date(2026, 12, 31), "US") == 4


def test_at_local() -> None:
    assert at_local(date(2026, 7, 1), 9, "Europe/Paris") == utc(2026, 7, 1, 7, 0)


@pytest.mark.parametrize("call, message", [
    (lambda: add_days(utc(2026, 1, 1), 1, "Mars/Olympus"), "unknown timezone 'Mars/Olympus'"),
    (lambda: is_business_day(date(2026, 1, 1), "XX"), "no public-holiday calendar for country"),
    (lambda: add_days(datetime(2026, 1, 1), 1, NY), "must carry a timezone"),
    (lambda: next_opening(utc(2026, 1, 1), NY, 18, 9), "not a valid range"),
])
def test_bad_input_is_a_clear_error(call, message: str) -> None:  # noqa: ANN001
    with pytest.raises(CalendarError, match=message):
        call()


@given(
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    hour=st.integers(min_value=0, max_value=23),
    n=st.integers(min_value=-40, max_value=40),
    tz=st.sampled_from(["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata"]),
    country=st.sampled_from([None, "US", "GB", "DE"]),
)
@settings(max_examples=150, deadline=None)
def test_business_day_offsets_round_trip_and_land_on_business_days(
    day: date, hour: int, n: int, tz: str, country: str | None,
) -> None:
    start = at_local(day, hour, tz)
    moved = add_business_days(start, n, tz, country)
    local = moved.astimezone(zone(tz))
    if n:
        assert is_business_day(local.date(), country)
        assert business_days_between(start.astimezone(zone(tz)).date(), local.date(), country) == n
    if is_business_day(start.astimezone(zone(tz)).date(), country):
        assert add_business_days(moved, -n, tz, country) == start
