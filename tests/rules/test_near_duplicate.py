from __future__ import annotations

import itertools
import pickle
import tempfile
from typing import Any
from unittest.mock import patch

import pytest
from factory import edit, valid_turn
from helpers import run_rule
from hypothesis import given
from hypothesis import strategies as st

from fplint.check.engine import Engine
from fplint.model import Turn
from fplint.rules import _similar, near_duplicate
from fplint.rules.near_duplicate import NearDuplicate

R, U = "/target_response", "/current_user_input"
LONG = (
    "It makes complete sense that the number feels heavy right now, and I want you to know that "
    "nothing about this means you have failed. Let's look at the one figure that matters most this "
    "month, the gap between what comes in and what goes out, and decide a single small step together."
)


def turns(*texts: str, field: str = R, same_conversation: bool = False) -> list[dict[str, Any]]:
    """One turn per text, each in its own conversation unless ``same_conversation``."""
    made = []
    for number, text in enumerate(texts, 1):
        conversation = "fp_marcus_901" if same_conversation else f"fp_marcus_{900 + number:03d}"
        turn = valid_turn(number if same_conversation else 1, conversation)
        made.append(edit(turn, {field: text}))
    return made


def test_a_copied_response_in_another_conversation_is_reported_at_the_later_turn() -> None:
    [finding] = run_rule(NearDuplicate, turns(LONG, LONG))
    assert finding.pointer == R and finding.ref is not None and finding.ref.turn_id == "fp_marcus_902_turn1"
    assert [r.turn_id for r in finding.related] == ["fp_marcus_901_turn1"]
    assert finding.message == (
        "target_response shares 100% of its three-word phrases with fp_marcus_901_turn1's in another "
        "conversation (data.json at /training_pairs/0): the seed wants true variation, not near-copies; "
        "rewrite one of them"
    )


def test_a_short_copy_with_a_few_words_changed_is_reported_with_its_exact_share() -> None:
    edited = LONG.replace("heavy", "crushing")
    exact = _similar.jaccard(_similar.shingles(LONG), _similar.shingles(edited))
    [finding] = run_rule(NearDuplicate, turns(LONG, edited))
    assert 0.85 <= exact < 0.95 and f"shares {exact:.0%} of its three-word phrases" in finding.message


def test_a_long_copy_is_reported_with_the_share_its_sketches_estimate() -> None:
    longer = " ".join(f"{LONG} Part {word} of the plan." for word in ("one", "two", "three"))
    edited = longer.replace("heavy", "crushing", 1)
    exact = _similar.jaccard(_similar.shingles(longer), _similar.shingles(edited))
    [finding] = run_rule(NearDuplicate, turns(longer, edited))
    share = int(finding.message.split("shares about ")[1].split("%")[0]) / 100
    assert len(_similar.shingles(longer)) > _similar.BINS and abs(share - exact) < 0.15


def test_copied_user_inputs_are_reported_too() -> None:
    [finding] = run_rule(NearDuplicate, turns(LONG, LONG, field=U))
    assert finding.pointer == U and finding.message.startswith("current_user_input shares 100%")


@pytest.mark.parametrize(
    "texts, options",
    [
        ((LONG, "A different reply altogether: " + " ".join(f"word{i}" for i in range(40))), {}),
        ((LONG, LONG), {"threshold": 1.01}),
        (("Thanks, that makes sense to me now.",) * 2, {}),  # too short to compare
        ((LONG, LONG), {"min-words": 100}),
        ((LONG,), {}),
    ],
)
def test_different_short_or_single_texts_are_not_reported(
    texts: tuple[str, ...], options: dict[str, Any]
) -> None:
    assert run_rule(NearDuplicate, turns(*texts), **options) == []


def test_turns_of_one_conversation_are_not_compared_with_each_other() -> None:
    assert run_rule(NearDuplicate, turns(LONG, LONG, same_conversation=True)) == []


def test_each_later_copy_names_the_earliest_most_similar_turn() -> None:
    found = run_rule(NearDuplicate, turns(LONG, LONG, LONG, LONG))
    assert [(f.ref.turn_id[:13], f.related[0].turn_id[:13]) for f in found if f.ref] == [
        ("fp_marcus_902", "fp_marcus_901"),
        ("fp_marcus_903", "fp_marcus_901"),
        ("fp_marcus_904", "fp_marcus_901"),
    ]


def test_the_state_is_plain_compact_data() -> None:
    engine = Engine([NearDuplicate()], {})
    made = [Turn(t, "data.json", f"/training_pairs/{i}", i) for i, t in enumerate(turns(LONG, LONG))]
    [state] = engine.partials(made)

    def plain(value: Any) -> bool:
        if isinstance(value, (list, tuple)):
            return all(plain(v) for v in value)
        if isinstance(value, dict):
            return all(plain(k) and plain(v) for k, v in value.items())
        return value is None or isinstance(value, (str, bytes, int))

    assert plain(state) and len(pickle.dumps(state)) < 2_500


