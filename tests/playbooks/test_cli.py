from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from playbooks.cli import playbooks_app

HERE = Path(__file__).parent
runner = CliRunner()


def test_importing_the_cli_is_cheap() -> None:
    code = ("import sys, playbooks.cli; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'jinja2', 'rich', 'yaml'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_list_shows_the_library() -> None:
    result = runner.invoke(playbooks_app, ["list"])
    assert result.exit_code == 0
    assert "seat-overage" in result.output and "seat_overage" in result.output


def test_lint_reports_every_error_and_exits_1() -> None:
    result = runner.invoke(playbooks_app, ["lint", str(HERE / "malformed")])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(str(HERE))]
    assert len(lines) == len(list((HERE / "malformed").glob("*.yaml")))
    assert f"{HERE / 'malformed' / 'tab-indentation.yaml'}:12:1: tab character in indentation; " \
        "indent YAML with spaces" in lines


def test_lint_of_the_library_passes() -> None:
    result = runner.invoke(playbooks_app, ["lint"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("playbook(s) OK")


def test_show_prints_the_tree_with_branches_and_milestones() -> None:
    result = runner.invoke(playbooks_app, ["show", "seat-overage"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for text in ("verify", "? How did the extra seats come about?", "Disputes the figures",
                 "review-figures", "↪ continues at remedies", "Reply expected from the customer",
                 "3 business days after step_done"):
        assert text in result.output


def test_show_unknown_id_suggests_a_close_one() -> None:
    result = runner.invoke(playbooks_app, ["show", "seat-overag"])
    assert result.exit_code == 1
    assert "no playbook 'seat-overag' (did you mean 'seat-overage'?)" in result.output


def test_render_prints_every_channel_with_a_tone_verdict() -> None:
    result = runner.invoke(playbooks_app, ["render", "seat-overage", "first-contact",
                                           "--facts", str(HERE / "sample_facts.yaml")])
    assert result.exit_code == 0, result.output
    assert "Subject: Atlas Analytics: 140 seats in use, 100 seats in your plan" in result.output
    assert result.output.count("tone: ready") == 4


def test_render_with_a_missing_fact_or_bad_file_exits_1(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text("customer_name: Northwind\n")
    result = runner.invoke(playbooks_app, ["render", "seat-overage", "first-contact",
                                           "--facts", str(facts)])
    assert result.exit_code == 1
    assert "cannot render: step 'first-contact' of playbook 'seat-overage' needs the fact" \
        in result.output
    facts.write_text("- not a mapping\n")
    result = runner.invoke(playbooks_app, ["render", "seat-overage", "verify", "--facts", str(facts)])
    assert result.exit_code == 1 and "must be a mapping" in result.output
    result = runner.invoke(playbooks_app, ["render", "seat-overage", "verify",
                                           "--facts", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 1 and "cannot read facts file" in result.output


def test_render_shows_the_tone_findings_of_a_harsh_draft(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    (tmp_path / "harsh.yaml").write_text(
        "id: harsh\ntitle: Harsh\nsummary: Badly worded on purpose.\napplies_to: [seat_overage]\n"
        "intent: any\nfacts:\n  customer_name: {type: text}\nsteps:\n  - id: only\n"
        "    title: Only\n    guidance: Do not write like this.\n    templates:\n"
        "      slack: \"{{ customer_name }}, you violated the agreement. Pay ASAP!!!\"\n")
    facts = tmp_path / "facts.yaml"
    facts.write_text("customer_name: Acme\n")
    monkeypatch.setenv("TACTFUL_PLAYBOOKS", str(tmp_path))
    result = runner.invoke(playbooks_app, ["render", "harsh", "only", "--facts", str(facts)],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Acme, you violated the agreement." in result.output
    assert "tone: ready" not in result.output
    assert "blame “you violated”" in result.output
