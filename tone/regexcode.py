"""Compiled regexes that can be stored on disk and rebuilt without parsing or compiling again.

`re.compile` parses and compiles in Python, which for the word lists' large alternations is most of
a CLI run's start-up. The compiled form is plain data (the engine's code words plus group names),
so the scanner keeps it in its index file and hands it straight to the engine. The data is only
valid for the interpreter that made it: the index file's key includes `sys.version` and the
engine's magic number, and the engine validates the code it is given.
"""

from __future__ import annotations

import re
import sys
from re import _compiler, _constants, _parser
from typing import Any

import _sre

# Part of the index file's key: compiled code from another interpreter is never loaded.
ENGINE = f"{sys.version}:{_constants.MAGIC}"

Code = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def regex_code(pattern: str) -> Code:
    """What `re.compile(pattern)` hands to the engine, as plain data (the same steps)."""
    parsed = _parser.parse(pattern, 0)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    words = [int(word) for word in _compiler._code(parsed, 0)]  # plain ints: marshal stores only these
    return (int(parsed.state.flags), words, parsed.state.groups - 1, groupindex,
            tuple(indexgroup))


def from_code(pattern: str, code: Any) -> re.Pattern[str]:
    """The regex `re.compile(pattern)` would return, from `regex_code(pattern)`'s data; falls back
    to compiling when the data is not usable."""
    try:
        flags, words, groups, groupindex, indexgroup = code
        return _sre.compile(pattern, flags, words, groups, groupindex, indexgroup)
    except (TypeError, ValueError, RuntimeError, OverflowError):
        return re.compile(pattern)
