"""Permission refusals (ephemeral), private-channel cases hidden from non-members, escaping."""
from __future__ import annotations

from bot.slack.local import Actor
from tests.cases.conftest import REP, eventually, state_values, text_of

OUTSIDER = Actor(user_id="U0OUT", user_name="out", channel_id="C0ELSE", channel_name="else")
MATE = Actor(user_id="U0MATE", user_name="mate", channel_id="C0CASES", channel_name="cases")
NASTY = "<!channel> Acme & <Co>"


def _ephemerals(flow):
    return [c.args["text"] for c in flow.slack.calls_to("chat.postEphemeral")]


def test_outsiders_are_refused_privately_and_channel_members_may_act(flow, runtime):
    card = flow.open_case()
    step = flow.thread(card)[-1]
    flow.press(step, "case_step_done", OUTSIDER)
    refusal = eventually(lambda: _ephemerals(flow))
    assert "Only the owner of BR-1" in refusal[0]
    assert flow.slack.calls_to("chat.postEphemeral")[0].args["user"] == "U0OUT"
    assert len(flow.thread(card)) == 1
    flow.command("close BR-1", OUTSIDER)
    assert "Only the owner" in flow.notice()

    flow.press(step, "case_step_done", MATE)
    eventually(lambda: len(flow.thread(card)) == 2)


def test_admins_may_act_on_any_case(flow, runtime):
    runtime.settings = runtime.settings.model_copy(update={"tactful_admins": "U0BOSS"})
    card = flow.open_case()
    boss = Actor(user_id="U0BOSS", user_name="boss", channel_id="C0ELSE", channel_name="else")
    flow.press(flow.thread(card)[-1], "case_step_done", boss)
    eventually(lambda: len(flow.thread(card)) == 2)


def test_private_channel_cases_are_invisible_to_non_members(flow):
    flow.slack.state.channels["C0PRIV"] = {"name": "secret", "is_private": True, "members": ["U0REP"]}
    flow.open_case(channel_id="C0PRIV", customer_name="Hidden Ltd")
    flow.open_case(customer_name="Public Inc")
    flow.command("list team", OUTSIDER)
    listing = text_of(flow.slack.wait_for("response_url")[0].args["blocks"])
    assert "Public Inc" in listing and "Hidden Ltd" not in listing
    for command in ("show BR-1", "summary BR-1", "log BR-1"):
        flow.command(command, OUTSIDER)
    answers = [c.args["text"] for c in flow.slack.wait_for("response_url", 4)[1:]]
    assert answers == ["There is no case BR-1 you can see."] * 3
    assert flow.slack.calls_to("files.completeUploadExternal") == []
    flow.command("list team", REP)
    assert "Hidden Ltd" in text_of(flow.slack.wait_for("response_url", 5)[4].args["blocks"])


RAW = ("<!channel>", "<!here>", "<https://evil", "<@U0BOSS>", "& <Co>")
LINK = "<https://evil|click>"


def _unescaped(calls) -> list[str]:
    """Every mrkdwn string Tactful sent (message texts and mrkdwn objects) that carries raw user markup."""
    found: list[str] = []

    def visit(node, key=""):
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(node.get("text", ""))
            for name, value in node.items():
                visit(value, name)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    for call in calls:
        if call.method in ("chat.postMessage", "chat.postEphemeral", "chat.update", "response_url"):
            found.append(str(call.args.get("text") or ""))
        visit(call.args)
    return [text for text in found if any(raw in text for raw in RAW)]


def test_user_text_reaches_no_slack_call_unescaped(flow):
    flow.command(f"new {NASTY} seats 140/100 renewal {LINK}")
    quick = flow.last_view()
    assert "&lt;https://evil|click&gt;" in text_of(quick["blocks"])
    card = flow.open_case(customer_name=NASTY, contact_name=LINK, products="*bold* <!here>",
                          account_id="<@U0BOSS>", unit_name="<!here>", contact_email="")
    assert card["blocks"][0]["text"] == {"type": "plain_text", "text": f"BR-1 · {NASTY}", "emoji": False}
    flow.press(flow.thread(card)[-1], "case_step_skip")
    flow.submit(flow.last_view(), {"reason": f"{NASTY} {LINK}"})
    eventually(lambda: len(flow.thread(card)) == 2)
    classify = flow.thread(card)[-1]
    choice = next(e["action_id"] for b in classify["blocks"] for e in b.get("elements", [])
                  if e.get("text", {}).get("text", "").startswith("Growth"))
    flow.press(classify, choice)
    eventually(lambda: len(flow.thread(card)) == 3)
    flow.press(flow.thread(card)[-1], "case_draft_email")
    draft = flow.last_view()
    body_id = next(b["block_id"] for b in draft["blocks"] if b.get("block_id", "").startswith("body"))
    subject_id = next(b["block_id"] for b in draft["blocks"] if b.get("block_id", "").startswith("subject"))
    typed = {subject_id: NASTY, body_id: f"Thanks {NASTY}, see {LINK}. You violated the EULA!!!"}
    action = {"action_id": "case_draft_recheck", "block_id": "draft_tools", "type": "button", "value": "r"}
    flow.app.send(flow.requests.block_actions(action, REP, view={**draft, "state": {"values": state_values(
        draft, typed)}}))
    rechecked = flow.last_view("views.update")
    assert "You violated" in text_of(rechecked["blocks"])
    for command in ("list", "show BR-1", "log BR-1", "summary BR-1"):
        flow.command(command)
    garbled = flow.command(f"show {NASTY}").json()["text"]
    assert garbled.startswith("&lt;!channel&gt; is not a case id")
    flow.command(f"{NASTY} {LINK}", command="/tone")
    flow.command("close BR-1")
    flow.submit(flow.last_view(), {"outcome": "churned", "note": f"{NASTY} {LINK}"})
    eventually(lambda: any("Case closed" in c.args.get("text", "") for c in flow.slack.calls_to("chat.postMessage")))
    flow.command("log BR-1")
    flow.app.send(flow.requests.event({"type": "app_home_opened", "user": "U0REP", "tab": "home"}))
    flow.slack.wait_for("views.publish")
    flow.slack.wait_for("response_url", 6)
    shown = text_of([c.args for c in flow.slack.calls if c.method != "upload"])
    assert "&lt;!channel&gt; Acme &amp; &lt;Co&gt;" in shown and "&lt;!here&gt;" in shown
    assert "(note: &lt;!channel&gt;" in shown and "reason: &lt;!channel&gt;" in shown
    assert _unescaped(flow.slack.calls) == []
