"""A tape gives back what was appended, in order, whether it is held in memory or on disk."""

from __future__ import annotations

import pytest

from fplint.check import tape
from fplint.check.tape import Tape


@pytest.mark.parametrize("chunk", [1, 3, 1000])
def test_items_come_back_in_order_from_memory_and_disk(chunk: int) -> None:
    items = [f"file-{n}.json" for n in range(10)]
    kept: Tape[str] = Tape(chunk)
    kept.extend(items[:7])
    assert list(kept) == items[:7]
    kept.extend(items[7:])  # appending after a read
    assert list(kept) == items == list(kept)
    assert len(kept) == 10 and kept[4] == items[4] and list(kept[-3:]) == items[-3:]


def test_past_a_chunk_items_leave_memory() -> None:
    kept: Tape[tuple[str, int]] = Tape(4)
    kept.extend((f"p{n}", n) for n in range(10))
    assert len(kept._head) == 2  # 8 on disk, in two chunks
    assert list(kept)[7] == ("p7", 7)


def test_the_default_chunk_is_read_when_a_tape_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tape, "CHUNK", 2)
    kept: Tape[int] = Tape()
    kept.extend(range(5))
    assert len(kept._head) == 1 and list(kept) == [0, 1, 2, 3, 4]
