"""HTTP mode: Bolt behind waitress (a multi-threaded production WSGI server).

Routes: `POST /slack/events` for everything Slack sends, `GET /healthz` for load balancers.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy.exc import SQLAlchemyError
from waitress.server import create_server

from bot.runtime import Runtime
from db.engine import ping

log = logging.getLogger("tactful.http")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def make_wsgi_app(app: App, runtime: Runtime) -> WSGIApp:
    slack = SlackRequestHandler(app, path="/slack/events")

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            return _healthz(runtime, start_response)
        return slack(environ, start_response)

    return application


def _healthz(runtime: Runtime, start_response: Callable[..., Any]) -> Iterable[bytes]:
    try:
        ping(runtime.engine)
        status, body = "200 OK", {"ok": True, "database": "up"}
    except SQLAlchemyError as exc:
        log.warning("health check: database down: %s", exc.__class__.__name__)
        status, body = "503 Service Unavailable", {"ok": False, "database": "down"}
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


def create_http_server(app: App, runtime: Runtime, host: str, port: int):
    """A waitress server bound to host:port (port 0 picks a free one); call `.run()` to serve."""
    return create_server(
        make_wsgi_app(app, runtime),
        host=host,
        port=port,
        threads=runtime.settings.tactful_http_threads,
        ident="tactful",
        clear_untrusted_proxy_headers=True,
    )


def serve_http(app: App, runtime: Runtime) -> None:
    settings = runtime.settings
    server = create_http_server(app, runtime, settings.host, settings.port)
    log.info("Tactful listening on http://%s:%s/slack/events", settings.host, server.effective_port)
    server.run()
