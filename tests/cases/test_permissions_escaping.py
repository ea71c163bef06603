"""Permission refusals (ephemeral), private-channel cases hidden from non-members, escaping."""
from __future__ import annotations

from bot.slack.local import Actor
from tests.cases.conftest import REP, eventually, text_of

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


def test_user_text_shows_literally_everywhere(flow):
    card = flow.open_case(customer_name=NASTY, contact_name="<@U0BOSS> & co")
    assert card["blocks"][0]["text"]["text"] == f"BR-1 · {NASTY}"
    assert card["blocks"][0]["text"]["type"] == "plain_text"
    assert card["text"] == "BR-1: &lt;!channel&gt; Acme &amp; &lt;Co&gt;"
    assert "&lt;@U0BOSS&gt; &amp; co" in text_of(card["blocks"])
    flow.command("list")
    flow.command("summary BR-1")
    flow.app.send(flow.requests.event({"type": "app_home_opened", "user": "U0REP", "tab": "home"}))
    answers = flow.slack.wait_for("response_url", 2)
    home = flow.slack.wait_for("views.publish")[0].args["view"]
    for blocks in (answers[0].args["blocks"], answers[1].args["blocks"], home["blocks"], card["blocks"]):
        mrkdwn = _mrkdwn_texts(blocks)
        assert mrkdwn and not any("<!channel>" in t or "<@U0BOSS>" in t or "& <Co>" in t for t in mrkdwn)
    assert any("&lt;!channel&gt; Acme &amp; &lt;Co&gt;" in t for t in _mrkdwn_texts(home["blocks"]))


def _mrkdwn_texts(blocks):
    found = []

    def visit(node):
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(node["text"])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(blocks)
    return found
