"""Work done after ack on its own pool, so listener threads (and so every ack) never wait on it.

Bolt acks from its listener pool; if slow work (database writes, several Slack calls) ran
there, a burst of users would queue new requests behind it and acks would slip past 3 s.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from bot.references import apology, new_reference

log = logging.getLogger("tactful.cases")


class AfterAck:
    """A pool that also says when it is idle (the console waits for it before reading on).

    Two workers: the work is mostly database writes (serialised on SQLite anyway) and Slack
    calls; more threads only take the interpreter lock from the threads that ack. Scale out
    with replicas, not threads.
    """

    def __init__(self, workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tactful-after-ack")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, work: Callable[[], None], reply: Callable[[str], None]) -> None:
        """Run `work`; an unexpected failure is logged and the user told its reference."""
        with self._idle:
            self._pending += 1
        self._pool.submit(self._run, work, reply)

    def _run(self, work: Callable[[], None], reply: Callable[[str], None]) -> None:
        try:
            work()
        except Exception:  # noqa: BLE001 - the user must hear about any failure after ack
            reference = new_reference()
            log.exception("work after ack failed [%s]", reference)
            reply(apology(reference))
        finally:
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)


AFTER_ACK = AfterAck()
