"""The playbook data model: frozen, validated values produced by the loader."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FACT_TYPES = ("int", "money", "percent", "date", "text", "enum")
CHANNELS = ("email", "call_notes", "letter", "slack")
INTENTS = ("inadvertent", "willful", "any")
BREACH_KINDS = (
    "seat_overage",
    "usage_overage",
    "unlicensed_module",
    "expired_licence",
    "shared_credentials",
    "excluded_environment",
)
WHO = ("rep", "manager", "channel")
END = "end"
"""Reserved step target meaning "the walk is finished"."""


@dataclass(frozen=True)
class LoadError:
    """One problem found while loading a playbook file, pointing at its YAML position."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class Fact:
    """A typed fact a playbook needs; `min`/`max` bound numbers, `values` lists enum choices."""

    name: str
    type: str
    required: bool = True
    label: str = ""
    help: str = ""
    min: float | None = None
    max: float | None = None
    values: tuple[str, ...] = ()


DERIVED_FACTS = (
    Fact("overage_units", "int", label="Units over the licence"),
    Fact("overage_percent", "percent", label="Overage as a percent of the licence"),
)


@dataclass(frozen=True)
class Offset:
    """A signed distance in days or business days, e.g. "2 business days before" is -2 business."""

    days: int
    business: bool

    def __str__(self) -> str:
        if self.days == 0:
            return "on the day"
        unit = "business day" if self.business else "day"
        n = abs(self.days)
        return f"{n} {unit}{'' if n == 1 else 's'} {'after' if self.days > 0 else 'before'}"


@dataclass(frozen=True)
class Milestone:
    """A deadline `offset` away from `anchor` (case_opened, step_done or a date fact)."""

    id: str
    title: str
    anchor: str
    offset: Offset
    who: str = "rep"
    remind: tuple[Offset, ...] = ()
    due_text: str = ""


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    next: str


@dataclass(frozen=True)
class Choice:
    """A question asked at the end of a step; each option names the step that follows."""

    question: str
    options: tuple[Option, ...]
    suggest_from: str | None = None

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Template:
    channel: str
    body: str
    subject: str | None = None


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    guidance: str
    checklist: tuple[str, ...] = ()
    templates: dict[str, Template] = field(default_factory=dict, hash=False)
    choices: Choice | None = None
    next: str | None = None
    milestones: tuple[Milestone, ...] = ()
    records: tuple[str, ...] = ()


@dataclass(frozen=True)
class Remedy:
    """One entry of the remedies menu, with the facts the rep fills in when choosing it."""

    id: str
    title: str
    description: str
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Playbook:
    id: str
    title: str
    summary: str
    applies_to: tuple[str, ...]
    intent: str
    facts: dict[str, Fact] = field(hash=False)
    steps: tuple[Step, ...]
    remedies: dict[str, Remedy] = field(default_factory=dict, hash=False)
    source: Path | None = None

    def step(self, step_id: str) -> Step:
        """The step with this id; KeyError names the playbook when there is none."""
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(f"playbook {self.id!r} has no step {step_id!r}")

    def successors(self, step: Step) -> tuple[str, ...]:
        """Where a step can lead: its options' targets, else its `next`, else the following step."""
        if step.choices:
            return tuple(o.next for o in step.choices.options)
        if step.next:
            return (step.next,)
        index = self.steps.index(step)
        return (self.steps[index + 1].id,) if index + 1 < len(self.steps) else (END,)

    def all_facts(self) -> dict[str, Fact]:
        """Case facts, remedy facts and the facts the engine provides, by name.

        Every playbook may use overage_units and overage_percent (see facts.derive_facts), and
        chosen_remedy (an enum of its remedy ids) when it has remedies.
        """
        merged = {f.name: f for f in DERIVED_FACTS}
        if self.remedies:
            merged["chosen_remedy"] = Fact("chosen_remedy", "enum", required=False,
                                           label="Chosen remedy", values=tuple(self.remedies))
        for remedy in self.remedies.values():
            merged.update({f.name: f for f in remedy.facts})
        merged.update(self.facts)
        return merged
