"""`python app.py worker`: the delivery-only process, its configuration errors, and the
listeners a delivering process subscribes for as long as it runs."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest

from bot.reminders.delivery import DeliveryConfig
from bot.reminders.hooks import on_milestone_changed
from bot.slack.reminders import start_slack_reminders
from tests.reminders.test_processes import ROOT


def _worker(*options: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TACTFUL_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "app.py", "worker", *options], cwd=ROOT, env=clean | env,
        capture_output=True, text=True, timeout=30,
    )


@pytest.mark.parametrize(
    ("options", "env", "message"),
    [
        ((), {}, "SLACK_BOT_TOKEN must be set"),
        ((), {"SLACK_BOT_TOKEN": "xapp-wrong-kind"}, "SLACK_BOT_TOKEN must be set"),
        (("--senders", "8", "--batch", "4"), {"SLACK_BOT_TOKEN": "xoxb-t"}, "claim batch (4)"),
        (("--lease", "0"), {"SLACK_BOT_TOKEN": "xoxb-t"}, "lease must be longer"),
        (("--sweep", "0"), {"SLACK_BOT_TOKEN": "xoxb-t"}, "--sweep must be more"),
        ((), {"SLACK_BOT_TOKEN": "xoxb-t", "DATABASE_URL": "postgresql://x@127.0.0.1:1/none"},
         "cannot reach the database"),
    ],
)
def test_bad_worker_configuration_is_one_clear_line(options, env, message, tmp_path):
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'w.sqlite3'}")
    result = _worker(*options, **env)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_batch_smaller_than_the_senders_is_refused():
    """Such a deliverer never had room to claim, so it silently delivered nothing."""
    with pytest.raises(ValueError, match="at least one row per sender"):
        DeliveryConfig("w", batch=4, senders=8)
    with pytest.raises(ValueError, match="lease"):
        DeliveryConfig("w", lease=timedelta(0))


def test_card_refresh_is_subscribed_once_per_running_scheduler_and_removed_on_stop(runtime):
    before = list(on_milestone_changed)
    first = start_slack_reminders(runtime, config=DeliveryConfig("a"), sweep_seconds=600)
    try:
        assert len(on_milestone_changed) == len(before) + 1
    finally:
        first.stop()
    assert on_milestone_changed == before
    second = start_slack_reminders(runtime, config=DeliveryConfig("b"), sweep_seconds=600)
    third = start_slack_reminders(runtime, config=DeliveryConfig("c"), sweep_seconds=600)
    try:
        assert len(on_milestone_changed) == len(before) + 2
    finally:
        second.stop()
        third.stop()
    assert on_milestone_changed == before
