"""APScheduler only wakes the process: one date job at the next due moment, read from the
table, plus a periodic sweep for rows other processes added. The table stays the truth."""
from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.engine import Engine

from bot.reminders import store
from bot.reminders.hooks import on_reminder_added
from bot.reminders.delivery import Deliverer, DeliveryConfig
from bot.reminders.port import ReminderPort
from db.types import utcnow

log = logging.getLogger("tactful.reminders")

NEXT_JOB = "reminders-next"
SWEEP_JOB = "reminders-sweep"


def worker_name() -> str:
    """Unique per process, readable in the table: host:pid:random."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class ReminderScheduler:
    """Start with `start()`; call `nudge(at)` after adding a reminder due at `at`."""

    def __init__(
        self,
        engine: Engine,
        port: ReminderPort,
        *,
        sweep_seconds: float = 30.0,
        config: DeliveryConfig | None = None,
    ) -> None:
        self.engine = engine
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
        return self

    def stop(self) -> None:
        if self.nudge in on_reminder_added:
            on_reminder_added.remove(self.nudge)
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
