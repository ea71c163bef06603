"""Print a ToneReport for a person: the draft with problem spans highlighted, then the findings."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from tone.models import ToneReport

STYLES = {
    "blame": "bold red",
    "threat": "bold red",
    "pressure": "bold magenta",
    "passive_aggressive": "magenta",
    "jargon": "yellow",
    "legalese": "yellow",
    "vague": "cyan",
    "shouting": "bold red",
    "readability": "underline",
}
VERDICT_STYLES = {"ready": "bold green", "revise": "bold yellow", "rewrite": "bold red"}


def print_report(text: str, report: ToneReport, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    verdict = Text(report.verdict.upper(), style=VERDICT_STYLES[report.verdict])
    console.print(Text.assemble("Tone score ", (str(report.score), "bold"), "/100  ", verdict))
    r = report.readability
    console.print(
        f"Readability: Flesch {r.flesch_reading_ease:.0f}, grade {r.flesch_kincaid_grade:.1f}, "
        f"fog {r.gunning_fog:.1f}, {_count(r.words, 'word')}, {_count(r.sentences, 'sentence')}"
    )
    for deduction in report.deductions:
        console.print(f"  -{deduction.points:<3} {deduction.reason}")
    if not report.findings:
        console.print("No findings.")
        return
    draft = Text(text)
    for finding in report.findings:
        draft.stylize(STYLES.get(finding.category, "bold"), finding.start, finding.end)
    console.print()
    console.print(draft)
    console.print()
    for number, f in enumerate(report.findings, start=1):
        console.print(Text.assemble(f"{number:>2}. ", (f.category, STYLES.get(f.category, "bold")),
                                    f"  “{_short(f.text)}”"))
        console.print(Text(f"    why: {f.why}"))
        if f.suggestion:
            console.print(Text(f"    instead: {f.suggestion}"))
        if f.replacement is not None:
            console.print(Text(f"    replace with: “{f.replacement}”", style="green"))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _short(span: str, limit: int = 80) -> str:
    flat = " ".join(span.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
