"""Shared by the benchmarks: start `python app.py serve` in HTTP mode against the Slack stand-in."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Iterator

import psutil

from bot.console.standin import SlackStandIn
from bot.slack.local import RequestFactory

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-signing-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


@contextmanager
def http_server(workdir: Path, database_url: str | None = None) -> Iterator[tuple[str, psutil.Process, RequestFactory]]:
    """Yield the server's base URL, its process and a request factory signed for it."""
    standin = SlackStandIn().start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TACTFUL_", "DATABASE_"))}
    env |= {
        "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": standin.url,
        "PORT": str(port), "LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
    }
    process = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "serve"], cwd=workdir, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit("the server exited during start-up") from None
                time.sleep(0.1)
        yield base, psutil.Process(process.pid), RequestFactory(SECRET, response_url_base=standin.response_url_base)
    finally:
        process.terminate()
        process.wait(10)
        standin.stop()
