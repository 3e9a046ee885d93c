"""The numbers of ``fplint stats``, each counted by hand from turns the test builds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factory import DELETE, edit, pairs_file, valid_conversation, valid_turn
from helpers import config

import fplint
from fplint.report.stats import DatasetStats, Spread, collect
from fplint.tokens import estimate, tokenizer
from fplint.training import turn_example

EMOTIONS = "/emotional_context/detected_emotions"


def emotions(turn: dict, primary: str, secondary: str, tertiary: str | None = None, valence: str = "mixed") -> dict:
    changes = {f"{EMOTIONS}/primary": primary, f"{EMOTIONS}/secondary": secondary, f"{EMOTIONS}/valence": valence}
    if tertiary:
        changes |= {f"{EMOTIONS}/tertiary": tertiary, f"{EMOTIONS}/tertiary_confidence": 0.6}
    return edit(turn, changes)


def scored(turn: dict, score: int) -> dict:
    return edit(turn, {"/training_metadata/quality_score": score})


def survey(paths: list[Path], windows: tuple[int, ...] = (8192,)) -> DatasetStats:
    # the emotions are changed by hand here: the progressions that name them are left as they are
    report = fplint.lint_paths(paths, config(ignore=["progression-consistent"]))
    return collect(fplint.load(paths), report, tokenizer(), windows)


@pytest.fixture
def dataset(write, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    marcus = valid_conversation(3)
    marcus[0] = emotions(marcus[0], "Shame ", "anxiety", valence="negative")
    marcus[1] = emotions(scored(marcus[1], 4), "relief", "vulnerability", "fear")
    marcus[2] = emotions(scored(marcus[2], 3), "relief", "gratitude", valence="negative")
    david = valid_conversation(2, "fp_david_901")
    david[0] = emotions(david[0], "excitement", "concern", "practical_need", valence="positive")
    david[0] = edit(david[0], {"/training_metadata/generate_variations_count": 40, "/conversation_metadata/training_topic": "Wedding debt"})
    david[1] = emotions(david[1], "clarity", "relief", valence="positive")
    for turn in david:
        turn["conversation_metadata"]["client_persona"] = "David - The Pragmatic Optimist"
    write("convo-1.json", pairs_file(*marcus[:2]))
    write("convo-1-part2.json", pairs_file(marcus[2]))
    write("convo-2.json", pairs_file(*david))
    return tmp_path


def test_each_conversation_row_counts_its_files_turns_lines_and_findings(dataset: Path) -> None:
    stats = survey([dataset])
    marcus, david = stats.conversations
    assert (marcus.id, [Path(f).name for f in marcus.files], len(marcus.turns)) == ("fp_marcus_901", ["convo-1.json", "convo-1-part2.json"], 3)
    assert marcus.lines == sum(t.lines for t in fplint.load([dataset]) if t.conversation_id == "fp_marcus_901")
    assert (marcus.clean_turns, marcus.errors, marcus.warnings) == (3, 0, 0)
    assert (david.id, len(david.files), david.clean_turns, david.errors) == ("fp_david_901", 1, 1, 2)  # a v4 topic, too many variations
    assert (len(stats.turns), stats.clean_turns, stats.errors, stats.warnings) == (5, 4, 2, 0)


def test_an_identical_copy_of_a_turn_in_another_file_is_counted_once(dataset: Path, write) -> None:  # type: ignore[no-untyped-def]
    first = json.loads((dataset / "convo-1.json").read_text(encoding="utf-8"))["training_pairs"][0]
    write("convo-1-first_v1.json", pairs_file(first))
    stats = survey([dataset])
    marcus = stats.conversations[0]
    assert (len(marcus.turns), [Path(f).name for f in marcus.files]) == (3, ["convo-1.json", "convo-1-part2.json"])
    assert (len(stats.turns), stats.scored, stats.emotions["primary"]["shame"], stats.copies) == (5, 5, 1, 1)
    assert stats.as_dict()["summary"]["copies_counted_once"] == 1


def test_a_copy_with_different_content_is_a_turn_of_its_own(dataset: Path, write) -> None:  # type: ignore[no-untyped-def]
    first = json.loads((dataset / "convo-1.json").read_text(encoding="utf-8"))["training_pairs"][0]
    write("convo-1-first_v1.json", pairs_file(scored(first, 4)))
    stats = survey([dataset])
    assert (len(stats.turns), stats.copies) == (6, 0)


def test_the_lines_of_a_turn_are_the_lines_its_object_spans(dataset: Path) -> None:
    [turn] = [t for t in fplint.load([dataset / "convo-1-part2.json"])]
    text = (dataset / "convo-1-part2.json").read_text(encoding="utf-8").splitlines()
    assert turn.lines == len(text) - 4  # all but '{', '"training_pairs": [', ']' and '}'


def test_quality_scores_are_counted_against_the_bands(dataset: Path) -> None:
    stats = survey([dataset])
    assert (stats.quality[5], stats.quality[4], stats.quality[3], stats.quality[2]) == (3, 1, 1, 0)
    assert (stats.share(5), stats.share(4), stats.share(3)) == (60.0, 20.0, 20.0)
    assert stats.bands == {5: (60.0, 70.0), 4: (20.0, 30.0), 3: (5.0, 15.0)}
    shown = stats.as_dict()["quality"]["scores"]
    assert shown["3"] == {"turns": 1, "share": 20.0, "band": [5.0, 15.0]}


def test_a_score_below_3_and_a_missing_score_are_counted_apart(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    turns = valid_conversation(3)
    write("d.json", pairs_file(scored(turns[0], 2), scored(turns[1], 1), edit(turns[2], {"/training_metadata/quality_score": "5"})))
    stats = survey([tmp_path])
    assert (stats.quality[2], stats.scored, stats.unscored, stats.share(2)) == (2, 2, 1, 100.0)
    assert stats.scored_note() == "2 scored turns; 1 whose quality_score is not a whole number ('5')"
    assert stats.as_dict()["quality"]["not_whole_numbers"] == ["5"]


def test_a_missing_score_is_said_apart_from_a_wrong_one(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    turns = valid_conversation(3)
    write("d.json", pairs_file(turns[0], edit(turns[1], {"/training_metadata/quality_score": DELETE}), edit(turns[2], {"/training_metadata/quality_score": 3.2})))
    assert survey([tmp_path]).scored_note() == "1 scored turn; 1 without a quality_score; 1 whose quality_score is not a whole number (3.2)"


def test_emotions_are_counted_per_slot_with_labels_normalised(dataset: Path) -> None:
    stats = survey([dataset])
    assert stats.emotions["primary"] == {"shame": 1, "relief": 2, "excitement": 1, "clarity": 1}
    assert stats.emotions["secondary"] == {"anxiety": 1, "vulnerability": 1, "gratitude": 1, "concern": 1, "relief": 1}
    assert stats.emotions["tertiary"] == {"fear": 1, "practical_need": 1}
    assert stats.valence == {"negative": 2, "mixed": 1, "positive": 2}


def test_transitions_join_consecutive_turns_of_a_conversation_only(dataset: Path) -> None:
    stats = survey([dataset])
    assert stats.transitions() == {("shame", "relief"): 1, ("relief", "relief"): 1, ("excitement", "clarity"): 1}


def test_a_gap_in_the_turn_numbers_breaks_the_chain(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, _, third = valid_conversation(3)
    write("d.json", pairs_file(emotions(first, "fear", "shame"), emotions(third, "relief", "hope")))
    assert survey([tmp_path]).transitions() == {}


def test_unusual_combinations_pull_in_opposite_directions(dataset: Path) -> None:
    found = {u.turn.id: u.why for u in survey([dataset]).unusual()}
    assert found == {
        "fp_marcus_901_turn2": "a positive primary (relief) with a negative secondary (vulnerability)",
        "fp_marcus_901_turn3": "valence negative with a positive primary (relief)",
        "fp_david_901_turn1": "a positive primary (excitement) with a negative secondary (concern)",
    }


def test_labels_without_a_known_polarity_are_listed_not_judged(dataset: Path) -> None:
    assert survey([dataset]).unclassified() == {"practical_need": 1}


def test_diversity_counts_indicators_strategies_techniques_topics_and_personas(dataset: Path) -> None:
    stats = survey([dataset])
    assert stats.indicators == {"explicit_emotion_words": 5, "self_talk": 5, "uncertainty_markers": 5, "action_language": 5}
    david = valid_turn(1, "fp_david_901")["response_strategy"]["primary_strategy"]  # each conversation its own
    assert stats.strategies == {"validate_then_simplify": 3, david: 2}
    assert stats.techniques == {"normalization": 5, "chunking": 5}
    assert stats.topics == {"(not stated)": 1, "Wedding debt": 1}
    assert stats.personas == {"Marcus - The Overwhelmed Avoider": 1, "David - The Pragmatic Optimist": 1}


def test_token_lengths_are_the_turns_and_the_examples(dataset: Path) -> None:
    stats = survey([dataset])
    values = [t.value for t in fplint.load([dataset])]
    own = [estimate(v["current_user_input"]) + estimate(v["target_response"]) + 10 for v in values]
    assert stats.spread("turn").values == tuple(own)
    assert stats.spread("example").values == tuple(turn_example(v).tokens(tokenizer()) for v in values)
    whole = stats.spread("conversation").values
    assert whole[0] == turn_example(values[2]).tokens(tokenizer())  # the last turn of a conversation holds it all


@pytest.mark.parametrize(
    "p, expected", [(0, 1), (10, 1), (50, 5), (51, 6), (90, 9), (95, 10), (99, 10), (100, 10)]
)
def test_percentiles_are_by_nearest_rank(p: float, expected: int) -> None:
    assert Spread(tuple(range(10, 0, -1)), ()).percentile(p) == expected


def test_examples_over_each_window_are_counted() -> None:
    spread = Spread((100, 8192, 8193, 40000), (8192, 32768))
    assert (spread.over(8192), spread.over(32768)) == (2, 1)
    assert spread.as_dict() == {"count": 4, "min": 100, "p50": 8192, "p90": 40000, "p95": 40000, "p99": 40000, "max": 40000, "mean": 14121.2, "over": {"8192": 2, "32768": 1}}


def test_no_values_give_no_percentiles() -> None:
    assert Spread((), (8192,)).as_dict()["p50"] is None


def test_findings_are_counted_per_rule_with_the_turns_they_touch(dataset: Path) -> None:
    found = [(f.rule, f.code, f.severity, f.findings, f.turns) for f in survey([dataset]).findings]
    assert found == [("schema", "FP201", "error", 1, 1), ("variations-count", "FP604", "error", 1, 1)]


def test_a_finding_about_the_whole_dataset_is_charged_to_no_turn(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write("d.jsonl", "\n".join(json.dumps(t) for i in range(7) for t in valid_conversation(3, f"fp_marcus_9{i:02d}")))
    stats = survey([tmp_path])
    assert [(f.rule, f.turns) for f in stats.findings] == [("quality-distribution", 0)]
    assert (stats.errors, stats.clean_turns) == (1, 21)


def test_a_duplicated_turn_is_counted_once_and_its_finding_stays_in_the_totals(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    turns = valid_conversation(2)
    write("a.json", pairs_file(*turns))
    write("b.json", pairs_file(turns[1]))
    stats = survey([tmp_path])
    assert [(Path(t.path).name, t.clean) for t in stats.turns] == [("a.json", True), ("a.json", True)]
    assert (stats.copies, stats.errors, [f.rule for f in stats.findings]) == (1, 1, ["duplicate-turn"])
