"""Reference ids that tie what a user is told to what the log says."""
from __future__ import annotations

import secrets


def new_reference() -> str:
    """A short id a person can read out: `ERR-7F3K2Q`."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "ERR-" + "".join(secrets.choice(alphabet) for _ in range(6))


def apology(reference: str) -> str:
    return (
        f"Sorry, something went wrong on our side and nothing was changed. "
        f"If it happens again, give your admin this reference: `{reference}`."
    )
