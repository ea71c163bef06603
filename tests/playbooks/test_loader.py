from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from playbooks.loader import ENV_VAR, load_file, load_library
from playbooks.models import Playbook
from playbooks.render import render_step
from playbooks.template_check import check_template, skeleton

README = Path(__file__).parents[2] / "playbooks" / "README.md"
FACTS = frozenset({"customer_name", "units", "items"})


def _readme_example() -> str:
    return re.search(r"```yaml\n(.*?)```", README.read_text(), re.DOTALL).group(1)


def test_readme_example_is_a_valid_playbook(make_playbook: Callable[[str], Playbook]) -> None:
    playbook = make_playbook(_readme_example())
    assert playbook.id == "module-in-use"
    assert [s.id for s in playbook.steps] == ["verify", "classify", "first-contact", "agreement"]
    assert set(playbook.remedies) == {"license_module", "switch_off"}
    letter = render_step(playbook, "agreement", "letter", {
        "contact_name": "Ana", "rep_name": "Dana", "agreement_date": "2027-01-04",
        "chosen_remedy": "switch_off", "switch_off_by": "2027-01-15"})
    assert "switch the module off by 15 January 2027" in letter.body


def test_extra_directories_from_the_environment(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "module.yaml").write_text(_readme_example())
    (second / "other.yml").write_text(_readme_example().replace("id: module-in-use", "id: other"))
    monkeypatch.setenv(ENV_VAR, os.pathsep.join([str(first), "", str(second)]))
    library = load_library()
    assert library.errors == []
    assert {"module-in-use", "other", "seat-overage"} <= set(library.playbooks)
    assert library.playbooks["other"].source == second / "other.yml"


def test_skeleton_keeps_tags_and_line_breaks_only() -> None:
    source = "Hello {{ customer_name }},\nyou have {{ units | count('seats') }}.\n{% if x %}a{% endif %}"
    assert skeleton(source) == "{{ customer_name }}\n{{ units | count('seats') }}\n{% if x %}{% endif %}"
    for unsafe in ("a } b {{ x }}", "{{ {'a': 1} }}", "{% raw %}{{ x }}{% endraw %}", "{{ '}}' }}"):
        assert skeleton(unsafe) == unsafe


def test_prose_does_not_change_the_check_but_tags_do() -> None:
    one = check_template("Dear {{ custmer_name }},\nthanks", FACTS)
    two = check_template("Hello there {{ custmer_name }},\nmany thanks", FACTS)
    assert one == two
    assert one[0].message == ("template uses fact 'custmer_name', which the playbook does not "
                              "declare (did you mean 'customer_name'?)")
    assert check_template("line one\n\n{{ units }\n", FACTS)[0].line == 3


@pytest.mark.parametrize("source, message", [
    ("{% for i in items %}{{ loop.index }}: {{ i }}{% endfor %}", None),
    ("{% set total = units * 2 %}{{ total }}", None),
    ("{{ units if units is defined else 0 }}", None),
    ("{{ units is odd_number }}", "unknown test 'odd_number' (did you mean 'number'?)"),
    ("{{ units | lenght }}", "unknown filter 'lenght' (did you mean 'length'?)"),
    ("{{ cycler }}", "template uses fact 'cycler', which the playbook does not declare"),
    ("{{ {'a': ''.__class__} }}", "template reaches for Python internals ('__class__')"),
])
def test_template_checks(source: str, message: str | None) -> None:
    problems = check_template(source, FACTS)
    assert [p.message.split(";")[0] for p in problems] == ([message] if message else [])


def test_remedy_ids_compared_with_chosen_remedy_must_exist() -> None:
    remedies = frozenset({"add_seats", "switch_off"})
    ok = '{% if chosen_remedy in ["add_seats", "switch_off"] %}x{% endif %}'
    assert check_template(ok, frozenset({"chosen_remedy"}), remedies) == []
    bad = '{% if "switch_of" != chosen_remedy %}x{% endif %}'
    assert [p.message for p in check_template(bad, frozenset({"chosen_remedy"}), remedies)] == [
        "template compares chosen_remedy with 'switch_of', which is not a remedy of this "
        "playbook (did you mean 'switch_off'?)"]


def test_library_files_load_one_by_one() -> None:
    for path in sorted((Path(__file__).parents[2] / "playbooks" / "library").glob("*.yaml")):
        playbook, errors, _ = load_file(path)
        assert errors == [] and playbook is not None and playbook.id == path.stem


def test_tab_after_spaces_is_pointed_at(tmp_path: Path) -> None:
    path = tmp_path / "tabs.yaml"
    path.write_text("id: x\nsteps:\n  -\tid: a\n    \ttitle: A\n")
    _, errors, _ = load_file(path)
    assert [f"{e.line}:{e.column}: {e.message}" for e in errors] == [
        "4:5: tab character in indentation; indent YAML with spaces"]
