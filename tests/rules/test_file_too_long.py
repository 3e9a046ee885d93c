from __future__ import annotations

import pytest
from helpers import document, run_rule

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
