"""The console renders what the bot posts and lets the user press buttons and fill forms."""
from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from rich.console import Console

from bot.console.session import ConsoleSession
from tests.support.scripted_input import ScriptedInput

FORM = {
    "type": "modal",
    "callback_id": "demo_form",
    "title": {"type": "plain_text", "text": "Demo form"},
    "submit": {"type": "plain_text", "text": "Save"},
    "blocks": [
        {"type": "input", "block_id": "name", "label": {"type": "plain_text", "text": "Customer"},
         "element": {"type": "plain_text_input", "action_id": "value", "initial_value": "Acme"}},
        {"type": "input", "block_id": "kind", "label": {"type": "plain_text", "text": "Kind"},
         "element": {"type": "static_select", "action_id": "value", "options": [
             {"text": {"type": "plain_text", "text": "Seats"}, "value": "seats"},
             {"text": {"type": "plain_text", "text": "Usage"}, "value": "usage"}]}},
        {"type": "input", "block_id": "when", "label": {"type": "plain_text", "text": "Renewal"},
         "element": {"type": "datepicker", "action_id": "value"}},
    ],
}
PROMPT = "*Pick one* for &lt;!channel&gt; &amp; co, <!here>"


@pytest.fixture
def console_session(runtime) -> Iterator[tuple[ConsoleSession, io.StringIO, ScriptedInput]]:
    output = io.StringIO()
    script = ScriptedInput()
    session = ConsoleSession(runtime, Console(file=output, width=100, color_system=None), script)
    app = session.app

    @app.command("/demo")
    def demo(ack, client, command):
        ack()
        client.chat_postMessage(channel=command["channel_id"], text="Demo", blocks=[
            {"type": "section", "text": {"type": "mrkdwn", "text": PROMPT}},
            {"type": "actions", "block_id": "choices", "elements": [
                {"type": "button", "action_id": "pick_a", "value": "a",
                 "text": {"type": "plain_text", "text": "Alpha"}},
                {"type": "button", "action_id": "open_form", "value": "f",
                 "text": {"type": "plain_text", "text": "Open form"}}]}])

    @app.action("pick_a")
    def pick_a(ack, body, client):
        ack()
        client.chat_postMessage(channel=body["channel"]["id"], thread_ts=body["message"]["ts"],
                                text=f"pressed {body['actions'][0]['value']}")

    @app.action("open_form")
    def open_form(ack, body, client):
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=FORM)

    @app.view("demo_form")
    def save(ack, view, client, body):
        values = view["state"]["values"]
        if not values["when"]["value"]["selected_date"]:
            ack(response_action="errors", errors={"when": "Pick a date"})
            return
        ack()
        kind = values["kind"]["value"]["selected_option"]["value"]
        client.chat_postMessage(channel=body["user"]["id"], text=(
            f"saved {values['name']['value']['value']} {kind} {values['when']['value']['selected_date']}"))

    yield session, output, script
    session.close()


def test_buttons_are_numbered_and_pressing_one_runs_its_listener(console_session):
    session, output, _ = console_session
    session.handle("/demo")
    shown = output.getvalue()
    assert "Pick one for <!channel> & co, @here" in shown
    assert " 1  Alpha" in shown and " 2  Open form" in shown
    session.handle("1")
    assert "pressed a" in output.getvalue() and "in thread" in output.getvalue()


def test_forms_are_filled_field_by_field_and_errors_keep_the_form_open(console_session):
    session, output, script = console_session
    session.handle("/demo")
    session.handle("2")
    assert "Demo form" in output.getvalue()
    script.answers = ["", "2", ""]
    session.handle("submit")
    assert "Pick a date" in output.getvalue()
    assert session.view_stack, "the form stays open after errors"
    script.answers = ["Globex", "1", "2027-03-01"]
    session.handle("submit")
    assert "saved Globex seats 2027-03-01" in output.getvalue()
    assert not session.view_stack


def test_home_shows_the_published_app_home(console_session):
    session, output, _ = console_session
    session.handle("home")
    [published] = session.standin.calls_to("views.publish")
    header = published.args["view"]["blocks"][0]["text"]["text"]
    assert "── Tactful (App Home) ──" in output.getvalue() and header in output.getvalue()


def test_quit_ends_the_session(console_session):
    session, _, _ = console_session
    assert session.handle("quit") is False


def test_a_message_shortcut_runs_on_the_given_text(console_session):
    session, output, _ = console_session
    session.handle("shortcut check_tone You violated the agreement.")
    assert session.standin.calls_to("response_url"), "the report goes back to whoever asked"
    assert "only you can see this" in output.getvalue()
    assert "You violated" in output.getvalue() and "blame" in output.getvalue()
