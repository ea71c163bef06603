"""Escaping user text for Slack mrkdwn."""
from __future__ import annotations


def escape(text: str) -> str:
    """Make `text` show literally: no mentions, no links, no `<!channel>`."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
