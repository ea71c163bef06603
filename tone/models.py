"""The report types `tone.check` returns; plain dataclasses so callers can serialise them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Verdict = Literal["ready", "revise", "rewrite"]

CATEGORIES: tuple[str, ...] = (
    "blame",
    "threat",
    "pressure",
    "passive_aggressive",
    "jargon",
    "legalese",
    "vague",
    "shouting",
    "readability",
)


class _Serialisable:
    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return asdict(self)  # type: ignore[call-overload]


@dataclass(frozen=True, slots=True)
class Finding(_Serialisable):
    """One problem span. `start`/`end` index the original text, so `text == original[start:end]`.

    `suggestion` is what to write instead, for a person to read. `replacement` is set only when the
    span can be swapped in place without rewording the sentence (e.g. "pursuant to" -> "under");
    `tone.apply_suggestions` uses it.
    """

    category: str
    start: int
    end: int
    text: str
    why: str
    suggestion: str | None
    replacement: str | None = None



@dataclass(frozen=True, slots=True)
class Sentence(_Serialisable):
    """A sentence span with its own Flesch-Kincaid grade (computed from the same syllable counts)."""

    start: int
    end: int
    words: int
    grade: float



@dataclass(frozen=True, slots=True)
class Readability(_Serialisable):
    """Document figures from textstat plus the per-sentence grades.

    `sample_words` is how many words the three formulas were computed on: all of them, except in
    documents over 5,000 words, where evenly spaced sentences are sampled (see tone/README.md).
    """

    flesch_reading_ease: float
    flesch_kincaid_grade: float
    gunning_fog: float
    words: int
    sentences: int
    sample_words: int
    sentence_grades: list[float] = field(default_factory=list)



@dataclass(frozen=True, slots=True)
class Deduction(_Serialisable):
    """One line of the score's explanation: what cost how many points."""

    reason: str
    points: int



@dataclass(frozen=True, slots=True)
class ToneReport(_Serialisable):
    score: int
    verdict: Verdict
    findings: list[Finding]
    readability: Readability
    sentences: list[Sentence]
    deductions: list[Deduction]
