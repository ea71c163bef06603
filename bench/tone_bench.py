"""Tone checker speed: warm check() on 300-word drafts, words/s on 1 MB, and the CLI as a process.

    .venv/bin/python bench/tone_bench.py [--runs 7]

Targets (issue 3): warm check() of 300 words < 2 ms median; > 150,000 words/s on 1 MB;
`python app.py tone draft.txt` < 0.6 s median as a whole process.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tone import check  # noqa: E402
from tone.evaluation import load_samples  # noqa: E402

DATA = ROOT / "tests" / "tone" / "data"


def sentences() -> list[str]:
    return [text for path in sorted(DATA.glob("*.yaml")) for text, _ in load_samples(path)]


def draft(pool: list[str], rng: random.Random, words: int) -> str:
    parts: list[str] = []
    count = 0
    while count < words:
        sentence = rng.choice(pool)
        parts.append(sentence)
        count += len(sentence.split())
        if rng.random() < 0.2:
            parts.append("\n\n")
    return " ".join(parts)


def warm_check(pool: list[str], runs: int) -> None:
    rng = random.Random(3)
    drafts = [draft(pool, rng, 300) for _ in range(200)]
    for text in drafts:  # warm: every regex the drafts need is compiled once
        check(text + " ")
    distinct, cpu = [], []
    for text in drafts * runs:
        start, start_cpu = time.perf_counter(), time.process_time()
        check(text)
        distinct.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    repeated = []
    for _ in range(200 * runs):
        start = time.perf_counter()
        check(drafts[0])
        repeated.append(time.perf_counter() - start)
    print(f"warm check(), 300-word drafts, 200 distinct x{runs}: median {statistics.median(distinct) * 1000:.2f} ms "
          f"(CPU time median {statistics.median(cpu) * 1000:.2f} ms)")
    print(f"warm check(), one 300-word draft repeated: median {statistics.median(repeated) * 1000:.2f} ms "
          f"(textstat's own caches hit){_load()}")


def throughput(pool: list[str], runs: int) -> None:
    rng = random.Random(5)
    text = draft(pool, rng, 10)
    while len(text.encode()) < 1_000_000:
        text += " " + draft(pool, rng, 2000)
    words = len(text.split())
    times, cpu = [], []
    for _ in range(max(3, runs // 2)):
        start, start_cpu = time.perf_counter(), time.process_time()
        check(text)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    median, median_cpu = statistics.median(times), statistics.median(cpu)
    print(f"1 MB ({len(text.encode()):,} bytes, {words:,} words): median {median:.2f} s = "
          f"{words / median:,.0f} words/s (CPU time: {words / median_cpu:,.0f} words/s){_load()}")


def process(pool: list[str], runs: int) -> None:
    text = draft(pool, random.Random(9), 300)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write(text)
    command = [sys.executable, "app.py", "tone", handle.name]
    if "tone" not in subprocess.run([sys.executable, "app.py", "--help"], cwd=ROOT, capture_output=True,
                                    text=True).stdout:
        command = [sys.executable, "-c", "import sys, typer; from tone.cli import tone_command; "
                   "typer.run(tone_command)", handle.name]
    subprocess.run(command, cwd=ROOT, capture_output=True, check=False)  # fills the on-disk caches
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    Path(handle.name).unlink()
    print(f"process `{' '.join(command[1:3])} ...` on a 300-word draft: median {statistics.median(times):.3f} s "
          f"over {runs} runs (min {min(times):.3f}; CPU time median {statistics.median(cpu):.3f} s){_load()}")


def _load() -> str:
    """The 1-minute load average now: figures on a shared machine mean little without it."""
    return f"; load {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""


def machine() -> None:
    """A yardstick for reading the figures on a shared machine."""
    start = time.process_time()
    sum(range(10**7))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: sum(range(10**7)) takes {time.process_time() - start:.3f} s CPU "
          f"(~0.15 s on an idle laptop); load average {load:.1f} on {os.cpu_count()} CPUs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    machine()
    pool = sentences()
    warm_check(pool, args.runs)
    throughput(pool, args.runs)
    process(pool, args.runs)


if __name__ == "__main__":
    main()
