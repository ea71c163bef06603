from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from playbooks.milestones import milestones_due
from playbooks.models import Playbook
from playbooks.walking import StepEvent, milestone_anchors, walk

FACTS = {"intent": "willful"}


@pytest.fixture
def seat(library) -> Playbook:  # noqa: ANN001
    return library.playbooks["seat-overage"]


def test_fresh_case_starts_at_the_first_step(seat: Playbook) -> None:
    state = walk(seat, FACTS, [])
    assert state.current.id == "verify"
    assert [a.kind for a in state.actions] == ["done", "skip"]
    assert state.actions[0].next_step == "classify"
    assert not state.finished and state.path == ()


def test_choice_step_offers_its_options_and_suggests_from_the_intent(seat: Playbook) -> None:
    state = walk(seat, FACTS, [StepEvent("done", "verify")])
    assert state.current.id == "classify"
    assert [(a.kind, a.choice, a.next_step) for a in state.actions] == [
        ("choice", "inadvertent", "first-contact"),
        ("choice", "willful", "switch-to-firm"),
        ("back", None, None),
    ]
    assert state.suggested_choice == "willful"
    assert state.next_after("inadvertent") == "first-contact"
    assert walk(seat, {"intent": "unknown"}, [StepEvent("done", "verify")]).suggested_choice is None


def test_progress_follows_the_chosen_path(seat: Playbook) -> None:
    willful = walk(seat, FACTS, [StepEvent("done", "verify")])
    assert willful.progress == (2, 3)  # verify, classify, switch-to-firm
    inadvertent = walk(seat, {"intent": "inadvertent"}, [StepEvent("done", "verify")])
    assert inadvertent.progress == (2, 7)  # + first-contact, remedies, agreement, follow-up, close
    chosen = walk(seat, FACTS, [StepEvent("done", "verify"),
                                StepEvent("choice", "classify", "willful")])
    assert chosen.current.id == "switch-to-firm" and chosen.progress == (3, 3)


def test_branch_loop_and_finish(seat: Playbook) -> None:
    history = [
        StepEvent("done", "verify"), StepEvent("choice", "classify", "inadvertent"),
        StepEvent("done", "first-contact"), StepEvent("choice", "remedies", "disputes"),
        StepEvent("done", "review-figures"),
    ]
    state = walk(seat, {}, history)
    assert state.current.id == "remedies"  # back to the options after the figures review
    assert state.progress == (6, 9)
    history += [StepEvent("choice", "remedies", "accepts"), StepEvent("done", "agreement"),
                StepEvent("skipped", "follow-up"), StepEvent("done", "close")]
    state = walk(seat, {}, history)
    assert state.finished and state.current is None
    assert state.progress == (9, 9)
    assert [a.kind for a in state.actions] == ["back"]
    assert [(v.step_id, v.outcome) for v in state.path][-3:] == [
        ("agreement", "done"), ("follow-up", "skipped"), ("close", "done")]


def test_back_undoes_the_last_step_even_after_finishing(seat: Playbook) -> None:
    history = [StepEvent("done", "verify"), StepEvent("choice", "classify", "willful"),
               StepEvent("done", "switch-to-firm")]
    assert walk(seat, {}, history).finished
    state = walk(seat, {}, [*history, StepEvent("back", "end")])
    assert state.current.id == "switch-to-firm"
    state = walk(seat, {}, [*history, StepEvent("back", "end"), StepEvent("back", "switch-to-firm")])
    assert state.current.id == "classify" and len(state.path) == 1


def test_events_that_do_not_fit_are_ignored_with_a_reason(seat: Playbook) -> None:
    history = [
        StepEvent("back", "verify"),
        StepEvent("done", "verify"),
        StepEvent("done", "verify"),  # a double click
        StepEvent("done", "classify"),
        StepEvent("choice", "classify", "maybe"),
        StepEvent("launch", "classify"),
    ]
    state = walk(seat, {}, history)
    assert state.current.id == "classify"
    assert state.ignored == (
        (0, "nothing to go back to"),
        (2, "event is for step 'verify' but the walk is at 'classify'"),
        (3, "step 'classify' is left by choosing an option"),
        (4, "step 'classify' offers no choice 'maybe'"),
        (5, "unknown event kind 'launch'"),
    )
    with pytest.raises(KeyError):
        state.next_after("maybe")


def test_milestones_due_from_walk_anchors(seat: Playbook) -> None:
    opened = datetime(2026, 12, 21, 14, 0, tzinfo=UTC)  # Monday 14:00 London
    history = [StepEvent("done", "verify", at=opened), StepEvent("choice", "classify", "inadvertent"),
               StepEvent("done", "first-contact", at=datetime(2026, 12, 23, 16, 0, tzinfo=UTC))]
    facts = {"agreement_date": "2027-01-04"}
    anchors = milestone_anchors(seat, walk(seat, facts, history), opened, facts)
    assert anchors["agreement_date"] == date(2027, 1, 4)
    due = {(m.step_id, m.milestone.id): m for m in
           milestones_due(seat, None, anchors, "Europe/London", "GB")}
    reply = due[("first-contact", "reply-expected")]
    # 23 Dec + 3 business days in England: 24 Dec, (25, 26, 27, 28 off), 29, 30 Dec.
    assert reply.due == datetime(2026, 12, 30, 16, 0, tzinfo=UTC)
    assert reply.reminders == (datetime(2026, 12, 29, 16, 0, tzinfo=UTC), reply.due)
    checked = due[("verify", "figures-checked")]
    assert checked.due == datetime(2026, 12, 23, 14, 0, tzinfo=UTC)
    done = due[("agreement", "remedy-done")]  # 10 business days after 4 Jan, 09:00 London
    assert done.due == datetime(2027, 1, 18, 9, 0, tzinfo=UTC)
    assert ("more-time", "grace-ends") not in due  # grace_end_date unknown yet
    only = milestones_due(seat, "first-contact", anchors, "Europe/London", "GB")
    assert [m.milestone.id for m in only] == ["reply-expected"]


def test_skipped_steps_do_not_anchor_milestones(seat: Playbook) -> None:
    at = datetime(2026, 12, 21, 14, 0, tzinfo=UTC)
    state = walk(seat, {}, [StepEvent("skipped", "verify", at=at)])
    assert "step_done:verify" not in milestone_anchors(seat, state, at, {})
