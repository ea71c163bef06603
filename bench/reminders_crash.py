"""Crash test: 1,000 reminders while the delivering process is SIGKILLed 20 times at random
points and restarted each time; then count what the fake Slack received.

    .venv/bin/python -m bench.reminders_crash [--db postgresql|sqlite] [--kills 20] [--count 1000]
Target: zero lost, zero duplicated (each reminder id posted exactly once).
"""
from __future__ import annotations

import argparse
import random
import signal
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bench.reminders_support import FakeSlackProcess, database, seed, start_worker, wait_ready
from db.engine import make_engine
from db.models import Reminder
from db.types import utcnow

WORKER_OPTIONS = ("--lease", "2", "--sweep", "0.5", "--batch", "16")


def states(engine) -> Counter:
    table = Reminder.__table__
    with engine.connect() as connection:
        return Counter(state for (state,) in connection.execute(table.select().with_only_columns(table.c.state)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--spread", type=float, default=45.0)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    random.seed(args.seed)
    slack = FakeSlackProcess()
    with tempfile.TemporaryDirectory() as tmp, database(args.db, Path(tmp)) as url:
        engine = make_engine(url)
        seed(engine, args.count, utcnow() + timedelta(seconds=2), args.spread)
        started = time.monotonic()
        for kill in range(args.kills):
            worker = start_worker(url, slack.url, *WORKER_OPTIONS)
            wait_ready(worker)
            time.sleep(random.uniform(0.05, 2.5))
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            print(f"kill {kill + 1:2d}: {len(slack.arrivals()):4d} posts so far, rows {dict(states(engine))}")
        worker = start_worker(url, slack.url, *WORKER_OPTIONS)
        wait_ready(worker)
        deadline = time.monotonic() + 120
        while states(engine)["sent"] < args.count and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(1.0)
        worker.terminate()
        worker.wait(20)
        final = states(engine)
        with engine.connect() as connection:
            table = Reminder.__table__
            ids = {str(i) for (i,) in connection.execute(table.select().with_only_columns(table.c.id))}
            late = connection.execute(
                table.select().with_only_columns(table.c.id).where(table.c.late.is_(True))
            ).all()
        engine.dispose()
    arrivals = Counter(key for key, _ in slack.arrivals())
    slack.stop()
    duplicated = {key: n for key, n in arrivals.items() if n > 1}
    lost = ids - set(arrivals)
    print(f"database={args.db} reminders={args.count} SIGKILLs={args.kills} "
          f"run time {time.monotonic() - started:.0f}s")
    print(f"posted={len(arrivals)} lost={len(lost)} duplicated={len(duplicated)} "
          f"rows={dict(final)} marked late={len(late)}")
    if lost or duplicated:
        print(f"LOST {sorted(lost)[:20]} DUPLICATED {list(duplicated.items())[:20]}")


if __name__ == "__main__":
    main()
