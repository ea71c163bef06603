"""Turn findings and whole-draft signals into a 0-100 score and a verdict, with the arithmetic shown.

Rules (also in tone/README.md):
- start at 100; each finding costs its category's points, up to a cap per category;
- a draft of 40 words or more also loses points for missing thanks/empathy, missing shared-goal
  words ("we", "together"), no person to talk to, and "you" far outweighing "we";
- verdict: "rewrite" below 60; "ready" from 85 up when nothing accusatory, threatening,
  pressing or passive-aggressive is left; "revise" otherwise.
- context "escalation" (a willful case): the first threat states a consequence once and is free.
"""

from __future__ import annotations

import re
from collections import Counter

from tone.models import Deduction, Finding, Verdict

# category: (points per finding, most points the category can cost)
WEIGHTS: dict[str, tuple[int, int]] = {
    "blame": (20, 50),
    "threat": (20, 50),
    "pressure": (12, 36),
    "passive_aggressive": (10, 30),
    "shouting": (8, 24),
    "legalese": (6, 24),
    "jargon": (5, 20),
    "vague": (4, 16),
    "readability": (4, 16),
}
BLOCKING = frozenset({"blame", "threat", "pressure", "passive_aggressive"})
READY_FROM = 85
REWRITE_BELOW = 60
DOCUMENT_MIN_WORDS = 40
CONTEXTS = (None, "first_contact", "escalation")

# Whole-draft signals, counted from one tally of the draft's words (far cheaper than a regex
# alternation tried at every word); phrases are found by substring in the normalised words.
_SIGNAL_WORDS = {
    "empathy": ("thank", "thanks", "thankful", "sorry", "glad", "hope", "hoping", "value", "valued",
                "grateful", "welcome", "pleasure", "congratulations"),
    "shared": ("we", "we're", "we've", "we'll", "we'd", "us", "let's", "together"),
    "own": ("our", "ours", "i", "me", "my", "i'm", "i've", "i'll", "i'd"),
    "you": ("you", "your", "yours", "yourself", "you're", "you've", "you'll", "you'd"),
}
_EMPATHY_STEMS = re.compile(r" (?:appreciat|understand|apologi|congratulat)")
_CONTACT_PHRASES = (" i'm ", " i am ", " my name is ", " contact me ", " reach me ", " call me ", " email me ",
                    " reply to this ", " reply to me ", " my direct ", " any questions ", " your questions ",
                    " talk it through ", " talk through ", " get in touch ")
_SHARED_PHRASES = (" our team ", " with you ")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def score(
    findings: list[Finding], masked: str, words: int, context: str | None = None
) -> tuple[int, Verdict, list[Deduction]]:
    """Score a draft; `masked` is the text with markup blanked, `words` its word count."""
    if context not in CONTEXTS:
        raise ValueError(f"context must be one of {CONTEXTS}, not {context!r}")
    counted = _counted(findings, context)
    deductions = _finding_deductions(counted)
    if words >= DOCUMENT_MIN_WORDS:
        deductions.extend(_document_deductions(masked))
    total = max(0, min(100, 100 - sum(d.points for d in deductions)))
    if total < REWRITE_BELOW:
        verdict: Verdict = "rewrite"
    elif total >= READY_FROM and not any(f.category in BLOCKING for f in counted):
        verdict = "ready"
    else:
        verdict = "revise"
    return total, verdict, deductions


def _counted(findings: list[Finding], context: str | None) -> list[Finding]:
    if context != "escalation":
        return findings
    first_threat = next((f for f in findings if f.category == "threat"), None)
    return [f for f in findings if f is not first_threat]


def _finding_deductions(findings: list[Finding]) -> list[Deduction]:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.category] = counts.get(finding.category, 0) + 1
    deductions = []
    for category, (points, cap) in WEIGHTS.items():
        n = counts.get(category, 0)
        if n:
            label = category.replace("_", "-")
            deductions.append(Deduction(f"{n} {label} finding{'s' * (n > 1)}", min(cap, n * points)))
    return deductions


def _document_deductions(masked: str) -> list[Deduction]:
    words = _TOKEN.findall(masked.lower().replace("’", "'"))
    tally = Counter(words)
    counts = {signal: sum(tally[word] for word in signal_words) for signal, signal_words in _SIGNAL_WORDS.items()}
    stream = f" {' '.join(words)} "
    shared = counts["shared"] + sum(p in stream for p in _SHARED_PHRASES)
    you, we = counts["you"], shared + counts["own"]
    deductions = []
    empathy = counts["empathy"] or " happy to " in stream or _EMPATHY_STEMS.search(stream)
    if not empathy:
        deductions.append(Deduction("no thanks, apology or acknowledgement anywhere", 6))
    if not shared:
        deductions.append(Deduction("no shared-goal words ('we', 'together', 'let's')", 6))
    if not any(p in stream for p in _CONTACT_PHRASES):
        deductions.append(Deduction("no named person or direct way to ask questions", 4))
    if you >= 6 and you > 3 * we:
        deductions.append(Deduction(f"'you' ({you}) far outweighs 'we'/'I' ({we})", 5))
    return deductions
