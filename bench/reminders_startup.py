"""Start-up with 100,000 pending reminders in the table: time to ready and resident memory.

    .venv/bin/python -m bench.reminders_startup [--db sqlite|postgresql] [--count 100000]
Targets: start-up to ready under 3 s; RSS under 200 MB (measured after a few safety sweeps).
"Ready" is the worker's line after the database is migrated and the wake-up is armed from
the table; the wall figure also counts starting Python and importing everything.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import psutil

from bench.reminders_support import FakeSlackProcess, database, seed, start_worker, wait_ready
from db.engine import make_engine
from db.types import utcnow


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    slack = FakeSlackProcess()
    with tempfile.TemporaryDirectory() as tmp, database(args.db, Path(tmp)) as url:
        engine = make_engine(url)
        seed(engine, args.count, utcnow() + timedelta(hours=1), 30 * 86400)
        engine.dispose()
        started = time.perf_counter()
        worker = start_worker(url, slack.url, "--sweep", "1")
        own = wait_ready(worker)
        wall = time.perf_counter() - started
        time.sleep(3.5)
        rss = psutil.Process(worker.pid).memory_info().rss / 2**20
        worker.terminate()
        worker.wait(20)
    slack.stop()
    print(f"database={args.db} pending reminders={args.count}")
    print(f"start-up to ready: {wall:.2f}s wall (process start to ready line), "
          f"{own:.2f}s inside `app.py worker` (config, database, scheduler)")
    print(f"RSS after 3 safety sweeps: {rss:.0f} MB")


if __name__ == "__main__":
    main()
