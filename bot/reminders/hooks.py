"""Who hears that a milestone was met or missed (the case card and App Home refresh).

A running ReminderScheduler subscribes the adapter's listeners (the case card refresh) for
as long as it runs; a failing listener is logged and never undoes the change it was told about.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

log = logging.getLogger("tactful.reminders")


@dataclass(frozen=True)
class MilestoneChange:
    case_id: int
    milestone_id: int
    state: str
    actor: str | None


MilestoneListener = Callable[[MilestoneChange], None]
on_milestone_changed: list[MilestoneListener] = []


def milestone_changed(change: MilestoneChange) -> None:
    for listener in list(on_milestone_changed):
        try:
            listener(change)
        except Exception:
            log.exception("milestone listener failed for milestone %s", change.milestone_id)


WakeListener = Callable[[datetime], None]
on_reminder_added: list[WakeListener] = []


def reminder_added(deliver_at: datetime) -> None:
    """Call after committing a new or moved reminder, so a running scheduler wakes in time."""
    for listener in list(on_reminder_added):
        listener(deliver_at)
