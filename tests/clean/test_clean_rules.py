"""Each cleaning rule on short texts written for the test."""

from __future__ import annotations

import pytest

from storyline.clean.boilerplate import is_boilerplate, remove_boilerplate, remove_repeats
from storyline.clean.normalise import normalise_unicode, tidy_lines, truncate
from storyline.clean.repair import dehyphenate, join_broken_words, join_split_sentences

# ------------------------------------------------------------------- unicode


def test_unicode_nfc_spaces_invisibles_keep_quotes() -> None:
    raw = "Cafe\u0301\u00a0owner\u2009said\u200b \u201cno\u00adthing\u201d\r\nabout \u2018it\u2019.\ufeff"
    assert normalise_unicode(raw) == "Caf\u00e9 owner said \u201cnothing\u201d\nabout \u2018it\u2019."


def test_soft_hyphen_at_line_end_joins_the_word() -> None:
    assert normalise_unicode("the negotia\u00ad\ntions resumed") == "the negotiations resumed"


def test_unicode_keeps_zero_width_joiners() -> None:
    assert normalise_unicode("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645") == "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"


def test_tidy_lines_drops_blank_runs_and_trailing_space() -> None:
    assert tidy_lines("  One  two. \n\n\n  Three.  \n \n") == "One two.\nThree."


# ---------------------------------------------------------------- boilerplate

BOILERPLATE = [
    "12 comments", "1,204 Comments", "Comments (3)", "Show comments", "Join the conversation",
    "Also Read: Mayor opens new bridge", "READ MORE", "Read more: How the vote works",
    "Related: Ten things to know", "Recommended", "Recommended for you",
    "Share", "Share | Tweet | Email", "Facebook Twitter WhatsApp", "Share this article",
    "Sign up for our daily newsletter", "Subscribe now for free", "Follow us on Twitter",
    "Advertisement", "ADVERTISEMENT", "Story continues below advertisement", "Scroll to continue reading",
    "Photo: Jane Roe/Getty Images", "(Photo by Jon Doe/AFP via Getty Images)", "Image credit: Pat Poe",
    "We use cookies to improve your experience on our site.", "Accept all cookies",
    "© 2025 Example Media. All rights reserved.", "Copyright 2024 by Example News",
    "Читайте також: Уряд ухвалив нове рішення", "Читайте также: Новое решение правительства",
    "Підписуйтесь на наш Telegram-канал", "Подписывайтесь на наш канал",
    ".image-wrap img {", ".bio-text, .twitter-bio {", "}", "margin-right:15px;", "text-align: center;",
    "height: 275px !important;", "@media (max-width: 600px) {",
]

CONTENT = [
    "The company said 12 comments were received during the consultation period.",
    "Regulators said cookies used for tracking must require consent from users.",
    "Read the room, the senator told colleagues before the vote on Thursday.",
    "Related parties must disclose their holdings, the regulator said.",
    "Share prices fell 3% after the announcement.",
    "Advertisement spending rose sharply in the third quarter, the survey found.",
    "Copyright lawsuits against software firms are mounting, lawyers said.",
    "Follow-up talks are planned for next week in Vienna.",
    "The photo was taken by a resident on Monday.",
    "“Join us in rebuilding the town,” the mayor said.",
    "Читайте уважно умови договору, порадив юрист.",
    "Position: the party will vote against the budget.",
    "Score: 3-1 to the home side after 90 minutes.",
]


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", CONTENT)
def test_content_lines_are_kept(line: str) -> None:
    assert not is_boilerplate(line)


def test_remove_boilerplate_keeps_other_lines_untouched() -> None:
    text = "The council met on Monday.\nAdvertisement\nIt voted 5-2.\n3 comments"
    assert remove_boilerplate(text) == "The council met on Monday.\nIt voted 5-2."


def test_long_lines_are_never_boilerplate() -> None:
    assert not is_boilerplate("Read more: " + "the council debated the budget at length " * 10)


# -------------------------------------------------------------------- repeats

PARA_A = "The river rose two metres overnight and flooded the lower town, officials said."
PARA_B = "Rescue teams evacuated about 300 people from homes near the old bridge."


def test_repeated_block_keeps_first_copy() -> None:
    text = "\n".join([PARA_A, PARA_B, "Schools stayed closed.", PARA_A, PARA_B])
    assert remove_repeats(text) == "\n".join([PARA_A, PARA_B, "Schools stayed closed."])


