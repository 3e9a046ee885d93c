from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages, run_rule
from hypothesis import given
from hypothesis import strategies as st

from fplint.model import Turn
from fplint.rules.placeholder import Placeholder

T = "/training_metadata"


@pytest.mark.parametrize(
    "changes, options, expected",
    [
        ({}, {}, []),
        ({T + "/reviewer_notes": "TODO: review later"}, {}, ["reviewer_notes holds placeholder text “TODO”: write the real content"]),
        ({T + "/key_learning_objective": "tbd"}, {}, ["key_learning_objective holds placeholder text “tbd”: write the real content"]),
        ({"/system_prompt": "Lorem ipsum dolor"}, {}, ["system_prompt holds placeholder text “Lorem ipsum”: write the real content"]),
        ({"/conversation_metadata/client_background": "[...]"}, {}, ["client_background holds placeholder text “[...]”: write the real content"]),
        ({"/conversation_metadata/session_context": "copy from turn 1"}, {}, ["session_context holds placeholder text “copy from”: write the real content"]),
        ({"/conversation_metadata/session_context": "..."}, {}, ["session_context is only “...”: write the real content"]),
        ({"/conversation_metadata/session_context": " N/A "}, {}, ["session_context is only “N/A”: write the real content"]),
        ({"/conversation_metadata/session_context": "pending"}, {"bare-values": ["Pending"]}, ["session_context is only “pending”: write the real content"]),
        ({"/conversation_metadata/session_context": "tbc later"}, {}, []),  # a bare value is the whole value
        ({"/conversation_metadata/session_context": " "}, {}, ["session_context is empty: write it, or remove the field"]),
        ({"/response_strategy/secondary_strategies/1": ""}, {}, ["secondary_strategies[1] is empty: write it, or remove the field"]),
        ({"/response_strategy/tactical_choices/TODO": True}, {}, ["key “TODO” is a placeholder: name the field"]),
        ({"/response_breakdown/sentences/0/function": ""}, {}, []),  # sentence-fields' finding
        ({"/target_response": "Google “[your state] 529 plan” — some states give a deduction... Plan B is fine."}, {}, []),
        ({"/target_response": "Ready? DRAFT text."}, {"patterns": ["DRAFT"]}, ["target_response holds placeholder text “DRAFT”: write the real content"]),
        ({"/target_response": "Here's the plan:\n\n[detailed explanation of scenarios and recommendations]"}, {}, ["target_response holds a bracketed stand-in “[detailed explanation of scenarios and recommendations]”: write the text it stands for"]),
        ({"/conversation_history": [{"turn": 1, "role": "assistant", "content": "[Elena's response continues...]"}]}, {}, ["conversation_history[0].content holds a bracketed stand-in “[Elena's response continues...]”: write the text it stands for"]),
        ({"/response_breakdown/sentences/0/text": "[additional sentences analyzed similarly]"}, {}, ["sentences[0].text holds a bracketed stand-in “[additional sentences analyzed similarly]”: write the text it stands for"]),
        ({"/target_response": "First this. [rest of the plan]"}, {"stand-ins": False}, []),
        ({"/target_response": "Good question.\n[explanation of Roth IRA conversion rules]"}, {}, ["target_response holds a bracketed stand-in “[explanation of Roth IRA conversion rules]”: write the text it stands for"]),  # names and acronyms
        ({"/target_response": "[client name]"}, {}, []),  # two words: fewer than stand-in-words
        ({"/target_response": "[client name]"}, {"stand-in-words": 2}, ["target_response holds a bracketed stand-in “[client name]”: write the text it stands for"]),
        ({"/target_response": "He said [the client, a father] was ready."}, {}, []),  # an insertion inside a sentence
        ({"/target_response": "Start here: [your monthly expenses go here]"}, {}, []),  # a fill-in for the reader
        ({"/target_response": "Read [the full guide here](https://example.com)."}, {}, []),  # a link
        ({"/target_response": "Steps:\n[Step 2 of 3]\n[$500 a month for now]"}, {}, []),  # digits and figures
        ({"/response_strategy/tactical_choices/[explain the choice]": True}, {}, ["key “[explain the choice]” is a placeholder: name the field"]),
    ],
)
def test_placeholder(changes: dict, options: dict, expected: list[str]) -> None:
    assert messages(Placeholder, edit(valid_turn(), changes), **options) == expected


def test_a_pattern_spelling_its_brackets_as_escapes_still_finds_them() -> None:
    turn = edit(valid_turn(), {T + "/reviewer_notes": "[TODO] check the figures"})
    assert messages(Placeholder, turn, patterns=[r"\x5bTODO\x5d"]) == [
        "reviewer_notes holds placeholder text “[TODO]”: write the real content"
    ]


def test_a_stand_in_the_breakdown_copies_from_the_response_is_one_finding() -> None:
    stand_in = "[detailed explanation of the options]"
    turn = edit(valid_turn(), {"/target_response": f"Good question. {stand_in}", "/response_breakdown/sentences/1/text": stand_in})
    [finding] = run_rule(Placeholder, turn)
    assert finding.pointer == "/target_response"
    assert finding.message.endswith("write the text it stands for, here and in sentences[1].text")


