"""Odd input never crashes the checker, spans always index the original, markup is not scored."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tone import check
from tone.markup import mask


def assert_consistent(text: str) -> None:
    report = check(text)
    assert 0 <= report.score <= 100
    assert report.verdict in {"ready", "revise", "rewrite"}
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text
        assert finding.why
    for sentence in report.sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)


@pytest.mark.parametrize("text", ["", " ", "\n\n\t  \n", "\u200b\u00a0"])
def test_empty_and_blank_text(text: str) -> None:
    report = check(text)
    assert report.findings == [] and report.sentences == []
    assert report.readability.words == 0 and report.score == 100 and report.verdict == "ready"


def test_200_kb_of_text() -> None:
    paragraph = ("Our records show 140 seats against 100 licensed. You have violated the agreement. "
                 "Please reply ASAP, pursuant to clause 4. ")
    text = paragraph * (200_000 // len(paragraph))
    assert len(text) > 190_000
    report = check(text)
    assert_consistent(text)
    assert report.verdict == "rewrite"
    assert sum(f.category == "blame" for f in report.findings) == text.count("You have violated")


def test_200_kb_without_a_full_stop_is_one_sentence_and_still_quick() -> None:
    """Every match in one huge sentence used to search the whole sentence again for its `unless`
    (quadratic: about 40 s here); each `unless` is now searched once per sentence."""
    text = " ".join(["your", "licence", "will", "be", "suspended", "unless", "you", "pay"] * 4_500)
    assert len(text) > 200_000
    report = check(text)
    assert len(report.sentences) == 1
    assert sum(f.category == "threat" for f in report.findings) == 4_500
    assert all(text[f.start:f.end] == f.text for f in report.findings)


def test_binary_junk() -> None:
    junk = bytes(random.Random(7).randrange(256) for _ in range(20_000)).decode("latin-1")
    assert_consistent(junk)
    assert_consistent(junk.replace("\x00", "") + "\udcff\ud800 lone surrogates")


def test_emoji_and_non_english() -> None:
    for text in [
        "Thanks so much 🙏🎉 we'll sort the seats out together 👍",
        "Vielen Dank für Ihre Geduld. Wir haben 140 Nutzer gezählt, Ihr Vertrag umfasst 100.",
        "ご契約の席数は100席ですが、現在140名が利用しています。",
        "Спасибо! Мы насчитали 140 пользователей.",
        "شكراً لكم، لديكم ١٤٠ مستخدماً",
    ]:
        assert_consistent(text)
        assert not {f.category for f in check(text).findings} & {"blame", "threat", "pressure", "shouting"}


def test_slack_markup_is_not_scored_and_offsets_hold() -> None:
    text = (
        "Hi <@U12345|dana>, see <https://example.com/true-up?PVU=1|the TRUE-UP REPORT> and <#C0123|legal>.\n"
        "```\nERROR: LICENSE VIOLATION DETECTED (true-up required) !!!\n```\n"
        "The `ASAP_FLAG` is set by <!here>. Contact billing@example.com or http://example.com/EULA :rotating_light:\n"
        "*We can add the seats together* on _Friday_."
    )
    report = check(text)
    assert_consistent(text)
    assert report.findings == [], [(f.category, f.text) for f in report.findings]


def test_markup_keeps_words_inside_emphasis_checked() -> None:
    text = "Hi <@U1>, *you have violated* the terms."
    blame = [f for f in check(text).findings if f.category == "blame"]
    assert [f.text for f in blame] == ["you have violated"]


def test_mask_keeps_length_and_positions() -> None:
    text = "a <@U1> b ```x\ny``` c `z` d <https://q|label> e"
    masked = mask(text)
    assert len(masked) == len(text)
    assert masked.index("b") == text.index("b") and masked.index(" e") == text.index(" e")


def test_unclosed_code_block_and_stray_markup() -> None:
    for text in ["```never closed FINAL NOTICE", "< > <@ *** ___ ~~~ `", "*" * 5000, "!" * 10_000]:
        assert_consistent(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_gives_consistent_spans(text: str) -> None:
    assert_consistent(text)


WORDS = st.sampled_from([
    "you", "have", "violated", "FINAL", "NOTICE", "!!!", "pursuant", "to", "true-up", "ASAP", "<@U1>", "*", "`",
    "```", "legal", "action", "suspend", "your", "account", "\n", ".", ",", "we", "not", "no", "immediately",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=60).map(" ".join))
def test_lexicon_heavy_text_gives_consistent_spans(text: str) -> None:
    assert_consistent(text)
