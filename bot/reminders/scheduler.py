"""APScheduler only wakes the process: one date job at the next due moment, read from the
table, plus a periodic sweep for rows other processes added. The table stays the truth."""
from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.engine import Engine

from bot.reminders import store
from bot.reminders.delivery import Deliverer, DeliveryConfig
from bot.reminders.hooks import MilestoneListener, on_milestone_changed, on_reminder_added
from bot.reminders.port import ReminderPort
from db.types import utcnow

log = logging.getLogger("tactful.reminders")

NEXT_JOB = "reminders-next"
SWEEP_JOB = "reminders-sweep"


def worker_name() -> str:
    """Unique per process, readable in the table: host:pid:random."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class ReminderScheduler:
    """Start with `start()`; call `nudge(at)` after adding a reminder due at `at`.

    `milestone_listeners` hear of milestones met or missed while this scheduler runs: they
    are subscribed by `start()` and removed by `stop()`, so starting again never doubles them.
    """

    def __init__(
        self,
        engine: Engine,
        port: ReminderPort,
        *,
        sweep_seconds: float = 30.0,
        config: DeliveryConfig | None = None,
        milestone_listeners: Sequence[MilestoneListener] = (),
    ) -> None:
        self.engine = engine
        self.milestone_listeners = tuple(milestone_listeners)
        self.started_at = utcnow()
        self.deliverer = Deliverer(engine, port, config or DeliveryConfig(worker_name()), self.started_at)
        self.sweep_seconds = sweep_seconds
        self._scheduler = BackgroundScheduler(timezone="UTC", job_defaults={"misfire_grace_time": None})
        self._wanted = threading.Event()
        self._draining = threading.Lock()
        self._arming = threading.Lock()
        self._armed_at: datetime | None = None

    @property
    def worker(self) -> str:
        return self.deliverer.config.worker

    def start(self) -> ReminderScheduler:
        """Rebuild the wake-up from the table; what fell due while down is delivered now."""
        self._scheduler.add_job(
            self.wake, "interval", seconds=self.sweep_seconds, id=SWEEP_JOB, max_instances=1, coalesce=True
        )
        self._scheduler.start()
        self._arm(store.next_wake(self.engine))
        on_reminder_added.append(self.nudge)
        on_milestone_changed.extend(self.milestone_listeners)
        return self

    def stop(self) -> None:
        if self.nudge in on_reminder_added:
            on_reminder_added.remove(self.nudge)
        for listener in self.milestone_listeners:
            if listener in on_milestone_changed:
                on_milestone_changed.remove(listener)
        self.deliverer.stop_claiming()
        self._scheduler.shutdown(wait=True)
        self.deliverer.close()

    def nudge(self, at: datetime) -> None:
        """A reminder was added or moved in this process: wake by `at` if earlier than planned."""
        self._arm(at)

    def wake(self) -> None:
        """Deliver what is due. Runs alone: a wake during a drain makes the drain go once more."""
        self._wanted.set()
        while self._wanted.is_set():
            if not self._draining.acquire(blocking=False):
                return
            try:
                while self._wanted.is_set():
                    self._wanted.clear()
                    self.deliverer.run_due()
            except Exception:
                log.exception("reminder drain failed; the sweep will try again")
            finally:
                self._draining.release()
        with self._arming:
            self._armed_at = None
        self._arm(store.next_wake(self.engine))

    def _arm(self, at: datetime | None) -> None:
        if at is None:
            return
        with self._arming:
            if self._armed_at is not None and self._armed_at <= at:
                return
            self._armed_at = at
            run_at = max(at, utcnow()) + timedelta(milliseconds=5)
            self._scheduler.add_job(
                self.wake, "date", run_date=run_at, id=NEXT_JOB, replace_existing=True, max_instances=4
            )


def run_until_terminated(scheduler: ReminderScheduler) -> None:
    """Block until SIGTERM or SIGINT, then stop: the posts in hand are finished and recorded."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    scheduler.stop()
