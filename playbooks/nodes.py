"""Typed reading of a YAML node tree that records every problem at its exact position."""

from __future__ import annotations

import difflib
import re
from typing import Any

import yaml

from playbooks.models import LoadError

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_TAG = "tag:yaml.org,2002:"
_KINDS = {
    "str": "text", "int": "a number", "float": "a number", "bool": "true/false",
    "null": "nothing", "timestamp": "a date", "map": "a mapping", "seq": "a list",
}


def kind(node: yaml.Node) -> str:
    """How a node reads to a playbook author: "text", "a list", "a mapping"..."""
    return _KINDS.get(node.tag.removeprefix(_TAG), node.tag)


def did_you_mean(word: str, candidates: list[str] | tuple[str, ...]) -> str:
    """A " (did you mean 'x'?)" suffix when a close candidate exists, else ""."""
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Reader:
    """Collects positioned errors while reading; every getter returns None on a problem."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[LoadError] = []
        self._seen: set[int] = set()

    def error(self, node: yaml.Node | yaml.Mark, message: str) -> None:
        mark = node.start_mark if isinstance(node, yaml.Node) else node
        self.errors.append(LoadError(self.file, mark.line + 1, mark.column + 1, message))

    def _container(self, node: yaml.Node, tag: str, what: str) -> bool:
        if node.tag != _TAG + tag:
            self.error(node, f"{what} must be {_KINDS[tag]}, not {kind(node)}")
            return False
        if id(node) in self._seen:
            self.error(node, f"{what}: YAML aliases are not supported; write the value out")
            return False
        self._seen.add(id(node))
        return True

    def mapping(
        self, node: yaml.Node, what: str, required: tuple[str, ...], optional: tuple[str, ...] = (),
    ) -> dict[str, yaml.Node] | None:
        """Read a mapping with a fixed key set; unknown keys get a did-you-mean."""
        entries = self.entries(node, what)
        if entries is None:
            return None
        allowed = required + optional
        out: dict[str, yaml.Node] = {}
        misspelt = set()
        for key, (key_node, value) in entries.items():
            if key in allowed:
                out[key] = value
                continue
            hint = did_you_mean(key, allowed)
            misspelt.add(hint)
            self.error(key_node, f"unknown key {key!r} in {what}{hint}")
        for key in required:
            if key not in entries and did_you_mean(key, [key]) not in misspelt:
                self.error(node, f"{what} is missing required key {key!r}")
        return out

    def entries(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """Read a mapping with free-form text keys, refusing duplicate keys."""
        if not self._container(node, "map", what):
            return None
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value in node.value:
            if key_node.tag != _TAG + "str":
                self.error(key_node, f"keys in {what} must be text, not {kind(key_node)}")
            elif key_node.value in out:
                self.error(key_node, f"duplicate key {key_node.value!r} in {what}")
            else:
                out[key_node.value] = (key_node, value)
        return out

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node] | None:
        return list(node.value) if self._container(node, "seq", what) else None

    def text(self, node: yaml.Node, what: str, allow_empty: bool = False) -> str | None:
        if node.tag != _TAG + "str":
            self.error(node, f"{what} must be text, not {kind(node)}; put it in quotes")
            return None
        if not allow_empty and not node.value.strip():
            self.error(node, f"{what} must not be empty")
            return None
        return node.value

    def identifier(self, node: yaml.Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not ID_PATTERN.match(value):
            self.error(node, f"{what} {value!r} must use lowercase letters, digits, '-' and '_'")
            return None
        return value

    def choice(self, node: yaml.Node, what: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(node, what)
        if value is not None and value not in allowed:
            self.error(
                node,
                f"{what} is {value!r}, not one of {', '.join(allowed)}"
                f"{did_you_mean(value, allowed)}",
            )
            return None
        return value

    def number(self, node: yaml.Node, what: str) -> float | None:
        if node.tag not in (_TAG + "int", _TAG + "float"):
            self.error(node, f"{what} must be a number, not {kind(node)}")
            return None
        return _construct(node)

    def boolean(self, node: yaml.Node, what: str) -> bool | None:
        if node.tag != _TAG + "bool":
            self.error(node, f"{what} must be true or false, not {kind(node)}")
            return None
        return _construct(node)

    def texts(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        """A list of non-empty text items (bad items are reported and dropped)."""
        items = self.sequence(node, what) or []
        values = (self.text(item, f"each item of {what}") for item in items)
        return tuple(v for v in values if v is not None)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALARS = {
    _TAG + "int": _CONSTRUCTOR.construct_yaml_int,
    _TAG + "float": _CONSTRUCTOR.construct_yaml_float,
    _TAG + "bool": _CONSTRUCTOR.construct_yaml_bool,
}


def _construct(node: yaml.ScalarNode) -> Any:
    return _SCALARS[node.tag](node)
