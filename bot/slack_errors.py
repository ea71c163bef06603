"""What can go wrong talking to Slack, in terms domain code can act on without importing Slack."""
from __future__ import annotations


class SlackUnavailable(Exception):
    """Temporary: rate limited, a 5xx or a network error. Try again after `retry_after` seconds."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class SlackRefused(Exception):
    """Permanent for this request (e.g. `channel_not_found`, `not_in_channel`): do not retry."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
