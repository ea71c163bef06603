"""Problems a rep is told about (ephemerally), as opposed to bugs."""
from __future__ import annotations


class CaseProblem(Exception):
    """Something the user asked cannot be done; the message says why and what to do instead."""


class NotAllowed(CaseProblem):
    """The user may not act on (or see) this case."""
