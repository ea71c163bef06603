"""The case workflow's domain: forms, the event record, permissions, summaries and stats.

No Slack here: Slack is reached through `bot.cases.ports.CaseChannel`, which the Slack
adapter implements and registers with `use_channel_adapter` when its listeners are set up.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.cases.ports import CaseChannel

_adapt: Callable[[Any], CaseChannel] | None = None


def use_channel_adapter(adapt: Callable[[Any], CaseChannel]) -> None:
    """Tell the domain how to turn a Slack messenger into a CaseChannel."""
    global _adapt
    _adapt = adapt


def refresh_case_card(runtime: Any, messenger: Any, case_id: int) -> None:
    """Re-render a case card in place (chat.update), milestone states included.

    `messenger` is a CaseChannel or anything the registered adapter accepts (a SlackMessenger).
    """
    from bot.cases.library import library_for
    from bot.cases.service import Desk, publish

    channel = messenger if hasattr(messenger, "update_card") else None
    if channel is None:
        if _adapt is None:
            raise RuntimeError("no Slack adapter registered for case cards; build the Slack app first")
        channel = _adapt(messenger)
    settings = runtime.settings
    desk = Desk(engine=runtime.engine, library=library_for(settings.tactful_playbooks),
                admins=settings.admins, holiday_country=settings.tactful_holiday_country, slack=channel)
    publish(desk, case_id)
