"""The walkthrough in the card's thread: Done, choices both ways, Back, Skip, checklist, stale clicks."""
from __future__ import annotations

from sqlmodel import Session, select

from db.models import Case, CaseEvent
from playbooks.loader import LIBRARY_DIR
from tests.cases.conftest import eventually, find_element, text_of


def _latest_step(flow, card):
    return flow.thread(card)[-1]


def _press_choice(flow, step, label):
    for block in step["blocks"]:
        for element in block.get("elements", []):
            if element.get("text", {}).get("text") == label:
                return flow.press(step, element["action_id"])
    raise AssertionError(f"no button {label}")


def _wait_thread(flow, card, count):
    flow.slack.wait_for("chat.postMessage", count + 1)
    return flow.thread(card)


def test_done_advances_updates_the_card_in_place_and_closes_the_old_step(flow):
    card = flow.open_case()
    first = _latest_step(flow, card)
    flow.press(first, "case_step_done")
    thread = _wait_thread(flow, card, 2)
    assert "Decide how this came about" in thread[-1]["text"]
    def closed() -> bool:  # the old step's update may land just after the next step's post
        blocks = text_of(flow.current(card["channel"], first["ts"])["blocks"])
        return "Done" in blocks and "case_step_done" not in blocks

    eventually(closed)
    flow.slack.wait_for("chat.update", 2)
    now = flow.current(card["channel"], card["ts"])
    assert "Step 2 of" in text_of(now["blocks"])
    top_level = [c for c in flow.slack.calls_to("chat.postMessage") if not c.args.get("thread_ts")]
    assert len(top_level) == 1


def test_branching_both_ways_with_back(flow, runtime):
    card = flow.open_case()
    flow.press(_latest_step(flow, card), "case_step_done")
    classify = _wait_thread(flow, card, 2)[-1]
    assert "Growth or a mistake" in text_of(classify["blocks"])
    _press_choice(flow, classify, "Deliberate or repeated after notice")
    firm = _wait_thread(flow, card, 3)[-1]
    assert "Move this case to the firm playbook" in firm["text"]
    flow.press(firm, "case_step_back")
    again = _wait_thread(flow, card, 4)[-1]
    assert "Decide how this came about" in again["text"]
    _press_choice(flow, again, "Growth or a mistake (the usual case)")
    contact = _wait_thread(flow, card, 5)[-1]
    assert "First message to the customer" in contact["text"]
    with Session(runtime.engine) as session:
        steps = [e.payload for e in session.exec(select(CaseEvent).where(CaseEvent.kind == "step"))]
        assert [(s["action"], s["choice"]) for s in steps] == [
            ("done", None), ("choice", "willful"), ("back", None), ("choice", "inadvertent")]
        assert session.exec(select(Case)).one().current_step_id == "first-contact"


def test_skip_asks_for_a_reason_and_records_it(flow, runtime):
    card = flow.open_case()
    first = _latest_step(flow, card)
    flow.press(first, "case_step_skip")
    view = flow.last_view()
    assert view["callback_id"] == "case_skip"
    assert flow.submit(view, {"reason": "  "}).json()["response_action"] == "errors"
    flow.submit(view, {"reason": "Figures came from finance, already checked"})
    thread = _wait_thread(flow, card, 2)
    eventually(lambda: "Figures came from finance" in text_of(flow.current(card["channel"], first["ts"])["blocks"]))
    assert "Decide how this came about" in thread[-1]["text"]
    with Session(runtime.engine) as session:
        event = session.exec(select(CaseEvent).where(CaseEvent.kind == "step")).one()
        assert event.payload["action"] == "skip" and "finance" in event.payload["reason"]


def test_checklist_ticks_persist_when_the_step_comes_back(flow):
    card = flow.open_case()
    first = _latest_step(flow, card)
    ticks = [{"value": "0"}, {"value": "2"}]
    flow.press(first, "case_checklist", selected_options=ticks)
    flow.press(first, "case_step_done")
    classify = _wait_thread(flow, card, 2)[-1]
    flow.press(classify, "case_step_back")
    verify = _wait_thread(flow, card, 3)[-1]
    box = find_element(verify["blocks"], "case_checklist")
    assert [o["value"] for o in box["initial_options"]] == ["0", "2"]


def test_a_stale_or_repeated_click_changes_nothing(flow, runtime):
    card = flow.open_case()
    first = _latest_step(flow, card)
    flow.press(first, "case_step_done")
    _wait_thread(flow, card, 2)
    flow.press(first, "case_step_done")
    [note] = flow.slack.wait_for("chat.postEphemeral")
    assert "moved on" in note.args["text"]
    with Session(runtime.engine) as session:
        assert len(session.exec(select(CaseEvent).where(CaseEvent.kind == "step")).all()) == 1


def test_switching_playbook_restarts_the_walk(flow, runtime):
    card = flow.open_case()
    flow.press(_latest_step(flow, card), "case_step_done")
    _wait_thread(flow, card, 2)
    select_menu = find_element(card["blocks"], "case_switch_playbook")
    other = next(o for o in select_menu["options"] if o["value"] != "seat-overage")
    flow.press(card, "case_switch_playbook", selected_option=other)
    thread = _wait_thread(flow, card, 3)
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
        assert case.playbook_id == other["value"] and case.step_position == 1
    assert "Step 1 of" in thread[-1]["text"] or "step 1 of" in thread[-1]["text"]


def test_a_long_checklist_comes_in_groups_of_ten_whose_ticks_persist_together(flow, runtime, tmp_path):
    source = (LIBRARY_DIR / "seat-overage.yaml").read_text()
    extra = "".join(f"      - Extra check {n}\n" for n in range(9))
    long = source.replace("id: seat-overage", "id: aaa-long-checklist").replace(
        "      - Did our product or our terms make this easy to miss?\n",
        "      - Did our product or our terms make this easy to miss?\n" + extra, 1)
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "long.yaml").write_text(long)
    runtime.settings = runtime.settings.model_copy(update={"tactful_playbooks": str(tmp_path / "playbooks")})
    card = flow.open_case()
    step = _latest_step(flow, card)
    groups = [b for b in step["blocks"] if b.get("block_id", "").startswith("checklist:")]
    assert [len(g["elements"][0]["options"]) for g in groups] == [10, 4]
    assert groups[1]["elements"][0]["options"][0]["value"] == "10"
    def saved():
        with Session(runtime.engine) as session:
            return [e.payload["checked"] for e in session.exec(
                select(CaseEvent).where(CaseEvent.kind == "checklist").order_by(CaseEvent.id))]

    for count, (group, ticks) in enumerate(((groups[1], [{"value": "12"}]), (groups[0], [{"value": "1"}])), 1):
        flow.app.send(flow.requests.block_actions(
            {"action_id": "case_checklist", "block_id": group["block_id"], "type": "checkboxes",
             "selected_options": ticks}, message=step))
        eventually(lambda: len(saved()) == count)  # noqa: B023 - checked before the loop moves on
    assert saved() == [[12], [1, 12]]
