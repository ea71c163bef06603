"""manifest.yaml creates the Slack app this code expects."""
from __future__ import annotations

from pathlib import Path

import yaml

MANIFEST = yaml.safe_load((Path(__file__).resolve().parents[2] / "manifest.yaml").read_text())


def test_commands_and_shortcuts_match_the_listeners():
    features = MANIFEST["features"]
    assert {c["command"] for c in features["slash_commands"]} == {"/breach", "/tone"}
    assert {(s["type"], s["callback_id"]) for s in features["shortcuts"]} == {
        ("global", "new_case"), ("message", "check_tone")}
    assert features["app_home"]["home_tab_enabled"] is True


def test_every_url_points_at_the_events_endpoint():
    settings = MANIFEST["settings"]
    urls = [c["url"] for c in MANIFEST["features"]["slash_commands"]]
    urls += [settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"]]
    assert all(url.endswith("/slack/events") for url in urls)
    assert settings["socket_mode_enabled"] is True


def test_scopes_cover_what_the_bot_calls():
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "users:read", "files:write", "im:write", "metadata.message:read"} <= scopes
    assert {"app_home_opened", "message.im"} <= set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
