"""Structural rules that carry over to unseen outlets: comment sections, author boxes, captions
before a wire dateline, question headlines, menus never giving the title, and article lines
broken mid-sentence surviving a "Read more" block."""

from __future__ import annotations

from builder.clean import clean
from builder.clean.metadata import date_line
from builder.readers.common import text_lines
from builder.records import CleanReport, RawReport

TITLE = "Ukrainian drones hit oil depot in Bryansk region, governor says"
PARAS = [
    "A Ukrainian drone attack set fire to an oil depot in Russia's Bryansk region overnight.",
    "The regional governor said debris had fallen on an industrial facility near the border.",
    "Kyiv did not comment on the strike, which came hours before a military parade.",
]


def cleaned(text: str) -> CleanReport:
    return clean(RawReport(source_file="r.txt", kind="txt", lines=text_lines(text)))


def rules_of(report: CleanReport) -> dict[str, str]:
    return {r.text: r.rule for r in report.removed}


def test_a_comment_section_goes_to_the_end_of_the_page() -> None:
    comments = ["37 comments", "Log in to comment", "", "Gerelma", "3 hours ago",
                "My brother is there too. Thank you for writing about us.", "", "Andrei P.",
                "17 Feb 2025 7.12", "The saddest thing I have read this month."]
    report = cleaned("\n\n".join([TITLE, "May 9, 2025", *PARAS]) + "\n\n" + "\n".join(comments))
    assert [p.text for p in report.paragraphs] == PARAS
    assert rules_of(report)["The saddest thing I have read this month."] == "box:comments"
    assert report.meta.date == "2025-05-09"  # a comment's stamp is not the report's date


def test_one_comment_counter_alone_does_not_open_a_section() -> None:
    report = cleaned("\n\n".join([TITLE, "May 9, 2025", PARAS[0], "12 comments", *PARAS[1:]]))
    assert [p.text for p in report.paragraphs] == PARAS


def test_author_box_goes_but_the_article_about_people_stays() -> None:
    bio = "Kateryna Denisova is a reporter at the Kyiv Independent, covering the front line."
    about_source = "Denisova is a common surname in the region, the governor said."
    text = "\n\n".join([TITLE, "by Kateryna Denisova", "May 9, 2025", *PARAS, about_source,
                        "Kateryna Denisova", bio])
    report = cleaned(text)
    assert report.meta.byline == "Kateryna Denisova"
    assert [p.text for p in report.paragraphs] == [*PARAS, about_source]
    assert rules_of(report)[bio] == "box:author"


def test_caption_between_byline_and_wire_dateline_goes_but_a_standfirst_stays() -> None:
    standfirst = "Ankara is hosting Russian and Ukrainian naval officials this week."
    caption = "A bulk carrier transits the Bosphorus in Istanbul, Turkey."
    first = "ANKARA — Turkish officials are hosting separate meetings with both navies."
    report = cleaned("\n\n".join([TITLE, standfirst, "By Ezgi Akin", "June 30, 2025", caption,
                                  first, *PARAS[1:]]))
    assert [p.text for p in report.paragraphs] == [standfirst, first, *PARAS[1:]]
    assert rules_of(report)[caption] == "box:caption"


def test_a_question_headline_is_the_title_and_menus_never_are() -> None:
    title = "What is Russia's 'shadow fleet' and can Europe stop it?"
    menu = "\n".join(["World", "AP Buyline Personal Finance", "AP Buyline Shopping",
                      "Press Releases", "My Account"])
    report = cleaned(menu + "\n\n" + "\n\n".join([title, "05/16/2025", *PARAS]))
    assert report.meta.title == title
    assert report.meta.date == "2025-05-16"  # month first when day first cannot be


def test_article_lines_broken_mid_sentence_survive_a_read_more_block() -> None:
    broken = ["The bodies of 909 fallen defenders have been returned to Ukraine as a result of",
              "repatriation measures, the coordination headquarters reported on Telegram."]
    text = "\n\n".join([TITLE, "May 9, 2025", PARAS[0], "Read more:"]) + "\n" + "\n".join(broken)
    report = cleaned(text + "\n\n" + "\n\n".join(PARAS[1:]))
    assert [p.text for p in report.paragraphs] == [PARAS[0], *broken, *PARAS[1:]]


def test_a_second_stamp_after_the_date_does_not_hide_it() -> None:
    assert date_line("September 3, 2025 11:26 AM GMT+3 Updated 52 mins ago") == "2025-09-03"


def test_an_outlets_recurring_sub_heading_inside_the_text_is_not_template() -> None:
    from builder.clean import clean_all
    from builder.config import CleanConfig
    from builder.records import Meta

    reports = [RawReport(source_file=f"{i}.txt", kind="txt", editor_meta=Meta(publisher="KI"),
                         lines=text_lines("\n\n".join([f"{TITLE} ({i})", "May 9, 2025", PARAS[0],
                                                       "Why it matters", *PARAS[1:]])))
               for i in range(3)]
    for report in clean_all(reports, CleanConfig(template_min_reports=3)):
        assert [p.text for p in report.paragraphs] == [PARAS[0], "Why it matters", *PARAS[1:]]


def test_a_standfirst_between_byline_and_dateline_is_not_a_caption() -> None:
    standfirst = "Officials warn the strikes on the port have cut grain exports by a fifth."
    first = "ODESA — Russian drones hit the port of Odesa overnight, the governor said."
    report = cleaned("\n\n".join([TITLE, "By Ezgi Akin", "June 30, 2025", standfirst, first,
                                  *PARAS[1:]]))
    assert [p.text for p in report.paragraphs] == [standfirst, first, *PARAS[1:]]


NEWS_SENTENCES_THAT_SOUND_LIKE_CHROME = [
    "Volunteers said every donation helps the army buy drones.",
    "“We need your help to rebuild,” the mayor said.",
    "Russians were urged to download the Max app, a state messenger.",
    "He posted a photo: Zelensky in a trench near Bakhmut.",
    "When using drones without permission, pilots face fines of up to 5,000 hryvnias.",
    "Listen: we are not going anywhere, the commander told his men.",
    "Share prices of Russian steelmakers fell by 4% after the strike.",
    "The channel asked readers to subscribe and send videos of the explosions.",
    "Comments by the Kremlin spokesman were later deleted from the ministry's website.",
    "Read more than 300 pages of the leaked documents and a pattern emerges, the analysts said.",
    "Related charges were brought against three officers of the same unit.",
    "Support for the war has fallen to 48%, according to the Levada Center.",
    "Follow-up strikes hit the same district two hours later.",
    "Kateryna Denisova, a nurse at the hospital, said she had treated 40 people.",
]


def test_news_sentences_that_sound_like_chrome_stay() -> None:
    lines = [TITLE, "May 9, 2025", PARAS[0]]
    for sentence in NEWS_SENTENCES_THAT_SOUND_LIKE_CHROME:
        lines += [sentence, PARAS[1]]
    report = cleaned("\n\n".join(lines))
    kept = {p.text for p in report.paragraphs}
    assert [s for s in NEWS_SENTENCES_THAT_SOUND_LIKE_CHROME if s not in kept] == []
