"""`doctor`, the Slack client's retry policy, and token hygiene in logs."""
from __future__ import annotations

import logging
import time

import pytest

from bot.doctor import run_checks
from bot.logs import RedactTokens
from bot.slack.app import make_client
from bot.slack.messenger import SlackMessenger, Tag
from bot.slack_errors import SlackRefused, SlackUnavailable


def test_doctor_is_happy_with_a_working_setup(settings, runtime):
    checks = run_checks(lambda: settings)
    assert all(check.ok for check in checks), checks
    assert {check.name for check in checks} == {"configuration", "database", "playbooks", "slack"}


def test_doctor_names_the_fix_when_slack_refuses_the_token(settings, runtime, fake_slack):
    fake_slack.fail("auth.test", error="invalid_auth")
    slack = {check.name: check for check in run_checks(lambda: settings)}["slack"]
    assert not slack.ok and "invalid_auth" in slack.detail and "reinstall" in slack.detail


def test_doctor_reports_an_unmigrated_database(settings):
    checks = {check.name: check for check in run_checks(lambda: settings)}
    assert not checks["database"].ok and "python app.py db upgrade" in checks["database"].detail


def test_rate_limits_are_retried_after_the_time_slack_asks(fake_slack):
    fake_slack.fail("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    posted = SlackMessenger(make_client("xoxb-t", fake_slack.url)).post("C1", "hello")
    assert time.monotonic() - started >= 1.0
    assert posted.ts and len(fake_slack.calls_to("chat.postMessage")) == 2


def test_server_errors_are_retried_then_reported_as_unavailable(fake_slack):
    fake_slack.fail("chat.postMessage", status=503, times=5)
    with pytest.raises(SlackUnavailable):
        SlackMessenger(make_client("xoxb-t", fake_slack.url)).post("C1", "hello")
    assert len(fake_slack.calls_to("chat.postMessage")) == 3


def test_permanent_errors_are_refusals(fake_slack):
    fake_slack.fail("chat.postMessage", error="channel_not_found")
    with pytest.raises(SlackRefused) as refused:
        SlackMessenger(make_client("xoxb-t", fake_slack.url)).post("C1", "hello")
    assert refused.value.code == "channel_not_found"


def test_tagged_messages_can_be_found_again(fake_slack):
    messenger = SlackMessenger(make_client("xoxb-t", fake_slack.url))
    parent = messenger.post("C1", "card")
    mine = messenger.post("C1", "reminder", thread_ts=parent.ts, tag=Tag("tactful_reminder", "42"))
    assert messenger.find_tagged("C1", Tag("tactful_reminder", "42"), thread_ts=parent.ts) == mine
    assert messenger.find_tagged("C1", Tag("tactful_reminder", "43"), thread_ts=parent.ts) is None


def test_tokens_are_scrubbed_from_log_records():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token %s and %s", ("xoxb-123-abc", "xapp-1-A"), None)
    RedactTokens().filter(record)
    assert record.getMessage() == "token xoxb-[redacted] and xapp-[redacted]"
