"""The facts a rep gives when opening a case: checking them and reading the quick form."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

BREACH_KINDS = {
    "seat_overage": "More seats or users than licensed",
    "usage_overage": "Usage above the tier",
    "unlicensed_module": "A module that was never licensed",
    "expired_licence": "Use after the licence expired",
    "shared_credentials": "Credentials shared across people",
    "excluded_environment": "Installed where the licence excludes",
}
INTENTS = {
    "unknown": "Not known yet",
    "inadvertent": "Inadvertent (growth or a mistake)",
    "willful": "Deliberate or repeated after notice",
}
OVERAGE_KINDS = {"seat_overage", "usage_overage"}
TEXT_FIELDS = ("customer_name", "account_id", "products", "unit_name", "contract_tier",
               "contact_name", "contact_email", "customer_timezone")
REQUIRED = ("customer_name", "licensed_units", "units_in_use", "breach_kind", "contact_name",
            "channel_id")
MAX_COUNT = 2**31 - 1  # what the integer columns hold on PostgreSQL
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LIMITS = {"customer_name": 200, "account_id": 100, "products": 500, "unit_name": 50,
          "contract_tier": 100, "contact_name": 200, "contact_email": 254, "customer_timezone": 64}


@dataclass
class CaseForm:
    """What the new-case modal holds (all optional until checked)."""

    values: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _whole(value: Any) -> int | None:
    try:
        return int(str(value).replace(",", "").strip())
    except (TypeError, ValueError):
        return None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def check_case_facts(raw: dict[str, Any], today: date) -> tuple[dict[str, Any], dict[str, str]]:
    """Turn submitted values into typed facts, or return errors keyed by field name."""
    errors: dict[str, str] = {}
    facts: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        text = str(raw.get(name) or "").strip()
        if len(text) > LIMITS[name]:
            errors[name] = f"Keep this under {LIMITS[name]} characters."
        facts[name] = text
    for name in REQUIRED:
        if raw.get(name) in (None, ""):
            errors[name] = "This is needed to open the case."
    for name in ("licensed_units", "units_in_use"):
        if raw.get(name) in (None, ""):
            continue
        number = _whole(raw[name])
        if number is None or number <= 0:
            errors[name] = "Enter a whole number above zero."
        elif number > MAX_COUNT:
            errors[name] = f"Enter a number up to {MAX_COUNT:,}."
        else:
            facts[name] = number
    for name in ("first_seen", "renewal_date"):
        if raw.get(name) in (None, ""):
            facts[name] = None
            continue
        day = _day(raw[name])
        if day is None:
            errors[name] = "Enter a date as YYYY-MM-DD."
        facts[name] = day
    if facts.get("first_seen") and facts["first_seen"] > today:
        errors["first_seen"] = "The first sighting cannot be in the future."
    kind = str(raw.get("breach_kind") or "")
    if kind and kind not in BREACH_KINDS:
        errors["breach_kind"] = "Pick one of the listed kinds."
    intent = str(raw.get("intent") or "unknown")
    if intent not in INTENTS:
        errors["intent"] = "Pick one of the listed intents."
    facts |= {"breach_kind": kind, "intent": intent, "channel_id": str(raw.get("channel_id") or "")}
    if (kind in OVERAGE_KINDS and isinstance(facts.get("licensed_units"), int)
            and isinstance(facts.get("units_in_use"), int)
            and facts["units_in_use"] <= facts["licensed_units"]):
        errors["units_in_use"] = (
            f"For an overage the count in use must be above the {facts['licensed_units']} licensed."
        )
    if facts["contact_email"] and not EMAIL.match(facts["contact_email"]):
        errors["contact_email"] = "That does not look like an email address."
    facts["unit_name"] = facts["unit_name"] or "seats"
    facts["customer_timezone"] = facts["customer_timezone"] or "UTC"
    try:
        ZoneInfo(facts["customer_timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        errors["customer_timezone"] = "Use a timezone name such as Europe/Berlin or America/New_York."
    return facts, errors


_COUNTS = re.compile(r"^(?P<unit>[a-z][a-z_-]*)\s+(?P<used>[\d,]+)\s*/\s*(?P<licensed>[\d,]+)$", re.I)
_KEYWORDS = {"renewal": "renewal_date", "first-seen": "first_seen", "since": "first_seen",
             "account": "account_id", "kind": "breach_kind", "intent": "intent",
             "contact": "contact_email", "tz": "customer_timezone"}


def parse_quick_form(text: str) -> CaseForm:
    """Read `Acme Corp seats 140/100 renewal 2027-03-01` into modal values.

    The customer name is everything before the first recognised part; what cannot be
    read is reported in `notes` and left for the rep to fill in.
    """
    form = CaseForm()
    words = text.split()
    name: list[str] = []
    index = 0
    while index < len(words):
        pair = " ".join(words[index:index + 2])
        counts = _COUNTS.match(pair)
        keyword = words[index].lower()
        if counts:
            unit = counts["unit"].lower()
            form.values |= {"unit_name": unit, "units_in_use": _whole(counts["used"]),
                            "licensed_units": _whole(counts["licensed"])}
            form.values.setdefault("breach_kind", "seat_overage" if unit in ("seats", "users")
                                   else "usage_overage")
            index += 2
        elif index + 1 < len(words) and "/" in words[index + 1]:
            form.notes.append(f"Could not read {pair!r}: write the counts as UNIT IN-USE/LICENSED, "
                              "like seats 140/100; fill them in below.")
            index += 2
        elif keyword in _KEYWORDS and index + 1 < len(words):
            _quick_value(form, _KEYWORDS[keyword], words[index + 1])
            index += 2
        elif form.values:
            form.notes.append(f"Could not read {words[index]!r}; fill it in below.")
            index += 1
        else:
            name.append(words[index])
            index += 1
    if name:
        form.values["customer_name"] = " ".join(name)
    return form


def _quick_value(form: CaseForm, name: str, value: str) -> None:
    if name in ("renewal_date", "first_seen"):
        if _day(value) is None:
            form.notes.append(f"{value!r} is not a date (YYYY-MM-DD); pick it below.")
            return
    elif name == "breach_kind" and value not in BREACH_KINDS:
        form.notes.append(f"{value!r} is not a breach kind; pick one below.")
        return
    elif name == "intent" and value not in INTENTS:
        form.notes.append(f"{value!r} is not an intent; pick one below.")
        return
    form.values[name] = value
