"""What delivery needs from Slack, as a port the Slack adapter implements.

Implementations raise `bot.slack_errors.SlackUnavailable` (try again later) or
`SlackRefused` (permanent for this message); anything else is a bug.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Delivery:
    """One claimed reminder, as the adapter needs it to post (a snapshot, not a live row)."""

    reminder_id: int
    kind: str
    owner_id: str
    channel_id: str
    thread_ts: str | None
    text: str
    case_id: int | None
    case_ref: str | None
    milestone_title: str | None
    due_at: datetime
    deliver_at: datetime
    delivered_at: datetime
    owner_tz: str
    late_reason: str | None
    """None when on time, else why it is late ("after a restart", "after Slack errors")."""


class ReminderPort(Protocol):
    def post(self, delivery: Delivery) -> str:
        """Post the reminder (tagged with its id); return the message ts."""

    def find_posted(self, delivery: Delivery, since: datetime) -> str | None:
        """The ts of an earlier post of this reminder since `since`, if one exists."""

    def tell_undeliverable(self, owner_id: str, channel_id: str, code: str, text: str) -> None:
        """Tell the owner directly that the reminder `text` could not be posted (`code`)."""
