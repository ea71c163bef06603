"""YAML for tone's own files (word lists, labelled sentences): safe, and strict about repeated keys.

PyYAML keeps the last of two equal keys and drops the first without a word, which silently lost
labelled sentences once; a team list with two `entries:` would lose half its words the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, f"keys repeated: [{key!r}]", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


def load(text: str) -> Any:
    """The document in `text`; raises yaml.YAMLError (with `problem_mark`) for bad or repeated keys."""
    return yaml.load(text, Loader=_StrictLoader)


def describe(path: Path, error: yaml.YAMLError, what: str = "") -> str:
    """`path:line: <what>problem`, the place and reason a reader can act on."""
    mark = getattr(error, "problem_mark", None)
    line = f":{mark.line + 1}" if mark is not None else ""
    return f"{path}{line}: {what}{getattr(error, 'problem', error)}"
