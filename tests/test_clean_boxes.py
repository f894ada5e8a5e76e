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


def test_an_appeal_box_goes_whole_even_its_personal_opening() -> None:
    appeal = ["Hi, I'm Yuliia. I write about the people behind the front line.",
              "Independent reporting from Ukraine costs money, and we don't take it from "
              "oligarchs.", "More than 20,000 members already help us. Will you join them?",
              "Become a member", "Maybe later"]
    report = cleaned("\n\n".join([TITLE, "May 9, 2025", PARAS[0], "\n".join(appeal),
                                  *PARAS[1:]]))
    assert [p.text for p in report.paragraphs] == PARAS
    assert rules_of(report)[appeal[0]] == "box:appeal"


def test_a_short_paragraph_beside_one_appeal_line_stays() -> None:
    short = "It failed."
    report = cleaned("\n\n".join([TITLE, "May 9, 2025", PARAS[0],
                                  f"{short}\nSupport independent journalism", *PARAS[1:]]))
    assert [p.text for p in report.paragraphs] == [PARAS[0], short, *PARAS[1:]]


def test_a_video_title_above_its_player_goes_but_a_sub_heading_stays() -> None:
    video = "Ukraine war: Dramatic moment Russian soldier surrenders to drone"
    heading = "Rise in surrenders"
    report = cleaned("\n\n".join([TITLE, "May 9, 2025", PARAS[0], f"{video}\n01:12\nPlay Video",
                                  heading, *PARAS[1:]]))
    assert [p.text for p in report.paragraphs] == [PARAS[0], heading, *PARAS[1:]]
    assert rules_of(report)[video] == "box:video"


def test_a_pull_quote_goes_but_a_heading_quoting_what_follows_stays() -> None:
    said = "“I was tired of being afraid of every car that stopped outside,” he said."
    pull = "“I was tired of being afraid of every car that stopped outside.”"
    heading = "“A city of a million people cannot live on gratitude”"
    later = "“But a city of a million people cannot live on gratitude,” the mayor said."
    report = cleaned("\n\n".join([TITLE, "May 9, 2025", said, pull, PARAS[0], heading,
                                  PARAS[1], later]))
    assert [p.text for p in report.paragraphs] == [said, PARAS[0], heading, PARAS[1], later]
    assert rules_of(report)[pull] == "repeat:pull-quote"


def test_a_key_points_list_stays_but_a_menu_goes() -> None:
    points = ["At least 23 regions raised one-off payments since July",
              "Some now offer over 2 million roubles to new recruits",
              "Officials cite falling numbers at enlistment offices",
              "Kremlin says recruitment is going to plan"]
    menu = ["World", "Europe", "Russia", "Business"]
    report = cleaned("\n\n".join(["\n".join(menu), TITLE, "May 9, 2025", "\n".join(points),
                                  *PARAS]))
    assert report.meta.title == TITLE
    assert [p.text for p in report.paragraphs] == [*points, *PARAS]


def test_a_byline_printed_at_the_foot_under_its_label() -> None:
    report = cleaned("\n\n".join([TITLE, "May 9, 2025", *PARAS, "Авторы\nАлёна Гусева",
                                  "Теги"]))
    assert report.meta.byline == "Алёна Гусева"
    assert [p.text for p in report.paragraphs] == PARAS


def test_date_lines_with_a_section_or_an_update_stamp() -> None:
    assert date_line("Политика, 09 окт 2025, 14:27") == "2025-10-09"
    assert date_line("15:32, Thu, Oct 9, 2025 | UPDATED: 16:48, Thu, Oct 9, 2025") == "2025-10-09"
    assert date_line("Twelve soldiers fled, 9 Oct 2025") is None  # a sentence, not a label


def test_a_role_after_the_byline_is_not_taken_for_the_publisher() -> None:
    report = cleaned("\n\n".join([TITLE, "By Oliver Brandon, Foreign News Reporter",
                                  "May 9, 2025", *PARAS]))
    assert report.meta.byline == "Oliver Brandon, Foreign News Reporter"
    assert report.meta.publisher is None
