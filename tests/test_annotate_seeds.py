"""The hard sentences of the seed reports get exactly the status and chain the guide gives."""

from __future__ import annotations

from tests.annotate_helpers import annotate_seed, chain, claim_starting


def test_worked_example_chain_runs_from_the_telegram_channels_to_the_outlet() -> None:
    report = annotate_seed("krasnodar", publisher=None)
    claim = claim_starting(report, "Around 100 soldiers reportedly tried to desert")
    assert claim.status == "unverified"
    assert chain(claim) == [("Baza", "origin"), ("Ostorozhno Novosti", "origin"),
                            ("Ukrainska Pravda", "relay")]
    assert claim.cues == ["reportedly", "according to", "citing"]
    assert report.clean.body[claim.start:claim.end] == claim.text


def test_worked_example_continuation_inherits_the_chain() -> None:
    report = annotate_seed("krasnodar", publisher=None)
    claim = claim_starting(report, "Seven of the soldiers managed to breach")
    assert claim.status == "unverified"
    assert chain(claim) == [("Baza", "origin"), ("Ostorozhno Novosti", "origin"),
                            ("Ukrainska Pravda", "relay")]


def test_hedge_with_nobody_named_is_unverified_with_no_sources() -> None:
    report = annotate_seed("krasnodar", publisher=None)
    for start in ("Separately, reports claim that an entire regiment",
                  "Russian courts have reportedly seen"):
        claim = claim_starting(report, start)
        assert (claim.status, claim.sources) == ("unverified", [])


def test_named_vague_group_and_opening_sentence() -> None:
    report = annotate_seed("krasnodar", publisher=None)
    assert chain(claim_starting(report, "As desertions mount")) == [("analysts", "origin")]
    assert claim_starting(report, "A dramatic mass desertion attempt").status == "unsourced"
    texts = [c.text for c in report.claims]
    assert not any("Share it here" in t for t in texts)


def test_continuation_sentences_of_the_partisan_group_inherit_atesh() -> None:
    report = annotate_seed("icaro", publisher="ICARO Media Group")
    went_on = claim_starting(report, "The Ukrainian partisan group went on to claim")
    assert went_on.status == "unverified"
    assert chain(went_on) == [("Dnepr group of forces", "origin"), ("ATESH", "relay"),
                              ("Newsweek", "relay"), ("ICARO Media Group", "relay")]
    revealed = claim_starting(report, "The Ukrainian partisan movement also revealed")
    assert chain(revealed)[0] == ("ATESH", "origin")


def test_newsweek_cannot_independently_verify_is_credited_along_the_report_chain() -> None:
    report = annotate_seed("icaro", publisher="ICARO Media Group")
    claim = claim_starting(report, "However, Newsweek cannot independently verify")
    assert claim.status == "unverified"
    assert "cannot independently verify" in claim.cues
    assert chain(claim) == [("ATESH", "origin"), ("Newsweek", "relay"),
                            ("ICARO Media Group", "relay")]


def test_source_named_inside_an_account_keeps_the_chain() -> None:
    report = annotate_seed("icaro", publisher="ICARO Media Group")
    claim = claim_starting(report, "The local population speculates")
    assert chain(claim) == [("local population", "origin"), ("ATESH", "relay"),
                            ("Newsweek", "relay"), ("ICARO Media Group", "relay")]


def test_atesh_also_adds_and_source_line_credit_the_whole_report() -> None:
    report = annotate_seed("atesh-russian-paratroopers", publisher=None)
    adds = claim_starting(report, '"ATESH" also adds that')
    assert (adds.status, chain(adds)) == ("unverified", [("ATESH", "origin")])
    # "Source: ATESH" credits sentences with no attribution of their own
    flat = claim_starting(report, "It is worth noting that some Russian invaders")
    assert (flat.status, chain(flat)) == ("unverified", [("ATESH", "origin")])


def test_quote_with_said_x_is_credited_to_the_speaker() -> None:
    report = annotate_seed("llb", publisher="London Loves Business")
    claim = claim_starting(report, "“In the Okhtirsky district of the Sumy region")
    assert claim.status == "unverified"
    assert chain(claim) == [("General Staff of the Armed Forces of Ukraine", "origin"),
                            ("London Loves Business", "relay")]
    follow = claim_starting(report, "“We are seeing evidence now")
    assert chain(follow)[0] == ("Paul Mason", "origin")


def test_us_official_who_corroborates_the_claims_is_corroborated() -> None:
    report = annotate_seed("llb", publisher="London Loves Business")
    claim = claim_starting(report, "Reuters reported a US official who corroborates")
    assert claim.status == "corroborated"
    assert chain(claim) == [("US official", "origin"), ("Reuters", "relay"),
                            ("London Loves Business", "relay")]
    also = claim_starting(report, "A US official also confirmed")
    assert also.status == "corroborated"
    assert chain(also)[:2] == [("US official", "origin"), ("Reuters", "relay")]


def test_sputnik_credits_governor_balitsky() -> None:
    report = annotate_seed("sputnik", publisher="Sputnik Africa")
    for start in ("Yevgeny Balitsky, Zaporozhye region's acting governor",
                  "The governor noted:", "Balitsky reported that", "He added that"):
        claim = claim_starting(report, start)
        assert claim.status == "unverified"
        assert chain(claim) == [("Yevgeny Balitsky", "origin"), ("Sputnik", "relay")]
    lukashenko = claim_starting(report, '"There is no [Ukrainian] counteroffensive,"')
    assert chain(lukashenko)[0] == ("Alexander Lukashenko", "origin")
    assert claim_starting(report, "Putin admitted").sources[0].name == "Vladimir Putin"


def test_every_claim_is_an_exact_substring_of_the_body() -> None:
    for part in ("krasnodar", "icaro", "llb", "sputnik", "atesh-russian"):
        report = annotate_seed(part, publisher=None)
        body = report.clean.body
        assert report.claims
        for claim in report.claims:
            assert body[claim.start:claim.end] == claim.text
            assert "\n" not in claim.text
