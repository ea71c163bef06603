"""Measure the checker against labelled sentences: precision/recall per category and per group.

Used by tests/tone/test_quality.py (which enforces thresholds) and bench/tone_quality.py (which
prints the figures). Labelled files are YAML mappings from "+"-joined categories (or "neutral")
to lists of sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tone import yamlfile
from tone.models import CATEGORIES, ToneReport

# The targets are stated for these groups taken together.
GROUPS: dict[str, tuple[str, ...]] = {
    "blame+threat+pressure": ("blame", "threat", "pressure"),
    "jargon+legalese": ("jargon", "legalese"),
}
SUGGESTION_CATEGORIES = ("blame", "threat", "pressure", "jargon", "legalese", "vague")

Sample = tuple[str, frozenset[str]]


@dataclass
class Scores:
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0

    @property
    def precision(self) -> float:
        flagged = self.true_pos + self.false_pos
        return self.true_pos / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_pos + self.false_neg
        return self.true_pos / expected if expected else 1.0


@dataclass
class Evaluation:
    categories: dict[str, Scores] = field(default_factory=dict)
    groups: dict[str, Scores] = field(default_factory=dict)
    neutral_flagged: dict[str, float] = field(default_factory=dict)
    neutral_total: int = 0
    suggestion_coverage: float = 1.0
    mistakes: list[tuple[str, frozenset[str], frozenset[str]]] = field(default_factory=list)


def load_samples(path: Path) -> list[Sample]:
    try:
        data = yamlfile.load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ValueError(yamlfile.describe(path, exc)) from None
    samples = []
    for key, sentences in data.items():
        expected = frozenset() if key == "neutral" else frozenset(key.split("+"))
        unknown = expected - set(CATEGORIES)
        if unknown:
            raise ValueError(f"{path}: unknown categories {sorted(unknown)} in key {key!r}")
        samples.extend((sentence, expected) for sentence in sentences)
    return samples


def evaluate(samples: Iterable[Sample], check: Callable[[str], ToneReport]) -> Evaluation:
    result = Evaluation(
        categories={c: Scores() for c in CATEGORIES}, groups={g: Scores() for g in GROUPS}
    )
    neutral_hits = dict.fromkeys(GROUPS, 0)
    with_suggestion = needing_suggestion = 0
    for text, expected in samples:
        report = check(text)
        found = frozenset(f.category for f in report.findings)
        for finding in report.findings:
            if finding.category in SUGGESTION_CATEGORIES:
                needing_suggestion += 1
                with_suggestion += finding.suggestion is not None
        if found != expected:
            result.mistakes.append((text, expected, found))
        for category, scores in result.categories.items():
            _count(scores, category in expected, category in found)
        for group, members in GROUPS.items():
            _count(result.groups[group], bool(expected & set(members)), bool(found & set(members)))
            if not expected and found & set(members):
                neutral_hits[group] += 1
        result.neutral_total += not expected
    result.neutral_flagged = {
        g: hits / result.neutral_total if result.neutral_total else 0.0
        for g, hits in neutral_hits.items()
    }
    if needing_suggestion:
        result.suggestion_coverage = with_suggestion / needing_suggestion
    return result


def _count(scores: Scores, expected: bool, found: bool) -> None:
    if expected and found:
        scores.true_pos += 1
    elif found:
        scores.false_pos += 1
    elif expected:
        scores.false_neg += 1
