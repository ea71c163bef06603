"""Static checks of a template's source, run by the loader for every template it reads.

Checking needs a Jinja2 parse, the costliest part of loading. The result depends only on a
template's tags, not its prose, so it is cached under the template's "skeleton": the source
with the text between tags reduced to its line breaks (which keeps error line numbers right).
Playbooks derived from one another then share their checks even where the wording differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import TemplateSyntaxError, nodes

from playbooks.nodes import did_you_mean
from playbooks.templating import TEXT_ENV

_SPLIT = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.DOTALL)
_RAW = re.compile(r"\{%[-+]?\s*raw\b")
_IMPLICIT = frozenset({"loop"})


@dataclass(frozen=True)
class TemplateProblem:
    """A problem found in one template's source; `line` is 1-based within the template."""

    line: int
    message: str


@dataclass(frozen=True)
class _Analysis:
    problems: tuple[TemplateProblem, ...]
    names: tuple[tuple[str, int], ...]
    """Names read and not set in the template, with the line each is first read on."""
    remedies: tuple[tuple[str, int], ...]
    """Remedy ids the template compares chosen_remedy with, and where."""


def skeleton(source: str) -> str:
    """The source with prose reduced to its line breaks; the source itself when that is unsafe.

    It is unsafe when braces appear outside tags or inside them (a string literal could hold a
    closing delimiter), or with a raw block: then a regex split may differ from Jinja's lexer.
    """
    parts = _SPLIT.split(source)
    prose, tags = parts[0::2], parts[1::2]
    text = "".join(prose)
    if "{" in text or "}" in text or any(
        "{" in tag[2:-2] or "}" in tag[2:-2] or _RAW.match(tag) for tag in tags
    ):
        return source
    parts[0::2] = ["\n" * p.count("\n") for p in prose]
    return "".join(parts)


def _walk(ast: nodes.Template) -> _Analysis:
    problems: list[TemplateProblem] = []
    internals: dict[int, list[str]] = {}
    read: dict[str, int] = {}
    stored: set[str] = set()
    remedies: list[tuple[str, int]] = []
    stack: list[nodes.Node] = [ast]
    while stack:
        node = stack.pop()
        stack.extend(reversed(list(node.iter_child_nodes())))
        if isinstance(node, nodes.Name):
            if node.ctx == "load":
                read.setdefault(node.name, node.lineno)
            else:
                stored.add(node.name)
        elif isinstance(node, (nodes.Getattr, nodes.Getitem)):
            key = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
            if isinstance(key, str) and key.startswith("_"):
                internals.setdefault(node.lineno, []).insert(0, key)
        elif isinstance(node, nodes.Compare):
            remedies += _remedy_ids(node)
        elif isinstance(node, (nodes.Filter, nodes.Test)):
            kind, registry = ("filter", TEXT_ENV.filters) if isinstance(node, nodes.Filter) \
                else ("test", TEXT_ENV.tests)
            if node.name not in registry:
                hint = did_you_mean(node.name, sorted(registry))
                problems.append(TemplateProblem(node.lineno, f"unknown {kind} {node.name!r}{hint}"))
    for line, attrs in internals.items():
        problems.append(TemplateProblem(
            line, f"template reaches for Python internals "
            f"({', '.join(repr(a) for a in dict.fromkeys(attrs))}); "
            "templates may only use facts and filters",
        ))
    names = tuple((n, line) for n, line in read.items() if n not in stored | _IMPLICIT)
    return _Analysis(tuple(sorted(problems, key=lambda p: p.line)), names, tuple(remedies))


def _remedy_ids(compare: nodes.Compare) -> list[tuple[str, int]]:
    """Text constants compared with chosen_remedy (==, != or in a literal list)."""
    operands = [compare.expr, *(op.expr for op in compare.ops)]
    if not any(isinstance(o, nodes.Name) and o.name == "chosen_remedy" for o in operands):
        return []
    consts = [c for o in operands for c in ([o] if isinstance(o, nodes.Const) else
              getattr(o, "items", []) if isinstance(o, (nodes.List, nodes.Tuple)) else [])]
    return [(c.value, compare.lineno) for c in consts
            if isinstance(c, nodes.Const) and isinstance(c.value, str)]


@lru_cache(maxsize=8192)
def _analyse(key: str) -> _Analysis:
    try:
        ast = TEXT_ENV.parse(key)
    except TemplateSyntaxError as exc:
        problem = TemplateProblem(exc.lineno or 1, f"template does not parse: {exc.message}")
        return _Analysis((problem,), (), ())
    return _walk(ast)


def check_template(source: str, allowed_facts: frozenset[str],
                   remedy_ids: frozenset[str] = frozenset()) -> list[TemplateProblem]:
    """Everything wrong with a template's source, without rendering it."""
    analysis = _analyse(skeleton(source))
    if analysis.problems:
        return list(analysis.problems)
    problems = [
        TemplateProblem(line, f"template uses fact {name!r}, which the playbook does not declare"
                        f"{did_you_mean(name, sorted(allowed_facts))}")
        for name, line in analysis.names
        if name not in allowed_facts
    ] + [
        TemplateProblem(line, f"template compares chosen_remedy with {rid!r}, which is not a "
                        f"remedy of this playbook{did_you_mean(rid, sorted(remedy_ids))}")
        for rid, line in analysis.remedies
        if rid not in remedy_ids
    ]
    return sorted(problems, key=lambda p: p.line)
