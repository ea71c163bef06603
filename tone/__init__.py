"""Tactful's tone checker: `check(text) -> ToneReport` (see tone/README.md).

Names are imported on first use so that `import tone.cli` stays cheap for every CLI command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tone.checker import apply_suggestions, check
    from tone.lexicon import LexiconError
    from tone.models import Deduction, Finding, Readability, Sentence, ToneReport

__all__ = [
    "Deduction", "Finding", "LexiconError", "Readability", "Sentence", "ToneReport", "apply_suggestions", "check",
]

_HOMES = {
    "check": "tone.checker",
    "apply_suggestions": "tone.checker",
    "LexiconError": "tone.lexicon",
    "Deduction": "tone.models",
    "Finding": "tone.models",
    "Readability": "tone.models",
    "Sentence": "tone.models",
    "ToneReport": "tone.models",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'tone' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
