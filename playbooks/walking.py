"""Walking a playbook: from a case's facts and its events so far, where the rep stands now."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from playbooks.facts import coerce_fact
from playbooks.milestones import CASE_OPENED, STEP_DONE
from playbooks.models import END, Option, Playbook, Step

EVENT_KINDS = ("done", "skipped", "choice", "back")


@dataclass(frozen=True)
class StepEvent:
    """One thing a rep did on a step, in order. `choice` is the option id for kind "choice".

    `step_id` is the step the rep was on when acting ("end" for a back press once finished);
    an event that does not fit the walk at that point (a stale double click) is ignored.
    """

    kind: str
    step_id: str
    choice: str | None = None
    at: datetime | None = None


@dataclass(frozen=True)
class Action:
    """Something the rep can do now; `next_step` is where it leads (None: the walk finishes)."""

    kind: str
    label: str
    choice: str | None = None
    next_step: str | None = None


@dataclass(frozen=True)
class Visit:
    """A step on the path taken, and how it was left."""

    step_id: str
    outcome: str
    choice: str | None = None
    at: datetime | None = None


@dataclass(frozen=True)
class WalkState:
    current: Step | None
    path: tuple[Visit, ...]
    actions: tuple[Action, ...]
    position: int
    total: int
    suggested_choice: str | None = None
    ignored: tuple[tuple[int, str], ...] = ()

    @property
    def finished(self) -> bool:
        return self.current is None

    @property
    def progress(self) -> tuple[int, int]:
        """(k, n): the current step is k of n on the chosen path (n projects the rest)."""
        return self.position, self.total

    def next_after(self, choice: str) -> str | None:
        """The step a choice leads to (None when it finishes the walk); KeyError if not offered."""
        for action in self.actions:
            if action.kind == "choice" and action.choice == choice:
                return action.next_step
        raise KeyError(f"choice {choice!r} is not offered at this point")


def _target(step_id: str) -> str | None:
    return None if step_id == END else step_id


def _apply(playbook: Playbook, path: list[Visit], current: str, event: StepEvent) -> str:
    """The step after `event`, or raise ValueError saying why the event does not fit."""
    if event.step_id != current:
        raise ValueError(f"event is for step {event.step_id!r} but the walk is at {current!r}")
    if event.kind == "back":
        if not path:
            raise ValueError("nothing to go back to")
        return path.pop().step_id
    if current == END:
        raise ValueError("the walk is finished; only 'back' applies")
    step = playbook.step(current)
    if event.kind == "choice":
        option = step.choices.option(event.choice or "") if step.choices else None
        if option is None:
            raise ValueError(f"step {current!r} offers no choice {event.choice!r}")
        path.append(Visit(current, "choice", option.id, event.at))
        return option.next
    if event.kind not in ("done", "skipped"):
        raise ValueError(f"unknown event kind {event.kind!r}")
    if step.choices:
        raise ValueError(f"step {current!r} is left by choosing an option")
    path.append(Visit(current, event.kind, None, event.at))
    return playbook.successors(step)[0]


def _projected(playbook: Playbook, start: str, facts: Mapping[str, Any]) -> int:
    """How many steps remain from `start` following suggested or first options, no repeats."""
    seen: list[str] = []
    current = start
    while current != END and current not in seen:
        seen.append(current)
        step = playbook.step(current)
        suggested = _suggested(step, facts)
        current = suggested.next if suggested else playbook.successors(step)[0]
    return len(seen)


def _suggested(step: Step, facts: Mapping[str, Any]) -> Option | None:
    if not step.choices:
        return None
    value = facts.get(step.choices.suggest_from or "")
    return step.choices.option(str(value)) if value is not None else None


def _actions(playbook: Playbook, step: Step | None, can_go_back: bool) -> tuple[Action, ...]:
    actions = []
    if step and step.choices:
        actions += [Action("choice", o.label, o.id, _target(o.next)) for o in step.choices.options]
    elif step:
        nxt = _target(playbook.successors(step)[0])
        actions += [Action("done", "Done", None, nxt), Action("skip", "Skip", None, nxt)]
    if can_go_back:
        actions.append(Action("back", "Back"))
    return tuple(actions)


def walk(playbook: Playbook, facts: Mapping[str, Any], history: Sequence[StepEvent]) -> WalkState:
    """Replay `history` over the playbook and describe where the walk stands."""
    path: list[Visit] = []
    ignored = []
    current = playbook.steps[0].id
    for index, event in enumerate(history):
        try:
            current = _apply(playbook, path, current, event)
        except ValueError as exc:
            ignored.append((index, str(exc)))
    step = None if current == END else playbook.step(current)
    suggested = _suggested(step, facts) if step else None
    remaining = _projected(playbook, current, facts)
    return WalkState(
        current=step,
        path=tuple(path),
        actions=_actions(playbook, step, bool(path)),
        position=len(path) + (1 if step else 0),
        total=len(path) + remaining,
        suggested_choice=suggested.id if suggested else None,
        ignored=tuple(ignored),
    )


def milestone_anchors(
    playbook: Playbook, state: WalkState, case_opened: datetime, facts: Mapping[str, Any],
) -> dict[str, datetime | date]:
    """The anchors milestones_due needs: case opening, steps done on the path, date facts."""
    anchors: dict[str, datetime | date] = {CASE_OPENED: case_opened}
    for visit in state.path:
        if visit.at is not None and visit.outcome != "skipped":
            anchors[f"{STEP_DONE}:{visit.step_id}"] = visit.at
    for name, fact in playbook.all_facts().items():
        if fact.type == "date" and facts.get(name) not in (None, ""):
            anchors[name] = coerce_fact(fact, facts[name])
    return anchors
