"""The one tone-report view: used by drafting modals, /tone, the check_tone shortcut and DMs."""
from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.slack.blocks import clip, to_dicts
from bot.slack.cases.format import esc

VERDICT_WORDS = {
    "ready": "✅ ready to send",
    "revise": "✏️ revise before sending",
    "rewrite": "⛔ rewrite: this would put the reader on the defensive",
}
MAX_FINDINGS = 12


def report_blocks(report: Any, *, max_findings: int = MAX_FINDINGS) -> list[Block]:
    """Score, verdict, and each finding with its reason and suggestion (visibly truncated)."""
    verdict = VERDICT_WORDS.get(report.verdict, report.verdict)
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(
        text=f"*Tone {report.score}/100* · {verdict}"))]
    if not report.findings:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="No wording problems found.")]))
    for finding in report.findings[:max_findings]:
        line = f"*{esc(finding.category.replace('_', ' '))}* “{esc(finding.text)}”: {esc(finding.why)}"
        if finding.suggestion:
            line += f"\n→ _{esc(finding.suggestion)}_"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(line))))
    hidden = len(report.findings) - max_findings
    if hidden > 0:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=f"… and {hidden} more finding{'s' if hidden > 1 else ''} not shown.")]))
    grade = getattr(report.readability, "flesch_kincaid_grade", None)
    if grade is not None:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=f"Reading grade {grade:.1f} (aim for 8 to 9)")]))
    return blocks


def report_message(report: Any, heading: str) -> tuple[str, list[dict[str, Any]]]:
    """Fallback text and blocks for a report posted as a message."""
    blocks = [SectionBlock(text=MarkdownTextObject(text=clip(heading))), *report_blocks(report)]
    return f"Tone {report.score}/100 ({report.verdict})", to_dicts(blocks)
