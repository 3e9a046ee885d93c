from __future__ import annotations

import json

import pytest
from factory import edit, valid_turn
from helpers import lint, messages, run_rule

from fplint.rules.sentence_coverage import SentenceCoverage

LONG = (
    "### Where you stand\n\n"
    "First, that fear makes complete sense. You've saved $28,000, which is *excellent* discipline.\n\n"
    "**Here's the math:**\n"
    "- 3 months = $10,500\n"
    "- 6 months = $21,000\n"
    "1. Open the account.\n"
    "2. Set the transfer.\n\n"
    "You're at **8 months** of expenses. That is genuinely strong. "
    "Most people never get there. Does that help?"
)
PARTS = [
    "Where you stand",
    "First, that fear makes complete sense.",
    "You've saved $28,000, which is *excellent* discipline.",
    "**Here's the math:**",
    "3 months = $10,500",
    "6 months = $21,000",
    "Open the account.",
    "Set the transfer.",
    "You're at **8 months** of expenses.",
    "That is genuinely strong.",
    "Most people never get there.",
    "Does that help?",
]


def turn(response: str, texts: list[str]) -> dict:
    return edit(valid_turn(), {"/target_response": response, "/response_breakdown/sentences": [{"text": t} for t in texts]})


def without(index: int) -> list[str]:
    return PARTS[:index] + PARTS[index + 1 :]


@pytest.mark.parametrize(
    "response, texts, expected",
    [
        (LONG, PARTS, []),
        (LONG, without(9), ["a sentence of target_response is not analysed: “That is genuinely strong.”; add it to response_breakdown.sentences"]),
        (LONG, without(0), ["a sentence of target_response is not analysed: “Where you stand”; add it to response_breakdown.sentences"]),
        (LONG, without(5), ["a sentence of target_response is not analysed: “6 months = $21,000”; add it to response_breakdown.sentences"]),
        (LONG, PARTS[:2], ["about 10 sentences of target_response are not analysed, the first: “You've saved $28,000, which is excellent discipline.”; add each to response_breakdown.sentences"]),
        ("One. Two.", ["One. Two."], []),  # one entry may hold two sentences: coverage is still complete
        ("It’s  “fine”,\nreally.", ["It's \"fine\", really."], []),  # quotes and whitespace forgiven
        ("A **bold** claim.", ["A bold claim."], []),  # emphasis forgiven
        ("Hello there. Bye now.", ["Hello there.", "Good night."], ["sentence 2's text “Good night.” does not occur in target_response: copy the sentence exactly as the response has it", "a sentence of target_response is not analysed: “Bye now.”; add it to response_breakdown.sentences"]),
        ("Hello there. Bye now.", ["Bye now.", "Hello there."], ["sentence 2's text “Hello there.” comes before the previous analysed sentence in target_response (or is analysed twice): keep the breakdown in the response's order, one entry per sentence", "a sentence of target_response is not analysed: “Hello there.”; add it to response_breakdown.sentences"]),
        ("Okay. Okay.", ["Okay.", "Okay."], []),  # a repeated sentence analysed twice, in order
        ("Hello there.", [], ["a sentence of target_response is not analysed: “Hello there.”; add it to response_breakdown.sentences"]),
        ("---\n> **1.** — *", [], []),  # markup and punctuation hold no sentence
    ],
)
def test_sentence_coverage(response: str, texts: list[str], expected: list[str]) -> None:
    assert messages(SentenceCoverage, turn(response, texts)) == expected


@pytest.mark.parametrize("changes", [{"/target_response": 42}, {"/response_breakdown": "none"}, {"/response_breakdown/sentences": {}}])
def test_wrong_types_are_left_to_the_schema(changes: dict) -> None:
    assert messages(SentenceCoverage, edit(valid_turn(), changes)) == []


def test_an_entry_that_is_not_an_object_analyses_nothing() -> None:
    [message] = messages(SentenceCoverage, edit(valid_turn(), {"/response_breakdown/sentences/0": "text"}))
    assert message.startswith("a sentence of target_response is not analysed: “Asking this is not stupid")


def test_unanalysed_sentence_is_located_at_its_own_column(tmp_path) -> None:
    data = edit(valid_turn(), {"/target_response": LONG, "/response_breakdown/sentences": [{"text": t} for t in without(9)]})
    path = tmp_path / "data.json"
    text = json.dumps({"training_pairs": [data]}, indent=2)
    path.write_text(text)
    [diagnostic] = [d for d in lint([path]).diagnostics if d.rule == "sentence-coverage"]
    line = text.splitlines()[diagnostic.line - 1]
    assert line[diagnostic.column - 1 :].startswith("That is genuinely strong.")


def test_offset_is_inside_the_response() -> None:
    [finding] = run_rule(SentenceCoverage, turn(LONG, without(9)))
    assert finding.pointer == "/target_response"
    assert LONG[finding.offset :].startswith("That is genuinely strong.")


def test_offset_counts_escaped_characters(tmp_path) -> None:
    response = "Line “one” ends.\n\tTabbed \\ text. Missed one."
    data = edit(valid_turn(), {"/target_response": response, "/response_breakdown/sentences": [{"text": "Line “one” ends."}, {"text": "Tabbed \\ text."}]})
    path = tmp_path / "data.json"
    text = json.dumps({"training_pairs": [data]})  # ensure_ascii: “ becomes \u201c
    path.write_text(text)
    [diagnostic] = [d for d in lint([path]).diagnostics if d.rule == "sentence-coverage"]
    assert text.splitlines()[diagnostic.line - 1][diagnostic.column - 1 :].startswith("Missed one.")

