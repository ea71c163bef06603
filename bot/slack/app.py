"""Builds the Bolt app. Nothing here runs at import; call `build_app`."""
from __future__ import annotations

import logging
from concurrent.futures import Executor

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.runtime import Runtime
from bot.slack.errors import handle_listener_error
from bot.slack.listeners import register_listeners


def apply_policy(client: WebClient, api_url: str) -> WebClient:
    """The one retry policy for Slack calls (429 honours Retry-After), and our API base URL."""
    client.base_url = api_url
    client.timeout = 15
    client.retry_handlers = [
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
    ]
    return client


def make_client(token: str, api_url: str) -> WebClient:
    return apply_policy(WebClient(token=token), api_url)


def build_app(
    runtime: Runtime,
    *,
    signing_secret: str | None = None,
    listener_executor: Executor | None = None,
) -> App:
    settings = runtime.settings
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    secret = signing_secret or (
        settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    )
    options = {"listener_executor": listener_executor} if listener_executor else {}
    app = App(
        token=token,
        signing_secret=secret,
        token_verification_enabled=False,
        request_verification_enabled=secret is not None,
        logger=logging.getLogger("tactful.slack"),
        **options,
    )
    apply_policy(app.client, settings.slack_api_url)
    app.error(handle_listener_error)
    register_listeners(app, runtime)
    return app
