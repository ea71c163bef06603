"""Template filters that print a case's figures exactly and readably."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jinja2 import Undefined

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def number(value: Any) -> str:
    """1234567 -> "1,234,567"; 12.5 -> "12.5"."""
    amount = Decimal(str(value))
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount.normalize():,f}"


def money(value: Any, currency: str = "USD") -> str:
    """12000 -> "$12,000"; 99.5 -> "$99.50"; 10 with "CHF" -> "10 CHF"."""
    amount = Decimal(str(value))
    whole = amount == amount.to_integral_value()
    figure = f"{int(amount):,}" if whole else f"{amount.quantize(Decimal('0.01'), ROUND_HALF_UP):,}"
    symbol = _SYMBOLS.get(currency.upper())
    return f"{symbol}{figure}" if symbol else f"{figure} {currency.upper()}"


def human_date(value: Any) -> str:
    """date(2027, 3, 1) or "2027-03-01" -> "1 March 2027"."""
    if isinstance(value, Undefined):
        str(value)  # a strict undefined raises its own error, which names the missing fact
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        raise TypeError(f"the date filter needs a date, not {type(value).__name__}")
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def percent(value: Any, digits: int = 1) -> str:
    """40 -> "40%"; 12.345 -> "12.3%" (the value is already a percentage, not a fraction)."""
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    return f"{number(amount)}%"


def singular(plural: str) -> str:
    """The singular of a plural unit name: "seats" -> "seat", "API calls" -> "API call"."""
    lower = plural.lower()
    if lower.endswith("ies") and len(plural) > 3:
        return plural[:-3] + ("Y" if plural[-1].isupper() else "y")
    if lower.endswith(("sses", "xes", "ches", "shes")):
        return plural[:-2]
    if lower.endswith("s") and not lower.endswith("ss"):
        return plural[:-1]
    return plural


def count(value: Any, plural: str, singular_form: str | None = None) -> str:
    """40, "seats" -> "40 seats"; 1, "seats" -> "1 seat"; -1 counts as one too."""
    n = Decimal(str(value))
    unit = (singular_form or singular(plural)) if abs(n) == 1 else plural
    return f"{number(n)} {unit}"


FILTERS = {
    "number": number,
    "money": money,
    "date": human_date,
    "percent": percent,
    "count": count,
}