def test_single_long_repeat_removed_after_normalising() -> None:
    text = "\n".join([PARA_A, "Schools stayed closed.", PARA_A.upper().replace(",", "")])
    assert remove_repeats(text) == "\n".join([PARA_A, "Schools stayed closed."])


def test_pull_quote_removed_standfirst_kept() -> None:
    quote = "“We will rebuild the lower town before the winter,” the mayor said."
    para = "Speaking at the town hall, she added: “We will rebuild the lower town before the winter,” the mayor said."
    assert remove_repeats("\n".join([para, PARA_B, quote])) == "\n".join([para, PARA_B])
    assert remove_repeats("\n".join([quote, para])) == "\n".join([quote, para])


def test_short_repeats_are_kept() -> None:
    text = "Update\nThe river rose.\nUpdate\nThe river fell."
    assert remove_repeats(text) == text


# --------------------------------------------------------------- scrape damage


def test_broken_name_rejoined() -> None:
    text = "Secretary of State Marco Rubi\no said talks would go on."
    assert join_broken_words(text) == "Secretary of State Marco Rubio said talks would go on."


def test_broken_word_rejoined_when_seen_elsewhere() -> None:
    text = "The delegations met in Geneva.\nThe deleg\nations then left for lunch."
    assert join_broken_words(text) == "The delegations met in Geneva.\nThe delegations then left for lunch."


def test_real_words_across_a_break_are_not_glued() -> None:
    for text in ("The talks went on\nto the evening.", "They came in\nto vote.", "Ms Kova\nis the mayor."):
        assert join_broken_words(text) == text


def test_unknown_fragment_is_left_for_the_sentence_rule() -> None:
    assert join_broken_words("the negotia\ntions resumed") == "the negotia\ntions resumed"


def test_hyphenation() -> None:
    assert dehyphenate("the negotia-\ntions resumed") == "the negotiations resumed"
    assert dehyphenate("a long-\nterm plan") == "a long-term plan"
    assert dehyphenate("a cease-fire held. The cease-\nfire broke") == "a cease-fire held. The cease-fire broke"
    assert dehyphenate("pro-\nRussian groups") == "pro-\nRussian groups"  # capital: not a line-end split
    assert dehyphenate("Score: 3 -\nthe end") == "Score: 3 -\nthe end"


def test_split_sentences_joined() -> None:
    assert join_split_sentences("The minister said\nthe talks would resume.\nNext week") == (
        "The minister said the talks would resume.\nNext week")
    assert join_split_sentences("First paragraph ends here.\nsecond starts lower") == (
        "First paragraph ends here.\nsecond starts lower")


def test_hard_wrapped_paragraphs_unwrapped_headings_kept() -> None:
    text = ("WASHINGTON\nThe delegations from both countries met in the capital on\n"
            "Monday and agreed to continue the talks after a short break for\n"
            "consultations with their governments, officials from Kastelia said.\n\n"
            "The next round is set for Geneva, where the two foreign ministers\n"
            "Anna Lind and Piet Ovel are expected to meet for the first time since\n"
            "the spring, when their previous meeting ended without a statement.")
    assert join_split_sentences(text) == (
        "WASHINGTON\nThe delegations from both countries met in the capital on "
        "Monday and agreed to continue the talks after a short break for "
        "consultations with their governments, officials from Kastelia said.\n\n"
        "The next round is set for Geneva, where the two foreign ministers "
        "Anna Lind and Piet Ovel are expected to meet for the first time since "
        "the spring, when their previous meeting ended without a statement.")


def test_a_list_of_headlines_is_not_hard_wrapping() -> None:
    text = ("The senator criticised the accord on Saturday.\n\n"
            "Harbour Agreement Adopted In Velmora After Long Night\n"
            "The Velmora Accord Is One Big Step For The Coast\n"
            "Speaking With One Voice To Protect The Fisheries\n"
            "Work Starts Tomorrow But For Today Congratulations")
    assert join_split_sentences(text) == text


def test_one_open_line_is_not_hard_wrapping() -> None:
    text = ("Ferry line to open in April as the harbour reopens for traffic\n"
            "Officials said the first crossing is planned for April.\n\nA second paragraph.")
    assert join_split_sentences(text) == text


def test_truncate_at_paragraph_boundary() -> None:
    text = "First paragraph here.\nSecond paragraph here.\nThird paragraph here."
    assert truncate(text, 50) == "First paragraph here.\nSecond paragraph here."
    assert truncate(text, 500) == text
