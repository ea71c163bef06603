"""Work done after ack on its own pool, so listener threads (and so every ack) never wait on it.

Bolt acks from its listener pool; if slow work (database writes, several Slack calls) ran
there, a burst of users would queue new requests behind it and acks would slip past 3 s.
"""
from __future__ import annotations

from collections.abc import Callable

from bot.idle_pool import IdleAwareExecutor
from bot.slack.errors import log_failure


class AfterAck:
    """Two workers: the work is mostly database writes (serialised on SQLite anyway) and Slack
    calls; more threads only take the interpreter lock from the threads that ack. Scale out
    with replicas, not threads.
    """

    def __init__(self, workers: int = 2) -> None:
        self._pool = IdleAwareExecutor(max_workers=workers, name="tactful-after-ack")

    def submit(self, work: Callable[[], None], reply: Callable[[str], None]) -> None:
        """Run `work`; an unexpected failure is logged and the user told its reference."""
        self._pool.submit(self._run, work, reply)

    @staticmethod
    def _run(work: Callable[[], None], reply: Callable[[str], None]) -> None:
        try:
            work()
        except Exception as error:  # noqa: BLE001 - the user must hear about any failure after ack
            reply(log_failure(error, "work after ack"))

    def wait_idle(self, timeout: float = 30.0) -> bool:
        return self._pool.wait_idle(timeout)


AFTER_ACK = AfterAck()
