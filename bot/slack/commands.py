"""Slash-command routing: `/breach <subcommand> ...` to one handler each, with generated help."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.slack.blocks import to_dicts


@dataclass
class Invocation:
    """One slash command as a handler sees it."""

    args: str
    command: dict[str, Any]
    ack: Ack
    respond: Respond
    client: WebClient

    @property
    def user_id(self) -> str:
        return self.command.get("user_id", "")

    @property
    def channel_id(self) -> str:
        return self.command.get("channel_id", "")

    @property
    def team_id(self) -> str:
        return self.command.get("team_id", "")

    @property
    def trigger_id(self) -> str:
        return self.command.get("trigger_id", "")


Handler = Callable[[Invocation], None]


@dataclass(frozen=True)
class Subcommand:
    name: str
    usage: str
    example: str
    summary: str
    handler: Handler


@dataclass
class CommandRouter:
    """Dispatches one slash command by its first word; anything unknown gets the help."""

    command: str
    title: str
    intro: str
    fallback: Handler | None = None
    fallback_usage: tuple[str, str, str] | None = None
    subcommands: dict[str, Subcommand] = field(default_factory=dict)

    def add(self, name: str, *, usage: str, example: str, summary: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.subcommands[name] = Subcommand(name, usage, example, summary, handler)
            return handler

        return register

    def set_fallback(self, handler: Handler, *, usage: str, example: str, summary: str) -> None:
        """What runs when the first word is no subcommand (e.g. `/tone <draft>`)."""
        self.fallback = handler
        self.fallback_usage = (usage, example, summary)

    def __call__(self, ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        text = (command.get("text") or "").strip()
        word, _, rest = text.partition(" ")
        entry = self.subcommands.get(word.lower())
        invocation = Invocation(rest.strip(), command, ack, respond, client)
        if entry is not None:
            entry.handler(invocation)
        elif text and word.lower() != "help" and self.fallback is not None:
            invocation.args = text
            self.fallback(invocation)
        else:
            ack(response_type="ephemeral", text=self.help_text(), blocks=self.help_blocks())

    def help_text(self) -> str:
        return f"{self.title}: " + ", ".join(f"`{entry[0]}`" for entry in self._entries())

    def help_blocks(self) -> list[dict[str, Any]]:
        blocks: list[Block] = [
            HeaderBlock(text=self.title),
            SectionBlock(text=MarkdownTextObject(text=self.intro)),
            DividerBlock(),
        ]
        for usage, example, summary in self._entries():
            blocks.append(
                SectionBlock(
                    text=MarkdownTextObject(text=f"*`{usage}`*\n{summary}\nExample: `{example}`")
                )
            )
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text=f"`{self.command} help` shows this again.")]
            )
        )
        return to_dicts(blocks)

    def _entries(self) -> list[tuple[str, str, str]]:
        entries = [(s.usage, s.example, s.summary) for s in self.subcommands.values()]
        if self.fallback_usage:
            entries.insert(0, self.fallback_usage)
        return entries
