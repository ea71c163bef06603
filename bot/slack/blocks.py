"""Small helpers over slack_sdk's Block Kit models."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from slack_sdk.models.blocks import Block

SECTION_TEXT_LIMIT = 3000


def to_dicts(blocks: Iterable[Block]) -> list[dict[str, Any]]:
    """Serialize (and so validate) a list of blocks."""
    return [block.to_dict() for block in blocks]


def clip(text: str, limit: int = SECTION_TEXT_LIMIT) -> str:
    """Shorten visibly, never silently, to fit a Block Kit text limit."""
    if len(text) <= limit:
        return text
    marker = "… (shortened)"
    return text[: limit - len(marker)] + marker
