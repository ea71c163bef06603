"""Reading a playbook file safely: size limit, UTF-8, tabs, and a YAML node tree with positions."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from playbooks.models import LoadError

MAX_BYTES = 1_000_000
"""Playbooks are hand-written YAML; anything bigger is a mistake or an attack."""

_INDENT_TAB = re.compile(r"^ *\t", re.MULTILINE)
_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml when built in), remembering how plain scalars resolve."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode or len(value) > 80:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = _RESOLVED.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_RESOLVED) < 20_000:
                _RESOLVED[key] = tag
        return tag


class SourceError(Exception):
    """The file cannot be turned into a YAML node tree; carries the positioned LoadError."""

    def __init__(self, error: LoadError) -> None:
        super().__init__(str(error))
        self.error = error


def read_text(path: Path) -> str:
    """The file's text, refusing oversized, unreadable and non-UTF-8 files with a clear message."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(LoadError(
                name, 1, 1,
                f"file is {size / 1_000_000:.1f} MB; a playbook may be at most "
                f"{MAX_BYTES / 1_000_000:.1f} MB",
            ))
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(LoadError(name, 1, 1, f"cannot read file: {exc.strerror}")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(LoadError(
            name, line, column,
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
        )) from None


def compose(name: str, text: str) -> yaml.Node | None:
    """Parse `text` into a YAML node tree (keeping line/column marks); None for an empty file."""
    tab = _INDENT_TAB.search(text)
    if tab:
        line_start = text.rfind("\n", 0, tab.start()) + 1
        raise SourceError(LoadError(
            name, text.count("\n", 0, tab.start()) + 1, tab.end() - line_start,
            "tab character in indentation; indent YAML with spaces",
        ))
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "unreadable YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "another document" in problem:
            problem = "a playbook file holds one YAML document; remove the second '---'"
        raise SourceError(LoadError(name, line, column, f"invalid YAML: {problem}")) from None
    except yaml.YAMLError as exc:
        raise SourceError(LoadError(name, 1, 1, f"invalid YAML: {exc}")) from None
