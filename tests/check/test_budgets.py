"""Budgets: nothing built from data (a range, a list in a message, a quoted key) grows past a
bound, and the paths that used to be quadratic give the same findings as before."""

from __future__ import annotations

import json

import pytest
from factory import edit, pairs_file, valid_conversation, valid_turn
from helpers import document, messages, run_rule
from hypothesis import given
from hypothesis import strategies as st

from fplint.brief import MESSAGE_LIMIT, brief, clip, listing
from fplint.brief import message as within_budget
from fplint.check.engine import Engine, _turn_finder
from fplint.model import Finding, Turn
from fplint.rule import TurnRule, ranges
from fplint.rules.history_consistent import HistoryConsistent
from fplint.rules.progression_consistent import ProgressionConsistent
from fplint.rules.turn_sequence import TurnSequence

pytestmark = pytest.mark.usefixtures("no_hang")


def tiny(number: int, turn_id: str | None = None, conversation: str = "fp_marcus_901") -> dict:
    """A turn that carries only what the conversation rules read."""
    return {
        "id": turn_id or f"{conversation}_turn{number}",
        "conversation_id": conversation,
        "turn_number": number,
        "conversation_history": [],
    }


def test_a_turn_numbered_a_billion_gives_one_short_gap_message() -> None:
    [message] = messages(TurnSequence, [tiny(1), tiny(10**9)])
    assert "has turns 1, 1000000000: turns 2–999999999 are missing" in message
    assert len(message) < 300


def test_a_turn_numbered_past_any_count_is_named_briefly() -> None:
    [message] = messages(TurnSequence, [tiny(1), tiny(10**4000)])
    assert "an integer of about 4,000 digits" in message and len(message) < 400


def test_many_gaps_are_listed_ten_then_counted() -> None:
    [message] = messages(TurnSequence, [tiny(n) for n in range(1, 20_000, 2)])
    assert "turns 2, 4, 6, 8, 10, 12, 14, 16, 18, 20 and 9,989 more are missing" in message
    assert len(message) < 400


def test_thousands_of_turns_sharing_one_number_are_one_finding_each_pair() -> None:
    found = run_rule(TurnSequence, [tiny(1, f"t{i}") for i in range(5_000)])
    assert len(found) == 1 and found[0].related[0].turn_id == "t0"


def test_turns_numbered_twice_relate_only_to_the_other_turn() -> None:
    found = run_rule(TurnSequence, [tiny(n, f"a{n}") for n in range(1, 2_001)] + [tiny(n, f"b{n}") for n in range(1, 2_001)])
    assert len(found) == 2_000
    assert all(len(f.related) == 1 for f in found)


@given(st.lists(st.integers(min_value=1, max_value=60), max_size=30))
def test_the_gaps_found_are_exactly_the_numbers_missing(numbers: list[int]) -> None:
    found = messages(TurnSequence, [tiny(n, f"t{n}") for n in numbers])
    present = set(numbers)
    missing = [n for n in range(1, max(present, default=0) + 1) if n not in present]
    gap = [m for m in found if "missing" in m]
    assert bool(gap) == bool(missing)
    if missing:
        assert f"{ranges(missing)} {'is' if len(missing) == 1 else 'are'} missing" in gap[0]


def test_a_long_conversation_with_empty_histories_names_the_span_without_listing_it() -> None:
    found = messages(HistoryConsistent, [tiny(n) for n in range(1, 3_001)])
    assert len(found) == 2_999
    assert found[-1].endswith("turn 3000 needs 5998: a user then an assistant entry for each of turns 1–2999, with their turn and role")


def test_a_history_fix_is_offered_only_for_a_short_conversation() -> None:
    long = [edit(valid_turn(1), {"/turn_number": 1})] + [
        edit(tiny(n), {"/current_user_input": "Hi.", "/target_response": "Hello."}) for n in range(2, 200)
    ]
    fixes = [f.fix for f in run_rule(HistoryConsistent, long)]
    assert fixes[0] is not None and fixes[-1] is None


def test_a_turn_numbered_a_billion_with_no_history_is_told_so_without_a_range() -> None:
    [message] = messages(HistoryConsistent, [tiny(10**9)])
    assert "turn 1000000000 needs 1999999998" in message


