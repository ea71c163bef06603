"""Each person's timezone and working hours, looked up in Slack once and cached."""
from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.reminders.policy import PolicyError, WorkingHours
from db.models import UserProfile

log = logging.getLogger("tactful.reminders")


def working_hours(
    session: Session,
    user_id: str,
    lookup_tz: Callable[[str], str] | None,
    *,
    default_country: str | None = None,
) -> WorkingHours:
    """The cached profile's hours; a missing profile is created from `lookup_tz` (Slack's
    users.info). Without a lookup the default hours (UTC) are used but not stored, so the
    first real lookup still fills the cache. Unusable stored values (an unknown zone or
    holiday country) degrade to the defaults, with a warning, rather than failing delivery."""
    profile = session.get(UserProfile, user_id)
    if profile is None:
        if lookup_tz is None:
            return _first_usable(user_id, [("UTC", 9, 17, default_country or None)])
        profile = _create(session, user_id, lookup_tz(user_id))
    country = profile.holiday_country or default_country or None
    wanted = (profile.tz, profile.work_start_hour, profile.work_end_hour)
    return _first_usable(user_id, [(*wanted, country), (*wanted, None)])


def _first_usable(user_id: str, candidates: list[tuple[str, int, int, str | None]]) -> WorkingHours:
    for hours in candidates:
        try:
            return WorkingHours(*hours)
        except (PolicyError, ValueError) as exc:
            log.warning("working hours of %s unusable (%s)", user_id, exc)
    return WorkingHours()


def remember_timezone(session: Session, user_id: str, tz: str) -> None:
    """Store a timezone we were told (e.g. by the case workflow) without another lookup."""
    profile = session.get(UserProfile, user_id) or _create(session, user_id, tz)
    if profile.tz != tz:
        profile.tz = tz
        session.flush()


def _create(session: Session, user_id: str, tz: str) -> UserProfile:
    """Insert the profile; another process inserting it first is fine (theirs is kept)."""
    try:
        with session.begin_nested():
            profile = UserProfile(user_id=user_id, tz=tz)
            session.add(profile)
        return profile
    except IntegrityError:
        return session.get(UserProfile, user_id, populate_existing=True)