TEXTS = [
    LONG,
    LONG.replace("heavy", "crushing"),
    "Completely new words: " + " ".join(f"w{i}" for i in range(30)),
]


@given(
    picks=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3)), min_size=1, max_size=14),
    cuts=st.lists(st.integers(0, 14), max_size=4),
)
def test_any_split_of_the_run_gives_the_same_pairs(picks: list[tuple[int, int]], cuts: list[int]) -> None:
    engine = Engine([NearDuplicate()], {})
    made = [
        Turn(
            edit(valid_turn(1, f"fp_marcus_{800 + conversation:03d}"), {R: TEXTS[text]}),
            f"f{i}.json",
            "/training_pairs/0",
            0,
        )
        for i, (text, conversation) in enumerate(picks)
    ]
    whole = engine.cross_check([], engine.partials(made), 1)[0]
    bounds = sorted({0, len(made), *(c for c in cuts if c <= len(made))})
    merged = None
    for lo, hi in itertools.pairwise(bounds):
        merged = engine.merge(merged, engine.partials(made[lo:hi]))
    split = engine.cross_check([], merged, 1)[0]
    assert [(f.message, f.ref) for _, f in split] == [(f.message, f.ref) for _, f in whole]


def candidates_one_by_one(sketches: bytes, size: int, conversations: list[str | None]) -> dict[int, set[int]]:
    """The candidate pairs as the rule first found them, one text and one band at a time."""
    found: dict[int, set[int]] = {}
    width = _similar.ROWS * 4
    for band in range(_similar.BANDS):
        seen: dict[bytes, list[int]] = {}
        for index in range(len(conversations)):
            key = sketches[index * size + band * width : index * size + (band + 1) * width]
            earlier = seen.setdefault(key, [])
            others = [
                e for e in earlier if conversations[e] != conversations[index] or conversations[e] is None
            ]
            if others:
                found.setdefault(index, set()).update(others)
            if len(earlier) < near_duplicate._PER_BAND:
                earlier.append(index)
    return found


#: Texts that share some bands and not others: copies, near-copies, strangers.
VARIANTS = [
    LONG,
    LONG.replace("heavy", "crushing"),
    LONG.replace("month", "week"),
    TEXTS[2],
    LONG + " " + LONG,
]


@given(
    picks=st.lists(
        st.tuples(st.integers(0, len(VARIANTS) - 1), st.sampled_from([None, "a", "b", "c", "d", "e", "f"])),
        max_size=24,
    )
)
def test_the_candidates_are_the_earliest_few_of_each_band_in_other_conversations(
    picks: list[tuple[int, str | None]],
) -> None:
    size = _similar.BINS * 4
    sketches = b"".join(_similar.sketch(_similar.shingles(VARIANTS[text])) for text, _ in picks)
    conversations = [conversation for _, conversation in picks]
    expected = candidates_one_by_one(sketches, size, conversations)
    found = near_duplicate._candidates(sketches, size, len(conversations))
    assert near_duplicate._apart(found, dict(enumerate(conversations))) == expected


LONGER = " ".join(f"{LONG} Part {word} of the plan." for word in ("one", "two", "three"))


def test_the_findings_on_a_small_set_stay_as_they_were() -> None:
    # exact shares (short texts), estimated ones (long texts), equal sketches, strangers
    texts = [
        LONG,
        VARIANTS[1],
        TEXTS[2],
        LONGER,
        LONG,
        LONGER.replace("heavy", "crushing", 1),
        VARIANTS[4],
        LONGER,
    ]
    for field in (R, U):
        found = run_rule(NearDuplicate, turns(*texts, field=field))
        assert all(f.pointer == field for f in found)
        assert [
            (
                f.ref.turn_id[10:13],
                f.related[0].turn_id[10:13],
                f.message.split(" in another")[0].split(" shares ")[1],
            )
            for f in found
            if f.ref
        ] == PINNED


#: What the rule reported before its candidate search was batched (commit 91a1984), for either field.
PINNED = [
    ("902", "901", "89% of its three-word phrases with fp_marcus_901_turn1's"),
    ("904", "901", "about 83% of its three-word phrases with fp_marcus_901_turn1's"),
    ("905", "901", "100% of its three-word phrases with fp_marcus_901_turn1's"),
    ("906", "904", "about 97% of its three-word phrases with fp_marcus_904_turn1's"),
    ("907", "901", "96% of its three-word phrases with fp_marcus_901_turn1's"),
    ("908", "904", "about 100% of its three-word phrases with fp_marcus_904_turn1's"),
]


