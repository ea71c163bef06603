"""Turning a playbook's YAML node tree into a validated Playbook, reporting every problem."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import yaml

from playbooks import checks
from playbooks.milestones import CASE_OPENED, STEP_DONE, OffsetError, parse_due, parse_reminder
from playbooks.models import (
    BREACH_KINDS,
    CHANNELS,
    FACT_TYPES,
    INTENTS,
    WHO,
    Choice,
    Fact,
    Milestone,
    Option,
    Playbook,
    Remedy,
    Step,
    Template,
)
from playbooks.nodes import Reader, did_you_mean

FACT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class _Parser:
    def __init__(self, reader: Reader, lines: list[str]) -> None:
        self.r = reader
        self.lines = lines
        self.graph = checks.GraphNodes()
        self.date_facts: set[str] = set()
        self.milestone_ids: set[str | None] = set()
        self.broken_facts: set[str] = set()
        """Facts whose spec is wrong still count as declared, so one mistake is reported once."""
        self.remedy_ids: frozenset[str] = frozenset()
        self.allowed: frozenset[str] = frozenset()

    def playbook(self, root: yaml.Node) -> Playbook | None:
        top = self.r.mapping(
            root, "the playbook",
            ("id", "title", "summary", "applies_to", "intent", "facts", "steps"), ("remedies",),
        )
        if top is None:
            return None
        facts = self.facts(top["facts"], "facts") if "facts" in top else {}
        remedies = self.remedies(top["remedies"]) if "remedies" in top else {}
        draft = Playbook(
            id=self._get(top, "id", self.r.identifier, "playbook id") or "",
            title=self._get(top, "title", self.r.text, "title") or "",
            summary=self._get(top, "summary", self.r.text, "summary") or "",
            applies_to=tuple(self._kinds(top["applies_to"])) if "applies_to" in top else (),
            intent=self._get(top, "intent", self.r.choice, "intent", INTENTS) or "any",
            facts=facts, steps=(), remedies=remedies,
        )
        self.date_facts = {n for n, f in draft.all_facts().items() if f.type == "date"}
        self.remedy_ids = frozenset(remedies)
        allowed = self.allowed = frozenset(draft.all_facts()) | self.broken_facts
        steps = self.steps(top["steps"], allowed) if "steps" in top else ()
        playbook = replace(draft, steps=steps)
        if steps:
            checks.check_graph(playbook, self.graph, self.r)
        return playbook

    @staticmethod
    def _get(mapping: dict[str, yaml.Node], key: str, getter: Callable[..., Any], *args: Any) -> Any:
        return getter(mapping[key], *args) if key in mapping else None

    def _kinds(self, node: yaml.Node) -> list[str]:
        items = self.r.sequence(node, "applies_to") or []
        kinds = [self.r.choice(item, "breach kind", BREACH_KINDS) for item in items]
        if not items and isinstance(node, yaml.SequenceNode):
            self.r.error(node, "applies_to must name at least one breach kind")
        return [k for k in kinds if k]

    def facts(self, node: yaml.Node, what: str) -> dict[str, Fact]:
        out = {}
        for name, (key_node, value) in (self.r.entries(node, what) or {}).items():
            if not FACT_NAME.match(name):
                self.r.error(key_node, f"fact name {name!r} must be lowercase letters, digits "
                             "and '_', starting with a letter")
                continue
            fact = self.fact(name, value)
            if fact:
                out[name] = fact
            else:
                self.broken_facts.add(name)
        return out

    def fact(self, name: str, node: yaml.Node) -> Fact | None:
        what = f"fact {name!r}"
        spec = self.r.mapping(node, what, ("type",), ("required", "label", "help", "min", "max",
                                                      "values"))
        if spec is None:
            return None
        ftype = self._get(spec, "type", self.r.choice, f"type of {what}", FACT_TYPES)
        values = self.r.texts(spec["values"], f"values of {what}") if "values" in spec else ()
        if ftype == "enum" and not values:
            self.r.error(node, f"{what} is an enum and needs a non-empty 'values' list")
        if ftype != "enum" and "values" in spec:
            self.r.error(spec["values"], f"only enum facts take 'values'; {what} is {ftype}")
        bounds = {k: self._get(spec, k, self.r.number, f"{k} of {what}") for k in ("min", "max")}
        for key in bounds:
            if key in spec and ftype and ftype not in ("int", "money", "percent"):
                self.r.error(spec[key], f"only number facts take {key!r}; {what} is {ftype}")
        if None not in bounds.values() and bounds["min"] > bounds["max"]:
            self.r.error(spec["max"], f"max of {what} is below its min")
        required = self._get(spec, "required", self.r.boolean, f"required of {what}")
        if ftype is None:
            return None
        return Fact(
            name, ftype, required=required if required is not None else True,
            label=self._get(spec, "label", self.r.text, f"label of {what}") or "",
            help=self._get(spec, "help", self.r.text, f"help of {what}") or "",
            min=bounds["min"], max=bounds["max"], values=values,
        )

    def remedies(self, node: yaml.Node) -> dict[str, Remedy]:
        out = {}
        for rid, (key_node, value) in (self.r.entries(node, "remedies") or {}).items():
            if not self.r.identifier(key_node, "remedy id"):
                continue
            what = f"remedy {rid!r}"
            spec = self.r.mapping(value, what, ("title", "description"), ("facts",))
            if spec is None:
                continue
            facts = self.facts(spec["facts"], f"facts of {what}") if "facts" in spec else {}
            out[rid] = Remedy(
                rid, self._get(spec, "title", self.r.text, f"title of {what}") or "",
                self._get(spec, "description", self.r.text, f"description of {what}") or "",
                tuple(facts.values()),
            )
        return out

    def steps(self, node: yaml.Node, allowed: frozenset[str]) -> tuple[Step, ...]:
        items = self.r.sequence(node, "steps")
        if items is not None and not items:
            self.r.error(node, "a playbook needs at least one step")
        parsed = (self.step(item, index, allowed) for index, item in enumerate(items or [], 1))
        return tuple(s for s in parsed if s)

    def step(self, node: yaml.Node, index: int, allowed: frozenset[str]) -> Step | None:
        spec = self.r.mapping(
            node, _step_label(node, index), ("id", "title", "guidance"),
            ("checklist", "templates", "choices", "next", "milestones", "records"),
        )
        if spec is None or "id" not in spec:
            return None
        sid = self.r.identifier(spec["id"], "step id")
        if sid is None:
            return None
        self.graph.add_step(sid, spec["id"], self.r)
        what = f"step {sid!r}"
        if "choices" in spec and "next" in spec:
            self.r.error(spec["next"], f"{what} has choices, so it cannot also have 'next'")
        if "next" in spec and self.r.identifier(spec["next"], f"next of {what}"):
            self.graph.add_target(spec["next"])
        return Step(
            id=sid,
            title=self._get(spec, "title", self.r.text, f"title of {what}") or "",
            guidance=self._get(spec, "guidance", self.r.text, f"guidance of {what}") or "",
            checklist=self.r.texts(spec["checklist"], f"checklist of {what}")
            if "checklist" in spec else (),
            templates=self.templates(spec["templates"], what, allowed)
            if "templates" in spec else {},
            choices=self._get(spec, "choices", self.choices, what),
            next=spec["next"].value if "next" in spec else None,
            milestones=tuple(self.milestones(spec["milestones"], what))
            if "milestones" in spec else (),
            records=self.records(spec["records"], what, allowed) if "records" in spec else (),
        )

    def templates(self, node: yaml.Node, what: str, allowed: frozenset[str]) -> dict[str, Template]:
        out = {}
        for channel, (key_node, value) in (self.r.entries(node, f"templates of {what}") or {}).items():
            if channel not in CHANNELS:
                self.r.error(key_node, f"unknown channel {channel!r} in templates of {what}"
                             f"{did_you_mean(channel, CHANNELS)}")
                continue
            where = f"{channel} template of {what}"
            if isinstance(value, yaml.ScalarNode):
                parts = {"body": value}
            else:
                parts = self.r.mapping(value, where, ("body",), ("subject",)) or {}
            if channel == "email" and parts and "subject" not in parts:
                self.r.error(value, f"{where} needs a 'subject'")
            texts = {k: self.r.text(n, f"{k} of {where}") for k, n in parts.items()}
            for key, text in texts.items():
                if text is not None:
                    self.check_template(parts[key], text, allowed)
            if texts.get("body") is not None:
                out[channel] = Template(channel, texts["body"], texts.get("subject"))
        return out

    def check_template(self, node: yaml.Node, source: str, allowed: frozenset[str]) -> None:
        from playbooks.template_check import check_template

        for problem in check_template(source, allowed, self.remedy_ids):
            block = node.style in ("|", ">")
            line = node.start_mark.line + problem.line - (0 if block else 1)
            column = node.start_mark.column
            if block and line < len(self.lines):
                text = self.lines[line]
                column = len(text) - len(text.lstrip(" "))
            self.r.error(yaml.Mark(self.r.file, 0, line, column, None, None), problem.message)

    def choices(self, node: yaml.Node, what: str) -> Choice | None:
        spec = self.r.mapping(node, f"choices of {what}", ("question", "options"),
                              ("suggest_from",))
        if spec is None or "options" not in spec:
            return None
        items = self.r.sequence(spec["options"], f"options of {what}") or []
        if 0 < len(items) < 2 or (not items and isinstance(spec["options"], yaml.SequenceNode)):
            self.r.error(spec["options"], f"choices of {what} need at least two options")
        options: dict[str, Option] = {}
        for item in items:
            option = self.r.mapping(item, f"option of {what}", ("id", "label", "next"))
            if not option or len(option) < 3:
                continue
            oid = self.r.identifier(option["id"], "option id")
            if oid in options:
                self.r.error(option["id"], f"duplicate option id {oid!r} in {what}")
                continue
            target = self.r.identifier(option["next"], f"next of option {oid!r}")
            label = self.r.text(option["label"], f"label of option {oid!r}")
            if oid and target and label:
                self.graph.add_target(option["next"])
                options[oid] = Option(oid, label, target)
        suggest = self._get(spec, "suggest_from", self.r.text, "suggest_from")
        if suggest and suggest not in self.allowed:
            self.r.error(spec["suggest_from"], f"suggest_from names {suggest!r}, which is not a "
                         f"declared fact{did_you_mean(suggest, sorted(self.allowed))}")
        question = self._get(spec, "question", self.r.text, f"question of {what}")
        return Choice(question or "", tuple(options.values()), suggest) if options else None

    def milestones(self, node: yaml.Node, what: str) -> list[Milestone]:
        out = []
        for item in self.r.sequence(node, f"milestones of {what}") or []:
            spec = self.r.mapping(item, f"milestone of {what}", ("id", "title", "due"),
                                  ("who", "remind"))
            if spec and len(spec.keys() & {"id", "title", "due"}) == 3:
                milestone = self.milestone(spec)
                if milestone:
                    out.append(milestone)
        return out

    def milestone(self, spec: dict[str, yaml.Node]) -> Milestone | None:
        mid = self.r.identifier(spec["id"], "milestone id")
        if mid in self.milestone_ids:
            self.r.error(spec["id"], f"duplicate milestone id {mid!r}")
        self.milestone_ids.add(mid)
        title = self.r.text(spec["title"], "milestone title")
        who = self._get(spec, "who", self.r.choice, "who", WHO) or "rep"
        due = self._offset(spec["due"], parse_due)
        remind_nodes = self.r.sequence(spec["remind"], "remind") or [] if "remind" in spec else []
        remind = [self._offset(n, parse_reminder) for n in remind_nodes]
        if due is None or None in remind or not (mid and title):
            return None
        offset, anchor = due
        anchors = (CASE_OPENED, STEP_DONE, *sorted(self.date_facts))
        if anchor not in anchors:
            self.r.error(spec["due"], f"unknown anchor {anchor!r}: use case_opened, step_done "
                         f"or a date fact{did_you_mean(anchor, anchors)}")
            return None
        return Milestone(mid, title, anchor, offset, who, tuple(remind), spec["due"].value)

    def _offset(self, node: yaml.Node, parser: Callable[[str], Any]) -> Any:
        text = self.r.text(node, "milestone offset")
        if text is None:
            return None
        try:
            return parser(text)
        except OffsetError as exc:
            self.r.error(node, str(exc))
            return None

    def records(self, node: yaml.Node, what: str, allowed: frozenset[str]) -> tuple[str, ...]:
        names = []
        for item in self.r.sequence(node, f"records of {what}") or []:
            name = self.r.text(item, f"record of {what}")
            if name and name not in allowed:
                self.r.error(item, f"record {name!r} is not a declared fact"
                             f"{did_you_mean(name, sorted(allowed))}")
            elif name:
                names.append(name)
        return tuple(names)


def _step_label(node: yaml.Node, index: int) -> str:
    """Name a step by its id when it has a readable one, else by its position."""
    ids = [v.value for k, v in node.value if k.value == "id" and isinstance(v, yaml.ScalarNode)] \
        if isinstance(node, yaml.MappingNode) else []
    return f"step {ids[0]!r}" if ids else f"step {index}"


def parse_playbook(root: yaml.Node, reader: Reader, text: str) -> Playbook | None:
    """Validate the node tree; problems go to `reader.errors` (a playbook is returned anyway)."""
    return _Parser(reader, text.splitlines()).playbook(root)
