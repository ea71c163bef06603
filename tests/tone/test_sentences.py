"""Sentence spans: abbreviations do not end a sentence, in ASCII and in accented text alike."""

from __future__ import annotations

import pytest

from tone.sentences import split


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split(text)]


@pytest.mark.parametrize("prefix", ["", "Café team: "])
def test_abbreviations_do_not_end_a_sentence(prefix: str) -> None:
    text = f"{prefix}Dr. Smith met Mr. Jones on Sept. 3 about approx. 40 seats, e.g. the U.S. team. Thanks!"
    assert sentences(text) == [text[: text.index(" Thanks")], "Thanks!"]


def test_ordinary_full_stops_split() -> None:
    assert sentences("We counted 140 seats. Your plan has 100. Über 40 mehr.") == [
        "We counted 140 seats.", "Your plan has 100.", "Über 40 mehr."
    ]


def test_a_single_letter_before_a_stop_is_an_initial() -> None:
    assert sentences("Plan B. covers it") == ["Plan B. covers it"]
