from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from playbooks.facts import FactError, check_facts, coerce_fact, derive_facts
from playbooks.filters import count, human_date, money, number, percent, singular
from playbooks.loader import Library
from playbooks.models import Fact


@pytest.mark.parametrize("value, currency, text", [
    (12000, "USD", "$12,000"), (99.5, "USD", "$99.50"), (Decimal("1234.567"), "EUR", "€1,234.57"),
    (10, "chf", "10 CHF"), (0, "GBP", "£0"),
])
def test_money(value: object, currency: str, text: str) -> None:
    assert money(value, currency) == text


def test_dates_numbers_percents() -> None:
    assert human_date(date(2027, 3, 1)) == "1 March 2027"
    assert human_date("2026-12-31") == "31 December 2026"
    assert human_date(datetime(2026, 1, 5, 10, 0)) == "5 January 2026"
    assert number(1234567) == "1,234,567" and number(12.5) == "12.5"
    assert percent(40.0) == "40%" and percent(12.345) == "12.3%" and percent(7.25, 2) == "7.25%"
    with pytest.raises(TypeError, match="needs a date"):
        human_date(3)


@pytest.mark.parametrize("n, unit, text", [
    (1, "seats", "1 seat"), (40, "seats", "40 seats"), (0, "seats", "0 seats"),
    (1, "API calls", "1 API call"), (12000, "API calls", "12,000 API calls"),
    (1, "licences", "1 licence"), (1, "entries", "1 entry"), (1, "GB of storage", "1 GB of storage"),
    (-1, "seats", "-1 seat"), (1, "boxes", "1 box"), (1, "access", "1 access"),
])
def test_plural_aware_counts(n: int, unit: str, text: str) -> None:
    assert count(n, unit) == text


def test_explicit_singular_and_singular_rules() -> None:
    assert count(1, "people", "person") == "1 person"
    assert singular("Companies") == "Company"


def test_derived_facts() -> None:
    assert derive_facts({"licensed_units": 100, "units_in_use": 140}) == {
        "licensed_units": 100, "units_in_use": 140, "overage_units": 40, "overage_percent": 40.0}
    assert derive_facts({"licensed_units": 3, "units_in_use": 4})["overage_percent"] == 33.3
    assert "overage_units" not in derive_facts({"licensed_units": 0, "units_in_use": 4})
    assert "overage_units" not in derive_facts({"units_in_use": 4})


def test_coerce_fact_checks_types_and_bounds() -> None:
    seats = Fact("licensed_units", "int", min=1)
    assert coerce_fact(seats, " 1,200 ") == 1200
    with pytest.raises(FactError, match="must be at least 1, got 0"):
        coerce_fact(seats, 0)
    with pytest.raises(FactError, match="expected a whole number, got 'many'"):
        coerce_fact(seats, "many")
    with pytest.raises(FactError, match="expected a whole number"):
        coerce_fact(seats, True)
    with pytest.raises(FactError, match="'sneaky' is not one of a, b"):
        coerce_fact(Fact("intent", "enum", values=("a", "b")), "sneaky")
    assert coerce_fact(Fact("d", "date"), "2027-03-01") == date(2027, 3, 1)
    assert coerce_fact(Fact("p", "money"), "1,000.50") == Decimal("1000.50")


def test_check_facts_lists_every_problem(library: Library, sample_facts: dict) -> None:
    seat = library.playbooks["seat-overage"]
    assert check_facts(seat, sample_facts) == []
    facts = {**sample_facts, "licensed_units": 0, "intent": "sneaky", "seats_to_add": "x"}
    del facts["rep_name"]
    assert check_facts(seat, facts) == [
        "fact 'rep_name' is required",
        "fact 'licensed_units': must be at least 1, got 0",
        "fact 'intent': 'sneaky' is not one of inadvertent, willful, unknown",
        "fact 'seats_to_add': expected a whole number, got 'x'",
    ]
