"""App Home render time with 10,000 cases in the database.

    .venv/bin/python -m bench.cases_home [--cases 10000] [--runs 30] [--database-url URL]
Times what app_home_opened does before views.publish: the user's open cases with next
step and deadline, the team totals, and the Block Kit view. Target: under 150 ms.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import insert, text

from bench.support import percentile
from bot.config import Settings
from bot.runtime import start_runtime
from bot.slack.app import make_client
from bot.slack.cases.home import render_home
from db.models import Case, Milestone
from db.types import utcnow

OWNERS = [f"U{n:04d}" for n in range(40)]


def fill(engine, count: int) -> None:
    """`count` cases spread over 40 reps (a quarter closed), two milestones per open case."""
    rng = random.Random(7)
    now = utcnow()
    cases, milestones = [], []
    for n in range(1, count + 1):
        closed = (n // 40) % 4 == 0
        opened = now - timedelta(days=rng.randint(1, 400))
        cases.append(dict(
            id=n, team_id="T0", channel_id="C0BENCH", channel_is_private=n % 10 == 0, owner_id=OWNERS[n % 40],
            customer_name=f"Customer {n}", account_id=f"A{n}", products="Cloud", unit_name="seats",
            licensed_units=100, units_in_use=100 + n % 50, contract_tier="", contact_name="Dana",
            contact_email="d@example.com", customer_timezone="Europe/Berlin", breach_kind="seat_overage",
            intent="inadvertent", playbook_id="seat-overage", status="closed" if closed else "open",
            outcome="compliant_seats" if closed else None, revenue_retained_cents=100_000 if closed else None,
            facts={}, created_at=opened, updated_at=opened, closed_at=opened + timedelta(days=20) if closed else None,
            current_step_id="first-contact", current_step_title="First message to the customer",
            step_position=3, step_total=7))
        if not closed:
            for k in range(2):
                milestones.append(dict(case_id=n, step_id="verify", milestone_key=f"m{k}", title=f"Milestone {k}",
                                       due_at=now + timedelta(days=rng.randint(-10, 30)), state="pending",
                                       policy={}, created_at=now))
    with engine.begin() as connection:
        connection.execute(insert(Case), cases)
        connection.execute(insert(Milestone), milestones)
        if engine.dialect.name == "postgresql":
            connection.execute(text("ANALYZE"))  # what autovacuum does soon after a bulk load


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", default=None, help="an EMPTY database (default: SQLite in a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, tactful_data_dir=Path(tmp), database_url=args.database_url,
                            slack_bot_token=SecretStr("xoxb-bench"))
        runtime = start_runtime(settings)
        fill(runtime.engine, args.cases)
        client = make_client("xoxb-bench", "http://127.0.0.1:9/api/")
        timings = []
        for run in range(args.runs + 3):
            started = time.perf_counter()
            view = render_home(runtime, client, OWNERS[run % len(OWNERS)])
            if run >= 3:
                timings.append((time.perf_counter() - started) * 1000)
        runtime.close()
    print(f"cases: {args.cases}, runs: {args.runs}, blocks in the last view: {len(view['blocks'])}")
    print(f"App Home render ms: median {statistics.median(timings):.1f}  p95 {percentile(timings, 95):.1f}  "
          f"max {max(timings):.1f}")


if __name__ == "__main__":
    main()