def test_progression_findings_are_unchanged_by_reading_the_turns_once() -> None:
    turns = valid_conversation(4)
    turns[2] = edit(turns[2], {"/emotional_context/emotional_progression/previous_turn_primary": "joy"})
    [message] = messages(ProgressionConsistent, turns)
    assert message.startswith("previous_turn_primary is 'joy' but turn 2 detected")


def test_file_findings_are_placed_in_their_turn_whatever_the_layout() -> None:
    pairs = document(pairs_file(*valid_conversation(3)))
    find = _turn_finder(pairs)
    assert find("/training_pairs/2/emotional_context/x").pointer == "/training_pairs/2"
    assert find("/training_pairs") is None and find("") is None
    single = document(json.dumps(valid_turn()))
    assert _turn_finder(single)("/emotional_context").pointer == ""
    lines = document(json.dumps(valid_turn()) + "\n" + json.dumps(valid_turn(2)) + "\n", "d.jsonl")
    assert _turn_finder(lines)("/1/id").pointer == "/1"


class Loud(TurnRule):
    """Quotes the whole response, however long.

    Why: to test the budget.

    Fails::

        anything

    Passes::

        nothing
    """

    name = "loud"
    code = "ZZ900"

    def check(self, turn: Turn):  # type: ignore[no-untyped-def]
        yield Finding("", "the response is " + str(turn.value.get("target_response")))


def test_every_message_is_cut_at_the_budget_saying_how_much_was_cut() -> None:
    engine = Engine([Loud()], {})
    [diagnostic] = engine.check_turn(Turn({"target_response": "x" * 1_000_000}))
    assert len(diagnostic.message) <= MESSAGE_LIMIT
    assert diagnostic.message.endswith("more characters cut)")


def test_a_crash_message_quoting_data_is_cut() -> None:
    class Crash(Loud):
        def check(self, turn: Turn):  # type: ignore[no-untyped-def]
            raise KeyError("k" * 1_000_000)

    [diagnostic] = Engine([Crash()], {}).check_turn(Turn({"id": "i" * 100_000}))
    assert len(diagnostic.message) < 1000


@pytest.mark.parametrize(
    "value, shown",
    [
        ("short", "'short'"),
        ("x" * 1000, "'" + "x" * 59 + "…'"),
        ("10**5000", "an integer of about 5,000 digits"),
        (list(range(100)), "a list of 100 items"),
        (3.5, "3.5"),
        (None, "None"),
    ],
)
def test_brief_shows_any_value_in_a_few_dozen_characters(value: object, shown: str) -> None:
    if value == "10**5000":  # built here: pytest could not print it as a test id
        value = 10**5000
    assert brief(value) == shown


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(), lambda c: st.lists(c) | st.dictionaries(st.text(), c)))
def test_brief_never_raises_and_stays_short(value: object) -> None:
    assert len(brief(value)) <= 70


def test_listing_names_ten_then_counts_without_reading_further() -> None:
    assert listing(str(n) for n in range(25)) == "0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 15 more"
    assert listing(iter(range(10**12)), total=10**12).endswith("and 999,999,999,990 more")
    assert clip("abc", 2) == "a…" and within_budget("y" * 10, 100) == "y" * 10


def test_a_huge_key_is_quoted_briefly_in_schema_and_duplicate_findings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from helpers import lint

    key = "k" * 1_000_000
    turn = edit(valid_turn(), {"/" + key: 1})
    (tmp_path / "d.json").write_text('{"training_pairs": [' + json.dumps(turn)[:-1] + ', "' + key + '": 2}]}')
    report = lint([tmp_path / "d.json"])
    assert {"schema", "duplicate-key"} <= {d.rule for d in report.diagnostics}
    assert report.diagnostics and all(len(d.message) < 600 for d in report.diagnostics)


def test_a_key_repeated_20000_times_gets_a_finding_and_a_fix_for_each_repeat(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Each repeat's fix drops the occurrence before it; finding it must not scan every repeat."""
    from helpers import lint

    (tmp_path / "d.json").write_text('{"training_pairs": [], ' + ", ".join(f'"k": {i}' for i in range(20_000)) + "}")
    found = [d for d in lint([tmp_path / "d.json"]).diagnostics if d.rule == "duplicate-key"]
    assert len(found) == 19_999
    assert all(d.fix is not None for d in found)
    assert "drop the earlier one" in found[-1].fix.message and "19998" in found[-1].fix.message
