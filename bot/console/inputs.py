"""Asking the console user for form fields and menu choices, in Slack's state shapes."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console

ReadLine = Callable[[str], str]

_TEXT_KEYS = {
    "plain_text_input": "value",
    "number_input": "value",
    "email_text_input": "value",
    "url_text_input": "value",
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "users_select": "selected_user",
    "conversations_select": "selected_conversation",
    "channels_select": "selected_channel",
}


def _label(obj: dict[str, Any] | None) -> str:
    return (obj or {}).get("text", "")


def _initial(element: dict[str, Any]) -> str:
    for key in ("initial_value", "initial_date", "initial_time", "initial_user",
                "initial_conversation", "initial_channel"):
        if element.get(key):
            return str(element[key])
    return ""


def _choose(options: list[dict[str, Any]], answer: str, multi: bool) -> list[dict[str, Any]]:
    picked = []
    for token in answer.replace(",", " ").split():
        if token.isdigit() and 1 <= int(token) <= len(options):
            picked.append(options[int(token) - 1])
        else:
            picked += [o for o in options if o.get("value") == token or _label(o.get("text")) == token]
    return picked if multi else picked[:1]


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    if element.get("option_groups"):
        return [o for group in element["option_groups"] for o in group.get("options", [])]
    return element.get("options", [])


def ask_element(element: dict[str, Any], label: str, console: Console, read_line: ReadLine) -> dict[str, Any]:
    """Ask for one element's value; an empty answer keeps what the form already shows."""
    kind = element.get("type", "")
    if kind in _TEXT_KEYS:
        initial = _initial(element)
        hint = f" [{initial}]" if initial else ""
        answer = read_line(f"{label}{hint}: ").strip() or initial
        return {"type": kind, _TEXT_KEYS[kind]: answer or None}
    options = _options(element)
    for index, option in enumerate(options, 1):
        console.print(f"    {index}. {_label(option.get('text'))}")
    multi = kind in ("checkboxes", "multi_static_select")
    initial = element.get("initial_options") if multi else [element.get("initial_option")]
    initial = [o for o in (initial or []) if o]
    prompt = f"{label} (number{'s' if multi else ''}"
    prompt += ", empty keeps the current choice): " if initial else "): "
    answer = read_line(prompt).strip()
    picked = _choose(options, answer, multi) if answer else initial
    if multi:
        return {"type": kind, "selected_options": picked}
    return {"type": kind, "selected_option": picked[0] if picked else None}


def collect_view_values(view: dict[str, Any], console: Console, read_line: ReadLine) -> dict[str, Any]:
    """Walk the form's input blocks in order and build `view.state.values`."""
    values: dict[str, Any] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element = block.get("element", {})
        label = _label(block.get("label"))
        values[block.get("block_id", "")] = {
            element.get("action_id", ""): ask_element(element, label, console, read_line)
        }
    return values


def pick_option(element: dict[str, Any], console: Console, read_line: ReadLine) -> dict[str, Any]:
    """The payload fields for choosing from a menu, overflow or checkbox group."""
    chosen = ask_element(element, _label(element.get("placeholder")) or "Choose", console, read_line)
    chosen.pop("type", None)
    return chosen
