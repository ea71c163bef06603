"""Find word-list matches quickly.

Each top-level alternative of each entry is indexed by the first eight characters it can start
with (fewer when the pattern allows any character there). A trie regex built from those prefixes
stops only at words where something could match; there only the few alternatives indexed under
that word's prefix are tried, and each alternative's regex is compiled the first time it is needed
(the CLI checks one draft and exits).

Non-overlapping per pass: within a pass the leftmost match wins, and at one position the first
entry in lexicon order wins; entries of different passes may overlap.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from itertools import product
from re import _constants as sre  # the stdlib's regex parser: the same grammar `re` compiles
from re import _parser

from tone import diskcache
from tone.regexcode import ENGINE, Code, from_code, regex_code

_ANYWHERE = re.compile(r"(?<![\w-])\S")
_END = r"(?![\w-])"
_DEPTH = 8
_MAX_KEYS = 4096
_MAX_CACHED_KEYS = 100_000
_INDEX_PREFIX, _INDEX_SUFFIX = "tone-index-", ".marshal"
_FORMAT = 4  # of the index file: part of its key, so a changed layout is never misread
# Keys see every whitespace character as a plain space, the way the index records `\s`.
_SPACE = " "
_SPACES = str.maketrans({c: _SPACE for c in "\t\n\r\f\v\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001"
                         "\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f"
                         "\u205f\u3000"})


class _TooComplex(Exception):
    pass


# prefix key -> alternatives (sorted); alternatives tried everywhere; each one's compiled code; the
# finder's pattern and code (stored whole: with ~12,000 keys, rebuilding its text costs a CLI run)
_Index = tuple[dict[str, tuple[int, ...]], set[int], list[Any], Any]


class Scanner:
    def __init__(self, patterns: Sequence[str], passes: Sequence[int], name: str = "") -> None:
        """`patterns[i]` (expanded regex text) belongs to pass `passes[i]`. `name` identifies the
        word lists in the index cache: a new index replaces older ones of the same name."""
        self._patterns: list[str] = []  # one per top-level alternative
        self._owner: list[int] = []  # alternative -> index into `patterns`
        for index, pattern in enumerate(patterns):
            for alternative in top_level_alternatives(pattern):
                self._patterns.append(alternative)
                self._owner.append(index)
        self._passes = [passes[owner] for owner in self._owner]
        # Case-sensitive entries come wrapped as "(?-i:...)" and are matched on the original text.
        self._case_sensitive = [p.startswith("(?-i:") for p in self._patterns]
        self._pass_count = max(passes, default=-1) + 1
        self._compiled: list[re.Pattern[str] | None] = [None] * len(self._patterns)
        self._by_prefix: dict[str, Any] = {}  # keys of 1 to _DEPTH characters -> alternatives
        self._anywhere: set[int] = set()
        self._candidates: dict[str, tuple[tuple[int, bool, Any, int], ...]] = {}
        self._finder: re.Pattern[str] | None = None  # finds word starts where some entry may begin
        path = _index_path(self._patterns, name)
        cached = _read_index(path)
        if cached is None:
            cached = self._build()
            _write_index(path, cached)
        self._by_prefix, self._anywhere, self._codes, self._finder_source = cached

    def _build(self) -> _Index:
        """Index every alternative and compile it once: the index file keeps the compiled code, so
        later runs skip `re.compile` (a broken team pattern keeps None and fails in compile_entry)."""
        for index, pattern in enumerate(self._patterns):
            self._index(index, _parser.parse(pattern, re.IGNORECASE))
        codes: list[Code | None] = []
        for index in range(len(self._patterns)):
            try:
                codes.append(regex_code(self._source(index)))
            except re.error:
                codes.append(None)
        prefixes = {key: tuple(sorted(ids)) for key, ids in self._by_prefix.items()}
        finder = _starts_pattern(prefixes) if prefixes else None
        return prefixes, self._anywhere, codes, (finder, regex_code(finder)) if finder else None

    def unindexed(self) -> list[str]:
        """Alternatives the index cannot place (they may start with any character), so they are
        tried at every word: each one multiplies the cost of a scan."""
        return [self._patterns[index] for index in sorted(self._anywhere)]

    def index_keys(self) -> int:
        """How many prefixes the index holds; the finder regex is a trie of them, so a pattern that
        expands into thousands of keys (`[0-9]{1,2}\\s*...`) slows every scan."""
        return len(self._by_prefix)

    def compile_entry(self, owner: int) -> None:
        """Compile the alternatives of pattern `owner` now, so that errors show at load time."""
        for index, alternative_owner in enumerate(self._owner):
            if alternative_owner == owner:
                self._regex(index)

    def finditer(self, text: str) -> Iterator[tuple[int, int, int]]:
        """Yield `(entry index, start, end)` in text order within each pass."""
        lowered = _lowered(text)
        keys = lowered.translate(_SPACES)
        subjects = (lowered, text)  # case-insensitive alternatives match the lower-cased text
        free = [0] * self._pass_count
        candidates = self._candidates
        if self._finder is None:
            self._finder = self._starts_regex()
        for start_match in self._finder.finditer(keys):
            start = start_match.start()
            key = keys[start:start + _DEPTH]
            found = candidates.get(key)
            if found is None:
                found = self._merge(key)
            for pass_index, case_sensitive, match, owner in found:
                if start < free[pass_index]:
                    continue
                matched = match(subjects[case_sensitive], start)
                if matched:
                    end = free[pass_index] = matched.end()
                    yield owner, start, end

    def _merge(self, key: str) -> tuple[tuple[int, bool, Any, int], ...]:
        """The alternatives that may start with `key`, in lexicon order, each ready to run:
        (pass, case-sensitive, compiled `match`, owning entry)."""
        if len(self._candidates) > _MAX_CACHED_KEYS:  # a long-running bot sees endless new keys
            self._candidates.clear()
        merged = set(self._anywhere)
        for length in range(1, len(key) + 1):
            merged.update(self._by_prefix.get(key[:length], ()))
        found = self._candidates[key] = tuple(
            (self._passes[index], self._case_sensitive[index], self._regex(index).match, self._owner[index])
            for index in sorted(merged)
        )
        return found

    def _regex(self, index: int) -> re.Pattern[str]:
        """Compiled without IGNORECASE: a case-insensitive alternative is lower-cased and run on the
        lower-cased text, so the regex engine can use its fast path of skipping branches on their
        first literal character (it has none for case-insensitive literals)."""
        compiled = self._compiled[index]
        if compiled is None:
            compiled = self._compiled[index] = from_code(self._source(index), self._codes[index])
        return compiled

    def _source(self, index: int) -> str:
        pattern = self._patterns[index]
        if not self._case_sensitive[index]:
            pattern = _lowercase_literals(pattern)
        return f"(?:{pattern}){_END}"

    def _starts_regex(self) -> re.Pattern[str]:
        if self._anywhere or not self._finder_source:
            return _ANYWHERE
        return from_code(*self._finder_source)

    def _index(self, index: int, tree: Any) -> None:
        try:
            starts = _starts(list(tree), _DEPTH, [20_000])
        except _TooComplex:
            starts = {(None,)}
        for start in starts:
            known: list[frozenset[str]] = []
            for chars in start:
                if chars is None or _combinations(known) * len(chars) > _MAX_KEYS:
                    break
                known.append(chars)
            if not known:
                self._anywhere.add(index)
            for key in product(*known) if known else ():
                self._by_prefix.setdefault("".join(key), set()).add(index)


def _index_path(patterns: list[str], name: str) -> Path:
    """Where the index for exactly these patterns is kept between runs: building it means parsing
    and compiling every regex, the largest part of a CLI run's start-up."""
    digest = hashlib.sha256("\0".join([f"{_FORMAT}:{_DEPTH}:{ENGINE}", *patterns]).encode()).hexdigest()
    return diskcache.cache_dir() / f"{_INDEX_PREFIX}{name}-{digest[:24]}{_INDEX_SUFFIX}"


