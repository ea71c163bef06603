"""The claim -> (look for an earlier post) -> post -> record loop, on a small pool of senders."""
from __future__ import annotations

import logging
import random
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from bot.reminders import store
from bot.reminders.hooks import MilestoneChange, milestone_changed
from bot.reminders.policy import ESCALATION, OVERDUE
from bot.reminders.port import Delivery, ReminderPort
from bot.slack_errors import SlackRefused, SlackUnavailable
from db.types import utcnow

log = logging.getLogger("tactful.reminders")

LATE_AFTER = timedelta(seconds=60)
MAX_BACKOFF = 1800.0
CLOSED_MILESTONE = {"met", "cancelled"}


def backoff(attempts: int, retry_after: float | None = None) -> float:
    """Seconds to wait before attempt `attempts + 1`: doubling with jitter, capped, and never
    sooner than Slack's Retry-After."""
    delay = min(MAX_BACKOFF, 2.0 ** min(attempts, 11)) * random.uniform(0.8, 1.2)
    return max(delay, retry_after or 0.0)


def posting_place(
    kind: str, channel_id: str, thread_ts: str | None, escalation_channel: str | None
) -> tuple[str, str | None]:
    """Where a reminder is posted: its case thread, or the manager channel for escalations."""
    if kind == ESCALATION and escalation_channel:
        return escalation_channel, None
    return channel_id, thread_ts


@dataclass
class DeliveryConfig:
    worker: str
    lease: timedelta = timedelta(seconds=120)
    batch: int = 64
    senders: int = 8
    escalation_channel: str | None = None
    """Where escalations go (the manager channel); None keeps them in the case thread."""

    def __post_init__(self) -> None:
        if self.senders < 1 or self.batch < self.senders:
            raise ValueError(
                f"the claim batch ({self.batch}) must hold at least one row per sender ({self.senders})"
            )
        if self.lease <= timedelta(0):
            raise ValueError("the claim lease must be longer than zero seconds")


class Deliverer:
    """Delivers every due reminder; safe to run in any number of processes at once."""

    def __init__(self, engine: Engine, port: ReminderPort, config: DeliveryConfig, started_at: datetime) -> None:
        self.engine = engine
        self.port = port
        self.config = config
        self.started_at = started_at
        self._pool = ThreadPoolExecutor(config.senders, thread_name_prefix="reminder-sender")
        self._closing = threading.Event()

    def stop_claiming(self) -> None:
        """The batch in hand is finished; due rows left stay for the next process."""
        self._closing.set()

    def close(self) -> None:
        self.stop_claiming()
        self._pool.shutdown(wait=True)

    def run_due(self) -> int:
        """Deliver until nothing is due; return how many rows were handled.

        A pipeline rather than batch-and-wait: up to `batch` claimed rows are in flight, more
        are claimed as soon as a sender's worth of room frees up, and finished posts are
        recorded together, so one slow post never holds up the others.
        """
        handled = 0
        inflight: dict[Future[store.Sent | None], store.Claimed] = {}
        while True:
            room = self.config.batch - len(inflight)
            if room >= self.config.senders and not self._closing.is_set():
                claimed = store.claim_due(self.engine, self.config.worker, utcnow(), self.config.lease, room)
                inflight |= {self._pool.submit(self._deliver_safely, row): row for row in claimed}
                handled += len(claimed)
            if not inflight:
                return handled
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            finished = [(inflight.pop(future), future.result()) for future in done]
            self._record([row for row, _ in finished], [sent for _, sent in finished if sent])

    def _record(self, claimed: list[store.Claimed], sent: list[store.Sent]) -> None:
        held = store.record_sent(self.engine, self.config.worker, sent)
        if held < len(sent):
            log.warning("%d posted reminder(s) lost their lease before recording", len(sent) - held)
        posted = {s.id for s in sent}
        for row in claimed:
            overdue = row.kind in (OVERDUE, ESCALATION) and row.milestone_id and row.case_id
            if row.id in posted and overdue and store.mark_missed(self.engine, row.milestone_id):
                milestone_changed(MilestoneChange(row.case_id, row.milestone_id, "missed", None))

    def _deliver_safely(self, row: store.Claimed) -> store.Sent | None:
        try:
            return self.deliver(row)
        except Exception as exc:
            log.exception("reminder %s: delivery failed unexpectedly; will retry", row.id)
            store.retry_later(
                self.engine, row.id, self.config.worker,
                utcnow() + timedelta(seconds=backoff(row.attempts)), f"internal: {exc!r}",
            )
            return None

    def deliver(self, row: store.Claimed) -> store.Sent | None:
        """Post one claimed reminder (unless an earlier claim already did); the caller records
        what was sent. Retries, failures and cancellations are recorded here.

        A post starts only in the first half of the lease, so it ends (with the client's own
        short retries) before another process may take the row over.
        """
        worker = self.config.worker
        if row.milestone_state in CLOSED_MILESTONE:
            store.mark_cancelled(self.engine, row.id, worker, f"milestone {row.milestone_state}")
            return None
        now = utcnow()
        if now > row.claimed_until - self.config.lease / 2:
            log.warning("reminder %s waited half its lease before a sender was free; left for a re-claim", row.id)
            return None
        delivery = self._delivery(row, now)
        try:
            ts = self.port.find_posted(delivery, row.created_at) if row.claimed_before else None
            if ts is None:
                ts = self.port.post(delivery)
        except SlackUnavailable as exc:
            wait = backoff(row.attempts, exc.retry_after)
            log.warning("reminder %s: Slack unavailable (%s); retrying in %.0fs", row.id, exc.reason, wait)
            store.retry_later(self.engine, row.id, worker, utcnow() + timedelta(seconds=wait), exc.reason)
            return None
        except SlackRefused as exc:
            self._refused(row, exc.code)
            return None
        return store.Sent(row.id, ts, now, delivery.late_reason is not None)

    def _delivery(self, row: store.Claimed, now: datetime) -> Delivery:
        late_reason = None
        if now - row.deliver_at > LATE_AFTER:
            if row.deliver_at < self.started_at:
                late_reason = "after a restart"
            elif row.attempts > 1:
                late_reason = "after Slack errors"
            else:
                late_reason = "after a delay"
        channel, thread = posting_place(row.kind, row.channel_id, row.thread_ts, self.config.escalation_channel)
        return Delivery(
            reminder_id=row.id, kind=row.kind, owner_id=row.owner_id, channel_id=channel,
            thread_ts=thread, text=row.text, case_id=row.case_id,
            case_ref=f"BR-{row.case_id}" if row.case_id else None,
            milestone_title=row.milestone_title, due_at=row.due_at, deliver_at=row.deliver_at,
            delivered_at=now, owner_tz=row.owner_tz, late_reason=late_reason,
        )

    def _refused(self, row: store.Claimed, code: str) -> None:
        """Permanent: mark failed and tell the owner, so nothing disappears unseen."""
        store.mark_failed(self.engine, row.id, self.config.worker, code)
        log.error("reminder %s refused by Slack (%s) in %s", row.id, code, row.channel_id)
        try:
            self.port.tell_undeliverable(row.owner_id, row.channel_id, code, row.text)
        except (SlackUnavailable, SlackRefused) as exc:
            log.error("reminder %s: could not tell owner %s either: %s", row.id, row.owner_id, exc)
