"""WHEN in `/breach remind CASE WHEN TEXT`, read in the user's timezone."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.reminders.policy import WorkingHours
from bot.reminders.when import WhenError, parse_when, split_when

TOKYO = ZoneInfo("Asia/Tokyo")
HOURS = WorkingHours("Asia/Tokyo", country="JP")
NOW = datetime(2027, 2, 24, 15, 30, tzinfo=TOKYO).astimezone(UTC)  # Wednesday 15:30 in Tokyo


def shown(text: str) -> str:
    return parse_when(text, NOW, HOURS).astimezone(TOKYO).strftime("%a %Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 3 days", "Sat 2027-02-27 15:30"),
        ("in 2 hours", "Wed 2027-02-24 17:30"),
        ("in 45 minutes", "Wed 2027-02-24 16:15"),
        ("in a week", "Wed 2027-03-03 15:30"),
        ("tomorrow 10am", "Thu 2027-02-25 10:00"),
        ("Tomorrow at 4:15 pm", "Thu 2027-02-25 16:15"),
        ("tomorrow", "Thu 2027-02-25 09:00"),
        ("today 17:00", "Wed 2027-02-24 17:00"),
        ("next Tuesday", "Tue 2027-03-02 09:00"),
        ("friday 14:30", "Fri 2027-02-26 14:30"),
        ("wednesday", "Wed 2027-03-03 09:00"),
        ("next week", "Mon 2027-03-01 09:00"),
        ("2027-03-01 14:00", "Mon 2027-03-01 14:00"),
        ("2027-03-01", "Mon 2027-03-01 09:00"),
        ("in 2 business days", "Fri 2027-02-26 15:30"),
        ("in 1 business day", "Thu 2027-02-25 15:30"),
    ],
)
def test_the_documented_forms(text, expected):
    assert shown(text) == expected


def test_business_days_skip_public_holidays():
    before_holiday = datetime(2027, 2, 10, 10, 0, tzinfo=TOKYO).astimezone(UTC)  # 11 Feb is a holiday
    got = parse_when("in 1 business day", before_holiday, HOURS).astimezone(TOKYO)
    assert got.strftime("%a %d") == "Fri 12"


def test_the_same_words_mean_another_instant_in_another_timezone():
    paris = WorkingHours("Europe/Paris")
    assert parse_when("tomorrow 10am", NOW, paris) != parse_when("tomorrow 10am", NOW, HOURS)
    assert parse_when("tomorrow 10am", NOW, paris).astimezone(ZoneInfo("Europe/Paris")).hour == 10


@pytest.mark.parametrize("text", ["whenever", "in three days", "25:00", "tomorrow 13pm", "2027-02-30", ""])
def test_unreadable_text_gets_examples(text):
    with pytest.raises(WhenError, match="in 3 days"):
        parse_when(text, NOW, HOURS)


def test_past_and_far_future_are_refused():
    with pytest.raises(WhenError, match="already passed"):
        parse_when("today 9am", NOW, HOURS)
    with pytest.raises(WhenError, match="a year ahead"):
        parse_when("2029-01-01", NOW, HOURS)


def test_split_takes_the_longest_time_phrase_and_leaves_the_text():
    when, rest = split_when("tomorrow 10am call Dana about the quote", NOW, HOURS)
    assert when.astimezone(TOKYO).strftime("%d %H:%M") == "25 10:00" and rest == "call Dana about the quote"
    when, rest = split_when("in 2 business days check usage", NOW, HOURS)
    assert rest == "check usage" and when - NOW == timedelta(days=2)
    assert split_when("next tuesday", NOW, HOURS)[1] == ""
    with pytest.raises(WhenError, match="start of"):
        split_when("call Dana tomorrow", NOW, HOURS)


@given(st.text(max_size=60), st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)))
def test_any_text_parses_or_says_why_never_crashes(text, naive_now):
    now = naive_now.replace(tzinfo=UTC)
    for reader in (parse_when, split_when):
        try:
            reader(text, now, HOURS)
        except WhenError as exc:
            assert str(exc)


@given(st.lists(st.sampled_from(
    ["in", "next", "tomorrow", "today", "at", "2", "10am", "14:00", "business", "days", "hours",
     "tuesday", "week", "2027-03-01", "pm", "a", "fri"]), max_size=6))
def test_near_miss_phrases_never_crash(words):
    try:
        when = parse_when(" ".join(words), NOW, HOURS)
    except WhenError:
        return
    assert NOW < when <= NOW + timedelta(days=366)