def _read_index(path: Path) -> _Index | None:
    data = diskcache.read(path)
    try:
        return dict(data["prefixes"]), set(data["anywhere"]), list(data["codes"]), data["finder"]
    except (KeyError, TypeError, AttributeError):
        return None


def _write_index(path: Path, index: _Index) -> None:
    """Older indexes of the same word lists (and any of the old JSON format) are removed: stale."""
    prefixes, anywhere, codes, finder = index
    data = {"prefixes": prefixes, "anywhere": tuple(sorted(anywhere)), "codes": codes, "finder": finder}
    if not diskcache.write(path, data):
        return
    same_lists = path.name[:path.name.rindex("-") + 1]
    try:
        for stale in [*path.parent.glob(f"{same_lists}*{_INDEX_SUFFIX}"), *path.parent.glob(f"{_INDEX_PREFIX}*.json")]:
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        return


def _starts_pattern(prefixes: dict[str, tuple[int, ...]]) -> str:
    """A regex (a trie of the indexed prefixes) that stops only where some entry could start, so
    the regex engine skips every other word without a round trip to Python."""
    trie: dict = {}
    for key in prefixes:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        if "" in node:
            return ""
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    # The word-start check comes first: it rejects a position inside a word with one character
    # test, where trying the trie's first-character branches one by one there cost twice the time
    # (29 Nov: 0.22 -> 0.13 ms per 300-word draft). The match is empty, so the next search starts
    # one character on and words inside a key are visited too.
    return f"(?<![\\w-])(?={emit(trie)})"


