"""The indexed scanner finds exactly what trying every entry at every word would find."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tone.lexicon import current_lexicon
from tone.scanner import Scanner, _alternatives

WORD_START = re.compile(r"(?<![\w-])\S")


def naive(scanner: Scanner, text: str) -> list[tuple[int, int, int]]:
    """Every alternative tried, in order, at every word start; leftmost wins within a pass."""
    found, free = [], {}
    compiled = [re.compile(f"(?:{p})(?![\\w-])", re.IGNORECASE) for p in scanner._patterns]
    for start in (m.start() for m in WORD_START.finditer(text)):
        for index, regex in enumerate(compiled):
            pass_index = scanner._passes[index]
            if start < free.get(pass_index, 0):
                continue
            match = regex.match(text, start)
            if match:
                free[pass_index] = match.end()
                found.append((scanner._owner[index], start, match.end()))
    return found


VOCABULARY = st.sampled_from([
    "you", "have", "violated", "the", "agreement", "your", "team", "has", "been", "in", "violation", "of",
    "we", "will", "suspend", "account", "legal", "action", "final", "notice", "immediately", "true-up",
    "pursuant", "to", "significant", "a", "number", "users", "not", "no", "penalty", "licence", "audit",
    "log", "terminate", "old", "endpoint", "Per", "my", "last", "email", "\n", ",", ".", "  ", "IN", "Your",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(VOCABULARY, max_size=40).map(" ".join))
def test_index_misses_nothing(text: str) -> None:
    scanner = current_lexicon().scanner
    assert sorted(scanner.finditer(text)) == sorted(naive(scanner, text))


def test_alternatives_split_only_at_top_level() -> None:
    assert _alternatives(r"a|b(c|d)|[|]x|\|y|(?:e|f)g") == ["a", "b(c|d)", "[|]x", r"\|y", "(?:e|f)g"]


def test_index_is_cached_between_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    patterns, passes = [r"true[- ]?up", r"(?:you|they)\s+violated"], [1, 0]
    first = Scanner(patterns, passes)
    [cache] = list((tmp_path / "tactful").glob("tone-index-*.json"))
    assert "true-" in json.loads(cache.read_text())["prefixes"]
    second = Scanner(patterns, passes)
    text = "They violated the true-up terms."
    assert list(second.finditer(text)) == list(first.finditer(text)) == [(1, 0, 13), (0, 18, 25)]


def test_broken_or_unwritable_cache_is_harmless(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    patterns = [r"pursuant\s+to"]
    Scanner(patterns, [0])
    [cache] = list((tmp_path / "tactful").glob("tone-index-*.json"))
    cache.write_text("{not json")
    assert list(Scanner(patterns, [0]).finditer("Pursuant to clause 4")) == [(0, 0, 11)]
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # a file where the directory should be
    assert list(Scanner(patterns, [0]).finditer("pursuant to")) == [(0, 0, 11)]
