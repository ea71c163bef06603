"""Fact values: the facts the engine derives itself, and checking/coercing what a case supplies."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from playbooks.models import Fact, Playbook

class FactError(ValueError):
    """A fact value that does not fit its declared type or bounds."""

    def __init__(self, fact: str, message: str) -> None:
        super().__init__(f"fact {fact!r}: {message}")
        self.fact = fact


def derive_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Return `facts` plus overage_units and overage_percent when the unit counts are known."""
    out = dict(facts)
    licensed, in_use = facts.get("licensed_units"), facts.get("units_in_use")
    if isinstance(licensed, int) and isinstance(in_use, int) and licensed > 0:
        out.setdefault("overage_units", in_use - licensed)
        out.setdefault("overage_percent", round((in_use - licensed) * 100 / licensed, 1))
    return out


def coerce_fact(fact: Fact, value: Any) -> Any:
    """Convert a supplied value (e.g. a form string) to the fact's type, or raise FactError."""
    try:
        converted = _CONVERTERS[fact.type](value)
    except (ValueError, TypeError, InvalidOperation):
        raise FactError(fact.name, f"expected {_NAMES[fact.type]}, got {value!r}") from None
    if fact.type == "enum" and converted not in fact.values:
        raise FactError(fact.name, f"{converted!r} is not one of {', '.join(fact.values)}")
    if fact.min is not None and converted < fact.min:
        raise FactError(fact.name, f"must be at least {fact.min:g}, got {converted}")
    if fact.max is not None and converted > fact.max:
        raise FactError(fact.name, f"must be at most {fact.max:g}, got {converted}")
    return converted


def coerce_facts(declared: Mapping[str, Fact], facts: Mapping[str, Any]) -> dict[str, Any]:
    """Coerce every supplied fact that is declared; blanks count as absent, unknown names pass."""
    return {
        name: coerce_fact(declared[name], value) if name in declared else value
        for name, value in facts.items()
        if value is not None and value != ""
    }


def check_facts(playbook: Playbook, facts: Mapping[str, Any]) -> list[str]:
    """Every problem with a case's facts: missing required ones and values that do not fit."""
    problems = [
        f"fact {name!r} is required" for name, fact in playbook.facts.items()
        if fact.required and facts.get(name) in (None, "")
    ]
    declared = playbook.all_facts()
    for name, value in facts.items():
        if name in declared and value not in (None, ""):
            try:
                coerce_fact(declared[name], value)
            except FactError as exc:
                problems.append(str(exc))
    return problems


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return int(value.replace(",", "").strip())
    if isinstance(value, (float, Decimal)) and value == int(value):
        return int(value)
    raise TypeError


def _to_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise TypeError
    if isinstance(value, str):
        value = value.replace(",", "").strip().rstrip("%")
    return Decimal(str(value))


def _to_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip())
    raise TypeError


def _to_text(value: Any) -> str:
    if not isinstance(value, (str, int, float, Decimal)) or isinstance(value, bool):
        raise TypeError
    return str(value)


_CONVERTERS = {
    "int": _to_int,
    "money": _to_decimal,
    "percent": _to_decimal,
    "date": _to_date,
    "text": _to_text,
    "enum": _to_text,
}
_NAMES = {
    "int": "a whole number",
    "money": "an amount",
    "percent": "a percentage",
    "date": "a date (YYYY-MM-DD)",
    "text": "text",
    "enum": "one of the listed values",
}