def _lowered(text: str) -> str:
    """Lower-case `text`, keeping each character's position."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two ("İ")
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered


def _lowercase_literals(pattern: str) -> str:
    """Lower-case a regex's letters but not its escapes (\\S, \\W, \\B, \\N{...} keep their case)."""
    out, position = [], 0
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            end = pattern.index("}", position) + 1 if pattern.startswith("\\N{", position) else position + 2
            out.append(pattern[position:end])
            position = end
        else:
            out.append(char.lower())
            position += 1
    return "".join(out)


def top_level_alternatives(pattern: str) -> list[str]:
    """Split a regex at its top-level `|` (not inside groups, classes or escapes)."""
    parts, depth, in_class, escaped, start = [], 0, False, False, 0
    for position, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]" or position == start
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:position])
            start = position + 1
    parts.append(pattern[start:])
    return parts


Start = tuple[frozenset[str] | None, ...]


def _starts(items: list, depth: int, budget: list[int]) -> set[Start]:
    """Possible next `depth` characters of a parsed regex: each a set of lower-case characters,
    or None for "any character". Always a superset of what the regex can match."""
    if depth == 0 or not items:
        return {()}
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooComplex
    (op, av), rest = items[0], items[1:]
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _starts(rest, depth, budget)
    if op is sre.SUBPATTERN:
        return _starts(list(av[-1]) + rest, depth, budget)
    if op is sre.ATOMIC_GROUP:
        return _starts(list(av) + rest, depth, budget)
    if op is sre.BRANCH:
        return set().union(*(_starts(list(alt) + rest, depth, budget) for alt in av[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, body = av
        if high == 0:
            return _starts(rest, depth, budget)
        # After one pass through the body, what is left of the repeat: "x?" leaves nothing, so it
        # files no key for "xx"; "x+" and "x*" leave "x*".
        left = high if high == sre.MAXREPEAT else high - 1
        again = [(sre.MAX_REPEAT, (max(low - 1, 0), left, body))] if left else []
        found = _starts([*body, *again, *rest], depth, budget)
        return found | _starts(rest, depth, budget) if low == 0 else found
    chars = _chars(op, av)
    return {(chars, *tail) for tail in _starts(rest, depth - 1, budget)}


def _combinations(known: list[frozenset[str]]) -> int:
    total = 1
    for chars in known:
        total *= len(chars)
    return total


def _chars(op: object, av: object) -> frozenset[str] | None:
    if op is sre.LITERAL:
        return frozenset(chr(av).lower().translate(_SPACES))  # type: ignore[arg-type]
    if op is not sre.IN:
        return None
    chars: set[str] = set()
    for item_op, item_av in av:  # type: ignore[attr-defined]
        if item_op is sre.LITERAL:
            chars.add(chr(item_av).lower().translate(_SPACES))
        elif item_op is sre.RANGE and item_av[1] - item_av[0] <= 128:
            chars.update(chr(c).lower().translate(_SPACES) for c in range(item_av[0], item_av[1] + 1))
        elif item_op is sre.CATEGORY and item_av is sre.CATEGORY_SPACE:
            chars.add(_SPACE)
        else:
            return None
    return frozenset(chars)
