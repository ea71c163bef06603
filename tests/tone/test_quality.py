"""Precision and recall on the labelled sentences (tests/tone/data). The measure-only set is never
used for tuning; the thresholds below are the issue's targets or stricter."""

from __future__ import annotations

from pathlib import Path

import pytest

from tone import check
from tone.evaluation import Evaluation, evaluate, load_samples
from tone.models import CATEGORIES

DATA = Path(__file__).with_name("data")
# Hold-outs (holdout_*.yaml) are measured by bench/tone_quality.py only: their figures are the honest
# estimate, so no test may push anyone to tune against them.
SETS = tuple(sorted(p.stem for p in DATA.glob("*.yaml") if not p.stem.startswith("holdout")))
GROUP_RECALL = 0.85  # issue target, for blame+threat+pressure and for jargon+legalese
NEUTRAL_FLAGGED = 0.05  # issue target: at most 5 % of neutral sentences flagged, per group
SUGGESTION_COVERAGE = 0.90  # issue target
CATEGORY_PRECISION = 0.75
CATEGORY_RECALL = 0.85


@pytest.fixture(scope="module", params=SETS)
def result(request: pytest.FixtureRequest) -> Evaluation:
    return evaluate(load_samples(DATA / f"{request.param}.yaml"), check)


def test_sets_are_large_and_cover_every_category() -> None:
    samples = {name: load_samples(DATA / f"{name}.yaml") for name in SETS}
    assert sum(len(s) for s in samples.values()) >= 600
    assert len(samples["measure_only"]) >= 250
    for name, items in samples.items():
        labelled = set().union(*(expected for _, expected in items))
        assert labelled == set(CATEGORIES), name
        assert sum(not expected for _, expected in items) >= 25, f"{name}: too few neutral look-alikes"
    texts = [t for items in samples.values() for t, _ in items]
    assert len(texts) == len(set(texts)), "a sentence appears twice"


def test_no_hold_out_sentence_is_also_a_tuning_sentence() -> None:
    tuning = {t for path in DATA.glob("tune*.yaml") for t, _ in load_samples(path)}
    for path in DATA.glob("holdout*.yaml"):
        assert not tuning & {t for t, _ in load_samples(path)}, path.name


def test_a_repeated_key_is_refused_rather_than_dropping_sentences(tmp_path: Path) -> None:
    path = tmp_path / "labels.yaml"
    path.write_text('blame:\n  - "You violated it."\nneutral:\n  - "Hi."\nblame:\n  - "You misused it."\n')
    with pytest.raises(ValueError, match=r"labels\.yaml.*\['blame'\]"):
        load_samples(path)


def test_group_recall_and_neutral_rate(result: Evaluation) -> None:
    for group, scores in result.groups.items():
        assert scores.recall >= GROUP_RECALL, (group, scores)
        assert result.neutral_flagged[group] <= NEUTRAL_FLAGGED, (group, result.neutral_flagged)


def test_each_category(result: Evaluation) -> None:
    for category, scores in result.categories.items():
        assert scores.precision >= CATEGORY_PRECISION, (category, scores)
        assert scores.recall >= CATEGORY_RECALL, (category, scores)


def test_suggestion_coverage(result: Evaluation) -> None:
    assert result.suggestion_coverage >= SUGGESTION_COVERAGE