def spread(picks: list[tuple[int, int]]) -> list[Turn]:
    """A turn for each (text, conversation) pick, each in its own file."""
    return [
        Turn(
            edit(valid_turn(1, f"fp_marcus_{800 + conversation:03d}"), {R: VARIANTS[text], U: VARIANTS[-1 - text]}),
            f"f{i}.json",
            "/training_pairs/0",
            0,
        )
        for i, (text, conversation) in enumerate(picks)
    ]


def merged_state(engine: Engine, made: list[Turn], cuts: list[int]) -> tuple[Any, ...] | None:
    bounds = sorted({0, len(made), *(c for c in cuts if c <= len(made))})
    merged = None
    for lo, hi in itertools.pairwise(bounds):
        merged = engine.merge(merged, engine.partials(made[lo:hi]))
    return merged


def pairs(engine: Engine, state: tuple[Any, ...] | None) -> list[tuple[str, Any, Any]]:
    return [(f.message, f.ref, f.related) for _, f in engine.cross_check([], state, 1)[0]]


@given(
    picks=st.lists(st.tuples(st.integers(0, len(VARIANTS) - 1), st.integers(0, 4)), min_size=1, max_size=16),
    cuts=st.lists(st.integers(0, 16), max_size=8),
    limit=st.integers(0, 6),
)
def test_a_state_spilled_to_disk_finds_what_the_state_in_memory_finds(
    picks: list[tuple[int, int]], cuts: list[int], limit: int
) -> None:
    engine = Engine([NearDuplicate()], {})
    made = spread(picks)
    held = pairs(engine, merged_state(engine, made, cuts))
    with patch.object(near_duplicate, "MEMORY_LIMIT", limit):
        spilled = pairs(engine, merged_state(engine, made, cuts))
    assert spilled == held


def test_a_merged_state_keeps_at_most_the_limit_in_memory_and_the_rest_in_unnamed_files() -> None:
    engine = Engine([NearDuplicate()], {})
    with patch.object(near_duplicate, "MEMORY_LIMIT", 4):
        [state] = merged_state(engine, spread([(i % 5, i) for i in range(30)]), list(range(30)))
    assert state.count <= 4 and state.spilled is not None
    for spilled, held in zip(state.spilled, state.held, strict=True):  # each field: 30 texts in all
        assert spilled.count >= 26 and spilled.count + sum(len(chunk[0]) for chunk in held) == 30
    if tempfile.TemporaryFile is not tempfile.NamedTemporaryFile:  # POSIX: unlinked at once
        for spilled in state.spilled:  # nothing on disk to name, open or leave behind
            assert isinstance(spilled.sketch_file.name, int) and isinstance(spilled.detail_file.name, int)


def test_a_spilled_state_pickles_as_the_plain_state_and_merges_on() -> None:
    # a cluster run's reduce sends a merged state to another process, which merges it again
    engine = Engine([NearDuplicate()], {})
    made = spread([(i % 5, i % 7) for i in range(24)])
    whole = pairs(engine, merged_state(engine, made, []))
    with patch.object(near_duplicate, "MEMORY_LIMIT", 3):
        first = merged_state(engine, made[:15], list(range(15)))
        sent = pickle.loads(pickle.dumps(first))
        assert type(sent[0]) is tuple and all(type(field) is list for field in sent[0])
        assert pairs(engine, sent) == pairs(engine, first)
        second = merged_state(engine, made[15:], list(range(9)))
        assert pairs(engine, engine.merge(sent, second)) == whole
        assert pairs(engine, engine.merge(merged_state(engine, made[:15], [5]), second)) == whole


def test_a_text_seen_again_is_not_sketched_again() -> None:
    rule = NearDuplicate()
    first, again = (rule.collect(Turn(turn)) for turn in turns(LONG + " once more", LONG + " once more"))
    with patch.object(_similar, "sketch", side_effect=AssertionError("sketched again")):
        third = rule.collect(Turn(turns(LONG + " once more")[0]))
    assert first[1][0] == again[1][0] == third[1][0] is not None


def test_a_remembered_text_still_meets_each_rules_own_least_word_count() -> None:
    text = "one two three four five six seven eight nine ten eleven twelve"
    few, many = NearDuplicate(**{"min-words": 20}), NearDuplicate(**{"min-words": 5})
    turn = Turn(turns(text)[0])
    assert few.collect(turn)[1][0] is None
    assert many.collect(turn)[1][0] is not None


def test_a_text_past_the_remembered_length_is_sketched_as_a_remembered_one_is() -> None:
    long_text = " ".join(f"word{n}" for n in range(_similar.REMEMBER_UP_TO // 5))
    assert len(long_text) > _similar.REMEMBER_UP_TO
    assert near_duplicate._sketched(long_text) == near_duplicate._sketch(long_text)
    assert near_duplicate._sketched(long_text) is not near_duplicate._sketched(long_text)
