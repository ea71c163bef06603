"""Readability works offline on a fresh machine: no nltk, no CMUdict, no network, no download."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tone import check
from tone.syllables import count_syllables

ROOT = Path(__file__).resolve().parents[2]
NO_NETWORK = """
import socket
def refuse(*args, **kwargs):
    raise OSError("network blocked by test")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
"""


def run_offline(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter with no network, an empty HOME and no nltk data dirs."""
    env = {"HOME": str(tmp_path), "NLTK_DATA": str(tmp_path / "nltk_data"), "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", NO_NETWORK + code], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)


def test_check_reports_readability_with_network_blocked(tmp_path: Path) -> None:
    result = run_offline(
        "import json, sys\n"
        "from tone import check\n"
        "r = check('The customer grew and added people. Our records show 140 seats in use.').readability\n"
        "print(json.dumps({'figures': r.to_dict(), 'nltk_loaded': 'nltk' in sys.modules}))\n",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["nltk_loaded"] is False
    assert out["figures"]["words"] == 13 and out["figures"]["sentences"] == 2
    assert 40 < out["figures"]["flesch_reading_ease"] < 100
    assert not list((tmp_path).rglob("cmudict*")), "nothing may be downloaded"


def test_unpatched_textstat_would_need_the_network(tmp_path: Path) -> None:
    """The problem being solved: textstat on its own tries to download CMUdict and fails offline."""
    result = run_offline("import textstat\nprint(textstat.flesch_reading_ease('Hello there, my friend.'))\n",
                         tmp_path)
    assert result.returncode != 0
    assert "cmudict" in result.stderr.lower() or "network blocked" in result.stderr


def test_in_process_check_makes_no_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("tone tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    report = check("Thanks for the quick reply; we counted 140 seats against 100 in the plan.")
    assert report.readability.words == 14
    assert "nltk" not in sys.modules


def test_textstat_uses_our_syllable_counts() -> None:
    text = "Reconciliation documentation necessitates verification."
    words = text.rstrip(".").split()
    syllables = sum(count_syllables(w) for w in words)
    expected = 206.835 - 1.015 * len(words) - 84.6 * syllables / len(words)
    assert check(text).readability.flesch_reading_ease == pytest.approx(expected, abs=0.06)
