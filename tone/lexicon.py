"""Load, validate and compile the word lists (built-in YAML plus the team's, via TACTFUL_LEXICON).

The file format is documented in tone/README.md. Each tone category gets its own pass and the
wording categories share one, so findings of different passes may overlap: "numerous unlicensed
devices" is both vague and blaming, and "pay now to avoid suspension" both pressure and a threat;
`tone.scanner` does the matching. Built-in patterns are trusted (the test suite checks them) and
compiled on first use; team patterns are checked and compiled at load so that mistakes are
reported at once. Lists are read once per process.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from re import _parser  # syntax check without paying for compilation
from typing import Any

from tone import diskcache
from tone.scanner import Scanner, top_level_alternatives


BUILTIN_DIR = Path(__file__).with_name("lexicon")
ENV_VAR = "TACTFUL_LEXICON"
PASSES = (("blame",), ("threat",), ("pressure",), ("passive_aggressive",), ("jargon", "legalese", "vague"))
LEXICON_CATEGORIES = tuple(c for categories in PASSES for c in categories)

_FILE_KEYS = {"category", "macros", "entries", "allow", "acronyms"}
_ENTRY_KEYS = {"pattern", "category", "why", "suggestion", "replacement", "unless", "case_sensitive"}
_MACRO = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_LEFT, _RIGHT = r"(?<![\w-])", r"(?![\w-])"


class LexiconError(ValueError):
    """A word list cannot be used; the message names the file, the place and the problem."""


@dataclass(frozen=True, slots=True)
class Entry:
    pattern: str
    category: str
    why: str
    suggestion: str | None
    replacement: str | None
    unless: str | None  # regex searched in the match's sentence; compiled (and cached) by `re` on use
    source: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    entries: tuple[Entry, ...]
    scanner: Scanner
    allow: re.Pattern[str] | None
    acronyms: frozenset[str]


def lexicon_paths(env_value: str | None) -> list[Path]:
    """Built-in files first, then each file or directory named in TACTFUL_LEXICON, in order."""
    paths = sorted(BUILTIN_DIR.glob("*.yaml"))
    for raw in (env_value or "").split(os.pathsep):
        if not raw.strip():
            continue
        path = Path(raw.strip()).expanduser()
        if path.is_dir():
            paths.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        elif path.is_file():
            paths.append(path)
        else:
            raise LexiconError(f"{path}: no such file or directory (named in {ENV_VAR})")
    return paths


def current_lexicon() -> Lexicon:
    """The lexicon for the current TACTFUL_LEXICON value, compiled once and cached."""
    return _compiled(os.environ.get(ENV_VAR, ""))


@lru_cache(maxsize=8)
def _compiled(env_value: str) -> Lexicon:
    return load(lexicon_paths(env_value))


def load(paths: list[Path], check_all: bool = False) -> Lexicon:
    """Read the given YAML files; raises LexiconError on the first problem.

    Team files are fully checked (every regex compiled) now; the built-in files are checked only
    with `check_all=True`, which the test suite uses. Files read and checked before with exactly
    the same content come from the disk cache (`tone.diskcache`), without YAML.
    """
    lists = hashlib.sha256("\0".join(str(p.resolve()) for p in paths).encode()).hexdigest()[:12]
    where = diskcache.cache_dir() / f"tone-lexicon-{lists}.marshal"
    stamp = _stamp(paths)
    stored = None if check_all or stamp is None else diskcache.read(where)
    if isinstance(stored, dict) and stored.get("stamp") == stamp:
        try:
            entries = [Entry(*fields) for fields in stored["entries"]]
            return _assembled(entries, stored["allow"], set(stored["acronyms"]), set(), lists)
        except (KeyError, TypeError):
            pass
    entries, allow, acronyms, checked = _parsed_files(paths, check_all)
    lexicon = _assembled(entries, allow, acronyms, checked, lists)
    if stamp is not None:
        fields = [tuple(getattr(entry, name) for name in Entry.__slots__) for entry in lexicon.entries]
        diskcache.write(where, {"stamp": stamp, "entries": fields, "allow": allow, "acronyms": sorted(acronyms)})
    return lexicon


def _stamp(paths: list[Path]) -> str | None:
    """A digest of the files' names and contents and of this module's code; None if unreadable."""
    digest = hashlib.sha256()
    try:
        for path in [Path(__file__), *paths]:
            digest.update(f"{path}\0".encode())
            digest.update(path.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def _parsed_files(paths: list[Path], check_all: bool) -> tuple[list[Entry], list[str], set[str], set[str]]:
    """Entries, allow patterns, acronyms and the places of the entries to compile now."""
    macros: dict[str, str] = {}
    entries: list[Entry] = []
    allow: list[str] = []
    acronyms: set[str] = set()
    checked: set[str] = set()
    for path in paths:
        data = _read(path)
        strict = check_all or BUILTIN_DIR not in path.parents
        for name, value in (data.get("macros") or {}).items():
            where = f"{path}: macro '{name}'"
            if name in macros:
                raise LexiconError(f"{where}: defined twice")
            macros[name] = _checked_regex(_expand(_text(value, where), macros, where), where, strict)
        default_category = data.get("category")
        for index, raw in enumerate(data.get("entries") or []):
            with _located(path, "entries", index) as where:
                entries.append(_entry(raw, default_category, macros, where, strict))
                if strict:
                    checked.add(where)
        for index, pattern in enumerate(data.get("allow") or []):
            with _located(path, "allow", index) as where:
                allow.append(_checked_regex(_expand(_text(pattern, where), macros, where), where, strict))
        acronyms.update(str(word).upper() for word in data.get("acronyms") or [])
    entries.sort(key=lambda e: len(e.pattern), reverse=True)
    return entries, allow, acronyms, checked


def _assembled(entries: list[Entry], allow: list[str], acronyms: set[str], checked: set[str], lists: str) -> Lexicon:
    """`lists` names the set of files: a changed list's scanner index replaces its own old one."""
    pass_of = {category: number for number, categories in enumerate(PASSES) for category in categories}
    scanner = Scanner([e.pattern for e in entries], [pass_of[e.category] for e in entries], lists)
    for index, entry in enumerate(entries):
        if entry.source in checked:
            with _located_entry(entry.source):
                scanner.compile_entry(index)
    allowed = re.compile(f"{_LEFT}(?:{'|'.join(allow)}){_RIGHT}", re.IGNORECASE) if allow else None
    return Lexicon(tuple(entries), scanner, allowed, frozenset(acronyms))


