"""The malformed-playbook corpus: every file is refused with its exact, positioned message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from playbooks.loader import load_file, load_paths

CORPUS = Path(__file__).parent / "malformed"

EXPECTED = {
    "bad-yaml-syntax.yaml": [
        "5:7: invalid YAML: did not find expected ',' or ']'",
    ],
    "choices-and-next.yaml": [
        "28:11: step 'classify' has choices, so it cannot also have 'next'",
    ],
    "dangling-choice-target.yaml": [
        "32:50: no step 'agrement' to go to (did you mean 'agreement'?)",
    ],
    "dangling-next.yaml": [
        "14:11: no step 'escalate' to go to",
    ],
    "duplicate-option.yaml": [
        "33:16: duplicate option id 'willful' in step 'classify'",
    ],
    "duplicate-step-id.yaml": [
        "37:9: duplicate step id 'verify' (first used on line 11)",
    ],
    "duplicate-yaml-key.yaml": [
        "3:1: duplicate key 'title' in the playbook",
    ],
    "email-without-subject.yaml": [
        "16:9: email template of step 'verify' needs a 'subject'",
    ],
    "empty-file.yaml": [
        '1:1: file is empty; a playbook needs an id and steps',
    ],
    "enum-without-values.yaml": [
        "9:11: fact 'intent' is an enum and needs a non-empty 'values' list",
    ],
    "id-with-spaces.yaml": [
        "1:5: playbook id 'Sample Playbook' must use lowercase letters, digits, '-' and '_'",
    ],
    "jinja-syntax-error.yaml": [
        "19:11: template does not parse: unexpected '}'",
    ],
    "loop-without-exit.yaml": [
        '25:9: steps loop with no way to finish: classify -> agreement -> classify',
    ],
    "min-above-max.yaml": [
        "8:45: max of fact 'licensed_units' is below its min",
    ],
    "min-on-text-fact.yaml": [
        "7:36: only number facts take 'min'; fact 'customer_name' is text",
    ],
    "not-utf8.yaml": [
        '13:28: file is not valid UTF-8 (byte 0xe9); save it as UTF-8',
    ],
    "offset-in-words.yaml": [
        "23:14: due 'three days after step_done' does not parse; write e.g. '3 business days "
        "after step_done' or 'on agreement_date'",
    ],
    "offset-too-large.yaml": [
        "23:14: offset '5000 days after step_done' is more than 366 days",
    ],
    "offset-unknown-anchor.yaml": [
        "23:14: unknown anchor 'agrement_date': use case_opened, step_done or a date fact "
        "(did you mean 'agreement_date'?)",
    ],
    "playbook-without-id.yaml": [
        "1:1: the playbook is missing required key 'id'",
    ],
    "python-internals-subscript.yaml": [
        "16:18: template reaches for Python internals ('__class__'); templates may only use "
        "facts and filters",
    ],
    "python-internals.yaml": [
        "19:11: template reaches for Python internals ('__class__', '__mro__'); templates may "
        "only use facts and filters",
    ],
    "record-undeclared.yaml": [
        "36:15: record 'agreed_on' is not a declared fact",
    ],
    "reminder-in-weeks.yaml": [
        "24:18: reminder '2 weeks before' does not parse; write e.g. '2 business days before' "
        "or 'on the day'",
    ],
    "required-not-bool.yaml": [
        "9:42: required of fact 'agreement_date' must be true or false, not text",
    ],
    "single-option.yaml": [
        "31:9: choices of step 'classify' need at least two options",
    ],
    "step-called-end.yaml": [
        "33:9: 'end' is reserved for finishing the playbook; rename the step",
    ],
    "step-without-id.yaml": [
        "25:5: step 2 is missing required key 'id'",
    ],
    "steps-not-a-list.yaml": [
        '11:3: steps must be a list, not a mapping',
    ],
    "suggest-from-unknown-fact.yaml": [
        "30:21: suggest_from names 'intnet', which is not a declared fact",
    ],
    "tab-indentation.yaml": [
        '12:1: tab character in indentation; indent YAML with spaces',
    ],
    "title-is-a-number.yaml": [
        '2:8: title must be text, not a number; put it in quotes',
    ],
    "top-level-list.yaml": [
        '1:1: the playbook must be a mapping, not a list',
    ],
    "two-documents.yaml": [
        "37:1: invalid YAML: a playbook file holds one YAML document; remove the second '---'",
    ],
    "undeclared-fact.yaml": [
        "19:11: template uses fact 'licenced_units', which the playbook does not declare (did "
        "you mean 'licensed_units'?)",
    ],
    "unknown-breach-kind.yaml": [
        "4:14: breach kind is 'seat_overrage', not one of seat_overage, usage_overage, "
        "unlicensed_module, expired_licence, shared_credentials, excluded_environment (did "
        "you mean 'seat_overage'?)",
    ],
    "unknown-channel.yaml": [
        "15:7: unknown channel 'sms' in templates of step 'verify'",
    ],
    "unknown-fact-type.yaml": [
        "8:26: type of fact 'licensed_units' is 'integer', not one of int, money, percent, "
        "date, text, enum (did you mean 'int'?)",
    ],
    "unknown-filter.yaml": [
        "19:11: unknown filter 'monye' (did you mean 'money'?)",
    ],
    "unknown-intent.yaml": [
        "5:9: intent is 'malicious', not one of inadvertent, willful, any",
    ],
    "unknown-remedy-in-template.yaml": [
        "46:9: template compares chosen_remedy with 'add_seat', which is not a remedy of this "
        "playbook (did you mean 'add_seats'?)",
    ],
    "unknown-step-key.yaml": [
        "27:5: unknown key 'guidence' in step 'classify' (did you mean 'guidance'?)",
    ],
    "unknown-top-key.yaml": [
        "3:1: unknown key 'sumary' in the playbook (did you mean 'summary'?)",
    ],
    "unreachable-step.yaml": [
        "38:9: step 'orphan' cannot be reached from the first step 'verify'",
    ],
    "yaml-alias.yaml": [
        "7:18: fact 'contact_name': YAML aliases are not supported; write the value out",
    ],
}


def _messages(path: Path) -> list[str]:
    playbook, errors, _ = load_file(path)
    assert playbook is None
    assert all(e.file == str(path) for e in errors)
    return [f"{e.line}:{e.column}: {e.message}" for e in errors]


def test_corpus_is_large_and_fully_covered() -> None:
    assert len(EXPECTED) >= 25
    assert sorted(p.name for p in CORPUS.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_gives_its_exact_message(name: str) -> None:
    assert _messages(CORPUS / name) == EXPECTED[name]


def test_error_string_is_file_line_column_message() -> None:
    path = CORPUS / "unknown-top-key.yaml"
    _, errors, _ = load_file(path)
    assert str(errors[0]) == f"{path}:3:1: unknown key 'sumary' in the playbook " \
        "(did you mean 'summary'?)"


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("id: big\n" + "# padding to make the file far too large\n" * 125_000)
    assert big.stat().st_size > 5_000_000
    assert _messages(big) == ["1:1: file is 5.1 MB; a playbook may be at most 1.0 MB"]


def test_broken_files_are_skipped_and_the_rest_still_load(tmp_path: Path) -> None:
    for name in ("loop-without-exit.yaml", "not-utf8.yaml", "tab-indentation.yaml"):
        shutil.copy(CORPUS / name, tmp_path / name)
    good = (CORPUS / "unreachable-step.yaml").read_text().replace(
        "    next: end\n  - id: orphan\n    title: Orphan\n    guidance: Nobody comes here.\n", "")
    (tmp_path / "good.yaml").write_text(good)
    library = load_paths([tmp_path])
    assert list(library.playbooks) == ["sample"]
    assert sorted(Path(e.file).name for e in library.errors) == [
        "loop-without-exit.yaml", "not-utf8.yaml", "tab-indentation.yaml"]


def test_second_file_with_the_same_playbook_id_is_reported(tmp_path: Path) -> None:
    text = (CORPUS / "unreachable-step.yaml").read_text().replace(
        "    next: end\n  - id: orphan\n    title: Orphan\n    guidance: Nobody comes here.\n", "")
    (tmp_path / "a.yaml").write_text(text)
    (tmp_path / "b.yaml").write_text(text)
    library = load_paths([tmp_path])
    assert list(library.playbooks) == ["sample"]
    assert [str(e) for e in library.errors] == [
        f"{tmp_path / 'b.yaml'}:1:5: playbook id 'sample' is already used by {tmp_path / 'a.yaml'}"]


def test_missing_path_is_reported(tmp_path: Path) -> None:
    library = load_paths([tmp_path / "nowhere"])
    assert [e.message for e in library.errors] == ["no such file or directory"]
