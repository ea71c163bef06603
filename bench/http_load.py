"""N concurrent signed `/breach help` requests against HTTP mode: ack latency and server RSS.

    .venv/bin/python bench/http_load.py [--requests 1000] [--concurrency 50]
Targets (2 cores): p99 under 300 ms at 50 concurrent requests; idle RSS under 150 MB.
"""
from __future__ import annotations

import argparse
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.support import http_server, percentile


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, http_server(Path(tmp)) as (base, process, factory):
        time.sleep(1.0)
        idle_rss = process.memory_info().rss / 2**20
        requests = [factory.slash_command("/breach", "help") for _ in range(args.requests)]

        def send(request) -> float:
            started = time.perf_counter()
            http = urllib.request.Request(base + "/slack/events", data=request.body.encode(),
                                          headers=request.headers, method="POST")
            with urllib.request.urlopen(http, timeout=10) as response:
                response.read()
                assert response.status == 200
            return (time.perf_counter() - started) * 1000

        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            latencies = list(pool.map(send, requests))
        elapsed = time.perf_counter() - started
        loaded_rss = process.memory_info().rss / 2**20
    print(f"requests: {args.requests}, concurrency: {args.concurrency}, {args.requests / elapsed:.0f} req/s")
    print(f"ack latency ms: p50 {percentile(latencies, 50):.1f}  p99 {percentile(latencies, 99):.1f}  "
          f"max {max(latencies):.1f}")
    print(f"server RSS MB: idle {idle_rss:.1f}  after load {loaded_rss:.1f}")


if __name__ == "__main__":
    main()
