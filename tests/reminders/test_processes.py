"""Several delivery processes on one database: each reminder is posted exactly once,
and the scheduler wakes by itself for what is due (timer) and what others added (sweep)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

from bot.reminders.delivery import DeliveryConfig
from bot.reminders.hooks import reminder_added
from bot.slack.reminders import start_slack_reminders
from db.types import utcnow
from tests.reminders.conftest import add_due, posted_ids, rows

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _start_workers(count: int, database_url: str, fake_slack, tmp_path) -> list[subprocess.Popen]:
    env = {
        **os.environ, "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_API_URL": fake_slack.url, "TACTFUL_DATA_DIR": str(tmp_path), "LOG_LEVEL": "WARNING",
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "app.py", "worker", "--sweep", "0.5", "--lease", "30"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
        )
        for _ in range(count)
    ]
    for worker in workers:
        assert worker.stdout.readline().startswith("ready"), "worker did not start"
    return workers


def _wait_all_sent(runtime, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = Counter(row.state for row in rows(runtime).values())
        if states["sent"] == count:
            return
        time.sleep(0.2)
    raise AssertionError(f"not all sent in time: {states}")


def test_three_processes_deliver_500_reminders_exactly_once(runtime, database_url, fake_slack, tmp_path):
    workers = _start_workers(3, database_url, fake_slack, tmp_path)
    try:
        ids = add_due(runtime, 500, at=utcnow() + timedelta(seconds=1))
        _wait_all_sent(runtime, 500, timeout=90)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=20)
    delivered = posted_ids(fake_slack)
    assert len(delivered) == 500
    assert sorted(delivered, key=int) == [str(i) for i in ids]
    assert len(fake_slack.calls_to("chat.postMessage")) == 500
    claimers = {row.claimed_by for row in rows(runtime).values()}
    assert len(claimers) >= 2, "the processes did not share the work"


def test_scheduler_delivers_missed_ones_at_start_and_wakes_on_time(runtime, fake_slack):
    [missed] = add_due(runtime, 1, at=utcnow() - timedelta(hours=1))
    [soon] = add_due(runtime, 1, at=utcnow() + timedelta(seconds=1.5))
    scheduler = start_slack_reminders(runtime, config=DeliveryConfig("w"), sweep_seconds=600)
    try:
        _wait_all_sent(runtime, 2, timeout=10)
        [added] = add_due(runtime, 1, at=utcnow() + timedelta(seconds=1))
        reminder_added(rows(runtime)[added].deliver_at)
        _wait_all_sent(runtime, 3, timeout=10)
    finally:
        scheduler.stop()
    state = rows(runtime)
    assert state[missed].late and not state[soon].late and not state[added].late
    for reminder in (soon, added):
        lateness = state[reminder].sent_at - state[reminder].deliver_at
        assert timedelta(0) <= lateness < timedelta(seconds=1), lateness
    assert sorted(posted_ids(fake_slack), key=int) == [str(missed), str(soon), str(added)]
