"""Split (masked) text into sentence spans, keeping offsets into the original string."""

from __future__ import annotations

import re

# A sentence ends at . ! ? (plus closing quotes/brackets) before whitespace, at a blank line, or
# at a line break unless the next line carries on in lower case (a hard-wrapped paragraph).
# (One leading character class lets the regex engine skip straight to candidate characters.)
_BOUNDARY = re.compile(
    r"[.!?\n](?:(?<=[.!?])(?<![.!?][.!?])(?P<stop>[.!?]*+[\"'’”)\]]*+)(?=\s)"
    r"|(?<=\n)[ \t]*\n\s*"
    r"|(?<=\n)(?=[ \t]*[^a-z\s]))"
)
_ABBREVIATION_PATTERN = (
    r"(?:\b(?:e\.g|i\.e|etc|vs|approx|incl|no|nr|mr|mrs|ms|dr|st|inc|ltd|co|corp|jan|feb|mar|apr"
    r"|jun|jul|aug|sep|sept|oct|nov|dec|fig|p|pp|ref)|\b[A-Z](?:\.[A-Z])*)$"
)
_ABBREVIATION = re.compile(_ABBREVIATION_PATTERN, re.IGNORECASE)
# The same on lower-cased ASCII: several times faster than a case-insensitive search.
_ABBREVIATION_LOWER = re.compile(_ABBREVIATION_PATTERN.replace("A-Z", "a-z"))


def split(text: str) -> list[tuple[int, int]]:
    """Spans `(start, end)` of the non-blank sentences in `text`, trimmed of surrounding space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        stop = match.group("stop")
        if stop == "" and text[match.start()] == "." and _abbreviation_before(
            text, max(start, match.start() - 12), match.start()
        ):
            continue
        end = match.start() if stop is None else match.end("stop")
        _append_trimmed(text, start, end, spans)
        start = match.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def _abbreviation_before(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] ends with an abbreviation (the character before `start` still
    decides the word boundary, as it does for `search(text, start, end)`)."""
    context = max(0, start - 1)
    window = text[context:end]
    if window.isascii():
        return _ABBREVIATION_LOWER.search(window.lower(), start - context) is not None
    return _ABBREVIATION.search(text, start, end) is not None


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def starts_sentence(text: str, position: int) -> bool:
    """Whether `position` opens a sentence: only spaces since the start, a stop or a line break."""
    before = text[max(0, position - 80):position].rstrip(" \t")
    return not before.strip() or before[-1] in ".!?:\n"


# Letter furniture: lines that are names, addresses, references and regulators' footers rather than
# wording the sender chose for this customer ("Yours faithfully, Jane Doe, Example Debt Recovery
# Ltd"; "PO Box 4417, Manchester M60 3BD"; "Our ref: PHS:AJT:2025-0412"; "... is authorised and
# regulated by the Financial Conduct Authority"). They are neither scored for tone nor read as prose.
_SIGN_OFF = re.compile(
    r"\s*(?:yours\s+(?:faithfully|sincerely|truly)|(?:very\s+)?(?:sincerely|truly)(?:\s+yours)?|"
    r"(?:kind|best|warm|warmest|with\s+kind|with\s+best)\s+regards|regards|best(?:\s+wishes)?|"
    r"many\s+thanks|thanks|cheers|respectfully(?:\s+yours)?)\s*,",
    re.IGNORECASE,
)
_REFERENCE_LABEL = re.compile(
    r"\s*(?:(?:our|your|my)\s+ref(?:erence)?|ref(?:erence)?(?:\s+no\.?)?|account\s+(?:no\.?|number)|"
    r"case\s+(?:no\.?|number|ref(?:erence)?)|invoice\s+(?:no\.?|number)|customer\s+(?:no\.?|number))\s*[:.#]",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    r"\bP\.?\s?O\.?\s+Box\s+\d|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b|,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"
)
_REGULATOR_FOOTER = re.compile(
    r"\bauthori[sz]ed\s+and\s+regulated\s+by\b|\bregistered\s+(?:in\s+England|in\s+Scotland|office)\b|"
    r"\bcompany\s+(?:registration\s+)?(?:number|no\.?)\s*:?\s*\d",
    re.IGNORECASE,
)
_PROSE_WORD = re.compile(r"\b[a-z]{4,}\b")  # a lower-case word of four letters or more
_ADDRESSES_THE_READER = re.compile(r"\byou(?:r|rs|rself)?\b", re.IGNORECASE)


def is_letter_furniture(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a signature block (a sign-off and then names and titles only), an
    address line, a reference line, or a regulator's footer (which never speaks to the reader)."""
    if _REGULATOR_FOOTER.search(text, start, end):
        return _ADDRESSES_THE_READER.search(text, start, end) is None
    label = _SIGN_OFF.match(text, start, end) or _REFERENCE_LABEL.match(text, start, end)
    if label is not None:
        return _PROSE_WORD.search(text, label.end(), end) is None
    return _ADDRESS.search(text, start, end) is not None and _PROSE_WORD.search(text, start, end) is None
