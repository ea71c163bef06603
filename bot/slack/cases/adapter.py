"""The Slack side of the case port: posts and updates the card and the step thread."""
from __future__ import annotations

from bot.cases.snapshot import CaseCard, StepCard
from bot.slack.cases.card import card_blocks, card_text, closed_step_blocks, step_blocks, step_text
from bot.slack.cases.format import esc
from bot.slack.messenger import SlackMessenger, Tag, translated_errors

CARD_TAG = "tactful_case_card"


class SlackCaseChannel:
    """Implements bot.cases.ports.CaseChannel over the shared messenger."""

    def __init__(self, messenger: SlackMessenger) -> None:
        self.messenger = messenger
        self._users: dict[str, dict] = {}

    def post_card(self, card: CaseCard) -> str:
        posted = self.messenger.post(card.channel_id, card_text(card), blocks=card_blocks(card),
                                     tag=Tag(CARD_TAG, str(card.case_id)))
        return posted.ts

    def update_card(self, card: CaseCard) -> None:
        self.messenger.update(card.channel_id, card.card_ts or "", card_text(card), blocks=card_blocks(card))

    def post_step(self, card: CaseCard, step: StepCard) -> str:
        posted = self.messenger.post(card.channel_id, step_text(step),
                                     blocks=step_blocks(step, open_case=card.status == "open"),
                                     thread_ts=card.thread_ts)
        return posted.ts

    def close_step(self, card: CaseCard, ts: str, note: str, actor: str) -> None:
        self.messenger.update(card.channel_id, ts, esc(note), blocks=closed_step_blocks(note, actor))

    def post_note(self, card: CaseCard, text: str) -> None:
        self.messenger.post(card.channel_id, esc(text), thread_ts=card.thread_ts)

    def channel_members(self, channel: str) -> set[str]:
        return self.messenger.channel_members(channel)

    def channel_is_private(self, channel: str) -> bool:
        return self.messenger.channel_is_private(channel)

    def _user(self, user: str) -> dict:
        """users.info, asked once per user for the life of this adapter (one request)."""
        if user not in self._users:
            with translated_errors():
                self._users[user] = self.messenger.client.users_info(user=user)["user"]
        return self._users[user]

    def user_name(self, user: str) -> str:
        info = self._user(user)
        profile = info.get("profile") or {}
        return info.get("real_name") or profile.get("display_name") or info.get("name") or user

    def user_timezone(self, user: str) -> str:
        return str(self._user(user).get("tz") or "UTC")
