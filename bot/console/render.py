"""Block Kit as readable terminal text, with numbers on what can be pressed or filled."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>|<(https?://[^>]+)>")
_DATE = re.compile(r"<!date\^[^>|]*\|([^>]*)>")
_MENTION = re.compile(r"<[@#!]([^>|]+)(?:\|([^>]+))?>")


def mrkdwn_to_rich(text: str) -> str:
    """Slack mrkdwn to rich markup: *bold*, _italic_, `code`, links and mentions."""
    text = text.replace("[", r"\[")
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})" if m.group(1) else m.group(3), text)
    text = _DATE.sub(r"\1", text)
    text = _MENTION.sub(lambda m: "@" + (m.group(2) or m.group(1)), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"[bold]\1[/bold]", text)
    text = re.sub(r"(?<![\w_])_([^_\n]+)_(?![\w_])", r"[italic]\1[/italic]", text)
    return re.sub(r"`([^`\n]+)`", r"[cyan]\1[/cyan]", text)


def _text(obj: dict[str, Any] | None) -> str:
    if not obj:
        return ""
    if obj.get("type") == "plain_text":
        return obj.get("text", "").replace("[", r"\[")
    return mrkdwn_to_rich(obj.get("text", ""))


@dataclass
class Pressable:
    """A button or menu the user can choose by number."""

    element: dict[str, Any]
    block_id: str
    source: dict[str, Any]
    source_kind: str  # "message", "view" or "home"


@dataclass
class Rendering:
    lines: list[str] = field(default_factory=list)
    pressables: list[Pressable] = field(default_factory=list)


def render_blocks(
    blocks: list[dict[str, Any]], source: dict[str, Any], source_kind: str, first_number: int
) -> Rendering:
    out = Rendering()

    def number() -> int:
        return first_number + len(out.pressables)

    for block in blocks:
        kind = block.get("type")
        block_id = block.get("block_id", "")
        if kind == "header":
            out.lines.append(f"[bold underline]{_text(block.get('text'))}[/bold underline]")
        elif kind == "section":
            if block.get("text"):
                out.lines.append(_text(block["text"]))
            for item in block.get("fields", []):
                out.lines.append("  " + _text(item).replace("\n", " · "))
            accessory = block.get("accessory")
            if accessory and accessory.get("type") in ("button", "overflow", "static_select", "checkboxes"):
                out.lines.append(_element_line(accessory, number()))
                out.pressables.append(Pressable(accessory, block_id, source, source_kind))
        elif kind == "context":
            out.lines.append("[dim]" + "  ".join(_text(e) for e in block.get("elements", [])) + "[/dim]")
        elif kind == "divider":
            out.lines.append("[dim]" + "─" * 40 + "[/dim]")
        elif kind == "actions":
            parts = []
            for element in block.get("elements", []):
                parts.append(_element_line(element, number()))
                out.pressables.append(Pressable(element, block_id, source, source_kind))
            out.lines.append("  ".join(parts))
        elif kind == "input":
            label = _text(block.get("label"))
            element = block.get("element", {})
            initial = element.get("initial_value") or element.get("initial_date") or ""
            if not initial and element.get("initial_option"):
                initial = _text(element["initial_option"].get("text"))
            optional = " (optional)" if block.get("optional") else ""
            out.lines.append(f"  ▸ {label}{optional}: [cyan]{initial}[/cyan]")
        elif kind == "rich_text":
            out.lines.append(_rich_text(block))
    return out


def _element_line(element: dict[str, Any], number: int) -> str:
    kind = element.get("type")
    if kind == "button":
        return f"[reverse] {number} [/reverse] {_text(element.get('text'))}"
    if kind == "checkboxes":
        picked = {o.get("value") for o in element.get("initial_options", [])}
        boxes = ", ".join(
            ("☑ " if o.get("value") in picked else "☐ ") + _text(o.get("text"))
            for o in element.get("options", [])
        )
        return f"[reverse] {number} [/reverse] {boxes}"
    placeholder = _text(element.get("placeholder")) or "choose"
    return f"[reverse] {number} [/reverse] {placeholder} ▾"


def _rich_text(block: dict[str, Any]) -> str:
    pieces: list[str] = []
    for section in block.get("elements", []):
        for element in section.get("elements", []):
            pieces.append(str(element.get("text", "")).replace("[", r"\["))
    return "".join(pieces)


def render_view(view: dict[str, Any], first_number: int) -> Rendering:
    title = _text(view.get("title")) or "Home"
    rendering = render_blocks(view.get("blocks", []), view, view.get("type", "modal"), first_number)
    rendering.lines.insert(0, f"[bold magenta]┌ {title}[/bold magenta]")
    if view.get("submit"):
        rendering.lines.append(f"[dim]Type [bold]submit[/bold] to {_text(view['submit'])}, "
                               "[bold]cancel[/bold] to close.[/dim]")
    return rendering
