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
from waitress import wasyncore

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
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        """waitress's own loop, in short turns so that a stop request is seen within 50 ms.

        Stopping never goes through the server's wake-up pipe: a request thread pulls that pipe
        after its response is already on the wire, so closing it while the test moves on raced
        with that pull (EBADF). Here the request threads finish first, then everything closes
        on this thread, which is the one that selects on those sockets."""
        while not self._stopping.is_set():
            wasyncore.loop(timeout=0.05, map=self.server._map, count=1)
        self.server.task_dispatcher.shutdown()
        wasyncore.close_all(self.server._map)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=10)

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
