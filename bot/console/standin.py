"""A Slack Web API stand-in on loopback: answers what Tactful calls and records every call.

The console points the bot at it to show what would be posted; the tests use it as their
fake Slack. It speaks Slack's HTTP shapes only, so it needs no Slack library.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from bot.console.standin_methods import Answer, WebApiState


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str = ""


@dataclass
class SlackStandIn:
    """Start with `start()`; `url` is the Web API base URL (SLACK_API_URL)."""

    state: WebApiState = field(default_factory=WebApiState)
    calls: list[Call] = field(default_factory=list)
    listeners: list[Callable[[Call, dict[str, Any]], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self._server is not None, "start() the stand-in first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return f"{self.base}/api/"

    @property
    def response_url_base(self) -> str:
        return f"{self.base}/response"

    def start(self) -> SlackStandIn:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._server.daemon_threads = True
        self.state.upload_base = f"{self.base}/upload"
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def answer(self, method: str, args: dict[str, Any]) -> Answer:
        """The reply to one call; a test subclass may override it to inject failures."""
        return self.state.answer(method, args)

    def receive(self, method: str, args: dict[str, Any], token: str) -> Answer:
        with self._lock:
            call = Call(method, args, token)
            self.calls.append(call)
            answer = self.answer(method, args)
        for listener in self.listeners:
            listener(call, answer.body)
        return answer

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]


def _make_handler(standin: SlackStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._handle()

        def do_POST(self) -> None:
            self._handle()

        def _handle(self) -> None:
            path = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if path.path.startswith("/upload/"):
                args: dict[str, Any] = {"file_id": path.path.rsplit("/", 1)[-1], "content": raw}
                method = "upload"
            else:
                args = dict(parse_qsl(path.query))
                args |= _parse_body(raw, self.headers.get("Content-Type", ""))
                if path.path.startswith("/response/"):
                    method = "response_url"
                    args["response_url"] = standin.base + path.path
                else:
                    method = path.path.removeprefix("/api/")
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            answer = standin.receive(method, args, token)
            payload = json.dumps(answer.body).encode()
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in answer.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    text = raw.decode("utf-8", errors="replace")
    if "json" in content_type:
        parsed = json.loads(text)
        return parsed if isinstance(parsed, dict) else {"body": parsed}
    form: dict[str, Any] = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        form[key] = _maybe_json(value)
    return form


def _maybe_json(value: str) -> Any:
    if value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
