from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages, run_rule

from fplint.check.engine import Engine
from fplint.model import Turn
from fplint.rules.quality_distribution import QualityDistribution

Q = "/training_metadata/quality_score"


def scored(*counts: tuple[int, int]) -> list[dict]:
    """Distinct turns (each its own conversation) with these scores."""
    scores = [score for score, n in counts for _ in range(n)]
    return [edit(valid_turn(1, f"fp_marcus_{i:03d}"), {Q: score}) for i, score in enumerate(scores)]


@pytest.mark.parametrize(
    "subject, options, expected",
    [
        (scored((5, 13), (4, 5), (3, 2)), {}, []),
        (scored((5, 12), (4, 6), (3, 2)), {}, []),
        (scored((5, 20)), {}, ["quality scores across 20 turns: 100% 5s, 0% 4s, 0% 3s; the standard asks for 60–70% 5s, 20–30% 4s, 5–15% 3s, none below 3: the scores look inflated: re-review the turns honestly"]),
        (scored((5, 12), (4, 5), (3, 2), (2, 1)), {}, ["quality scores across 20 turns: 60% 5s, 25% 4s, 10% 3s, 1 below 3; the standard asks for 60–70% 5s, 20–30% 4s, 5–15% 3s, none below 3: re-review the scores against the standard"]),
        (scored((5, 19)), {}, []),  # too few turns to judge
        (scored((5, 3)), {"min-turns": 3, "fives-max": 100, "fours-min": 0, "threes-min": 0}, []),
        (scored((5, 10)) + [edit(valid_turn(1), {Q: "5"})] * 10, {}, []),  # unscored turns do not count
        (scored((5, 10)) * 2, {}, []),  # each distinct turn counts once: 10 turns, too few to judge
        (scored((5, 13), (4, 5), (3, 2)) + scored((5, 20))[:13], {}, []),  # copies of the 5s do not inflate them
        ([edit(t, {"/id": None}) for t in scored((5, 20))], {}, ["quality scores across 20 turns: 100% 5s, 0% 4s, 0% 3s; the standard asks for 60–70% 5s, 20–30% 4s, 5–15% 3s, none below 3: the scores look inflated: re-review the turns honestly"]),  # no ids: each counts
    ],
)
def test_quality_distribution(subject: list[dict], options: dict, expected: list[str]) -> None:
    assert messages(QualityDistribution, subject, **options) == expected


def test_a_skipped_check_says_so() -> None:
    rule = QualityDistribution()
    engine = Engine([rule], {})
    turns = [Turn(t, "d.json", f"/training_pairs/{i}") for i, t in enumerate(scored((5, 7)))]
    found, notes = engine.cross_check([], engine.partials(turns), 1)
    assert found == []
    assert notes == ["quality-distribution: skipped, 7 scored turns; the distribution is judged from 20 on"]


def test_reported_at_the_first_scored_turn() -> None:
    [finding] = run_rule(QualityDistribution, [edit(valid_turn(1), {Q: None}), *scored((5, 20))])
    assert (finding.ref.pointer, finding.pointer) == ("/training_pairs/1", Q)
