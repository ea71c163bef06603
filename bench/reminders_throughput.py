"""10,000 reminders due within the same minute, delivered to a fast fake Slack.

    .venv/bin/python -m bench.reminders_throughput [--db sqlite|postgresql] [--count 10000]
        [--spread 60] [--workers 1] [--senders 8] [--batch 64]
Targets: all delivered within 60 s of the minute's end, p99 lateness under 5 s, zero
duplicates, zero lost. Lateness = arrival at the fake Slack minus the reminder's deliver_at.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.reminders_support import (
    FakeSlackProcess, database, reminder_due, seed, start_worker, wait_ready,
)
from bench.support import percentile
from db.engine import make_engine
from db.types import utcnow


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--spread", type=float, default=60.0, help="seconds over which they fall due")
    parser.add_argument("--workers", type=int, default=1, help="delivery processes")
    parser.add_argument("--senders", type=int, default=8, help="sender threads per process")
    parser.add_argument("--batch", type=int, default=64, help="claimed rows in hand per process")
    args = parser.parse_args()
    slack = FakeSlackProcess()
    with tempfile.TemporaryDirectory() as tmp, database(args.db, Path(tmp)) as url:
        engine = make_engine(url)
        first = utcnow() + timedelta(seconds=10)
        seed(engine, args.count, first, args.spread)
        options = ("--senders", str(args.senders), "--batch", str(args.batch), "--sweep", "5")
        workers = [start_worker(url, slack.url, *options) for _ in range(args.workers)]
        for worker in workers:
            wait_ready(worker)
        due = reminder_due(engine)
        deadline = first + timedelta(seconds=args.spread + 60)
        arrivals: list[tuple[str, float]] = []
        while utcnow() < deadline:
            time.sleep(1.0)
            arrivals = slack.arrivals()
            if len({key for key, _ in arrivals}) >= args.count:
                break
            print(f"  {len(arrivals)} delivered", end="\r", flush=True)
        time.sleep(2.0)
        arrivals = slack.arrivals()
        for worker in workers:
            worker.terminate()
            worker.wait(20)
        engine.dispose()
    slack.stop()
    report(args, due, arrivals, first)


def report(args, due: dict[str, datetime], arrivals: list[tuple[str, float]], first: datetime) -> None:
    counts = Counter(key for key, _ in arrivals)
    duplicates = sum(n - 1 for n in counts.values() if n > 1)
    lost = len(set(due) - set(counts))
    lateness = [
        max(0.0, at - due[key].timestamp()) for key, at in arrivals if key in due
    ]
    last = max((at for _, at in arrivals), default=0.0)
    window_end = (first + timedelta(seconds=args.spread)).timestamp()
    print(f"database={args.db} workers={args.workers} senders={args.senders} batch={args.batch} "
          f"reminders={args.count} due over {args.spread:.0f}s")
    print(f"delivered={len(counts)} duplicates={duplicates} lost={lost}")
    if lateness:
        print(f"lateness p50={percentile(lateness, 50):.3f}s p99={percentile(lateness, 99):.3f}s "
              f"max={max(lateness):.3f}s")
        print(f"last delivery {last - window_end:+.2f}s after the due window closed "
              f"({datetime.fromtimestamp(last, UTC):%H:%M:%S})")


if __name__ == "__main__":
    main()
