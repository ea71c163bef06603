"""The sandboxed Jinja2 environments playbook templates render in, and the compiled-template cache."""

from __future__ import annotations

import operator
from functools import lru_cache, partial
from typing import Any

from jinja2 import (
    StrictUndefined,
    TemplateRuntimeError,
    UndefinedError,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import missing

from playbooks.filters import FILTERS

MAX_REPEAT = 10_000
MAX_EXPONENT = 64


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class UndefinedFact(UndefinedError):
    """Raised on use of an undefined value; `fact` names it when it was a top-level fact."""

    def __init__(self, message: str | None = None, fact: str | None = None) -> None:
        super().__init__(message)
        self.fact = fact


class FactUndefined(StrictUndefined):
    """StrictUndefined whose error names the missing fact when a top-level name is undefined."""

    __slots__ = ()

    def __init__(self, hint: str | None = None, obj: Any = missing, name: str | None = None,
                 exc: type[TemplateRuntimeError] = UndefinedError) -> None:
        if obj is missing and hint is None:
            exc = partial(UndefinedFact, fact=name)  # type: ignore[assignment]
        super().__init__(hint, obj, name, exc)


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, also refusing arithmetic that would exhaust memory or CPU."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"exponent {right} is too large for a template")
            return operator.pow(left, right)
        sizes = [len(x) for x in (left, right) if isinstance(x, (str, list, tuple))]
        factors = [x for x in (left, right) if isinstance(x, int)]
        if sizes and factors and sizes[0] * max(factors) > MAX_REPEAT:
            raise SecurityError("repeating text that many times is not allowed in a template")
        return operator.mul(left, right)


def _environment(slack: bool) -> _Sandbox:
    env = _Sandbox(
        undefined=FactUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=(lambda value: escape_mrkdwn(str(value))) if slack else None,
    )
    env.globals.clear()
    env.filters.update(FILTERS)
    return env


TEXT_ENV = _environment(slack=False)
SLACK_ENV = _environment(slack=True)


@lru_cache(maxsize=8192)
def compiled(source: str, slack: bool) -> Any:
    """The compiled template for `source`, cached: rendering a step compiles nothing twice."""
    return (SLACK_ENV if slack else TEXT_ENV).from_string(source)
