from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import lint, messages

from fplint.rules.sentence_coverage import SentenceCoverage
from fplint.rules.sentence_split import SentenceSplit


def turn(response: str, texts: list[object]) -> dict:
    return edit(valid_turn(), {"/target_response": response, "/response_breakdown/sentences": [{"text": t} for t in texts]})


@pytest.mark.parametrize(
    "response, texts, expected",
    [
        ("Great questions. Let's start.", ["Great questions.", "Let's start."], []),
        ("Great questions. Let's start.", ["Great questions. Let's start."], ["entry 1 analyses 2 sentences as one: “Great questions.” and “Let's start.”; give each sentence an entry of its own"]),
        ("A one. B two. C three. D four. E five.", ["A one. B two. C three. D four. E five."], ["entry 1 analyses 5 sentences as one: “A one.”, “B two.”, “C three.”, “D four.” and 1 more; give each sentence an entry of its own"]),
        ("**Plan:**\n- Save more\n- Spend less", ["**Plan:**\n- Save more\n- Spend less"], ["entry 1 analyses 3 sentences as one: “Plan:”, “Save more” and “Spend less”; give each sentence an entry of its own"]),
        ("Great questions, and let's start.", ["Great questions,"], ["entry 1's text ends in the middle of the sentence “Great questions, and let's start.”: analyse the whole sentence"]),
        ("Great questions, and let's start.", ["and let's start."], ["entry 1's text starts in the middle of the sentence “Great questions, and let's start.”: analyse the whole sentence"]),
        ("Great questions, and let's start now.", ["and let's start"], ["entry 1's text is only the middle of the sentence “Great questions, and let's start now.”: analyse the whole sentence"]),
        ("Great questions, and let's start.", ["Great questions,", "and let's start."], ["entries 1, 2 each analyse part of one sentence, “Great questions, and let's start.”: analyse the whole sentence in one entry"]),
        ("Hi there.", ["Something else. Entirely."], ["entry 1 analyses 2 sentences as one: “Something else.” and “Entirely.”; give each sentence an entry of its own"]),
        ("**Control:** you decide. Fine.", ["**Control:** you decide.", "Fine."], []),  # a label belongs to its sentence
        ("**Control:** you decide. Fine.", ["you decide.", "Fine."], []),  # and may be left out
        ("## Your plan\nSave more.", ["Your plan", "Save more."], []),  # a header is a sentence
        ("It's more like... if you buy. Yes.", ["It's more like... if you buy.", "Yes."], []),  # an ellipsis into a lower-case word
        ("You're at **8 months** saved.", ["You're at 8 months saved"], []),  # markup and end punctuation forgiven
        ("Hi there.", [None, 3, "", "Hi there."], []),
    ],
)
def test_sentence_split(response: str, texts: list[object], expected: list[str]) -> None:
    assert messages(SentenceSplit, turn(response, texts)) == expected


@pytest.mark.parametrize("changes", [{"/target_response": 42}, {"/response_breakdown": "none"}, {"/response_breakdown/sentences": {}}])
def test_wrong_types_are_left_to_the_schema(changes: dict) -> None:
    assert messages(SentenceSplit, edit(valid_turn(), changes)) == []


def test_a_sentence_partly_analysed_is_split_s_finding_and_not_also_coverage_s() -> None:
    subject = turn("Great questions, and let's start. Then we plan.", ["Great questions,"])
    assert messages(SentenceSplit, subject) == ["entry 1's text ends in the middle of the sentence “Great questions, and let's start.”: analyse the whole sentence"]
    assert messages(SentenceCoverage, subject) == ["a sentence of target_response is not analysed: “Then we plan.”; add it to response_breakdown.sentences"]


def test_merged_sentences_are_reported_once_at_the_entry(tmp_path) -> None:
    import json

    data = turn("Great questions. Let's start.", ["Great questions. Let's start."])
    text = json.dumps({"training_pairs": [data]}, indent=2)
    (tmp_path / "c.json").write_text(text)
    found = [d for d in lint([tmp_path]).diagnostics if d.rule.startswith("sentence-")]
    assert [(d.rule, d.pointer) for d in found] == [("sentence-split", "/training_pairs/0/response_breakdown/sentences/0/text")]
    assert text.splitlines()[found[0].line - 1][found[0].column - 1 :].startswith('"Great questions. Let')
