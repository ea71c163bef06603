"""50 concurrent reps in HTTP mode doing a mixed case flow: every ack and its latency.

    .venv/bin/python bench/cases_http.py [--users 50] [--rounds 3]
Each round a rep opens a case (/breach new + modal submit), marks the first step done,
opens an email draft and re-checks it, and lists their cases. Targets (2 cores): every ack
under 3 s, p99 under 500 ms.
"""
from __future__ import annotations

import argparse
import io
import json
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rich.console import Console

import bench.support as support
from bot.cases.forms import CaseForm
from bot.console.inputs import collect_view_values
from bot.console.standin import SlackStandIn
from bot.slack.cases.new_case import new_case_view
from bot.slack.local import Actor, RequestFactory


QUIET = Console(file=io.StringIO())


def form_values(view: dict, answers: list[str]) -> dict:
    """view.state.values as Slack sends them, filled in field by field like the console does."""
    pending = list(answers)
    return collect_view_values(view, QUIET, lambda _prompt: pending.pop(0) if pending else "")


def new_case_answers(customer: str) -> list[str]:
    return [customer, "ACME-1", "Tactful Cloud", "seats", "100", "140", "2026-10-01", "2027-03-01",
            "Team", "seat_overage", "inadvertent", "Dana Smith", "dana@acme.example", "Europe/Berlin",
            "C0BENCH"]


class RecordingStandIn(SlackStandIn):
    """The stand-in the server talks to, kept so the bench can read what was posted."""

    running: list[SlackStandIn] = []

    def start(self) -> SlackStandIn:
        RecordingStandIn.running.append(self)
        return super().start()


def wait_for(find, what: str, standin: SlackStandIn, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = find()
        if found:
            return found
        time.sleep(0.01)
    told = [c.args.get("text", "") for c in standin.calls if c.method in ("chat.postMessage", "chat.postEphemeral")
            and "ERR-" in str(c.args.get("text", ""))]
    notices = [v for v in list(standin.state.views.values()) if "callback_id" not in v]
    raise SystemExit(f"the server did not {what} in time; apologies: {told[:3]}; "
                     f"modals left as notices: {[json.dumps(v.get('blocks'))[:200] for v in notices[:3]]}")


class Rep:
    def __init__(self, index: int, base: str, factory: RequestFactory, standin: SlackStandIn,
                 timings: dict[str, list[float]], lock: threading.Lock) -> None:
        self.actor = Actor(user_id=f"U{index:05d}", user_name=f"rep{index}", channel_id="C0BENCH")
        self.base, self.factory, self.standin = base, factory, standin
        self.timings, self.lock = timings, lock

    def send(self, kind: str, request) -> dict:
        started = time.perf_counter()
        http = urllib.request.Request(self.base + "/slack/events", data=request.body.encode(),
                                      headers=request.headers, method="POST")
        with urllib.request.urlopen(http, timeout=10) as response:
            body = response.read()
            assert response.status == 200
        with self.lock:
            self.timings[kind].append((time.perf_counter() - started) * 1000)
        return json.loads(body) if body else {}

    def round(self, number: int) -> None:
        customer = f"Bench {self.actor.user_id} {number}"
        self.send("new (command)", self.factory.slash_command("/breach", "new", self.actor))
        view = {**new_case_view(CaseForm(), "C0BENCH"), "id": f"V{self.actor.user_id}{number}"}
        values = form_values(view, new_case_answers(customer))
        self.send("new (submit)", self.factory.view_submission(view, values, self.actor))
        case_id = wait_for(lambda: self._case_id(customer), f"post the card of {customer}", self.standin)
        done = {"action_id": "case_step_done", "block_id": f"step:{case_id}", "type": "button",
                "value": json.dumps({"case": case_id, "step": "verify", "choice": None})}
        self.send("step done", self.factory.block_actions(done, self.actor, message={"ts": "1"}))
        draft = {"action_id": "case_draft_email", "block_id": f"tools:{case_id}", "type": "button",
                 "value": json.dumps({"case": case_id, "step": "first-contact", "choice": "email"})}
        self.send("draft open", self.factory.block_actions(draft, self.actor, message={"ts": "1"}))
        opened = wait_for(lambda: self._draft_view(case_id), f"fill the draft modal of BR-{case_id}", self.standin)
        typed = {**opened, "state": {"values": form_values(opened, ["", "You violated the terms!!!"])}}
        recheck = {"action_id": "case_draft_recheck", "block_id": "draft_tools", "type": "button", "value": "r"}
        self.send("draft re-check", self.factory.block_actions(recheck, self.actor, view=typed))
        self.send("list", self.factory.slash_command("/breach", "list", self.actor))

    def _case_id(self, customer: str) -> int | None:
        for message in list(self.standin.state.messages.get("C0BENCH", [])):
            if message.get("text", "").endswith(": " + customer):
                return int(message["text"].split(":")[0].removeprefix("BR-"))
        return None

    def _draft_view(self, case_id: int) -> dict | None:
        for view in list(self.standin.state.views.values()):
            meta = json.loads(view.get("private_metadata") or "{}")
            if view.get("callback_id") == "case_draft" and meta.get("case") == case_id:
                return view
        return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    support.SlackStandIn = RecordingStandIn
    timings: dict[str, list[float]] = defaultdict(list)
    lock = threading.Lock()
    with tempfile.TemporaryDirectory() as tmp, support.http_server(Path(tmp)) as (base, _process, factory):
        standin = RecordingStandIn.running[-1]
        standin.state.channels["C0BENCH"] = {"name": "bench"}
        Rep(99999, base, factory, standin, defaultdict(list), lock).round(0)  # warm-up, not timed
        reps = [Rep(i, base, factory, standin, timings, lock) for i in range(args.users)]
        started = time.perf_counter()
        with ThreadPoolExecutor(args.users) as pool:
            list(pool.map(lambda rep: [rep.round(n) for n in range(args.rounds)], reps))
        elapsed = time.perf_counter() - started
    every = [ms for values in timings.values() for ms in values]
    print(f"users: {args.users}, rounds: {args.rounds}, requests: {len(every)}, {len(every) / elapsed:.0f} req/s")
    for kind, values in timings.items():
        print(f"  {kind:15s} n={len(values):4d}  p50 {support.percentile(values, 50):6.1f} ms  "
              f"p99 {support.percentile(values, 99):6.1f} ms  max {max(values):6.1f} ms")
    print(f"all acks: p50 {support.percentile(every, 50):.1f} ms  p99 {support.percentile(every, 99):.1f} ms  "
          f"max {max(every):.1f} ms  under 3 s: {sum(ms < 3000 for ms in every)}/{len(every)}")


if __name__ == "__main__":
    main()
