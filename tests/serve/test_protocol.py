"""LSP positions from fplint's: 0-based lines, columns in the client's units, fixes from bytes."""

from __future__ import annotations

from lsprotocol import types

from fplint.fix.edit import Edit, Fix
from fplint.model import Diagnostic, Severity
from fplint.serve import protocol


def diagnostic(line: int | None, column: int | None) -> Diagnostic:
    return Diagnostic("data/a.json", line, column, "/x", "t1", "indicator-count", "FP303", Severity.ERROR, "m")


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def utf32(text: str) -> int:
    return len(text)


SOURCE = '{\n  "a": "😀 🙂 x",\n  "b": {\n    "c": 12\n  }\n}\n'


def test_a_column_after_characters_beyond_the_bmp_counts_utf16_units() -> None:
    text = protocol.Text(SOURCE)
    # fplint: line 2, column 9 is the string's opening quote (characters, from 1)
    found = protocol.lsp_range(text, diagnostic(line=2, column=8), utf16)
    assert (found.start.line, found.start.character) == (1, 7)
    assert found.end.character == 7 + utf16('"😀 🙂 x"')
    assert protocol.lsp_range(text, diagnostic(line=2, column=8), utf32).end.character == 7 + len('"😀 🙂 x"')


def test_a_value_is_covered_whole_and_an_object_by_its_bracket() -> None:
    text = protocol.Text(SOURCE)
    number = protocol.lsp_range(text, diagnostic(line=4, column=10), utf16)
    assert (number.start.character, number.end.character) == (9, 11)
    bracket = protocol.lsp_range(text, diagnostic(line=3, column=8), utf16)
    assert (bracket.start.character, bracket.end.character) == (7, 8)


def test_a_position_past_the_text_is_kept_inside_it() -> None:
    text = protocol.Text(SOURCE)
    far = protocol.lsp_range(text, diagnostic(line=99, column=99), utf16)
    assert far.start.line == len(text.starts) - 1
    assert protocol.lsp_range(text, diagnostic(line=None, column=None), utf16).start.line == 0


def test_a_fix_in_bytes_becomes_an_edit_in_the_clients_units() -> None:
    text = protocol.Text(SOURCE)
    data = SOURCE.encode("utf-8")
    start = data.index(b"x")
    fix = Fix.safe("replace x", Edit(start, start + 1, "y"))
    [edit] = protocol.text_edits(text, fix, utf16)
    assert (edit.range.start.line, edit.range.start.character) == (1, 7 + utf16('"😀 🙂 '))
    assert edit.new_text == "y"


def test_the_findings_under_the_cursor_are_those_of_its_range_else_of_its_line() -> None:
    text = protocol.Text(SOURCE)
    published = [protocol.Published(d, protocol.diagnostic(text, d, utf16)) for d in (diagnostic(line=3, column=8), diagnostic(line=4, column=10))]

    assert [p.finding.line for p in protocol.at(published, types.Position(line=3, character=10))] == [4]
    assert [p.finding.line for p in protocol.at(published, types.Position(line=2, character=3))] == [3]  # on the key
    assert protocol.at(published, types.Position(line=0, character=0)) == []
