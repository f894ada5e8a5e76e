"""Each annotation rule on text that is not from the seeds: the kind, not the examples."""

from __future__ import annotations

import pytest

from builder.annotate.lexicon import default_lexicon
from builder.annotate.registry import SourceRegistry
from builder.annotate.rules.sentences import split_text
from tests.annotate_helpers import annotate_text, chain, claim_starting


@pytest.mark.parametrize(("text", "expected"), [
    ("On Mar. 3 the U.S. Army said 1,200 troops left. Then they ran.",
     ["On Mar. 3 the U.S. Army said 1,200 troops left.", "Then they ran."]),
    ("He said: “The third big thing is mass desertions.” Then he left.",
     ["He said: “The third big thing is mass desertions.”", "Then he left."]),
    ("Балицкий сообщил, что 500 солдат бежали. Это произошло в пн. утром.",
     ["Балицкий сообщил, что 500 солдат бежали.", "Это произошло в пн. утром."]),
    ("The 247th Regt. was hit. Losses rose by 4.5% to 1,210.",
     ["The 247th Regt. was hit.", "Losses rose by 4.5% to 1,210."]),
])
def test_sentences_survive_abbreviations_quotes_numbers_and_cyrillic(
        text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_text(text, default_lexicon())] == expected


def test_sentences_never_span_paragraphs_and_fragments_without_verb_are_not_claims() -> None:
    report = annotate_text("""Title
    Russian troops abandoned the village of Robotyne on Monday, and
    the surrounding fields near the river
    """)
    texts = [c.text for c in report.claims]
    assert texts == ["Russian troops abandoned the village of Robotyne on Monday, and"]


def test_according_to_x_citing_y_puts_y_first_and_publisher_last() -> None:
    report = annotate_text("""Title
    Dozens of marines fled, according to the Kyiv Independent, citing the Telegram channel Astra.
    """, publisher="Example Daily")
    claim = claim_starting(report, "Dozens of marines")
    assert chain(claim) == [("Astra", "origin"), ("Kyiv Independent", "relay"),
                            ("Example Daily", "relay")]
    assert report.unknown_sources[0][0] in {"Astra", "Kyiv Independent"}


def test_x_reported_citing_y_and_x_told_z() -> None:
    report = annotate_text("""Title
    Three soldiers were detained, Interfax reported, citing a source in the local police.
    Two conscripts fled the unit, their mothers told the BBC.
    """)
    assert chain(claim_starting(report, "Three soldiers")) == [
        ("source in the local police", "origin"), ("Interfax", "relay")]
    assert chain(claim_starting(report, "Two conscripts")) == [
        ("mothers", "origin"), ("BBC", "relay")]


def test_title_is_dropped_from_a_named_person_and_a_surname_refers_back() -> None:
    report = annotate_text("""Title
    Regional governor Vyacheslav Gladkov said a drone hit a barracks overnight.
    Gladkov added that seven people were wounded.
    """)
    assert chain(claim_starting(report, "Regional governor")) == [("Vyacheslav Gladkov", "origin")]
    assert chain(claim_starting(report, "Gladkov added")) == [("Vyacheslav Gladkov", "origin")]


def test_continuation_inherits_until_the_publisher_speaks_in_its_own_voice() -> None:
    report = annotate_text("""Title
    A battalion refused to attack near Krynky, the General Staff said.
    The soldiers demanded rotation after four months.
    Krynky lies on the east bank of the Dnipro.
    The village was shelled again on Tuesday.
    """)
    assert claim_starting(report, "The soldiers demanded").status == "unverified"
    assert chain(claim_starting(report, "The soldiers demanded"))[0][0] == \
        "General Staff of the Armed Forces of Ukraine"
    assert claim_starting(report, "Krynky lies").status == "unsourced"
    assert claim_starting(report, "The village was shelled").status == "unsourced"


def test_topic_break_and_no_comment_end_the_attribution() -> None:
    report = annotate_text("""Title
    Ukrainian troops surrendered near Avdiivka, the Russian Defence Ministry said.
    The Ukrainian General Staff did not respond to a request for comment.
    Meanwhile, the army lost two tanks near Kupiansk.
    """)
    assert claim_starting(report, "The Ukrainian General Staff did not respond").status == \
        "unsourced"
    assert claim_starting(report, "Meanwhile").status == "unsourced"


def test_hedges_without_a_name_are_unverified_with_no_sources() -> None:
    report = annotate_text("""Title
    The commander was allegedly shot by his own men.
    Several officers are said to have fled to Rostov.
    """)
    for claim in report.claims:
        assert (claim.status, claim.sources) == ("unverified", [])
    assert claim_starting(report, "The commander").cues == ["allegedly"]


def test_writer_that_cannot_verify_is_a_relay_and_the_publisher_when_it_is_one() -> None:
    report = annotate_text("""Title
    Residents said a column of trucks left the base at night.
    The Institute for the Study of War cannot independently verify these reports.
    """, publisher="Institute for the Study of War")
    claim = claim_starting(report, "The Institute for the Study of War cannot")
    assert claim.status == "unverified"
    assert chain(claim) == [("residents", "origin"), ("Institute for the Study of War", "relay")]


def test_independent_confirmation_corroborates_but_a_lone_confirmation_does_not() -> None:
    report = annotate_text("""Title
    Partisans claimed a fuel depot burned in Melitopol.
    Satellite images reviewed by the outlet independently confirmed the fire.
    """)
    assert claim_starting(report, "Satellite images").status == "corroborated"
    alone = annotate_text("""Title
    The ministry confirmed that 20 soldiers died.
    """)
    assert claim_starting(alone, "The ministry").status == "unverified"


def test_questions_headings_and_calls_to_share_are_not_claims() -> None:
    report = annotate_text("""Title
    Is the army collapsing?
    Soldiers Flee the Front Line
    Share this article with your friends
    Officers reportedly deserted.
    """)
    assert [c.text for c in report.claims] == ["Officers reportedly deserted."]


def test_registry_alias_gives_the_canonical_name() -> None:
    report = annotate_text("""Title
    Zelenskyy said the counteroffensive had begun.
    """)
    assert chain(claim_starting(report, "Zelenskyy")) == [("Volodymyr Zelensky", "origin")]
    empty = annotate_text("""Title
    Zelenskyy said the counteroffensive had begun.
    """, registry=SourceRegistry())
    assert chain(claim_starting(empty, "Zelenskyy")) == [("Zelenskyy", "origin")]
    assert empty.unknown_sources == [("Zelenskyy", "Zelenskyy said the counteroffensive "
                                                   "had begun.")]


def test_according_to_after_a_speaker_wraps_it_and_quoted_by_relays() -> None:
    report = annotate_text("""Title
    The men told commanders they won't attack, according to intercepts released by Kharkiv group.
    The unit withdrew, according to a Ukrainian military source quoted by the Kyiv Post.
    """)
    assert [name for name, _ in chain(claim_starting(report, "The men told"))] == [
        "men", "intercepts", "Kharkiv group"]
    assert chain(claim_starting(report, "The unit withdrew")) == [
        ("Ukrainian military source", "origin"), ("Kyiv Post", "relay")]
