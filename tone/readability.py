"""Readability figures: textstat for the document, the same syllable counts for each sentence.

textstat >= 0.7.9 looks English words up in CMUdict through nltk, which downloads the dictionary
on first use (and `import nltk` alone costs ~0.5 s). We never let that happen: textstat is imported
with nltk deferred, and its pronunciation lookup is pointed at `tone.syllables`. The reasons and
the alternatives we rejected are in tone/README.md ("Readability offline").
"""

from __future__ import annotations

import sys
import types
from collections.abc import Sequence
from typing import Any

from tone.models import Readability
from tone.syllables import count_syllables

_SYLLABLE_MODULE = "textstat.backend.counts._count_syllables"
_DIFFICULT_WORD_MODULE = "textstat.backend.validations._is_difficult_word"


class _SyllableDictionary(dict):
    """Looks like the CMUdict mapping textstat expects: word -> [phones], one stressed phone per
    syllable (textstat counts the phones that end in a digit). A dict, so that a word seen before
    costs textstat one C-level lookup."""

    def __missing__(self, word: str) -> list[list[str]]:
        if len(self) > 50_000:
            self.clear()
        phones = self[word] = [["1"] * count_syllables(word)]
        return phones


class _NoHyphenator:
    """Stands in for textstat's pyphen fallback, which our dictionary never needs; building the
    real one parses a hyphenation file (~140 ms) on every process start."""

    def positions(self, word: str) -> list[int]:
        return list(range(count_syllables(word) - 1))


class _DeferredNltk(types.ModuleType):
    """Placeholder for `nltk` while textstat is imported; any use of it is a bug in this module."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(
            f"textstat tried to use nltk.{name}: tone.readability must route syllable counting "
            "through tone.syllables so nothing is downloaded at run time"
        )


def _load_textstat() -> Any:
    placeholder = None
    if "nltk" not in sys.modules:
        placeholder = sys.modules["nltk"] = _DeferredNltk("nltk")
    try:
        import textstat
    finally:
        if placeholder is not None and sys.modules.get("nltk") is placeholder:
            del sys.modules["nltk"]
    syllable_module = sys.modules.get(_SYLLABLE_MODULE)
    if syllable_module is not None:
        dictionary, hyphenator = _SyllableDictionary(), _NoHyphenator()
        syllable_module.get_cmudict = lambda lang: dictionary
        syllable_module.get_pyphen = lambda lang: hyphenator
    difficult_module = sys.modules.get(_DIFFICULT_WORD_MODULE)
    if difficult_module is not None:
        # Gunning fog counts syllables word by word through a 128-entry cache that every draft
        # overflows; the same counts come straight from our own, larger cache.
        difficult_module.count_syllables = lambda word, lang: count_syllables(word)
    return textstat


_textstat = _load_textstat()


# Above this many words the three formulas are computed on evenly spaced whole sentences adding up
# to about this many words (Flesch's own method samples 100-word passages); counts stay exact.
SAMPLE_WORDS = 5000


def document_figures(text: str, sentences: Sequence[tuple[int, int, int]]) -> Readability:
    """textstat's figures for `text`; `sentences` are its (start, end, words) spans, used to sample
    long documents. `sentence_grades` is left empty for the caller to fill."""
    words = _textstat.lexicon_count(text)
    if words == 0:
        return Readability(0.0, 0.0, 0.0, 0, 0, 0)
    sample = text
    if words > SAMPLE_WORDS and len(sentences) > 1:
        step = max(1, round(words / SAMPLE_WORDS))
        sample = " ".join(text[start:end] for start, end, _ in sentences[::step])
    return Readability(
        flesch_reading_ease=round(_textstat.flesch_reading_ease(sample), 1),
        flesch_kincaid_grade=round(_textstat.flesch_kincaid_grade(sample), 1),
        gunning_fog=round(_textstat.gunning_fog(sample), 1),
        words=words,
        sentences=_textstat.sentence_count(text),
        sample_words=words if sample is text else _textstat.lexicon_count(sample),
    )


def sentence_grade(words: Sequence[str]) -> float:
    """Flesch-Kincaid grade of one sentence, with textstat's constants and our syllable counts."""
    if not words:
        return 0.0
    syllables = sum(map(count_syllables, words))
    return round(0.39 * len(words) + 11.8 * syllables / len(words) - 15.59, 1)
