"""The sentence splitter and the alignment that sentence-coverage, -split and -count share."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fplint.check.text import (
    _WORD,
    align,
    has_words,
    is_heading,
    is_label,
    sentence_spans,
    strip_markup,
    word_count,
)


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One. Two? Three!", ["One.", "Two?", "Three!"]),
        (
            "It's more like... if you buy. Yes.",
            ["It's more like... if you buy.", "Yes."],
        ),  # goes on in lower case
        ("In the U.S. most people save.", ["In the U.S. most people save."]),
        ("See Dr. Smith. Then rest.", ["See Dr. Smith.", "Then rest."]),
        (
            "**Control:** you decide. Fine.",
            ["**Control:** you decide.", "Fine."],
        ),  # a label opens its sentence
        (
            "## Plan\n- Save more\n1. Spend less",
            ["Plan", "Save more", "Spend less"],
        ),  # headers and list items
    ],
)
def test_sentence_spans(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("## Your plan", True),
        ("**Step 1: Open the account** (easiest)", True),
        ("**What influences the decision:**", True),
        ("- **Priority 2**", True),
        ("**Next step:** Want to start?", False),
        ("**A** and **B**", False),
        ("Plain words.", False),
        ("## One\nTwo", False),
    ],
)
def test_is_heading(text: str, expected: bool) -> None:
    assert is_heading(text) is expected


def test_is_label() -> None:
    assert [is_label(t) for t in ("**Control:** ", "- **Control**: ", "Control: ", "**A** b ")] == [
        True,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("- **3 months** = $10,500", 3),
        ("That's your $360-480/month.", 3),  # a range of figures is one word
        ("An off-the-shelf plan—for now.", 5),  # a dash between words parts them
    ],
)
def test_word_count_ignores_markup_and_keeps_figures_whole(text: str, expected: int) -> None:
    assert word_count(text) == expected


def test_align_maps_entries_to_the_sentences_they_share_words_with() -> None:
    response = "One two. Three four. Five six."
    alignment = align(response, ["One two. Three", "four.", None, "Seven."])
    assert alignment.overlaps == ((0, 1), (1,), (), ())
    assert alignment.spans[2] is None and alignment.spans[3] is None
    assert alignment.unanalysed == [2]


def test_align_remembers_only_the_very_same_texts() -> None:
    response = "One two. Three four."
    texts = ["One two."]
    first = align(response, texts)
    assert align(response, texts) is first
    assert align(response, ["One two. Three four."]).overlaps == ((0, 1),)  # other texts: computed afresh


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab .?!\n*-#:", max_size=60),
    st.lists(st.text(alphabet="ab .?!\n*", max_size=20), max_size=5),
)
def test_every_sentence_is_either_unanalysed_or_shared_by_an_entry(response: str, texts: list[str]) -> None:
    alignment = align(response, texts)
    shared = {j for indices in alignment.overlaps for j in indices}
    assert sorted(shared | set(alignment.unanalysed)) == list(range(len(alignment.sentences)))
    assert not shared & set(alignment.unanalysed)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Yes.", True),
        ("1. ", False),
        ("1. 2", True),
        ("**—**", False),
        ("---", False),
        ("> 12)", False),
        ("> # 12)", True),
        ("½", True),
    ],
)
def test_has_words(text: str, expected: bool) -> None:
    assert has_words(text) is expected


@given(st.text(alphabet="a1²٣_ *`~|#>-+•.)=\n\t", max_size=40))
def test_has_words_is_a_word_character_left_after_the_markup_is_stripped(text: str) -> None:
    assert has_words(text) is (_WORD.search(strip_markup(text)) is not None)
