from __future__ import annotations

import pytest
from factory import edit, pairs_file, valid_conversation
from helpers import lint, messages, run_rule

from fplint.rules.progression_consistent import ProgressionConsistent, first_emotion

P = "/emotional_context/emotional_progression"


SHOWN = {"previous_turn_primary": "anxiety", "current_turn_primary": "anxiety"}


def conversation(**turn2: object) -> list[dict]:
    turns = valid_conversation(2)
    progression = {"trajectory": "stable", "interpretation": "steady", **SHOWN, **turn2}
    turns[1] = edit(turns[1], {P: {k: v for k, v in progression.items() if v is not None}})
    return turns


@pytest.mark.parametrize(
    "progression, expected",
    [
        ({"previous_turn_primary": "anxiety", "previous_turn_intensity": 0.7, "current_turn_primary": "anxiety"}, []),
        ({"previous_turn_primary": "Anxiety "}, []),  # case and spaces
        ({"previous_turn_primary": "shame"}, ["previous_turn_primary is 'shame' but turn 1 detected 'anxiety': describe the emotion the previous turn recorded"]),
        ({"previous_turn_intensity": 0.9}, ["previous_turn_intensity is 0.9 but turn 1 recorded intensity 0.7"]),
        ({"current_turn_primary": "relief"}, ["current_turn_primary is 'relief' but this turn detected 'anxiety'"]),
        ({"turn_1": "anxiety(0.80) + shame(0.70)", "turn_2": "anxiety(0.7)", "previous_turn_primary": None, "current_turn_primary": None}, []),
        ({"turn_1": "fear(0.80)"}, ["emotional_progression.turn_1 starts with 'fear' but turn 1 detected 'anxiety'"]),
        ({"turn_2": "relief(0.6)"}, ["emotional_progression.turn_2 starts with 'relief' but turn 2 detected 'anxiety'"]),
        ({"turn_7": "relief"}, []),  # a turn the run does not hold
    ],
)
def test_progression_consistent(progression: dict, expected: list[str]) -> None:
    assert messages(ProgressionConsistent, conversation(**progression)) == expected


def test_the_target_starts_from_the_detected_primary() -> None:
    turns = valid_conversation(1)
    turns[0] = edit(turns[0], {"/training_metadata/emotional_progression_target": "shame(0.8) → relief(0.6)"})
    [finding] = run_rule(ProgressionConsistent, turns)
    assert finding.pointer == "/training_metadata/emotional_progression_target"
    assert finding.message == "emotional_progression_target starts from 'shame' but this turn detected 'anxiety': start the target from the detected primary"


@pytest.mark.parametrize("text, emotion", [("shame(0.75) → relief(0.50)", "shame"), ("fear_of_mistake(0.80) + pressure", "fear_of_mistake"), ("Relief", "relief"), ("", None), (3, None)])
def test_first_emotion(text: object, emotion: str | None) -> None:
    assert first_emotion(text) == emotion


def test_several_places_naming_one_other_emotion_are_one_finding_at_the_turn() -> None:
    turns = valid_conversation(3)
    turns[1] = edit(turns[1], {P + "/current_turn_primary": "shame", "/training_metadata/emotional_progression_target": "shame(0.7) → relief(0.5)"})
    turns[2] = edit(turns[2], {P + "/previous_turn_primary": "shame"})
    [finding] = run_rule(ProgressionConsistent, turns)
    assert (finding.ref.pointer, finding.pointer) == ("/training_pairs/1", "/emotional_context/detected_emotions/primary")
    assert finding.message == (
        "turn 2 detected 'anxiety', but 3 places say 'shame': current_turn_primary, emotional_progression_target "
        "and turn 3's previous_turn_primary; if 'shame' is right, change the detected primary, else correct them"
    )
    assert [r.pointer for r in finding.related] == ["/training_pairs/2"]


def test_copies_of_one_turn_make_one_claim() -> None:
    turns = valid_conversation(2)
    turns[1] = edit(turns[1], {P + "/previous_turn_primary": "shame"})
    [finding] = run_rule(ProgressionConsistent, [*turns, turns[1]])
    assert finding.message.startswith("previous_turn_primary is 'shame' but turn 1 detected 'anxiety'")


@pytest.mark.parametrize(
    "progression, missing",
    [
        ({"previous_turn_primary": None}, "the previous turn's emotion"),
        ({"current_turn_primary": None}, "this turn's"),
        ({"previous_turn_primary": None, "current_turn_primary": None, "turn_1": "anxiety"}, "this turn's"),
        ({"previous_turn_primary": None, "current_turn_primary": None}, "the previous turn's emotion and this turn's"),
    ],
)
def test_a_progression_shows_the_previous_turns_emotions_against_the_current(progression: dict, missing: str) -> None:
    assert messages(ProgressionConsistent, conversation(**progression)) == [
        f"emotional_progression does not record {missing}: show turn 1's emotions against turn 2's "
        "(previous_turn_primary and current_turn_primary, or turn_1 and turn_2)"
    ]


def test_showing_previous_and_current_is_an_option() -> None:
    subject = conversation(previous_turn_primary=None)
    assert messages(ProgressionConsistent, subject, **{"previous-and-current": False}) == []


def test_a_progression_that_skips_the_previous_turn_does_not_show_it() -> None:
    turns = valid_conversation(3)
    turns[2] = edit(turns[2], {P: {"turn_1": "anxiety", "turn_3": "anxiety", "trajectory": "up", "interpretation": "better"}})
    assert messages(ProgressionConsistent, turns) == [
        "emotional_progression does not record the previous turn's emotion: show turn 2's emotions against "
        "turn 3's (previous_turn_primary and current_turn_primary, or turn_2 and turn_3)"
    ]


@pytest.mark.parametrize("intensity, expected", [(0.4, []), (0.3, ["intensity falls from 0.7 at turn 1 to 0.25, a leap of 0.45 in one reply (at most 0.4): show the steps between, or explain the change in emotional_progression.interpretation"])])
def test_a_jarring_leap_of_intensity_is_reported(intensity: float, expected: list[str]) -> None:
    turns = conversation(previous_turn_intensity=0.7)
    turns[1] = edit(turns[1], {"/emotional_context/detected_emotions/intensity": intensity - 0.05 if expected else intensity})
    assert messages(ProgressionConsistent, turns) == expected


def test_the_largest_leap_is_an_option() -> None:
    turns = conversation()
    turns[1] = edit(turns[1], {"/emotional_context/detected_emotions/intensity": 0.1})
    assert messages(ProgressionConsistent, turns, **{"max-leap": 0.6}) == []
    assert len(messages(ProgressionConsistent, turns, **{"max-leap": 0.5})) == 1


def test_a_turn_key_past_pythons_digit_limit_names_no_turn_and_crashes_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    turns = conversation(**{"turn_" + "9" * 5000: "relief"})
    (tmp_path / "d.json").write_text(pairs_file(*turns))
    found = lint([tmp_path / "d.json"]).diagnostics  # debug: a rule's crash raises
    assert not [d for d in found if d.rule == "progression-consistent" and "turn_9" in d.message]
