"""Bad configuration stops start-up with one clear line and exit code 2."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, Mode, load_settings, require_slack

ROOT = Path(__file__).resolve().parents[2]


def run_app(
    tmp_path: Path, *args: str, input_text: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    """`python app.py ARGS` in an empty directory with none of our variables set."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_", "TACTFUL_"))}
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py"), *args], input=input_text,
        cwd=tmp_path, env={**clean, **env}, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
          "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/nothing"}, "DATABASE_URL"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-wrong"}, "SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": "not-a-token", "SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "PORT": "99999"}, "PORT"),
    ],
)
def test_bad_configuration_prints_one_line_and_exits_2(tmp_path, env, names):
    result = run_app(tmp_path, "serve", **env)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and names in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_a_dotenv_file_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("SLACK_BOT_TOKEN", "PORT"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\nPORT=4001\n")
    settings = load_settings()
    assert settings.slack_bot_token.get_secret_value() == "xoxb-from-dotenv" and settings.port == 4001


def test_tokens_never_show_in_settings_repr():
    settings = load_settings(_env_file=None, slack_bot_token="xoxb-secret-value", slack_signing_secret="shh")
    assert "xoxb-secret-value" not in repr(settings) and "shh" not in repr(settings)


def test_socket_mode_needs_no_signing_secret():
    settings = load_settings(_env_file=None, slack_bot_token="xoxb-1", slack_app_token="xapp-1")
    assert settings.serve_mode() is Mode.SOCKET
    require_slack(settings, Mode.SOCKET)


def test_http_mode_without_signing_secret_is_refused():
    settings = load_settings(_env_file=None, slack_bot_token="xoxb-1")
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        require_slack(settings, Mode.HTTP)
