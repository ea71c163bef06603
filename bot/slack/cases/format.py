"""Small text helpers shared by the case views: escaping, dates in the reader's zone, labels."""
from __future__ import annotations

from datetime import UTC, date, datetime

from bot.slack.mrkdwn import escape


def esc(value: object) -> str:
    """User or playbook text made literal for mrkdwn."""
    return escape(str(value))


def when(moment: datetime) -> str:
    """A time every reader sees in their own Slack timezone (with a UTC fallback)."""
    epoch = int(moment.timestamp())
    fallback = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{epoch}^{{date_short_pretty}} {{time}}|{fallback}>"


def day(value: date | None) -> str:
    """A calendar date (no zone applies): shown as written."""
    return value.strftime("%a %d %b %Y") if value else "not given"


def label(text: str, limit: int = 75) -> str:
    """Fit a button or option label, visibly shortened."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plural(count: int, unit: str) -> str:
    unit = unit or "units"
    return f"{count:,} {unit[:-1] if count == 1 and unit.endswith('s') else unit}"
