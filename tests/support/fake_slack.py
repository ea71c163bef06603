"""The fake Slack Web API for tests: the console's stand-in plus scripted failures."""
from __future__ import annotations

import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from bot.console.standin import Call, SlackStandIn
from bot.console.standin_methods import Answer


@dataclass
class FakeSlack(SlackStandIn):
    """Tell it to fail: `fail("chat.postMessage", status=429, retry_after=1)`,
    `fail("chat.postMessage", status=503)`, `fail("chat.postMessage", error="channel_not_found")`."""

    scripted: dict[str, deque[Answer]] = field(default_factory=lambda: defaultdict(deque))

    def fail(
        self,
        method: str,
        *,
        status: int = 200,
        error: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        body = {"ok": False, "error": error or ("ratelimited" if status == 429 else "fatal_error")}
        for _ in range(times):
            self.scripted[method].append(Answer(body=body, status=status, headers=headers))

    def answer(self, method: str, args: dict[str, Any]) -> Answer:
        queue = self.scripted.get(method)
        if queue:
            return queue.popleft()
        return super().answer(method, args)

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until `count` calls to `method` arrived (work after ack is asynchronous)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.calls_to(method)
            if len(calls) >= count:
                return calls
            time.sleep(0.02)
        raise AssertionError(f"expected {count} call(s) to {method}, got {len(self.calls_to(method))}")
