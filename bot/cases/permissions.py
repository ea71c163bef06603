"""Who may act on, and who may see, a case."""
from __future__ import annotations

from collections.abc import Callable

from bot.cases.errors import NotAllowed
from db.models import Case

Members = Callable[[str], set[str]]


def may_act(case: Case, user: str, admins: frozenset[str], members: Members) -> bool:
    """The owner, admins and members of the case channel (looked up only when needed)."""
    return user == case.owner_id or user in admins or user in members(case.channel_id)


def may_see(case: Case, user: str, admins: frozenset[str], members: Members) -> bool:
    """Cases in public channels are visible to the team; private ones only to who may act."""
    return not case.channel_is_private or may_act(case, user, admins, members)


def require_act(case: Case, user: str, admins: frozenset[str], members: Members) -> None:
    if not may_act(case, user, admins, members):
        raise NotAllowed(
            f"Only the owner of {case.ref}, members of its case channel and Tactful admins "
            "can act on it. Ask the owner to add you to the channel."
        )


def require_see(case: Case, user: str, admins: frozenset[str], members: Members) -> None:
    if not may_see(case, user, admins, members):
        raise NotAllowed(f"There is no case {case.ref} you can see.")


def cached_members(lookup: Members) -> Members:
    """One conversations.members call per channel within a request."""
    seen: dict[str, set[str]] = {}

    def members(channel: str) -> set[str]:
        if channel not in seen:
            seen[channel] = lookup(channel)
        return seen[channel]

    return members
