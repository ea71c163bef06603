"""Rendering a step's message templates from a case's facts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from playbooks.facts import coerce_facts, derive_facts
from playbooks.models import Playbook
from playbooks.templating import UndefinedFact, compiled


class RenderError(Exception):
    """A template could not be rendered; the message says which step and channel, and why."""


class MissingFact(RenderError):
    """The case lacks a fact a template needs."""

    def __init__(self, fact: str, step_id: str, playbook_id: str) -> None:
        super().__init__(
            f"step {step_id!r} of playbook {playbook_id!r} needs the fact {fact!r}, "
            "which this case does not have yet"
        )
        self.fact = fact
        self.step_id = step_id
        self.playbook_id = playbook_id


@dataclass(frozen=True)
class Rendered:
    channel: str
    subject: str | None
    body: str

    @property
    def text(self) -> str:
        """Subject and body together, as a reader (or the tone checker) sees them."""
        return f"{self.subject}\n\n{self.body}" if self.subject else self.body


def _render(source: str, slack: bool, values: dict[str, Any], where: str, pb: Playbook,
            step_id: str) -> str:
    try:
        return compiled(source, slack).render(values).strip()
    except UndefinedFact as exc:
        if exc.fact:
            raise MissingFact(exc.fact, step_id, pb.id) from None
        raise RenderError(f"{where}: {exc.message}") from None
    except Exception as exc:  # noqa: BLE001 - any failure inside a template becomes a message
        raise RenderError(f"{where}: {type(exc).__name__}: {exc}") from None


def render_step(playbook: Playbook, step_id: str, channel: str,
                facts: Mapping[str, Any]) -> Rendered:
    """Render one channel's template of a step. Raises MissingFact, RenderError or FactError."""
    try:
        template = playbook.step(step_id).templates[channel]
    except KeyError:
        raise RenderError(
            f"playbook {playbook.id!r} has no {channel!r} template for step {step_id!r}"
        ) from None
    values = derive_facts(coerce_facts(playbook.all_facts(), facts))
    slack = channel == "slack"
    where = f"{playbook.id}/{step_id}/{channel}"
    subject = template.subject and _render(template.subject, slack, values, where, playbook,
                                           step_id)
    return Rendered(channel, subject, _render(template.body, slack, values, where, playbook,
                                              step_id))


def render_all(playbook: Playbook, step_id: str, facts: Mapping[str, Any]) -> dict[str, Rendered]:
    """Every channel's template of a step, rendered."""
    return {ch: render_step(playbook, step_id, ch, facts) for ch in playbook.step(step_id).templates}
