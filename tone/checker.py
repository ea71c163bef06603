"""`check`: one pass over a draft -> ToneReport; `apply_suggestions`: swap in drop-in rewrites."""

from __future__ import annotations

from dataclasses import replace

from tone import detectors
from tone.lexicon import current_lexicon
from tone.markup import mask
from tone.model import model_findings
from tone.models import CATEGORIES, Finding, Sentence, ToneReport
from tone.readability import document_figures, sentence_grade
from tone.scoring import score
from tone.sentences import is_letter_furniture, split, starts_sentence

_ORDER = {category: index for index, category in enumerate(CATEGORIES)}


def check(text: str, context: str | None = None) -> ToneReport:
    """Check a draft. `context="escalation"` (a willful case) lets one factual consequence stand;
    the default is the strict first-contact standard. Raises LexiconError for a broken team list."""
    if not isinstance(text, str):
        raise TypeError(f"check() needs text (str), not {type(text).__name__}")
    lexicon = current_lexicon()
    masked = mask(text)
    sentences = [s for s in (_sentence(masked, start, end) for start, end in split(masked)) if s.words]
    allowed = [m.span() for m in lexicon.allow.finditer(masked)] if lexicon.allow else []
    furniture = [(s.start, s.end) for s in sentences if is_letter_furniture(masked, s.start, s.end)]
    # The model cannot say which words decided it, so it stays out of any sentence the allow list
    # vouched for in part ("This communication is from a debt collector...").
    unread = furniture + [
        (s.start, s.end) for s in sentences if any(start < s.end and s.start < end for start, end in allowed)
    ]
    found = [
        f
        for detector in (
            detectors.lexicon_findings(text, masked, lexicon, sentences),
            detectors.shouting_findings(text, masked, lexicon.acronyms),
            detectors.readability_findings(text, sentences),
        )
        for f in detector
        if not _inside(f, furniture) and (f.category == "readability" or not _inside(f, allowed))
    ]
    # Ultimatums before the model, so a listed threat's pressure is its deadline rather than the
    # model's whole sentence; and after, for the threats only the model found.
    found.extend(detectors.ultimatum_findings(text, masked, sentences, found))
    found.extend(f for f in model_findings(text, masked, sentences, found) if not _inside(f, unread))
    found.extend(detectors.ultimatum_findings(text, masked, sentences, found))
    found.sort(key=lambda f: (f.start, _ORDER.get(f.category, 99), f.end))
    figures = document_figures(masked, [(s.start, s.end, s.words) for s in sentences])
    readability = replace(figures, sentence_grades=[s.grade for s in sentences])
    total, verdict, deductions = score(found, masked, readability.words, context)
    return ToneReport(total, verdict, found, readability, sentences, deductions)


def apply_suggestions(text: str, report: ToneReport) -> str:
    """Replace every finding that has a drop-in `replacement`; leave the rest of the text as is.

    Findings must come from `check(text)`. Overlapping spans keep the first (leftmost) one. A span
    replaced by nothing takes one neighbouring space with it; at the start of a sentence the next
    word is capitalised instead ("Please be advised that your trial..." -> "Your trial...").
    """
    pieces: list[str] = []
    position = 0
    capitalise_next = False
    for finding in sorted(report.findings, key=lambda f: (f.start, -f.end)):
        if finding.replacement is None or finding.start < position:
            continue
        if text[finding.start:finding.end] != finding.text:
            raise ValueError("the report was not made from this text")
        start, end = finding.start, finding.end
        replacement = _match_case(finding.text, finding.replacement)
        if not replacement and starts_sentence(text, start):
            while end < len(text) and text[end] == " ":
                end += 1
        elif not replacement and start > position and text[start - 1] == " ":
            start -= 1
        pieces.append(_capitalised(text[position:start]) if capitalise_next else text[position:start])
        pieces.append(replacement)
        capitalise_next = not replacement and finding.text[:1].isupper() and start == finding.start
        position = end
    pieces.append(_capitalised(text[position:]) if capitalise_next else text[position:])
    return "".join(pieces)


def _capitalised(piece: str) -> str:
    return piece[:1].upper() + piece[1:]


def _sentence(masked: str, start: int, end: int) -> Sentence:
    words = detectors.WORD.findall(masked, start, end)
    return Sentence(start, end, len(words), sentence_grade(words))


def _inside(finding: Finding, spans: list[tuple[int, int]]) -> bool:
    return any(start <= finding.start and finding.end <= end for start, end in spans)


def _match_case(original: str, replacement: str) -> str:
    if replacement and original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
