"""Step-graph checks: duplicate ids, dangling targets, unreachable steps, loops with no way out."""

from __future__ import annotations

from collections import deque

import yaml

from playbooks.models import END, Playbook
from playbooks.nodes import Reader, did_you_mean


class GraphNodes:
    """Where step ids and step targets stand in the YAML, for positioned graph errors."""

    def __init__(self) -> None:
        self.steps: dict[str, yaml.Node] = {}
        self.targets: list[yaml.Node] = []

    def add_step(self, step_id: str, node: yaml.Node, reader: Reader) -> None:
        if step_id == END:
            reader.error(node, f"{END!r} is reserved for finishing the playbook; rename the step")
        elif step_id in self.steps:
            first = self.steps[step_id].start_mark.line + 1
            reader.error(node, f"duplicate step id {step_id!r} (first used on line {first})")
        else:
            self.steps[step_id] = node

    def add_target(self, node: yaml.Node) -> None:
        self.targets.append(node)


def _reachable(start: str, edges: dict[str, tuple[str, ...]]) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in edges.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def check_graph(playbook: Playbook, graph: GraphNodes, reader: Reader) -> None:
    """Report dangling targets, unreachable steps and loops that never reach the end."""
    ids = [s.id for s in playbook.steps]
    for node in graph.targets:
        if node.value != END and node.value not in graph.steps:
            reader.error(node, f"no step {node.value!r} to go to"
                         f"{did_you_mean(node.value, ids + [END])}")
    if reader.errors:
        return
    edges = {s.id: playbook.successors(s) for s in playbook.steps}
    reached = _reachable(ids[0], edges)
    for sid in ids:
        if sid not in reached:
            reader.error(graph.steps[sid], f"step {sid!r} cannot be reached from the first "
                         f"step {ids[0]!r}")
    backwards: dict[str, tuple[str, ...]] = {}
    for source, targets in edges.items():
        for target in targets:
            backwards[target] = (*backwards.get(target, ()), source)
    finishing = _reachable(END, backwards)
    reported: set[str] = set()
    for sid in ids:
        if sid in reached and sid not in finishing and sid not in reported:
            loop = _loop_from(sid, edges, finishing)
            if reported.intersection(loop):
                continue
            reported.update(loop)
            first = min(loop, key=ids.index)
            path = " -> ".join(loop[loop.index(first):] + loop[: loop.index(first)] + [first])
            reader.error(graph.steps[first], f"steps loop with no way to finish: {path}")


def _loop_from(start: str, edges: dict[str, tuple[str, ...]], finishing: set[str]) -> list[str]:
    """Follow steps that cannot finish until one repeats; return the repeating loop."""
    path, current = [], start
    while current not in path:
        path.append(current)
        current = next(t for t in edges[current] if t not in finishing)
    return path[path.index(current):]
