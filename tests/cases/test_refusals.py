"""Every button, modal submission and subcommand re-checks who is acting, at the time they act."""
from __future__ import annotations

import json
import logging
import threading

from sqlmodel import Session, select

from bot.slack.cases.background import AFTER_ACK
from bot.slack.local import Actor
from db.models import Case, CaseEvent
from tests.cases.conftest import FACTS, REP, eventually, text_of

OUTSIDER = Actor(user_id="U0OUT", user_name="out", channel_id="C0ELSE", channel_name="else")
REFUSAL = "Only the owner of BR-1"


def _events(runtime) -> list[tuple[str, str]]:
    with Session(runtime.engine) as session:
        return [(e.kind, e.actor) for e in session.exec(select(CaseEvent).order_by(CaseEvent.id))]


def _button(action_id: str, step: str, choice: str | None = None) -> dict:
    return {"action_id": action_id, "block_id": "step:1", "type": "button",
            "value": json.dumps({"case": 1, "step": step, "choice": choice})}


def test_every_button_refuses_outsiders_privately(flow, runtime):
    card = flow.open_case()
    step = flow.thread(card)[-1]
    before = _events(runtime)
    for action in (_button("case_step_done", "verify"), _button("case_step_back", "verify"),
                   _button("case_step_choice_0", "verify", "inadvertent"),
                   {"action_id": "case_checklist", "block_id": "checklist:1:verify", "type": "checkboxes",
                    "selected_options": [{"value": "0"}]},
                   {"action_id": "case_switch_playbook", "block_id": "case:1", "type": "static_select",
                    "selected_option": {"value": "seat-overage-willful"}}):
        flow.app.send(flow.requests.block_actions(action, OUTSIDER, message=step))
    refusals = eventually(lambda: [c for c in flow.slack.calls_to("chat.postEphemeral")
                                   if REFUSAL in c.args["text"]][4:])
    assert {c.args["user"] for c in refusals} == {"U0OUT"}
    for modal_button in ("case_step_skip", "case_draft_email", "case_record", "case_remedy"):
        flow.app.send(flow.requests.block_actions(_button(modal_button, "verify"), OUTSIDER, message=step))
        assert REFUSAL in flow.notice()
    flow.command("close BR-1", OUTSIDER)
    assert REFUSAL in flow.notice()
    flow.command("reopen BR-1", OUTSIDER)
    eventually(lambda: any("Only the owner" in c.args["text"] for c in flow.slack.calls_to("response_url")))
    assert _events(runtime) == before and len(flow.thread(card)) == 1


def test_forged_submissions_are_reauthorised_and_keep_what_was_typed(flow, runtime):
    """A modal opened by the rep, submitted by someone else (or naming another case)."""
    flow.open_case()
    flow.slack.state.channels["C0PRIV"] = {"name": "secret", "is_private": True, "members": ["U0OTHER"]}
    before = _events(runtime)
    forms = {
        "case_skip": ({"case": 1, "step": "verify", "channel": "C0CASES"}, {"reason": {"value": {
            "type": "plain_text_input", "value": "no reason"}}}),
        "case_close": ({"case": 1, "channel": "C0CASES"}, {"outcome": {"value": {
            "type": "static_select", "selected_option": {"value": "churned"}}}}),
        "case_details": ({"case": 1, "step": "verify", "remedy": None, "channel": "C0CASES"}, {}),
        "case_draft": ({"case": 1, "ref": "BR-1", "step": "verify", "title": "t", "channel": "email",
                        "rev": 0}, {"body0": {"value": {"type": "plain_text_input", "value": "Hello"}}}),
    }
    for callback, (meta, values) in forms.items():
        view = {"id": f"V{callback}", "type": "modal", "callback_id": callback, "private_metadata": json.dumps(meta),
                "blocks": [{"type": "input", "block_id": "body0"}]}
        reply = flow.app.send(flow.requests.view_submission(view, values, OUTSIDER)).json()
        assert reply["response_action"] == "push", callback
        assert REFUSAL in text_of(reply["view"]["blocks"]), callback
    view = {"id": "Vgarbled", "type": "modal", "callback_id": "case_close", "blocks": [],
            "private_metadata": json.dumps({"case": "x"})}
    garbled = flow.app.send(flow.requests.view_submission(view, {}, REP)).json()
    assert "older version" in text_of(garbled["view"]["blocks"])
    assert _events(runtime) == before


