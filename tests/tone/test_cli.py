"""The `tone` command: readable report, --json, --jsonl, stdin, exit codes, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tone.cli import tone_command

app = typer.Typer()
app.command("tone")(tone_command)
app.command("other")(lambda: None)  # a second command keeps "tone" as a real sub-command
runner = CliRunner()


def invoke(*args: str, stdin: str | None = None):
    return runner.invoke(app, ["tone", *args], input=stdin)


def test_readable_report_for_a_good_draft(tmp_path: Path, first_contact_email: str) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(first_contact_email)
    result = invoke(str(draft))
    assert result.exit_code == 0, result.output
    assert "READY" in result.output and "Readability" in result.output


def test_rewrite_verdict_exits_1_and_lists_findings(tmp_path: Path, hostile_email: str) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(hostile_email)
    result = invoke(str(draft))
    assert result.exit_code == 1
    assert "REWRITE" in result.output
    assert "why:" in result.output and "instead:" in result.output
    assert "you failed to" in result.output


def test_stdin_and_json(hostile_email: str) -> None:
    result = invoke("-", "--json", stdin=hostile_email)
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["verdict"] == "rewrite"
    for finding in data["findings"]:
        assert hostile_email[finding["start"]:finding["end"]] == finding["text"]


def test_jsonl_batch(first_contact_email: str, hostile_email: str) -> None:
    lines = "\n".join(json.dumps({"id": i, "text": t}) for i, t in [("good", first_contact_email),
                                                                   ("bad", hostile_email)])
    result = invoke("-", "--jsonl", stdin=lines + "\n\n")
    assert result.exit_code == 1
    reports = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["id"], r["verdict"]) for r in reports] == [("good", "ready"), ("bad", "rewrite")]


def test_jsonl_all_ready_exits_0() -> None:
    result = invoke("-", "--jsonl", stdin=json.dumps({"id": 1, "text": "Thanks, that works for us."}))
    assert result.exit_code == 0
    assert json.loads(result.output)["id"] == 1


def test_jsonl_bad_lines_are_reported_not_fatal() -> None:
    stdin = "not json\n" + json.dumps({"id": 2}) + "\n" + json.dumps({"id": 3, "text": "Fine."}) + "\n"
    result = invoke("-", "--jsonl", stdin=stdin)
    assert result.exit_code == 2
    out = [json.loads(line) for line in result.output.splitlines()]
    assert out[0]["line"] == 1 and "not valid JSON" in out[0]["error"]
    assert out[1]["line"] == 2 and '"text"' in out[1]["error"]
    assert out[2]["id"] == 3 and out[2]["verdict"] == "ready"


def test_escalation_context_option() -> None:
    text = "If the seats are not added by 30 June, your access to the module will be suspended."
    strict = json.loads(invoke("-", "--json", stdin=text).output)
    escalation = json.loads(invoke("-", "--json", "--context", "escalation", stdin=text).output)
    assert escalation["score"] > strict["score"]
    assert invoke("-", "--context", "angry", stdin=text).exit_code == 2


@pytest.mark.parametrize(("name", "message"), [("missing.txt", "no such file"), (".", "is a directory")])
def test_unreadable_file_is_a_clear_error(tmp_path: Path, name: str, message: str) -> None:
    result = invoke(str(tmp_path / name))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_binary_file_does_not_crash(tmp_path: Path) -> None:
    draft = tmp_path / "junk.bin"
    draft.write_bytes(bytes(range(256)) * 40)
    result = invoke(str(draft), "--json")
    assert result.exit_code in (0, 1)
    json.loads(result.output)


def test_broken_team_lexicon_is_a_clear_error(team_lexicon) -> None:
    folder = team_lexicon(bad="entries:\n  - {pattern: 'oops(', category: jargon, why: Broken.}\n")
    result = invoke("-", stdin="Hello there.")
    assert result.exit_code == 2
    assert "team word list" in result.output and str(folder / "bad.yaml") in result.output
    assert "invalid pattern" in result.output and "Traceback" not in result.output


def test_importing_the_cli_stays_cheap() -> None:
    import subprocess
    import sys

    code = ("import sys; import tone.cli; heavy = [m for m in ('rich', 'textstat', 'yaml', 'tone.checker') "
            "if m in sys.modules]; print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_root_cli_runs_the_tone_command(tmp_path: Path, hostile_email: str) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    draft = tmp_path / "draft.txt"
    draft.write_text(hostile_email)
    result = subprocess.run([sys.executable, "app.py", "tone", str(draft), "--json"], cwd=root,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["verdict"] == "rewrite"
