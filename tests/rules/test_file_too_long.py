from __future__ import annotations

import pytest
from helpers import document, fix_file, run_rule

from fplint.rules.file_too_long import FileTooLong


def text(lines: int, trailing_newline: bool = True) -> str:
    body = "[\n" + "1,\n" * (lines - 2) + "1]"
    return body + ("\n" if trailing_newline else "")


@pytest.mark.parametrize(
    "lines, options, expected",
    [
        (1500, {}, []),
        (1501, {}, [(1501, "the file has 1,501 lines; the standard allows 1,500: split it (e.g. ...-part2.json), keeping each conversation's turns in order")]),
        (2705, {}, [(1501, "the file has 2,705 lines; the standard allows 1,500: split it (e.g. ...-part2.json), keeping each conversation's turns in order")]),
        (11, {"max-lines": 10}, [(11, "the file has 11 lines; the standard allows 10: split it (e.g. ...-part2.json), keeping each conversation's turns in order")]),
    ],
)
def test_file_too_long(lines: int, options: dict, expected: list) -> None:
    assert [(f.line, f.message) for f in run_rule(FileTooLong, document(text(lines)), **options)] == expected


def test_a_missing_final_newline_does_not_change_the_count() -> None:
    assert document(text(1501, trailing_newline=False)).line_count == 1501


def pairs(turns: int, lines_each: int) -> str:
    """A pairs file (metadata before and after the turns) whose turns are ``lines_each`` lines long."""
    body = ",\n".join("    {\n" + "".join(f'      "k{j}": {i},\n' for j in range(lines_each - 3)) + f'      "id": "t{i}"\n    }}' for i in range(turns))
    return '{\n  "dataset_metadata": {"v": 1},\n  "training_pairs": [\n' + body + '\n  ],\n  "notes": "é"\n}\n'


def test_fix_splits_a_pairs_file_at_turn_boundaries_into_parts_under_the_cap() -> None:
    source = pairs(5, 10)
    _, [fix] = fix_file(FileTooLong, source, "dir/convo.json", **{"max-lines": 30})
    assert [f.path for f in fix.files] == ["dir/convo-part1.json", "dir/convo-part2.json", "dir/convo-part3.json"]
    parts = [document(f.content, f.path) for f in fix.files]
    assert all(p.readable and p.line_count <= 30 for p in parts)
    assert [t.value["id"] for p in parts for t in p.turns] == [f"t{i}" for i in range(5)]
    assert all(p.value["dataset_metadata"] == {"v": 1} and p.value["notes"] == "é" for p in parts)
    assert fix.edits[0].start == 0 and fix.edits[0].end == len(source.encode()) and fix.applicability == "unsafe"


@pytest.mark.parametrize(
    "source, name",
    [
        (pairs(3, 40), "convo.json"),  # one turn alone is over the cap
        (text(40), "convo.json"),  # not a pairs file
    ],
)
def test_no_split_when_it_cannot_bring_every_part_under_the_cap(source: str, name: str) -> None:
    assert fix_file(FileTooLong, source, name, **{"max-lines": 30})[1] == []