def test_a_recheck_from_someone_who_may_not_act_changes_nothing(flow):
    flow.open_case()
    view = {"id": "V0DRAFT", "type": "modal", "callback_id": "case_draft", "blocks": [],
            "private_metadata": json.dumps({"case": 1, "ref": "BR-1", "step": "first-contact",
                                            "title": "t", "channel": "email", "rev": 0})}
    action = {"action_id": "case_draft_recheck", "block_id": "draft_tools", "type": "button", "value": "r"}
    flow.app.send(flow.requests.block_actions(action, OUTSIDER, view=view))
    refusal = eventually(lambda: [c for c in flow.slack.calls_to("chat.postMessage") if c.args["channel"] == "D0OUT"])
    assert REFUSAL in refusal[0].args["text"] and flow.slack.calls_to("views.update") == []


def test_a_case_cannot_be_put_in_a_private_channel_its_owner_is_not_in(flow, runtime):
    flow.slack.state.channels["C0PRIV"] = {"name": "secret", "is_private": True, "members": ["U0OTHER"]}
    flow.command("new")
    flow.submit(flow.last_view(), {**FACTS, "channel_id": "C0PRIV"})
    notice = eventually(lambda: [c for c in flow.slack.calls_to("chat.postMessage") if c.args["channel"] == "D0REP"])
    assert "private channel you are a member of" in notice[0].args["text"]
    with Session(runtime.engine) as session:
        assert session.exec(select(Case)).all() == []


def test_the_step_message_closed_is_the_one_on_record_never_one_named_by_the_request(flow):
    card = flow.open_case()
    step = flow.thread(card)[-1]
    posing_as_card = {**step, "ts": card["ts"]}
    flow.press(posing_as_card, "case_step_done")
    eventually(lambda: len(flow.thread(card)) == 2)
    eventually(lambda: "case_step_done" not in text_of(flow.current(card["channel"], step["ts"])["blocks"]))
    assert flow.current(card["channel"], card["ts"])["blocks"][0]["type"] == "header"


def test_modals_open_at_once_even_when_the_after_ack_work_is_busy(flow):
    """A trigger id lasts ~3 s: views.open must not wait behind other work after ack."""
    card = flow.open_case()
    step = flow.thread(card)[-1]
    release = threading.Event()
    for _ in range(4):
        AFTER_ACK.submit(release.wait, lambda _text: None)
    try:
        flow.press(step, "case_step_skip")
        opened = flow.slack.wait_for("views.open", 2)[-1]
        assert "Loading" in text_of(opened.args["view"]["blocks"])
        assert flow.slack.calls_to("views.update") == []
    finally:
        release.set()
    assert flow.last_view()["callback_id"] == "case_skip"



def test_membership_is_asked_of_slack_once_per_request(flow, runtime):
    """A channel member's submission is authorised before ack and again by the action itself."""
    mate = Actor(user_id="U0MATE", user_name="mate", channel_id="C0CASES", channel_name="cases")
    card = flow.open_case()
    flow.press(flow.thread(card)[-1], "case_step_skip", mate)
    view = flow.last_view()
    asked = len(flow.slack.calls_to("conversations.members"))
    flow.submit(view, {"reason": "Finance checked the figures"}, mate)
    eventually(lambda: len(flow.thread(card)) == 2)
    assert len(flow.slack.calls_to("conversations.members")) == asked + 1
    assert ("step", "U0MATE") in _events(runtime)


def test_a_modal_closed_before_it_is_filled_is_no_failure(flow, caplog):
    caplog.set_level(logging.INFO)
    card = flow.open_case()
    flow.slack.fail("views.update", error="not_found")
    flow.press(flow.thread(card)[-1], "case_step_skip")
    eventually(lambda: flow.slack.calls_to("views.update"))
    AFTER_ACK.wait_idle()
    assert "the user probably closed it" in caplog.text and "ERR-" not in caplog.text
    assert flow.slack.calls_to("chat.postEphemeral") == [] and len(flow.slack.calls_to("views.update")) == 1
