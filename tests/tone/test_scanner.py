"""The indexed scanner finds exactly what trying every entry at every word would find."""

from __future__ import annotations

import marshal
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tone import scanner as scanner_module
from tone.lexicon import current_lexicon
from tone.regexcode import from_code, regex_code
from tone.scanner import Scanner, top_level_alternatives

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
    assert top_level_alternatives(r"a|b(c|d)|[|]x|\|y|(?:e|f)g") == ["a", "b(c|d)", "[|]x", r"\|y", "(?:e|f)g"]


def test_index_is_cached_between_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    patterns, passes = [r"true[- ]?up", r"(?:you|they)\s+violated"], [1, 0]
    first = Scanner(patterns, passes)
    [cache] = list((tmp_path / "tactful").glob("tone-index-*"))
    assert "true-up" in marshal.loads(cache.read_bytes())["prefixes"]
    monkeypatch.setattr(scanner_module, "regex_code", _never)  # a cached index compiles nothing
    second = Scanner(patterns, passes)
    text = "They violated the true-up terms."
    assert list(second.finditer(text)) == list(first.finditer(text)) == [(1, 0, 13), (0, 18, 25)]
    assert [second._regex(i) for i in range(2)] == [re.compile(second._source(i)) for i in range(2)]


def test_a_bounded_repeat_files_only_the_prefixes_it_can_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"co-?term" starts "coterm" or "co-term", never "co--te": an optional piece is read once."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    optional = Scanner([r"co-?term", r"a{1,2}b"], [0, 0], "optional")
    spelled_out = Scanner([r"co(?:-|)term", r"(?:a|aa)b"], [0, 0], "spelled")
    assert optional.index_keys() == spelled_out.index_keys()
    text = "A co-term or coterm deal; aab and ab."
    assert list(optional.finditer(text)) == list(spelled_out.finditer(text))


def test_new_index_replaces_the_stale_ones_of_the_same_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = tmp_path / "tactful"
    cache.mkdir()
    (cache / "tone-index-0123456789abcdef01234567.json").write_text("{}")  # the old format
    Scanner([r"pursuant\s+to"], [0], "team")
    Scanner([r"hereinafter"], [0], "other")
    [old] = list(cache.glob("tone-index-team-*"))
    Scanner([r"pursuant\s+to", r"hereby"], [0, 0], "team")  # the team list was edited
    [new] = list(cache.glob("tone-index-team-*"))
    assert new != old
    assert len(list(cache.glob("tone-index-other-*"))) == 1
    assert sorted(p.name for p in cache.iterdir()) == sorted([new.name, *(p.name for p in cache.glob("*other*"))])


def _never(pattern: str) -> None:
    raise AssertionError(f"compiled {pattern!r} again")


def test_broken_or_unwritable_cache_is_harmless(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    patterns = [r"pursuant\s+to"]
    Scanner(patterns, [0])
    [cache] = list((tmp_path / "tactful").glob("tone-index-*"))
    cache.write_bytes(b"{not marshal")
    assert list(Scanner(patterns, [0]).finditer("Pursuant to clause 4")) == [(0, 0, 11)]
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # a file where the directory should be
    assert list(Scanner(patterns, [0]).finditer("pursuant to")) == [(0, 0, 11)]


def test_stored_code_rebuilds_the_same_regex() -> None:
    scanner = current_lexicon().scanner
    for index in range(len(scanner._patterns)):
        source = scanner._source(index)
        assert from_code(source, regex_code(source)) == re.compile(source)
    assert from_code(r"pursuant\s+to", (0, [1, 2, 3], 0, {}, (None,))) == re.compile(r"pursuant\s+to")
    assert from_code("shall", None).match("shall")


def test_every_built_in_alternative_is_indexed_and_the_index_stays_small() -> None:
    """One pattern that may start anywhere (`\\d...`, `.`) is tried at every word of every draft,
    and one that expands into thousands of prefixes makes the finder regex slower everywhere."""
    scanner = current_lexicon().scanner
    assert scanner.unindexed() == []
    assert scanner.index_keys() < 20_000


def test_an_unanchored_pattern_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert Scanner([r"\d+\s+days\s+left", "final\\s+notice"], [0, 0], "t").unindexed() == [r"\d+\s+days\s+left"]
