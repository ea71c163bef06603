"""Team word lists through TACTFUL_LEXICON: additions, the allow list, and clear errors."""

from __future__ import annotations

import pytest

from tone import LexiconError, check
from tone import lexicon as lexicon_module
from tone.lexicon import BUILTIN_DIR, load


def test_builtin_lexicon_loads_and_every_entry_explains_itself() -> None:
    lexicon = load(sorted(BUILTIN_DIR.glob("*.yaml")), check_all=True)
    assert len(lexicon.entries) > 50
    for index in range(len(lexicon.entries)):
        lexicon.scanner.compile_entry(index)
    for entry in lexicon.entries:
        assert entry.why.endswith(".")
        if entry.category in {"blame", "threat", "pressure", "jargon", "legalese", "vague"}:
            assert entry.suggestion, entry.source


def test_team_patterns_are_added(team_lexicon) -> None:
    team_lexicon(acme="""
entries:
  - pattern: "seat\\\\s+tax"
    category: jargon
    why: "Our internal name for the per-seat fee."
    suggestion: "Say 'the price per seat'."
    replacement: "price per seat"
  - pattern: "{party} forgot to renew"
    category: blame
    why: "It blames the customer for the lapse."
    suggestion: "Say when the plan ended."
acronyms: [ACME]
""")
    report = check("The seat tax applies. You forgot to renew. ACME is our name.")
    assert [(f.category, f.text, f.replacement) for f in report.findings] == [
        ("jargon", "seat tax", "price per seat"),
        ("blame", "You forgot to renew", None),
    ]


def test_allow_list_silences_a_builtin_entry(team_lexicon) -> None:
    text = "We will true-up the seats in July."
    assert "jargon" in {f.category for f in check(text).findings}
    team_lexicon(allow="allow:\n  - true-up\n")
    assert check(text).findings == []


def test_several_paths_separated_by_pathsep(tmp_path, monkeypatch) -> None:
    import os

    one, two = tmp_path / "one.yaml", tmp_path / "two.yml"
    one.write_text("entries:\n  - {pattern: widgetry, category: jargon, why: Internal word.}\n")
    two.write_text("allow:\n  - ASAP\n")
    monkeypatch.setenv("TACTFUL_LEXICON", f"{one}{os.pathsep}{two}")
    assert [f.category for f in check("Widgetry, ASAP.").findings] == ["jargon"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("entries: [\n", "not valid YAML"),
        ("entries: []\nentries:\n  - {pattern: abc, category: jargon, why: W.}\n", "keys repeated: ['entries']"),
        ("- just a list\n", "expected a mapping"),
        ("entrys: []\n", "unknown key(s) ['entrys']"),
        ("entries:\n  - {pattern: 'x(', category: jargon, why: W.}\n", "invalid pattern"),
        ("entries:\n  - {pattern: abc, category: rude, why: W.}\n", "category 'rude' is not one of"),
        ("entries:\n  - {pattern: abc, category: jargon}\n", "'why' is required"),
        ("entries:\n  - {pattern: 'a*', category: jargon, why: W.}\n", "matches empty text"),
        ("entries:\n  - {pattern: '{nosuch} x', category: jargon, why: W.}\n", "unknown macro {nosuch}"),
        ("entries:\n  - {pattern: '(?P<x>a)', category: jargon, why: W.}\n", "named groups"),
        ("entries:\n  - {pattern: 'the (?-i:Act)', category: jargon, why: W.}\n", "use 'case_sensitive: true'"),
        ("entries:\n  - {pattern: '(?<=a+)b', category: jargon, why: W.}\n", "look-behind requires fixed-width"),
        ("entries:\n  - {pattern: abc, category: jargon, why: W., colour: red}\n", "unknown key(s) ['colour']"),
        ("macros:\n  party: you\n", "macro 'party': defined twice"),
        ("entries: 3\n", "'entries' must be a list"),
    ],
)
def test_broken_team_lexicon_names_file_and_problem(team_lexicon, content: str, message: str) -> None:
    folder = team_lexicon(broken=content)
    with pytest.raises(LexiconError) as caught:
        check("Hello")
    assert str(folder / "broken.yaml") in str(caught.value)
    assert message in str(caught.value)


def test_error_points_at_the_line_of_the_bad_entry(team_lexicon) -> None:
    team_lexicon(lines="entries:\n"
                       "  - {pattern: fine, category: jargon, why: W.}\n"
                       "  - {pattern: 'bad(', category: jargon, why: W.}\n")
    with pytest.raises(LexiconError, match=r"lines\.yaml:3: entries\[1\]"):
        check("Hello")


def test_missing_team_path_is_reported(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("TACTFUL_LEXICON", str(tmp_path / "nowhere.yaml"))
    with pytest.raises(LexiconError, match="nowhere.yaml: no such file"):
        check("Hello")


TEAM_ENTRY = """
entries:
  - pattern: "{word}"
    category: jargon
    why: "Internal word."
"""


def test_unchanged_lists_load_from_the_cache_and_edits_are_seen(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    team = tmp_path / "team.yaml"
    team.write_text(TEAM_ENTRY.format(word="seat\\\\s+tax"), encoding="utf-8")
    paths = [*sorted(BUILTIN_DIR.glob("*.yaml")), team]
    first = load(paths)
    assert list((tmp_path / "cache" / "tactful").glob("tone-lexicon-*.marshal"))

    def no_yaml(*args: object) -> None:
        raise AssertionError("the YAML was read again")

    monkeypatch.setattr(lexicon_module, "_parsed_files", no_yaml)
    cached = load(paths)
    assert cached.entries == first.entries
    assert (cached.allow, cached.acronyms) == (first.allow, first.acronyms)
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    team.write_text(TEAM_ENTRY.format(word="seat\\\\s+levy"), encoding="utf-8")
    assert "seat\\s+levy" in {entry.pattern for entry in load(paths).entries}
    assert "seat\\s+tax" not in {entry.pattern for entry in load(paths).entries}
