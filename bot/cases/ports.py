"""What the case workflow needs from Slack (the Slack adapter implements it; tests may fake it)."""
from __future__ import annotations

from typing import Protocol

from bot.cases.snapshot import CaseCard, StepCard


class CaseChannel(Protocol):
    def post_card(self, card: CaseCard) -> str:
        """Post the case card in the case channel; return its ts."""

    def update_card(self, card: CaseCard) -> None:
        """Re-render the card in place (chat.update)."""

    def post_step(self, card: CaseCard, step: StepCard) -> str:
        """Post the current step in the card's thread; return its ts."""

    def close_step(self, card: CaseCard, ts: str, note: str, actor: str) -> None:
        """Replace a step message that is no longer current with what `actor` did (`note`)."""

    def post_note(self, card: CaseCard, text: str) -> None:
        """A plain line in the card's thread (the adapter escapes it)."""

    def channel_members(self, channel: str) -> set[str]: ...

    def channel_is_private(self, channel: str) -> bool: ...

    def user_name(self, user: str) -> str: ...

    def user_timezone(self, user: str) -> str: ...
