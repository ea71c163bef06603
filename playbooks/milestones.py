"""Milestone offsets ("3 business days after step_done") and their absolute due times."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from playbooks.calendar import add_business_days, add_days, at_local
from playbooks.models import Milestone, Offset, Playbook

CASE_OPENED = "case_opened"
STEP_DONE = "step_done"
MAX_OFFSET_DAYS = 366
DAY_START_HOUR = 9
"""A date anchor (such as agreement_date) counts from 09:00 local time on that date."""

_AMOUNT = r"(?P<n>\d+)\s+(?P<biz>business\s+)?days?\s+(?P<dir>before|after)"
_DUE = re.compile(rf"^\s*(?:{_AMOUNT}|(?P<on>on))\s+(?P<anchor>[A-Za-z0-9_:-]+)\s*$")
_REMIND = re.compile(rf"^\s*(?:{_AMOUNT}|(?P<on>on the day))\s*$")


class OffsetError(ValueError):
    """An offset that does not parse, with a message that shows the expected form."""


@dataclass(frozen=True)
class MilestoneDue:
    """A milestone with its absolute UTC due time and reminder times (earliest first)."""

    step_id: str
    milestone: Milestone
    due: datetime
    reminders: tuple[datetime, ...]


def _offset(match: re.Match[str], text: str) -> Offset:
    if match["on"]:
        return Offset(0, business=False)
    n = int(match["n"])
    if n > MAX_OFFSET_DAYS:
        raise OffsetError(f"offset {text.strip()!r} is more than {MAX_OFFSET_DAYS} days")
    return Offset(n if match["dir"] == "after" else -n, business=bool(match["biz"]))


def parse_due(text: str) -> tuple[Offset, str]:
    """Parse "N [business] days before|after ANCHOR" or "on ANCHOR" into (offset, anchor)."""
    match = _DUE.match(text)
    if not match:
        raise OffsetError(
            f"due {text!r} does not parse; write e.g. '3 business days after step_done' "
            "or 'on agreement_date'"
        )
    return _offset(match, text), match["anchor"]


def parse_reminder(text: str) -> Offset:
    """Parse "N [business] days before|after" (relative to the due time) or "on the day"."""
    match = _REMIND.match(text)
    if not match:
        raise OffsetError(
            f"reminder {text!r} does not parse; write e.g. '2 business days before' or 'on the day'"
        )
    return _offset(match, text)


def shift(start: datetime, offset: Offset, tz: str, country: str | None = None) -> datetime:
    """`start` moved by `offset` in the case's timezone; the result is UTC."""
    if offset.business:
        return add_business_days(start, offset.days, tz, country)
    return add_days(start, offset.days, tz)


def anchor_key(milestone: Milestone, step_id: str) -> str:
    """The key to look up in the anchors mapping: step_done becomes "step_done:<step id>"."""
    return f"{STEP_DONE}:{step_id}" if milestone.anchor == STEP_DONE else milestone.anchor


def milestones_due(
    playbook: Playbook,
    step_or_all: str | None,
    anchors: Mapping[str, datetime | date],
    tz: str,
    country: str | None = None,
) -> list[MilestoneDue]:
    """Due times of the milestones of one step (or all steps when `step_or_all` is None).

    `anchors` maps "case_opened", "step_done:<step id>" and date fact names to aware
    datetimes or dates. Milestones whose anchor is not known yet are left out.
    """
    steps = playbook.steps if step_or_all is None else (playbook.step(step_or_all),)
    found = []
    for step in steps:
        for milestone in step.milestones:
            start = anchors.get(anchor_key(milestone, step.id))
            if start is None:
                continue
            if not isinstance(start, datetime):
                start = at_local(start, DAY_START_HOUR, tz)
            due = shift(start, milestone.offset, tz, country)
            reminders = sorted(shift(due, r, tz, country) for r in milestone.remind)
            found.append(MilestoneDue(step.id, milestone, due.astimezone(UTC), tuple(reminders)))
    return sorted(found, key=lambda m: m.due)
