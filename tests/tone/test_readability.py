"""tone.readability counts the text once, yet its figures must be exactly textstat's."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tone.evaluation import load_samples
from tone.readability import _textstat as textstat
from tone.readability import document_figures

DATA = Path(__file__).with_name("data")
ODD_TEXTS = [
    "Hello.",
    "- - - . ! ? ok",
    "Go - - now. Stop !",
    "Yes. No. Maybe so. We counted 140 seats; the plan has 100.",
    "It's the customers' 'seats' -- they're fine... aren't they?!",
    "Über-große Lizenzen — 20 % mehr als gekauft. Danke!",
    "A — b — c. The quick brown fox jumps over the lazy dog.",
    "Réconciliation, vérification et documentation nécessaires.",
    "\n\nPer my last email!!!\n\n* 140 seats\n* 100 licences\n",
    "'Quoted' words and 'tis the season; rock 'n' roll.",
]


def texts() -> list[str]:
    sentences = [t for path in sorted(DATA.glob("*.yaml")) for t, _ in load_samples(path)]
    rng = random.Random(11)
    drafts = [" ".join(rng.sample(sentences, 12)) for _ in range(40)]
    return ODD_TEXTS + sentences[::7] + drafts


@pytest.mark.parametrize("text", texts())
def test_figures_equal_textstats(text: str) -> None:
    figures = document_figures(text, [])
    assert figures.words == textstat.lexicon_count(text)
    assert figures.sentences == textstat.sentence_count(text)
    assert figures.flesch_reading_ease == round(textstat.flesch_reading_ease(text), 1)
    assert figures.flesch_kincaid_grade == round(textstat.flesch_kincaid_grade(text), 1)
    assert figures.gunning_fog == round(textstat.gunning_fog(text), 1)


def test_text_without_words_has_no_figures() -> None:
    figures = document_figures("- - - . ! ?", [])
    assert (figures.words, figures.sentences, figures.flesch_reading_ease, figures.gunning_fog) == (0, 0, 0.0, 0.0)