def _read(path: Path) -> dict[str, Any]:
    import yaml  # only when a list changed: importing it costs a CLI run ~20-40 ms

    from tone import yamlfile

    try:
        data = yamlfile.load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise LexiconError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        raise LexiconError(yamlfile.describe(path, exc, "not valid YAML: ")) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping with 'entries', 'allow' or 'macros'")
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise LexiconError(f"{path}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_FILE_KEYS)}")
    for key, kind in (("entries", list), ("allow", list), ("acronyms", list), ("macros", dict)):
        if data.get(key) is not None and not isinstance(data[key], kind):
            raise LexiconError(f"{path}: '{key}' must be a {kind.__name__}")
    return data


def _entry(raw: Any, default_category: Any, macros: dict[str, str], where: str, strict: bool) -> Entry:
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: each entry must be a mapping with pattern, category and why")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {sorted(unknown)}")
    category = raw.get("category", default_category)
    if category not in LEXICON_CATEGORIES:
        raise LexiconError(f"{where}: category {category!r} is not one of {list(LEXICON_CATEGORIES)}")
    if not isinstance(raw.get("why"), str) or not raw["why"].strip():
        raise LexiconError(f"{where}: 'why' is required and must be text")
    for key in ("suggestion", "replacement"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise LexiconError(f"{where}: '{key}' must be text")
    if raw.get("pattern") is None:
        raise LexiconError(f"{where}: 'pattern' is required")
    source = _text(raw["pattern"], where)
    pattern = _expand(source, macros, where)
    if strict and _parsed(pattern, where).getwidth()[0] == 0:
        raise LexiconError(f"{where}: pattern {source!r} matches empty text")
    if any("(?-i:" in alternative[1:] for alternative in top_level_alternatives(pattern)):
        raise LexiconError(
            f"{where}: '(?-i:' in {source!r} only works at the start of a whole alternative "
            "(between top-level '|'); for a case-sensitive entry use 'case_sensitive: true'"
        )
    if raw.get("case_sensitive"):
        pattern = f"(?-i:{pattern})"
    unless = raw.get("unless")
    return Entry(
        pattern=pattern,
        category=category,
        why=raw["why"].strip(),
        suggestion=(raw.get("suggestion") or "").strip() or None,
        replacement=raw.get("replacement"),
        unless=_checked_regex(_expand(_text(unless, where), macros, where), where, strict)
        if unless is not None else None,
        source=where,
    )


def _text(value: Any, where: str) -> str:
    """A regex given as text, or as a list of alternatives."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return "|".join(f"(?:{v.strip()})" for v in value)
    raise LexiconError(f"{where}: expected a regex as text or a list of texts, got {value!r}")


@contextmanager
def _located(path: Path, key: str, index: int) -> Iterator[str]:
    """Yield `file: key[index]`; on a LexiconError, add the line number (looked up only then)."""
    where = f"{path}: {key}[{index}]"
    try:
        yield where
    except LexiconError as exc:
        raise LexiconError(str(exc).replace(where, _place(path, key, index), 1)) from None


@contextmanager
def _located_entry(where: str) -> Iterator[None]:
    """Turn a compile error (found only when compiling, e.g. a variable-width look-behind) into a
    LexiconError for the entry at `where`."""
    try:
        yield
    except re.error as exc:
        raise LexiconError(f"{where}: invalid pattern: {exc}") from None


def _place(path: Path, key: str, index: int) -> str:
    import yaml

    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
        node = next(v for k, v in root.value if k.value == key).value[index]
        return f"{path}:{node.start_mark.line + 1}: {key}[{index}]"
    except (yaml.YAMLError, AttributeError, IndexError, StopIteration, TypeError):
        return f"{path}: {key}[{index}]"


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise LexiconError(f"{where}: unknown macro {{{name}}} in {pattern!r}")
        return f"(?:{macros[name]})"

    return _MACRO.sub(substitute, pattern)


def _checked_regex(pattern: str, where: str, strict: bool) -> str:
    if strict:
        _parsed(pattern, where)
    return pattern


def _parsed(pattern: str, where: str) -> Any:
    """Parse (compiling is deferred) to report syntax errors with their place."""
    try:
        parsed = _parser.parse(pattern, re.IGNORECASE)
    except re.error as exc:
        raise LexiconError(f"{where}: invalid pattern {pattern!r}: {exc}") from None
    if parsed.state.groupdict:
        raise LexiconError(f"{where}: named groups (?P<...>) are not allowed in {pattern!r}")
    return parsed
