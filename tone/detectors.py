"""Turn masked text into findings: word-list matches, shouting, and hard-to-read sentences.

All detectors read the masked text (same offsets as the original) and cut `Finding.text` from the
original, so `original[f.start:f.end] == f.text` always holds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from tone.lexicon import Lexicon
from tone.models import Finding, Sentence
from tone.sentences import starts_sentence

# Blame, threats and pressure that are denied ("there is no penalty", "we will not suspend
# anything") are reassurance, not threats. Not when the negation is part of the ultimatum itself.
NEGATABLE = frozenset({"blame", "threat", "pressure"})
_NEGATED = re.compile(
    r"(?:\b(?:no|not|never|without|nor|nobody|nothing|neither)\b|n[’']t\b)"
    r"(?!\s+(?:choice|option|alternative|other|hesitate|later|longer|further|more|sure|certain|clear|idea|know)\b)"
    r"(?:\s+[\w’'-]+){0,3}\s+$",
    re.IGNORECASE,
)
# "If you do not pay, we will suspend": the negation belongs to the condition, not the threat.
_CONDITION = re.compile(r"\b(?:if|unless|should|when|once)\s+(?:[\w’'-]+\s+){0,2}$", re.IGNORECASE)
# Starts with a plain character class so the regex engine can skip ahead; the look-behind then
# checks the character before the word.
_CAPS_WORD = re.compile(r"[A-Z](?<![\w’'-][A-Z])[A-Z’'-]*[A-Z](?![\w’'-])")
_CAPS_GAP = re.compile(r"[\s:;,&.–—-]{1,3}")
# Short capitalised words that are ordinary English, so never acronyms.
_SHOUT_WORDS = frozenset({
    "NO", "NOT", "NOW", "MUST", "ALL", "STOP", "ONLY", "DO", "DONT", "DON'T", "NEVER", "YOU",
    "YOUR", "ONE", "READ", "FREE", "THIS", "LAST", "ANY", "WILL", "HAVE", "NEED", "SEND", "PAY",
    "NEW", "YES", "VERY", "BE", "ARE", "IS", "AND", "OR", "TO", "THE", "OF", "FOR", "ON", "IN",
    "AT", "BY", "IT", "WE", "OUR",
})
_PUNCTUATION_RUN = re.compile(r"[!?]{2,}")
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")

LONG_SENTENCE_WORDS = 30
# One sentence's Flesch-Kincaid grade swings with a single long word, so short sentences are only
# flagged when they are extremely dense. Letters written to firms read at grade 16-18 without
# readers calling them hard (product and company names alone add grades); 19 is where the labelled
# sets start agreeing that a sentence is hard work.
HARD_SENTENCE_GRADE = 19.0
RELIABLE_GRADE_WORDS = 12
DENSE_SENTENCE_GRADE = 20.0
HARD_SENTENCE_MIN_WORDS = 8


def lexicon_findings(
    text: str, masked: str, lexicon: Lexicon, sentences: list[Sentence]
) -> Iterator[Finding]:
    """Word-list matches, minus denied ones and those an entry's `unless` exempts. Each `unless`
    is searched once per sentence, however many matches the sentence holds (a 200 KB text without
    a full stop is one sentence)."""
    starts = [s.start for s in sentences]
    exempt: dict[tuple[str, int], bool] = {}
    for index, start, end in lexicon.scanner.finditer(masked):
        entry = lexicon.entries[index]
        sentence_start, sentence_end = _sentence_bounds(sentences, starts, start, len(masked))
        if entry.category in NEGATABLE and _denied(masked, max(sentence_start, start - 48), start):
            continue
        if entry.unless:
            key = (entry.unless, sentence_start)
            if key not in exempt:
                unless = re.compile(entry.unless, re.IGNORECASE)
                exempt[key] = unless.search(masked, sentence_start, sentence_end) is not None
            if exempt[key]:
                continue
        yield Finding(entry.category, start, end, text[start:end], entry.why, entry.suggestion,
                      entry.replacement)


# A date or time limit: "by 13 March", "on 1 April 2025", "in 48 hours", "after 30 days".
_DEADLINE = re.compile(
    r"\b(?:by|on|before|until|in|within|after|no\s+later\s+than)\s+(?:the\s+)?"
    r"(?:(?:\d[\d/.-]*(?:st|nd|rd|th)?|seven|ten|fourteen|fifteen|twenty-one|thirty|sixty|ninety)"
    r"(?:\s+(?:\(\d+\)\s+)?(?:business\s+|working\s+|calendar\s+)?"
    r"(?:hours?|days?|weeks?|months?|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*"
    r"|nov\w*|dec\w*))?|(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct"
    r"|nov|dec)[a-z]*\.?\s+\d|(?:expiration|expiry|due|renewal|end)\s+date|midnight|noon|end\s+of\s+(?:the\s+)?"
    r"(?:day|week|month)|close\s+of\s+business)",
    re.IGNORECASE,
)


_CONDITIONAL = re.compile(
    r"\b(?:if|unless|should\s+(?:you|the|your|payment)|failing|failure\s+to|otherwise|or\s+(?:else|we|your))\b",
    re.IGNORECASE,
)


def ultimatum_findings(text: str, masked: str, sentences: list[Sentence], found: list[Finding]) -> Iterator[Finding]:
    """A consequence tied to a condition and a deadline is an ultimatum, even when no word of it is
    urgent: "Your access will be suspended in 48 hours unless you upgrade." Marks the deadline as
    pressure in such sentences that have a threat and no pressure finding yet."""
    starts = [s.start for s in sentences]
    threatened: dict[tuple[int, int], bool] = {}
    for finding in found:
        if finding.category in ("threat", "pressure"):
            bounds = _sentence_bounds(sentences, starts, finding.start, len(masked))
            threatened[bounds] = threatened.get(bounds, False) or finding.category == "pressure"
    for (start, end), has_pressure in threatened.items():
        deadline = None if has_pressure else _DEADLINE.search(masked, start, end)
        if deadline and _CONDITIONAL.search(masked, start, end):
            yield Finding(
                "pressure", deadline.start(), deadline.end(), text[deadline.start():deadline.end()],
                "A deadline attached to a consequence reads as an ultimatum.",
                "Offer the date as a plan you agree together: 'Could we settle the extra seats by 30 June? "
                "Nothing changes for your team meanwhile.'",
            )


def _denied(masked: str, window_start: int, start: int) -> bool:
    negation = _NEGATED.search(masked, window_start, start)
    if negation is None:
        return False
    return _CONDITION.search(masked, max(0, negation.start() - 24), negation.start()) is None


def shouting_findings(text: str, masked: str, acronyms: frozenset[str]) -> Iterator[Finding]:
    """Runs of capitalised words that are not known acronyms, and '!!' / '?!' punctuation."""
    for start, end, words in _caps_runs(masked):
        loud = [w for w in words if w not in acronyms]
        if not loud or not (len(loud) >= 2 or any(len(w) >= 5 or w in _SHOUT_WORDS for w in loud)):
            continue
        yield Finding(
            "shouting", start, end, text[start:end],
            "Capital letters read as shouting and make the message feel hostile.",
            "Write it in normal case; if one phrase matters most, put it first or in bold.",
            _normal_case(masked[start:end], acronyms, at_sentence_start=starts_sentence(masked, start)),
        )
    for match in _PUNCTUATION_RUN.finditer(masked):
        if "!" not in match.group():
            continue
        yield Finding(
            "shouting", match.start(), match.end(), text[match.start():match.end()],
            "Repeated exclamation or question marks read as shouting or exasperation.",
            "End the sentence with a single full stop.", ".",
        )


def readability_findings(text: str, sentences: list[Sentence]) -> Iterator[Finding]:
    """Sentences that are too long or read above the target school grade."""
    for s in sentences:
        if s.words > LONG_SENTENCE_WORDS:
            why = f"This sentence has {s.words} words; readers lose the thread after about 25."
            suggestion = "Split it into two or three sentences of under 20 words each."
        elif s.grade > (HARD_SENTENCE_GRADE if s.words >= RELIABLE_GRADE_WORDS else DENSE_SENTENCE_GRADE) \
                and s.words >= HARD_SENTENCE_MIN_WORDS:
            why = f"This sentence reads at school grade {s.grade:.0f}; aim for grade 8 or 9."
            suggestion = "Use shorter, everyday words (say 'use', not 'utilisation') and one idea per sentence."
        else:
            continue
        yield Finding("readability", s.start, s.end, text[s.start:s.end], why, suggestion)


def _sentence_bounds(
    sentences: list[Sentence], starts: list[int], position: int, length: int
) -> tuple[int, int]:
    index = bisect_right(starts, position) - 1
    if index < 0:
        return 0, length
    return sentences[index].start, sentences[index].end


def _caps_runs(masked: str) -> Iterator[tuple[int, int, list[str]]]:
    run_start = run_end = -1
    words: list[str] = []
    for match in _CAPS_WORD.finditer(masked):
        if words and _CAPS_GAP.fullmatch(masked, run_end, match.start()):
            words.append(match.group())
            run_end = match.end()
            continue
        if words:
            yield run_start, run_end, words
        run_start, run_end, words = match.start(), match.end(), [match.group()]
    if words:
        yield run_start, run_end, words


def _normal_case(span: str, acronyms: frozenset[str], *, at_sentence_start: bool) -> str:
    lowered = re.sub(r"[A-Z][A-Z’'-]*[A-Z]", lambda m: m.group() if m.group() in acronyms
                     else m.group().lower(), span)
    return lowered[:1].upper() + lowered[1:] if at_sentence_start else lowered
