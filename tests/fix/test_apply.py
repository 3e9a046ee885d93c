"""The applier: a file's fixes from the end backwards, all of a fix or none, none overlapping."""

from __future__ import annotations

import pytest

from fplint.fix.apply import apply, splice
from fplint.fix.edit import Edit, Fix, NewFile


def safe(*edits: Edit) -> Fix:
    return Fix.safe("m", *edits)


def test_offsets_are_those_of_the_bytes_as_read() -> None:
    result = apply(b"abcdef", [safe(Edit(0, 1, "XYZ")), safe(Edit(4, 6, ""))])
    assert result.data == b"XYZbcd" and len(result.taken) == 2


def test_an_overlapping_fix_is_skipped_whole() -> None:
    first, second = safe(Edit(4, 6, "!")), safe(Edit(0, 1, "A"), Edit(5, 6, "?"))
    result = apply(b"abcdef", [first, second])
    assert result.data == b"abcd!" and result.taken == [first] and result.skipped == [second]


def test_later_fixes_are_taken_first() -> None:
    early, late = safe(Edit(0, 3, "x")), safe(Edit(2, 5, "y"))
    assert apply(b"abcdef", [early, late]).taken == [late]


@pytest.mark.parametrize(
    "a, b, overlap",
    [
        (Edit(0, 2, ""), Edit(2, 4, ""), False),  # touching
        (Edit(2, 2, "x"), Edit(2, 2, "y"), True),  # two insertions at one place: order unknown
        (Edit(2, 2, "x"), Edit(1, 3, "y"), True),  # an insertion inside a replaced range
        (Edit(2, 2, "x"), Edit(2, 4, "y"), False),  # an insertion where a replacement starts
        (Edit(0, 5, ""), Edit(3, 4, "z"), True),
    ],
)
def test_overlap(a: Edit, b: Edit, overlap: bool) -> None:
    assert len(apply(b"abcdef", [safe(a), safe(b)]).taken) == (1 if overlap else 2)


def test_the_same_fix_offered_twice_is_applied_once() -> None:
    result = apply(b"abc", [safe(Edit(1, 2, "B")), safe(Edit(1, 2, "B"))])
    assert result.data == b"aBc" and len(result.taken) == 1


@pytest.mark.parametrize("edit", [Edit(2, 9, ""), Edit(-1, 0, ""), Edit(3, 2, ""), Edit(1, 2, "x")])
def test_an_edit_outside_the_data_or_inside_a_character_is_never_applied(edit: Edit) -> None:
    data = "aé".encode()  # é is two bytes: 1 and 2
    assert apply(data, [safe(edit)]).data == data


def test_edits_of_one_fix_that_overlap_each_other_invalidate_it() -> None:
    assert apply(b"abc", [safe(Edit(0, 2, "x"), Edit(1, 3, "y"))]).taken == []


def test_a_whole_file_fix_waits_for_the_other_fixes() -> None:
    split = Fix.unsafe("split", Edit(0, 3, ""))
    split = Fix(split.applicability, "split", split.edits, (), (NewFile("a-part1.json", "x"),))
    other = safe(Edit(0, 1, "A"))
    assert apply(b"abc", [split, other]).taken == [other]
    alone = apply(b"abc", [split])
    assert alone.files == split and alone.data == b"abc"


def test_splice_is_one_pass_over_many_edits() -> None:
    data = b"," * 40_000
    edits = [Edit(i, i + 1, "") for i in range(0, 40_000, 2)]
    assert splice(data, edits) == b"," * 20_000
    assert apply(data, [safe(e) for e in edits]).data == b"," * 20_000
