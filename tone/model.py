"""A second opinion on tone for sentences the word lists miss.

Word lists catch the phrasings someone thought of; letters keep finding new ones ("the scale of
the over-use suggests this was not an accident"). A small logistic-regression model per tone
category (blame, threat, pressure), over the words and word pairs of a sentence, reads each
sentence for the tone categories the lists did not find in it and flags the likeliest when its
probability clears a threshold chosen by cross-validation to keep false alarms rare. The weights
live in `model.json`, written by `python -m tone.training` from the tuning sets in tests/tone/data
(never from a measure set).
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tone.models import Finding, Sentence

MODEL_PATH = Path(__file__).with_name("model.json")
CATEGORIES = ("blame", "threat", "pressure")
FORMAT = 1
_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d+", re.IGNORECASE)
_DIGIT = re.compile(r"\d")

_CUE_MIN_LETTERS = 5  # shorter words ("you", "will be") weigh in, but explain nothing
_WHY = {
    "blame": "Read as a whole, this sentence puts the fault on the customer",
    "threat": "Read as a whole, this sentence warns the customer of a consequence",
    "pressure": "Read as a whole, this sentence pushes the customer to act at once",
}
_SUGGESTION = {
    "blame": "Describe the usage, not the person: 'Our records show 140 active seats; your plan includes 100.'",
    "threat": "Leave the consequence out and propose the next step: 'Could we agree a plan by 30 June?'",
    "pressure": "Ask, and give a date with a reason: 'Could you confirm by 14 June, so we can prepare the order?'",
}


@dataclass(frozen=True)
class Model:
    """feature -> one weight per category (in CATEGORIES order): one lookup per feature."""

    weights: dict[str, tuple[float, ...]]
    biases: tuple[float, ...]
    threshold: float  # a probability
    cutoff: float  # the same threshold as log-odds, so scoring needs no exp()


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """Lower-cased words of text[start:end] with their offsets; every number reads as "0"."""
    found = []
    for match in _TOKEN.finditer(text, start, len(text) if end is None else end):
        word = match.group().lower()
        found.append(("0" if word[0].isdigit() else word.replace("’", "'"), match.start(), match.end()))
    return found


def features(words: list[tuple[str, int, int]]) -> dict[str, tuple[int, int]]:
    """Each word and each pair of neighbouring words, with the span of its first occurrence."""
    spans: dict[str, tuple[int, int]] = {}
    for index, (word, start, end) in enumerate(words):
        spans.setdefault(word, (start, end))
        if index + 1 < len(words):
            following, _, following_end = words[index + 1]
            spans.setdefault(f"{word} {following}", (start, following_end))
    return spans


def feature_set(text: str) -> set[str]:
    """The keys of `features(tokens(text))`, computed without offsets (the fast path for scoring)."""
    return _keys(_normalised(text), 0, len(text))


def _normalised(text: str) -> str:
    lowered = text.lower()
    return lowered.replace("’", "'") if "’" in lowered else lowered


def _keys(normalised: str, start: int, end: int) -> set[str]:
    words = _TOKEN.findall(normalised, start, end)
    if _DIGIT.search(normalised, start, end):
        words = ["0" if w[0].isdigit() else w for w in words]
    keys = set(words)
    keys.update(map(" ".join, zip(words, words[1:], strict=False)))
    return keys


@lru_cache(maxsize=1)
def load(path: Path = MODEL_PATH) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT or tuple(data["categories"]) != CATEGORIES:
        raise ValueError(f"{path}: written by another version; run `python -m tone.training`")
    weights = {feature: tuple(values) for feature, values in data["weights"].items()}
    threshold = data["threshold"]
    return Model(weights, tuple(data["biases"]), threshold, math.log(threshold / (1.0 - threshold)))


def scores(model: Model, keys: set[str]) -> list[float]:
    """Per category, the log-odds of the sentence belonging to it."""
    found = [row for row in map(model.weights.get, keys) if row]
    if not found:
        return list(model.biases)
    return [bias + sum(column) for bias, column in zip(model.biases, zip(*found, strict=True), strict=True)]


def model_findings(text: str, masked: str, sentences: list[Sentence], found: list[Finding]) -> Iterator[Finding]:
    """At most one finding per sentence: the likeliest tone category the word lists did not already
    find there, when the model flags it ("will be throttled in 48 hours unless you upgrade" has its
    pressure from the lists and its threat from here). The span is the whole sentence: no single
    word decided it."""
    model = load()
    starts = [s.start for s in sentences]
    covered: dict[int, set[int]] = {}
    for f in found:
        if f.category in CATEGORIES:
            covered.setdefault(bisect_right(starts, f.start) - 1, set()).add(CATEGORIES.index(f.category))
    normalised = _normalised(masked)
    if len(normalised) != len(masked):  # a few characters lower-case to two: offsets would drift
        normalised = ""
    for index, sentence in enumerate(sentences):
        already = covered.get(index, set())
        if len(already) == len(CATEGORIES):
            continue
        if normalised:
            keys = _keys(normalised, sentence.start, sentence.end)
        else:
            keys = feature_set(masked[sentence.start:sentence.end])
        log_odds = scores(model, keys)
        best = max((c for c in range(len(CATEGORIES)) if c not in already), key=log_odds.__getitem__)
        if log_odds[best] < model.cutoff:
            continue
        category = CATEGORIES[best]
        why = _WHY[category] + _cue(text, masked, sentence, model.weights, best)
        yield Finding(category, sentence.start, sentence.end, text[sentence.start:sentence.end], why,
                      _SUGGESTION[category])


def _cue(text: str, masked: str, sentence: Sentence, weights: dict[str, tuple[float, ...]], category: int) -> str:
    """The end of the finding's reason: the word or word pair that weighs most, if it holds a word
    long enough to explain anything (" (strongest cue: 'attempt to')."), else just "."."""
    spans = features(tokens(masked, sentence.start, sentence.end))
    weight = {f: weights[f][category] for f in spans if f in weights}
    telling = [f for f, w in weight.items() if w > 0 and max(map(len, f.split())) >= _CUE_MIN_LETTERS]
    if not telling:
        return "."
    start, end = spans[max(telling, key=weight.__getitem__)]
    return f" (strongest cue: '{text[start:end]}')."
