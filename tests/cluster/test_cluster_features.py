"""Figures for the recurring-event signal: which numbers count, and scale words in three languages."""

from __future__ import annotations

from storyline.cluster.features import figures


def test_figures_keep_counts_and_drop_years_and_small_numbers():
    assert figures("Claims fell to 473,000 in 2021, down 12 from 485000.") == {"473000", "485000"}


def test_amounts_with_a_scale_word_become_one_figure():
    assert figures("Pledge of 500 million doses and a $1.2 trillion plan") == {"500m", "1.2t"}
    assert figures("a $928bn counteroffer") == {"928b"}


def test_scale_words_in_ukrainian_and_russian_match_inflected_forms():
    assert figures("Уряд виділив 1,2 млрд гривень і 300 мільйонів доларів") == {"1.2b", "300m"}
    assert figures("выделено 5 миллиардов рублей") == {"5b"}


def test_no_figures_in_plain_words():
    assert figures("Ferry crossing closes after rust found") == frozenset()
