"""The check step's blocks: 64 files each, or fewer once they hold 8 MB (no Ray started)."""

from __future__ import annotations

import pytest

from fplint.ray.pipeline import BYTES_PER_BLOCK, FILES_PER_BLOCK, block_ends

MB = 2**20


@pytest.mark.parametrize(
    ("sizes", "ends"),
    [
        ([], [0]),  # no file: one empty block
        ([100] * 3, [3]),
        ([100] * (FILES_PER_BLOCK + 1), [FILES_PER_BLOCK, FILES_PER_BLOCK + 1]),
        ([20 * MB] * 3, [1, 2, 3]),  # large shards: a task each
        ([3 * MB, 3 * MB, 3 * MB, 1, 3 * MB], [3, 5]),  # a block ends once it reaches the bytes
        ([0] * 130, [64, 128, 130]),  # unreadable files weigh nothing: they are reported quickly
    ],
)
def test_blocks_end_at_the_file_count_or_the_byte_budget(sizes: list[int], ends: list[int]) -> None:
    assert BYTES_PER_BLOCK == 8 * MB and FILES_PER_BLOCK == 64
    assert block_ends(sizes) == ends
