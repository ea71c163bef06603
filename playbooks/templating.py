"""Sandboxed Jinja2 for playbook templates: static checks for the loader, cached rendering."""

from __future__ import annotations

import operator
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from jinja2 import (
    StrictUndefined,
    TemplateRuntimeError,
    TemplateSyntaxError,
    UndefinedError,
    meta,
    nodes,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import missing

from playbooks.filters import FILTERS
from playbooks.nodes import did_you_mean

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


@dataclass(frozen=True)
class TemplateProblem:
    """A problem found in one template's source; `line` is 1-based within the template."""

    line: int
    message: str


def _names(ast: nodes.Template, cls: type[nodes.Node], attr: str) -> Iterator[tuple[str, int]]:
    for node in ast.find_all(cls):
        yield getattr(node, attr), node.lineno


def check_template(source: str, allowed_facts: frozenset[str]) -> list[TemplateProblem]:
    """Everything wrong with a template's source, without rendering it."""
    try:
        ast = TEXT_ENV.parse(source)
    except TemplateSyntaxError as exc:
        return [TemplateProblem(exc.lineno or 1, f"template does not parse: {exc.message}")]
    problems = []
    internals: dict[int, list[str]] = {}
    reached = [(n.attr, n.lineno) for n in ast.find_all(nodes.Getattr)] + [
        (n.arg.value, n.lineno) for n in ast.find_all(nodes.Getitem)
        if isinstance(n.arg, nodes.Const) and isinstance(n.arg.value, str)
    ]
    for attr, line in reversed(reached):
        if attr.startswith("_") and attr not in internals.setdefault(line, []):
            internals[line].append(attr)
    for line, attrs in internals.items():
        if attrs:
            problems.append(TemplateProblem(
                line, f"template reaches for Python internals ({', '.join(map(repr, attrs))}); "
                "templates may only use facts and filters",
            ))
    for kind, registry, cls in (("filter", TEXT_ENV.filters, nodes.Filter),
                                ("test", TEXT_ENV.tests, nodes.Test)):
        for name, line in _names(ast, cls, "name"):
            if name not in registry:
                hint = did_you_mean(name, sorted(registry))
                problems.append(TemplateProblem(line, f"unknown {kind} {name!r}{hint}"))
    if problems:
        return sorted(problems, key=lambda p: p.line)
    lines = {name: line for name, line in reversed(list(_names(ast, nodes.Name, "name")))}
    for name in sorted(meta.find_undeclared_variables(ast) - allowed_facts, key=lines.get):
        hint = did_you_mean(name, sorted(allowed_facts))
        problems.append(TemplateProblem(
            lines[name], f"template uses fact {name!r}, which the playbook does not declare{hint}",
        ))
    return sorted(problems, key=lambda p: p.line)


@lru_cache(maxsize=8192)
def compiled(source: str, slack: bool) -> Any:
    """The compiled template for `source`, cached: rendering a step compiles nothing twice."""
    return (SLACK_ENV if slack else TEXT_ENV).from_string(source)
