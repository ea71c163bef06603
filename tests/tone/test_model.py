"""The sentence model: trained only on tuning sets, repeatable, and a second opinion that never
repeats what the word lists already said."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tone import check
from tone import model as sentence_model
from tone import training
from tone.model import MODEL_PATH, feature_set, features, tokens
from tone.models import Finding

MODEL_SAYS = "Read as a whole"


def committed() -> dict:
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


def test_committed_model_was_trained_on_the_current_tuning_sets() -> None:
    paths = training.training_paths()
    assert committed()["data_sha256"] == training.data_sha256(paths), (
        "tests/tone/data/tune*.yaml changed since tone/model.json was written: run `python -m tone.training`"
    )
    assert committed()["trained_on"] == [p.name for p in paths]
    assert all(name.startswith("tune") for name in committed()["trained_on"])


def test_training_is_repeatable() -> None:
    assert training.build(training.training_paths()) == committed()


def test_fast_and_offset_features_agree() -> None:
    for text in ["The licence keys weren’t shared with 40 users on 3 May.", "", "x1 2y", "Hello, World"]:
        assert feature_set(text) == set(features(tokens(text)))


def test_it_catches_accusations_the_word_lists_miss() -> None:
    text = "Hi Sam. It is hard to see this as anything but an attempt to pay less than you owe. Thanks, Dana"
    report = check(text)
    flagged = [f for f in report.findings if f.why.startswith(MODEL_SAYS)]
    assert [f.category for f in flagged] == ["blame"]
    finding = flagged[0]
    assert finding.text == text[finding.start:finding.end] == (
        "It is hard to see this as anything but an attempt to pay less than you owe."
    )
    assert finding.why.endswith(".") and finding.suggestion


def test_it_adds_nothing_where_a_word_list_already_spoke() -> None:
    text = "You have violated the agreement and we will take legal action. We look forward to hearing from you."
    assert not [f for f in check(text).findings if f.why.startswith(MODEL_SAYS)]


def test_it_adds_only_the_tone_category_the_word_lists_missed_in_a_sentence() -> None:
    text = "If payment is not received within 14 days, the case will be passed to our partner law firm."
    sentences = check(text).sentences

    def listed(category: str) -> Finding:
        return Finding(category, 0, 10, text[:10], "From a word list.", None)

    [alone] = sentence_model.model_findings(text, text, sentences, [])
    other = next(c for c in ("blame", "threat", "pressure") if c != alone.category)
    assert [f.category for f in sentence_model.model_findings(text, text, sentences, [listed(other)])] == [
        alone.category
    ]
    beside_itself = sentence_model.model_findings(text, text, sentences, [listed(alone.category)])
    assert alone.category not in [f.category for f in beside_itself]


def test_a_threat_only_the_model_found_still_makes_its_deadline_an_ultimatum() -> None:
    report = check("If nothing changes by 1 March, we will have to look at the account again.")
    assert [f.category for f in report.findings if f.why.startswith(MODEL_SAYS)] == ["threat"]
    assert [(f.category, f.text) for f in report.findings if not f.why.startswith(MODEL_SAYS)] == [
        ("pressure", "by 1 March")
    ]


def test_a_model_file_from_another_version_is_refused(tmp_path: Path) -> None:
    stale = tmp_path / "model.json"
    stale.write_text(json.dumps({**committed(), "format": 0}), encoding="utf-8")
    with pytest.raises(ValueError, match="python -m tone.training"):
        sentence_model.load(stale)