def test_a_stand_in_only_in_the_breakdown_is_reported_there() -> None:
    turn = edit(valid_turn(), {"/response_breakdown/sentences/1/text": "[detailed explanation of the options]"})
    assert [f.pointer for f in run_rule(Placeholder, turn)] == ["/response_breakdown/sentences/1/text"]


def test_an_anchored_pattern_is_still_checked_string_by_string() -> None:
    turn = edit(valid_turn(), {"/conversation_metadata/session_context": "draft"})
    assert messages(Placeholder, turn, patterns=["^draft$"]) == ["session_context holds placeholder text “draft”: write the real content"]


def test_points_inside_the_string() -> None:
    [finding] = run_rule(Placeholder, edit(valid_turn(), {T + "/reviewer_notes": "Good work. TODO"}))
    assert (finding.pointer, finding.offset) == (T + "/reviewer_notes", 11)


@pytest.mark.parametrize(
    "text", ["\t", "\u00a0", "\u3000", "\u2009\n", "\u00a0N/A\u3000", "\u2003...", "\t-- ", "\u0085", "…"]
)
def test_blank_and_bare_values_in_any_whitespace_are_found(text: str) -> None:
    assert messages(Placeholder, edit(valid_turn(), {"/conversation_metadata/session_context": text}))


_SPACES = st.sampled_from([" ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\u0085", "\u200a"])
_TEXT = st.lists(
    st.one_of(_SPACES, st.sampled_from(["N/A", "...", "-", "tbc", "x", "—", '"', "\\"])), max_size=6
).map("".join)


@given(_TEXT)
def test_the_sieve_never_hides_a_finding(text: str) -> None:
    turn = Turn(edit(valid_turn(), {"/conversation_metadata/session_context": text}))
    careful = Placeholder()
    careful._sieve.suspects = lambda value: True  # type: ignore[method-assign]
    assert list(Placeholder().check(turn)) == list(careful.check(turn))


_BRACKETED = st.lists(
    st.sampled_from(["[", "]", "a", "Ab", "IRA", "your", " ", ",", "’", "-", "…", "...", "\n", ". ", "(", '"', "\\", "2", "$"]), max_size=12
).map("".join)


@given(_BRACKETED)
def test_the_sieve_never_hides_a_stand_in(text: str) -> None:
    turn = Turn(edit(valid_turn(), {"/target_response": text, "/response_strategy/tactical_choices": {text: True}}))
    careful = Placeholder()
    careful._sieve.suspects = lambda value: True  # type: ignore[method-assign]
    assert list(Placeholder().check(turn)) == list(careful.check(turn))


_PROSE = st.lists(
    st.sampled_from(["[", "]", "...", "…", " ", "\n", "\t", '"', "\\", "TODO", "to", "do", "copy", " it", " from", "insert", " here", "tbd", "x", "é", "\u00a0"]),
    max_size=10,
).map("".join)


@given(_PROSE)
def test_the_sieve_searching_the_patterns_never_hides_one(text: str) -> None:
    turn = Turn(edit(valid_turn(), {"/conversation_history": [{"turn": 1, "role": "user", "content": text}], "/response_strategy/tactical_choices": {text: True}}))
    careful = Placeholder()
    careful._sieve.suspects = lambda value: True  # type: ignore[method-assign]
    assert list(Placeholder().check(turn)) == list(careful.check(turn))


@given(_PROSE)
def test_the_literal_gate_finds_the_leftmost_placeholder_as_each_pattern_does(text: str) -> None:
    rule = Placeholder(patterns=["do", "to ?do", r"\.\.\.", "here", r"[<\[{]\s*todo", "…"])
    found = [m for m in (p.search(text) for p in rule._patterns) if m]
    expected = min(found, key=lambda m: m.start()) if found else None
    match = rule._match(text)
    assert (match and (match.start(), match.group())) == (expected and (expected.start(), expected.group()))


@pytest.mark.parametrize("text", ["İnsert the figures here", "lorem ipſum", "ᴛBD", "\u212aeep TODO"])
def test_letters_that_fold_to_ascii_do_not_hide_a_placeholder(text: str) -> None:
    turn = Turn(edit(valid_turn(), {"/conversation_metadata/session_context": text}))
    careful = Placeholder()
    careful._sieve.suspects = lambda value: True  # type: ignore[method-assign]
    assert list(Placeholder().check(turn)) == list(careful.check(turn))
    assert careful._match(text) or text == "ᴛBD"


def test_an_abridged_history_is_not_a_suspect() -> None:
    turn = edit(valid_turn(2), {"/conversation_history/0/content": "...we talked about the savings account... and then"})
    assert not Placeholder()._sieve.suspects(turn)
    assert Placeholder()._sieve.suspects(edit(turn, {"/conversation_history/0/content": "we talked [ ... ] then"}))
