"""Tactful in HTTP mode on a loopback port, and a client that sends it signed requests."""
from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from slack_bolt import App

from bot.runtime import Runtime
from bot.slack.http import create_http_server
from bot.slack.local import SlackHttpRequest


@dataclass
class Reply:
    status: int
    body: str
    elapsed: float

    def json(self) -> dict[str, Any]:
        return json.loads(self.body) if self.body else {}


class RunningApp:
    def __init__(self, app: App, runtime: Runtime) -> None:
        self.app = app
        self.runtime = runtime
        self.server = create_http_server(app, runtime, "127.0.0.1", 0)
        self.base = f"http://127.0.0.1:{self.server.effective_port}"
        self._thread = threading.Thread(target=self.server.run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Close the sockets from the server's own thread: closed from this one, they could vanish
        while that thread sits in select(), which then fails with EBADF."""
        self.server.trigger.pull_trigger(self.server.close)
        self._thread.join(timeout=10)
        self.server.task_dispatcher.shutdown()

    def send(self, request: SlackHttpRequest, path: str = "/slack/events") -> Reply:
        http_request = urllib.request.Request(
            self.base + path, data=request.body.encode(), headers=request.headers, method="POST"
        )
        return self._open(http_request)

    def get(self, path: str) -> Reply:
        return self._open(urllib.request.Request(self.base + path, method="GET"))

    @staticmethod
    def _open(request: urllib.request.Request) -> Reply:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                body = response.read().decode()
                status = response.status
        except urllib.error.HTTPError as exc:
            body, status = exc.read().decode(), exc.code
        return Reply(status=status, body=body, elapsed=time.perf_counter() - started)
