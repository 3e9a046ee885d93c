"""A run's conversation summaries, grouped by conversation, held in memory or spilled to disk."""

from __future__ import annotations

import pytest

from fplint.check.conversations import Conversations
from fplint.check.engine import TurnSummary
from fplint.model import TurnRef


def summary(conversation: str | None, number: int, unread: bool = False) -> TurnSummary:
    ref = TurnRef(f"{conversation}.json", f"/pairs/{number}", f"{conversation}_t{number}")
    return TurnSummary(ref, conversation, number, (f"data {number}", number), unread)


def files() -> list[list[TurnSummary]]:
    """Thirty files, each with turns of several conversations, some turns of none."""
    made = []
    for file in range(30):
        made.append(
            [summary(f"c{(file + k) % 17}", file * 10 + k, unread=(k == 3)) for k in range(5)]
            + [summary(None, file)]
        )
    return made


def grouped(store: Conversations) -> dict[str, list[TurnSummary]]:
    return {conversation: list(members) for conversation, members in store}


def expected() -> dict[str, list[TurnSummary]]:
    by_id: dict[str, list[TurnSummary]] = {}
    for batch in files():
        for s in batch:
            if s.conversation_id is not None:
                by_id.setdefault(s.conversation_id, []).append(s)
    return by_id


def test_held_in_memory_each_conversation_keeps_its_turns_in_reading_order() -> None:
    store = Conversations()
    for batch in files():
        store.add(batch)
    assert list(grouped(store).items()) == list(expected().items())  # first-read order too


@pytest.mark.parametrize("limit", [0, 1, 7, 50])
def test_spilled_each_conversation_comes_back_whole_in_reading_order(limit: int) -> None:
    store = Conversations(memory_limit=limit, buckets=4)
    for batch in files():
        store.add(batch)
        assert store.in_memory <= max(limit, 0)
    assert grouped(store) == expected()


def test_a_turn_of_no_conversation_is_not_kept() -> None:
    store = Conversations(memory_limit=2, buckets=2)
    store.add([summary(None, n) for n in range(10)])
    assert store.in_memory == 0
    assert grouped(store) == {}


def test_summaries_already_in_memory_are_grouped_without_spilling() -> None:
    everything = [s for batch in files() for s in batch]
    assert grouped(Conversations.of(everything)) == expected()


def test_a_summary_pickles_as_its_constructors_arguments_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses
    import pickle

    original = summary("c1", 4, unread=True)
    data = pickle.dumps(original, protocol=pickle.HIGHEST_PROTOCOL)
    monkeypatch.setattr(dataclasses, "fields", lambda _: pytest.fail("fields() asked per object"))
    assert pickle.loads(data) == original
