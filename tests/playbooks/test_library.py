"""The built-in library: complete, walkable playbooks whose every draft reads as ready."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from playbooks.loader import LIBRARY_DIR, Library, load_library
from playbooks.models import CHANNELS, Playbook
from playbooks.render import render_all

STAGES = ("verify", "classify", "first-contact", "remedies", "agreement", "follow-up", "close")
LIBRARY = load_library()


def test_library_loads_cleanly_with_five_playbooks() -> None:
    assert LIBRARY.errors == []
    assert len(LIBRARY.playbooks) >= 5
    assert len(LIBRARY.playbooks) == len(list(LIBRARY_DIR.glob("*.yaml")))


@pytest.mark.parametrize("pb", LIBRARY.playbooks.values(), ids=lambda pb: pb.id)
def test_every_playbook_walks_the_whole_practice(pb: Playbook) -> None:
    ids = [s.id for s in pb.steps]
    assert [i for i in ids if i in STAGES] == list(STAGES)
    answers = {o.id for s in pb.steps if s.choices for o in s.choices.options}
    assert {"accepts", "asks-for-time", "disputes"} <= answers
    assert {"inadvertent", "willful"} <= answers
    channels = {ch for s in pb.steps for ch in s.templates}
    assert channels == set(CHANNELS)
    assert all(set(pb.step(i).templates) == set(CHANNELS) for i in ("first-contact", "close"))
    assert pb.step("first-contact").templates["email"].subject
    anchors = {m.anchor for s in pb.steps for m in s.milestones}
    assert {"step_done", "agreement_date"} <= anchors
    assert all(m.remind for s in pb.steps for m in s.milestones)
    assert len(pb.remedies) >= 3 and all(r.facts for r in pb.remedies.values())
    assert pb.step("agreement").records[:2] == ("chosen_remedy", "agreement_date")


def test_breach_kinds_from_the_domain_are_covered() -> None:
    covered = {kind for pb in LIBRARY.playbooks.values() for kind in pb.applies_to}
    assert covered == {"seat_overage", "usage_overage", "unlicensed_module", "expired_licence",
                       "shared_credentials", "excluded_environment"}
    willful = [pb for pb in LIBRARY.playbooks.values() if pb.intent == "willful"]
    assert willful and any("legal" in s.id for pb in willful for s in pb.steps)


@pytest.mark.parametrize("kind, intent, expected", [
    ("seat_overage", "inadvertent", "seat-overage"),
    ("seat_overage", "unknown", "seat-overage"),
    ("seat_overage", "willful", "willful-breach"),
    ("usage_overage", "inadvertent", "usage-overage"),
    ("expired_licence", "unknown", "expired-licence"),
    ("shared_credentials", "inadvertent", "shared-credentials"),
    ("excluded_environment", "willful", "willful-breach"),
    ("excluded_environment", "unknown", "unlicensed-use"),
    ("unlicensed_module", "inadvertent", "unlicensed-use"),
])
def test_choose_picks_the_best_playbook(kind: str, intent: str, expected: str) -> None:
    assert LIBRARY.choose(kind, intent).id == expected


def test_choose_keeps_the_tone_when_no_playbook_covers_the_kind() -> None:
    partial = Library(playbooks={k: LIBRARY.playbooks[k] for k in ("seat-overage", "willful-breach")})
    assert partial.choose("usage_overage", "inadvertent").id == "seat-overage"
    assert partial.choose("usage_overage", "willful").id == "willful-breach"
    assert partial.choose("seat_overage", "unknown").id == "seat-overage"
    generic = replace(LIBRARY.playbooks["usage-overage"], id="generic", intent="any",
                      applies_to=("excluded_environment",))
    partial.playbooks["generic"] = generic
    assert partial.choose("excluded_environment", "inadvertent").id == "generic"
    assert partial.choose("excluded_environment", "willful").id == "willful-breach"
    assert partial.choose("usage_overage", "inadvertent").id == "seat-overage"
    del partial.playbooks["seat-overage"]
    assert partial.choose("usage_overage", "inadvertent").id == "generic"


def test_choose_refuses_an_empty_library() -> None:
    with pytest.raises(LookupError, match="no playbooks are loaded"):
        Library().choose("seat_overage", "inadvertent")


def _drafts(pb: Playbook, facts: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every channel of every step, rendered once per remedy so that each branch is read."""
    for remedy in pb.remedies or [None]:
        for step in pb.steps:
            for channel, draft in render_all(pb, step.id, {**facts, "chosen_remedy": remedy}).items():
                yield f"{pb.id}/{step.id}/{channel}/{remedy}", draft.text


REALISTIC = {
    "seat-overage": [{}],
    "usage-overage": [{"unit_name": "API calls", "licensed_units": 1_000_000,
                       "units_in_use": 1_250_000, "breach_kind": "usage_overage",
                       "new_tier_units": 1_500_000, "phase_one_units": 1_100_000}],
    "expired-licence": [{"breach_kind": "expired_licence", "units_in_use": 85}],
    "shared-credentials": [{"unit_name": "named logins", "licensed_units": 10,
                            "units_in_use": 26, "breach_kind": "shared_credentials"}],
    "unlicensed-use": [
        {"unit_name": "servers", "units_in_use": 1, "products": "Atlas Reports",
         "breach_kind": "excluded_environment"},
        {"unit_name": "users", "units_in_use": 12, "products": "the Forecasting module",
         "breach_kind": "unlicensed_module"},
    ],
    "willful-breach": [{"intent": "willful", "breach_kind": "seat_overage"}],
}


@pytest.mark.parametrize("pb", LIBRARY.playbooks.values(), ids=lambda pb: pb.id)
def test_every_template_reads_as_ready(pb: Playbook, sample_facts: dict[str, Any]) -> None:
    from tone import check

    not_ready = {}
    drafts = [d for case in REALISTIC[pb.id] for d in _drafts(pb, {**sample_facts, **case})]
    assert len(drafts) >= 40
    for where, text in drafts:
        report = check(text)
        if report.verdict != "ready":
            not_ready[where] = [(f.category, f.text) for f in report.findings]
    assert not_ready == {}
