"""Tactful in HTTP mode, driven by signed requests over real HTTP."""
from __future__ import annotations

import shutil
import time

from slack_bolt import App
from sqlalchemy import text

from bot.slack.errors import guarded
from bot.slack.local import Actor, RequestFactory
from db.engine import make_engine
from tests.support.http_app import RunningApp


def test_breach_help_is_answered_quickly_and_reaches_the_user(running_app, slack_requests):
    reply = running_app.send(slack_requests.slash_command("/breach", "help"))
    assert reply.status == 200
    assert reply.elapsed < 3.0
    answer = reply.json()
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][0]["type"] == "header"
    assert "/breach help" in str(answer["blocks"])


def test_unknown_subcommand_gets_the_help(running_app, slack_requests):
    reply = running_app.send(slack_requests.slash_command("/breach", "frobnicate the widgets"))
    assert reply.status == 200
    assert reply.json()["blocks"][0]["text"]["text"] == "Tactful: /breach"


def test_tone_help(running_app, slack_requests):
    reply = running_app.send(slack_requests.slash_command("/tone", "help"))
    assert reply.json()["blocks"][0]["text"]["text"] == "Tactful: /tone"


def test_bad_signature_is_refused(running_app, slack_requests):
    good = slack_requests.slash_command("/breach", "help")
    forged = type(good)(body=good.body, headers={**good.headers, "X-Slack-Signature": "v0=" + "0" * 64})
    assert running_app.send(forged).status == 401


def test_body_tampered_after_signing_is_refused(running_app, slack_requests):
    good = slack_requests.slash_command("/breach", "help")
    tampered = type(good)(body=good.body.replace("help", "list"), headers=good.headers)
    assert running_app.send(tampered).status == 401


def test_stale_timestamp_is_refused(running_app, slack_requests):
    stale = int(time.time()) - 6 * 60
    good = slack_requests.slash_command("/breach", "help")
    replayed = slack_requests.sign(good.body, timestamp=stale, **{"Content-Type": good.headers["Content-Type"]})
    assert running_app.send(replayed).status == 401


def _add_failing_command(app: App) -> None:
    @app.command("/explode")
    def explode(ack, command):
        raise RuntimeError("boom before ack")

    def explode_later(ack, command):
        ack()
        raise RuntimeError("boom after ack")

    app.command("/explode-later")(guarded(explode_later))


def test_a_listener_that_raises_gives_a_reference_and_the_server_keeps_serving(
    running_app, slack_requests, fake_slack, caplog
):
    _add_failing_command(running_app.app)
    reply = running_app.send(slack_requests.slash_command("/explode", ""))
    assert reply.status == 200
    message = reply.json()["text"]
    assert "ERR-" in message
    reference = message.split("`")[1]
    assert any(reference in record.getMessage() and record.exc_info for record in caplog.records)

    running_app.send(slack_requests.slash_command("/explode-later", ""))
    [posted] = fake_slack.wait_for("response_url")
    assert "ERR-" in posted.args["text"] and posted.args["response_type"] == "ephemeral"

    assert running_app.send(slack_requests.slash_command("/breach", "help")).status == 200


def test_healthz_follows_the_database(running_app):
    reply = running_app.get("/healthz")
    assert reply.status == 200 and reply.json() == {"ok": True, "database": "up"}


def test_healthz_turns_503_when_the_database_is_gone(runtime, database_url, tmp_path):
    if database_url.startswith("sqlite"):
        home = tmp_path / "vanishing"
        home.mkdir()
        engine = make_engine(f"sqlite:///{home / 'db.sqlite3'}")
    else:
        engine = make_engine(database_url)
    runtime.engine = engine
    app = App(signing_secret="x", token_verification_enabled=False, token="xoxb-x")
    running = RunningApp(app, runtime)
    try:
        assert running.get("/healthz").status == 200
        if database_url.startswith("sqlite"):
            engine.dispose()
            shutil.rmtree(home)
        else:
            name = engine.url.database
            engine.dispose()
            admin = make_engine(database_url.rsplit("/", 1)[0] + "/postgres")
            with admin.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()
        reply = running.get("/healthz")
        assert reply.status == 503 and reply.json()["database"] == "down"
    finally:
        running.stop()


def test_unknown_path_is_404(running_app):
    assert running_app.get("/nope").status == 404


def test_other_users_get_their_own_help(running_app, slack_requests: RequestFactory):
    actor = Actor(user_id="U0OTHER", channel_id="C0ELSE")
    assert running_app.send(slack_requests.slash_command("/breach", "", actor)).status == 200
