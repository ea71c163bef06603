"""Readability figures: textstat for the document, the same syllable counts for each sentence.

textstat >= 0.7.9 looks English words up in CMUdict through nltk, which downloads the dictionary
on first use (and `import nltk` alone costs ~0.5 s). We never let that happen: textstat is imported
with nltk deferred, and its pronunciation lookup is pointed at `tone.syllables`. The reasons and
the alternatives we rejected are in tone/README.md ("Readability offline").
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable, Sequence
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


class _Deferred(types.ModuleType):
    """Placeholder for `nltk` and `pyphen` while textstat is imported: textstat imports them at
    the top of its modules (nltk ~0.5 s, pyphen ~50 ms) but our routing never uses them. A name
    imported from one (`from pyphen import Pyphen`) is a stand-in that fails when called."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Unavailable(f"{self.__name__}.{name}")


class _Unavailable:
    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, name: str) -> Any:
        return _Unavailable(f"{self._name}.{name}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(
            f"textstat tried to use {self._name}: tone.readability must route syllable counting "
            "through tone.syllables so nothing is downloaded or parsed at run time"
        )


_DEFERRED = ("nltk", "pyphen")


def _load_textstat() -> Any:
    placeholders = {name: _Deferred(name) for name in _DEFERRED if name not in sys.modules}
    sys.modules.update(placeholders)
    try:
        import textstat
    finally:
        for name, placeholder in placeholders.items():
            if sys.modules.get(name) is placeholder:
                del sys.modules[name]
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
_textstat_backend = sys.modules["textstat.backend"]


# Above this many words the three formulas are computed on evenly spaced whole sentences adding up
# to about this many words (Flesch's own method samples 100-word passages); counts stay exact.
SAMPLE_WORDS = 5000


def document_figures(text: str, sentences: Sequence[tuple[int, int, int]]) -> Readability:
    """textstat's figures for `text`; `sentences` are its (start, end, words) spans, used to sample
    long documents. `sentence_grades` is left empty for the caller to fill.

    The figures equal textstat's `lexicon_count`, `sentence_count`, `flesch_reading_ease`,
    `flesch_kincaid_grade` and `gunning_fog` (tests/tone/test_readability.py compares them), but
    the text is tokenised once instead of once per formula and per sentence."""
    tokens = _tokens(text)
    words = len(tokens)
    if words == 0:
        return Readability(0.0, 0.0, 0.0, 0, 0, 0)
    sentence_count = _sentence_count(text)
    sample, sample_tokens, sample_sentences = text, tokens, sentence_count
    if words > SAMPLE_WORDS and len(sentences) > 1:
        step = max(1, round(words / SAMPLE_WORDS))
        sample = " ".join(text[start:end] for start, end, _ in sentences[::step])
        sample_tokens, sample_sentences = _tokens(sample), _sentence_count(sample)
    reading_ease, grade, fog = _formulas(sample_tokens, sample_sentences)
    return Readability(
        flesch_reading_ease=round(reading_ease, 1),
        flesch_kincaid_grade=round(grade, 1),
        gunning_fog=round(fog, 1),
        words=words,
        sentences=sentence_count,
        sample_words=len(sample_tokens),
    )


class _WordCounts(dict):
    """word -> a count, computed once per word (a dict, so a known word costs one C lookup)."""

    def __init__(self, count: Callable[[str], int]) -> None:
        super().__init__()
        self._count = count

    def __missing__(self, word: str) -> int:
        if len(self) > 50_000:
            self.clear()
        value = self[word] = self._count(word)
        return value


# textstat's own rules and data, read from textstat so the figures stay textstat's.
_LANG = "en_US"
_remove_punctuation = _textstat_backend.transformations.remove_punctuation
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")  # textstat's count_sentences
# The first three tokens each hold a letter or digit, so all three survive punctuation removal.
_THREE_WORDS = re.compile(r"\s*[^\s\w]*\w\S*\s+[^\s\w]*\w\S*\s+[^\s\w]*\w")
_EASY_WORDS = _textstat_backend.utils.get_lang_easy_words(_LANG)
_DIFFICULT_SYLLABLES = int(_textstat_backend.utils.get_lang_cfg(_LANG, "syllable_threshold"))
_FRE_BASE, _FRE_SENTENCE_LENGTH, _FRE_SYLLABLES = (
    _textstat_backend.utils.get_lang_cfg(_LANG, key)
    for key in ("fre_base", "fre_sentence_length", "fre_syll_per_word")
)
_SYLLABLES = _WordCounts(count_syllables)
_DIFFICULT = _WordCounts(lambda word: int(word not in _EASY_WORDS and count_syllables(word) >= _DIFFICULT_SYLLABLES))


def _tokens(text: str) -> list[str]:
    """textstat's words (`list_words`): punctuation removed, contractions kept, split on space."""
    return _remove_punctuation(text, False).split()


def _sentence_count(text: str) -> int:
    """textstat's `count_sentences`: pieces ending in . ! ?, not counting those of <= 2 words."""
    pieces = _SENTENCE.findall(text)
    maybe_short = [piece for piece in pieces if not _THREE_WORDS.match(piece)]
    return max(1, len(pieces) - sum(len(_tokens(piece)) <= 2 for piece in maybe_short)) if text else 0


def _formulas(tokens: list[str], sentences: int) -> tuple[float, float, float]:
    """Flesch reading ease, Flesch-Kincaid grade and Gunning fog, as textstat computes them."""
    words = len(tokens)
    lowered = " ".join(tokens).lower().split()
    syllables = sum(map(_SYLLABLES.__getitem__, lowered))
    difficult = sum(map(_DIFFICULT.__getitem__, lowered))
    per_sentence = words / sentences if sentences else 0.0
    per_word = syllables / words
    if per_sentence == 0 or per_word == 0:
        reading_ease = grade = 0.0
    else:
        reading_ease = _FRE_BASE - _FRE_SENTENCE_LENGTH * per_sentence - _FRE_SYLLABLES * per_word
        grade = (0.39 * per_sentence) + (11.8 * per_word) - 15.59
    return reading_ease, grade, 0.4 * (per_sentence + 100 * difficult / words)


def sentence_grade(words: Sequence[str]) -> float:
    """Flesch-Kincaid grade of one sentence, with textstat's constants and our syllable counts."""
    if not words:
        return 0.0
    syllables = sum(map(count_syllables, words))
    return round(0.39 * len(words) + 11.8 * syllables / len(words) - 15.59, 1)
