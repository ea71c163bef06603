"""Shared by the reminder benchmarks: a fake Slack in its own process that timestamps each
post, a fresh database (SQLite file or a throwaway PostgreSQL database), bulk seeding, and
delivery worker processes (`python app.py worker`)."""
from __future__ import annotations

import multiprocessing
import os
import random
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine, make_url

from db.engine import make_engine, normalize_url
from db.migrate import upgrade
from db.models import Reminder
from db.types import utcnow

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = os.environ.get("TACTFUL_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def _serve_fake_slack(conn) -> None:
    from http.server import ThreadingHTTPServer

    from bot.console.standin import SlackStandIn

    # Slack accepts every connection; the stdlib's default backlog of 5 drops some under 8+
    # concurrent senders, and each drop costs a 1 s SYN retry. This process is the fake only.
    ThreadingHTTPServer.request_queue_size = 512
    standin = SlackStandIn()
    arrivals: list[tuple[str, float]] = []

    def record(call, body) -> None:
        metadata = call.args.get("metadata") or {}
        if call.method == "chat.postMessage" and body.get("ok") and metadata:
            arrivals.append((str(metadata["event_payload"]["key"]), time.time()))

    standin.listeners.append(record)
    standin.start()
    conn.send(standin.url)
    while conn.recv() != "stop":
        conn.send(list(arrivals))
    standin.stop()


class FakeSlackProcess:
    """The console's Web API stand-in in a child process, so it does not share our GIL."""

    def __init__(self) -> None:
        self._conn, child = multiprocessing.Pipe()
        self._process = multiprocessing.get_context("spawn").Process(
            target=_serve_fake_slack, args=(child,), daemon=True
        )
        self._process.start()
        self.url: str = self._conn.recv()

    def arrivals(self) -> list[tuple[str, float]]:
        """(reminder id, arrival unix time) of every accepted reminder post so far."""
        self._conn.send("dump")
        return self._conn.recv()

    def stop(self) -> None:
        self._conn.send("stop")
        self._process.join(5)


@contextmanager
def database(kind: str, workdir: Path) -> Iterator[str]:
    """A migrated, empty database URL: `sqlite` or `postgresql` (TACTFUL_BENCH_POSTGRES)."""
    if kind == "sqlite":
        url = f"sqlite:///{workdir / 'reminders-bench.sqlite3'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
        return
    admin = make_engine(POSTGRES).execution_options(isolation_level="AUTOCOMMIT")
    name = f"tactful_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(normalize_url(POSTGRES)).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def seed(engine: Engine, count: int, first: datetime, spread: float, *, threads: int = 100) -> None:
    """`count` pending reminders due between `first` and `first + spread` seconds, spread over
    `threads` case threads in 10 channels (as reminders are posted in case threads)."""
    rows = []
    for i in range(count):
        at = first + timedelta(seconds=random.uniform(0, spread))
        thread = i % threads
        rows.append({
            "owner_id": f"U{thread % 37:04d}", "channel_id": f"C{thread % 10:04d}",
            "thread_ts": f"1690000000.{thread:06d}", "text": f"bench reminder {i}", "kind": "adhoc",
            "due_at": at, "deliver_at": at, "state": "pending", "attempts": 0, "late": False,
            "note": "", "created_at": utcnow(),
        })
    with engine.begin() as connection:
        for start in range(0, len(rows), 5000):
            connection.execute(insert(Reminder.__table__), rows[start : start + 5000])


def start_worker(database_url: str, slack_url: str, *options: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TACTFUL_", "DATABASE_"))}
    env |= {
        "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_API_URL": slack_url,
        "LOG_LEVEL": "ERROR",
    }
    return subprocess.Popen(
        [sys.executable, "app.py", "worker", *options],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
    )


def wait_ready(worker: subprocess.Popen) -> float:
    """The worker's own start-up time, from its `ready <seconds>` line."""
    line = worker.stdout.readline()
    if not line.startswith("ready"):
        raise SystemExit(f"worker did not start (exit {worker.poll()})")
    return float(line.split()[1])


def reminder_due(engine: Engine) -> dict[str, datetime]:
    table = Reminder.__table__
    query = table.select().with_only_columns(table.c.id, table.c.deliver_at)
    with engine.connect() as connection:
        return {str(i): at for i, at in connection.execute(query)}
