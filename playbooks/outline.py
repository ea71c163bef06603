"""Terminal presentation for the playbooks CLI: the step tree and rendered, tone-checked drafts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from playbooks.models import END, Milestone, Playbook
from playbooks.render import Rendered


def _milestone(m: Milestone) -> str:
    reminders = ", ".join(str(r) for r in m.remind) or "no reminders"
    return f"[yellow]⏰ {escape(m.title)}[/]: {escape(m.due_text)} ({m.who}; remind {reminders})"


def _add_steps(parent: Tree, playbook: Playbook, start: str, shown: set[str]) -> None:
    current = start
    while current != END:
        if current in shown:
            parent.add(f"[dim]↪ continues at {current}[/]")
            return
        shown.add(current)
        step = playbook.step(current)
        node = parent.add(f"[bold]{step.id}[/]: {escape(step.title)}")
        for milestone in step.milestones:
            node.add(_milestone(milestone))
        if step.choices:
            question = node.add(f"[cyan]? {escape(step.choices.question)}[/]")
            for option in step.choices.options:
                branch = question.add(f"[cyan]{escape(option.label)}[/] [dim]({option.id})[/]")
                _add_steps(branch, playbook, option.next, shown)
            return
        current = playbook.successors(step)[0]
    parent.add("[dim]■ finish[/]")


def outline(playbook: Playbook) -> Tree:
    """The playbook as a tree: steps in walking order, choices as branches, milestones as leaves."""
    tree = Tree(f"[bold]{escape(playbook.title)}[/] [dim]({playbook.id}; "
                f"{', '.join(playbook.applies_to)}; intent {playbook.intent})[/]")
    _add_steps(tree, playbook, playbook.steps[0].id, set())
    return tree


def read_facts(path: Path) -> dict[str, Any]:
    """A facts file: a YAML mapping of fact names to values; ValueError/TypeError say why not."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read facts file {path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"facts file {path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise TypeError(f"facts file {path} must be a mapping of fact names to values")
    return data


def _tone_checker() -> Any:
    try:
        from tone import check
    except ImportError:
        return None
    return check


def print_rendered(rendered: dict[str, Rendered]) -> None:
    """Print each channel's draft followed by the tone checker's verdict and findings."""
    console = Console()
    check = _tone_checker()
    for channel, draft in rendered.items():
        console.rule(f"[bold]{channel}[/]")
        if draft.subject:
            console.print(f"[bold]Subject:[/] {escape(draft.subject)}")
        console.print(escape(draft.body), highlight=False)
        if check is None:
            console.print("[dim]tone checker not available yet[/]")
            continue
        report = check(draft.text)
        console.print(f"[bold]tone:[/] {report.verdict} (score {report.score})")
        for finding in report.findings:
            advice = f" → {escape(finding.suggestion)}" if finding.suggestion else ""
            console.print(f"  - {finding.category} “{escape(finding.text)}”: "
                          f"{escape(finding.why)}{advice}")
