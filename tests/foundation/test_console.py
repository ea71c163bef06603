"""The offline console, driven through a pipe as a newcomer's script would."""
from __future__ import annotations

from tests.foundation.test_configuration import run_app


def test_console_prints_the_help_and_exits_cleanly(tmp_path):
    result = run_app(tmp_path, input_text="/breach help\nquit\n")
    assert result.returncode == 0, result.stderr
    assert "Tactful: /breach" in result.stdout
    assert "/breach help shows this again" in result.stdout
    assert (tmp_path / "data" / "tactful.sqlite3").exists()


def test_console_answers_unknown_input_without_crashing(tmp_path):
    result = run_app(tmp_path, "console", input_text="/breach frobnicate\n42\nsubmit\nhelp\n")
    assert result.returncode == 0, result.stderr
    assert "Tactful: /breach" in result.stdout
    assert "There is no button 42" in result.stdout
    assert "No form is open" in result.stdout
    assert "press the button" in result.stdout
