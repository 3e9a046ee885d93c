"""Dataset rules as partial → merge → finish: any split of the run gives the same findings."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from factory import edit, valid_turn
from hypothesis import given
from hypothesis import strategies as st

from fplint.check.engine import Crashed, Engine
from fplint.model import Finding, Turn
from fplint.rule import Collected, Dataset, DatasetRule
from fplint.rules import BUILTIN_RULES

DATASET_RULES = [r for r in BUILTIN_RULES if issubclass(r, DatasetRule)]
Q = "/training_metadata/quality_score"


def turns_of(scores: Sequence[int], ids: Sequence[int]) -> list[Turn]:
    """Turns spread over files ``f0.json``..., with the given quality scores and (repeating) ids."""
    turns = []
    for i, (score, number) in enumerate(zip(scores, ids, strict=True)):
        value = edit(valid_turn(number % 4 + 1, f"fp_marcus_{number // 4 + 100:03d}"), {Q: score})
        turns.append(Turn(value, f"f{i // 3}.json", f"/training_pairs/{i % 3}", i % 3))
    return turns


def findings(engine: Engine, states: tuple[Any, ...]) -> tuple[list[tuple[str, str, Any]], list[str]]:
    found, notes = engine.cross_check([], states, 1)
    return sorted((rule.name, f.message, f.ref) for rule, f in found), notes


@pytest.mark.parametrize("rule", DATASET_RULES, ids=lambda r: r.name)
@given(
    data=st.lists(st.tuples(st.integers(1, 5), st.integers(0, 12)), min_size=0, max_size=40),
    cuts=st.lists(st.integers(0, 40), max_size=5),
)
def test_any_split_of_the_run_gives_the_findings_of_one_piece(
    rule: type[DatasetRule], data: list[tuple[int, int]], cuts: list[int]
) -> None:
    engine = Engine([rule(**{"min-turns": 5} if rule.name == "quality-distribution" else {})], {})
    turns = turns_of([s for s, _ in data], [n for _, n in data])
    bounds = sorted({0, len(turns), *(c for c in cuts if c <= len(turns))})
    merged = None
    for lo, hi in itertools.pairwise(bounds):
        merged = engine.merge(merged, engine.partials(turns[lo:hi]))
    assert findings(engine, merged or engine.partials([])) == findings(engine, engine.partials(turns))


class EveryTurn(DatasetRule):
    """A rule written against ``check`` alone (the defaults keep every turn)."""

    name = "every-turn"
    code = "EX801"

    def collect(self, turn: Turn) -> str | None:
        return turn.id

    def check(self, dataset: Dataset) -> Iterator[Finding]:
        ids = [t.data for t in dataset.turns]
        yield Finding("", f"{len(ids)} turns: {', '.join(map(str, ids))}", ref=dataset.turns[0].ref)


def test_a_rule_with_only_check_sees_every_turn_in_reading_order() -> None:
    engine = Engine([EveryTurn()], {})
    turns = turns_of([5, 5, 5], [0, 1, 2])
    states = engine.merge(engine.partials(turns[:1]), engine.partials(turns[1:]))
    [(_, finding)] = engine.cross_check([], states, 2)[0]
    assert finding.message == "3 turns: fp_marcus_100_turn1, fp_marcus_100_turn2, fp_marcus_100_turn3"


class Breaks(DatasetRule):
    """Crashes in the step named by ``where``."""

    name = "breaks"
    code = "EX802"

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where

    def partial(self, turns: Sequence[Collected]) -> Any:
        if self.where == "partial" and turns:
            raise ValueError("partial")
        return len(turns)

    def merge(self, earlier: Any, later: Any) -> Any:
        if self.where == "merge":
            raise ValueError("merge")
        return earlier + later

    def finish(self, state: Any, dataset: Dataset) -> Iterator[Finding]:
        if self.where == "finish":
            raise ValueError("finish")
        return iter(())


@pytest.mark.parametrize(("where", "crashes"), [("partial", 2), ("merge", 1), ("finish", 1)])
def test_a_crash_in_any_step_is_an_internal_error_and_the_other_rules_still_finish(where: str, crashes: int) -> None:
    engine = Engine([Breaks(where), EveryTurn()], {})
    turns = turns_of([5, 5], [0, 1])
    first, second = engine.partials(turns[:1]), engine.partials(turns[1:])
    states = engine.merge(first, second)
    found, _ = engine.cross_check([], states, 2)
    reported = [d.message for d in engine.crashes]
    assert [r.name for r, _ in found] == ["every-turn"]  # one per batch that crashed, then nothing more
    assert len(reported) == crashes and all(f"rule breaks crashed: ValueError: {where}" in m for m in reported)
    assert isinstance(states[0], Crashed) == (where in ("partial", "merge"))


GROUPED = [r for r in DATASET_RULES if r.group is not DatasetRule.group]


@pytest.mark.parametrize("rule", GROUPED, ids=lambda r: r.name)
@given(data=st.lists(st.tuples(st.integers(1, 5), st.integers(0, 12)), min_size=0, max_size=40))
def test_a_grouped_rule_finds_in_each_group_apart_what_it_finds_in_the_whole_run(
    rule: type[DatasetRule], data: list[tuple[int, int]]
) -> None:
    engine = Engine([rule()], {})
    instance = engine.dataset_rules[0]
    turns = turns_of([s for s, _ in data], [n for _, n in data])
    by_key: dict[str, list[Collected]] = {}
    for collected in engine.collected(instance, turns, None):
        key = instance.group(collected)
        if key is not None:
            by_key.setdefault(key, []).append(collected)
    apart = []
    for members in by_key.values():
        apart.extend((rule.name, f.message, f.ref) for _, f in engine.finish(instance, engine.partial(instance, members, None), 1, []))
    assert sorted(apart) == findings(engine, engine.partials(turns))[0]
