"""Modal input blocks built the same way everywhere (block_id = the field's name)."""
from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    DatePickerElement,
    EmailInputElement,
    InputBlock,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)

from bot.slack.cases.format import label as fit
from playbooks import Fact

INPUT_LIMIT = 3000


def text_input(name: str, label: str, initial: Any = None, *, optional: bool = False,
               multiline: bool = False, hint: str | None = None, max_length: int | None = None,
               block_id: str | None = None) -> InputBlock:
    value = None if initial in (None, "") else str(initial)[: max_length or INPUT_LIMIT]
    element = PlainTextInputElement(action_id="value", initial_value=value, multiline=multiline,
                                    max_length=max_length)
    return InputBlock(block_id=block_id or name, label=fit(label, 2000), element=element,
                      optional=optional, hint=hint)


def email_input(name: str, label: str, initial: Any = None, *, optional: bool = False) -> InputBlock:
    element = EmailInputElement(action_id="value", initial_value=str(initial) if initial else None)
    return InputBlock(block_id=name, label=label, element=element, optional=optional)


def number_input(name: str, label: str, initial: Any = None, *, optional: bool = False,
                 decimal: bool = False) -> InputBlock:
    element = NumberInputElement(action_id="value", is_decimal_allowed=decimal,
                                 initial_value=None if initial in (None, "") else str(initial))
    return InputBlock(block_id=name, label=label, element=element, optional=optional)


def date_input(name: str, label: str, initial: Any = None, *, optional: bool = False) -> InputBlock:
    element = DatePickerElement(action_id="value", initial_date=str(initial) if initial else None)
    return InputBlock(block_id=name, label=label, element=element, optional=optional)


def select_input(name: str, label: str, choices: dict[str, str], initial: Any = None, *,
                 optional: bool = False, dispatch: bool = False) -> InputBlock:
    options = [Option(value=value, text=fit(text)) for value, text in list(choices.items())[:100]]
    chosen = next((o for o in options if o.value == initial), None)
    element = StaticSelectElement(action_id="value", options=options, initial_option=chosen,
                                  placeholder="Choose")
    return InputBlock(block_id=name, label=label, element=element, optional=optional,
                      dispatch_action=dispatch or None)


def fact_input(fact: Fact, initial: Any = None) -> InputBlock:
    """The input that fits a playbook fact's type."""
    label = fact.label or fact.name.replace("_", " ").capitalize()
    optional = not fact.required
    if fact.type == "int":
        return number_input(fact.name, label, initial, optional=optional)
    if fact.type in ("money", "percent"):
        return number_input(fact.name, label, initial, optional=optional, decimal=True)
    if fact.type == "date":
        return date_input(fact.name, label, initial, optional=optional)
    if fact.type == "enum":
        return select_input(fact.name, label, {v: v.replace("_", " ") for v in fact.values}, initial,
                            optional=optional)
    return text_input(fact.name, label, initial, optional=optional, max_length=500)
