"""Drafting: the modal from the case figures, tone report, Re-check, Apply suggestions, confirm on rewrite."""
from __future__ import annotations

from sqlmodel import Session, select

from db.models import CaseEvent
from tests.cases.conftest import REP, state_values, text_of

HARSH = "You violated the agreement. Pursuant to the EULA, pay promptly or face legal action!!!"


def walk_to_first_contact(flow):
    card = flow.open_case()
    flow.press(flow.thread(card)[-1], "case_step_done")
    flow.slack.wait_for("chat.postMessage", 3)
    classify = flow.thread(card)[-1]
    button = next(e for b in classify["blocks"] for e in b.get("elements", [])
                  if e.get("text", {}).get("text", "").startswith("Growth"))
    flow.press(classify, button["action_id"])
    flow.slack.wait_for("chat.postMessage", 4)
    return card, flow.thread(card)[-1]


def _body_block(view):
    return next(b for b in view["blocks"] if b.get("block_id", "").startswith("body"))


def _press_in_view(flow, view, action_id, answers):
    submitted = {**view, "state": {"values": state_values(view, answers)}}
    action = {"action_id": action_id, "block_id": "draft_tools", "type": "button", "value": action_id}
    reply = flow.app.send(flow.requests.block_actions(action, REP, view=submitted))
    assert reply.status == 200 and reply.elapsed < 3


def test_draft_recheck_apply_and_confirmed_rewrite_are_recorded(flow, runtime):
    card, step = walk_to_first_contact(flow)
    assert {"case_draft_email", "case_draft_call_notes", "case_draft_letter"} <= set(
        e.get("action_id") for b in step["blocks"] for e in b.get("elements", []))
    flow.press(step, "case_draft_email")
    view = flow.last_view()
    draft = _body_block(view)["element"]["initial_value"]
    assert "140 seats in use" in draft and "40 seats more, or 40%" in draft
    assert "Tone " in text_of(view["blocks"])

    subject_id = next(b["block_id"] for b in view["blocks"] if b.get("block_id", "").startswith("subject"))
    body_id = _body_block(view)["block_id"]
    _press_in_view(flow, view, "case_draft_recheck", {subject_id: "Seats", body_id: HARSH})
    rechecked = flow.last_view("views.update")
    report = text_of(rechecked["blocks"])
    assert "rewrite" in report and "You violated" in report and "legal action" in report
    assert _body_block(rechecked)["element"]["initial_value"] == HARSH

    _press_in_view(flow, rechecked, "case_draft_apply", {subject_id: "Seats", body_id: HARSH})
    applied = flow.last_view("views.update")
    new_body = _body_block(applied)
    assert new_body["block_id"] != body_id
    improved = new_body["element"]["initial_value"]
    assert "Under the EULA" in improved and "!!!" not in improved

    answers = {subject_id: "Seats", new_body["block_id"]: new_body["element"]["initial_value"]}
    reply = flow.submit(applied, answers)
    confirm = reply.json()
    assert confirm["response_action"] == "update"
    confirm_view = {**confirm["view"], "id": applied["id"]}
    assert any(b.get("block_id") == "confirm_rewrite" for b in confirm_view["blocks"])
    assert _body_block(confirm_view)["element"]["initial_value"] == answers[new_body["block_id"]]
    assert flow.submit(confirm_view, answers).json()["errors"]["confirm_rewrite"]
    reply = flow.submit(confirm_view, {**answers, "confirm_rewrite": ["yes"]})
    assert reply.body == ""
    flow.slack.wait_for("chat.postMessage", 5)
    assert "recorded as sent" in flow.thread(card)[-1]["text"]
    with Session(runtime.engine) as session:
        event = session.exec(select(CaseEvent).where(CaseEvent.kind == "draft_recorded")).one()
        assert event.payload["verdict"] == "rewrite" and event.payload["confirmed_rewrite"] is True
        assert event.payload["text"].startswith("You violated") and event.payload["score"] < 60


def test_a_ready_draft_is_recorded_with_its_score(flow, runtime):
    card, step = walk_to_first_contact(flow)
    flow.press(step, "case_draft_call_notes")
    view = flow.last_view()
    body = _body_block(view)
    assert flow.submit(view, {body["block_id"]: body["element"]["initial_value"]}).body == ""
    flow.slack.wait_for("chat.postMessage", 5)
    with Session(runtime.engine) as session:
        event = session.exec(select(CaseEvent).where(CaseEvent.kind == "draft_recorded")).one()
        assert event.payload["channel"] == "call_notes" and event.payload["verdict"] != "rewrite"
        assert "140 seats" in event.payload["text"]
