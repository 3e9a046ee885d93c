"""The text similarity kernel shared by repeated-input and near-duplicate."""

from __future__ import annotations

import uuid

from fplint.rules import _similar


def fresh(words: str) -> str:
    """A text no other test has asked about (the kernel remembers texts per process)."""
    return f"{words} {uuid.uuid4().hex}"


def test_phrases_counts_the_words_and_hashes_each_three_word_phrase() -> None:
    text = fresh("Rent, food; and the car!")
    count, hashes = _similar.phrases(text)
    assert count == 6
    assert hashes == _similar.shingles(text) and len(hashes) == 4


def test_a_text_asked_about_again_is_remembered() -> None:
    text = fresh("the same input read by two rules")
    assert _similar.phrases(text) is _similar.phrases(text)


def test_a_text_past_the_remembered_length_is_read_each_time() -> None:
    text = fresh("word " * (_similar.REMEMBER_UP_TO // 5 + 1))
    first, again = _similar.phrases(text), _similar.phrases(text)
    assert first == again and first is not again


def test_phrases_are_frozen_so_no_caller_can_change_what_is_remembered() -> None:
    assert isinstance(_similar.phrases(fresh("one two three four"))[1], frozenset)
