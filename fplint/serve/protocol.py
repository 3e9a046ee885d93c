"""fplint's findings in the Language Server Protocol's terms: ranges, diagnostics, edits, hovers.

fplint counts columns in characters from 1; LSP counts from 0 in the units the client and
server agreed on (UTF-16 unless told otherwise), so every column goes through ``units``.
Fixes are byte offsets of the file as read: the buffer's text encoded as UTF-8.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lsprotocol import types

from fplint.fix.edit import Applicability, Fix
from fplint.model import Diagnostic, Severity
from fplint.report.links import rule_url

SOURCE = "fplint"
#: Counts a string in the client's position units (pygls's codec for the agreed encoding).
Units = Callable[[str], int]

_WORD = re.compile(r"[-+.\w]+")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?')


class Text:
    """A buffer's text with its line starts, for character and byte offsets both ways."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._bytes: list[int] | None = None

    def line(self, number: int) -> str:
        """Line ``number`` (from 0) without its line break."""
        if not 0 <= number < len(self.starts):
            return ""
        end = self.starts[number + 1] - 1 if number + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[number] : end].removesuffix("\r")

    def position(self, offset: int, units: Units) -> types.Position:
        """The LSP position of character ``offset``."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return types.Position(line=line, character=units(self.text[self.starts[line] : offset]))

    def char_offset(self, byte_offset: int) -> int:
        """The character offset of a UTF-8 byte offset (a fix's edit)."""
        return len(self.text.encode("utf-8", "surrogatepass")[:byte_offset].decode("utf-8", "replace"))


def span(text: Text, line: int, column: int) -> tuple[int, int]:
    """The characters (start, end) of line ``line`` that a finding at ``column`` covers: the value
    that starts there (the CLI's column), a string to its closing quote, a number or word to its
    end, an object or list its opening bracket."""
    source = text.line(line)
    at = max(0, min(column, len(source)))
    if at >= len(source):
        return at, at
    if source[at] == '"':
        match = _STRING.match(source, at)
        return at, match.end() if match else at + 1
    match = _WORD.match(source, at)
    return at, match.end() if match else at + 1


def lsp_range(text: Text, d: Diagnostic, units: Units) -> types.Range:
    """Where a diagnostic sits in the buffer, in the client's units."""
    line = max((d.line or 1) - 1, 0)
    line = min(line, len(text.starts) - 1)
    column = max((d.column or 1) - 1, 0)
    start, end = span(text, line, column)
    source = text.line(line)
    return types.Range(
        start=types.Position(line=line, character=units(source[:start])),
        end=types.Position(line=line, character=units(source[:end])),
    )


def diagnostic(text: Text, d: Diagnostic, units: Units) -> types.Diagnostic:
    """An LSP diagnostic with fplint's code, message and severity, linked to the rule's docs."""
    return types.Diagnostic(
        range=lsp_range(text, d, units),
        message=d.message,
        severity=types.DiagnosticSeverity.Error
        if d.severity is Severity.ERROR
        else types.DiagnosticSeverity.Warning,
        code=d.code,
        code_description=types.CodeDescription(href=url) if (url := rule_url(d.rule)) else None,
        source=SOURCE,
        data={"rule": d.rule, "turn_id": d.turn_id, "pointer": d.pointer},
    )


def text_edits(text: Text, fix: Fix, units: Units) -> list[types.TextEdit]:
    """A fix's byte edits as LSP text edits of the buffer."""
    edits = []
    for edit in sorted(fix.edits):
        start, end = text.char_offset(edit.start), text.char_offset(edit.end)
        edits.append(
            types.TextEdit(
                range=types.Range(start=text.position(start, units), end=text.position(end, units)),
                new_text=edit.content,
            )
        )
    return edits


@dataclass(frozen=True)
class Published:
    """One finding as published: fplint's diagnostic and the LSP one the client holds."""

    finding: Diagnostic
    lsp: types.Diagnostic


def contains(r: types.Range, p: types.Position) -> bool:
    after_start = (p.line, p.character) >= (r.start.line, r.start.character)
    before_end = (p.line, p.character) <= (r.end.line, r.end.character)
    return after_start and before_end


def at(found: Sequence[Published], p: types.Position) -> list[Published]:
    """The findings under the cursor: those whose range holds it, else those on its line (an
    object's finding sits on its one-character bracket; the key before it is on the same line)."""
    return [f for f in found if contains(f.lsp.range, p)] or [
        f for f in found if f.lsp.range.start.line <= p.line <= f.lsp.range.end.line
    ]


def overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)


def quick_fixes(
    uri: str, text: Text, found: Sequence[Published], wanted: types.Range, units: Units
) -> list[types.CodeAction]:
    """A quick fix for each finding in ``wanted`` that carries a fix (not a whole-file split)."""
    actions = []
    for item in found:
        fix = item.finding.fix
        if fix is None or fix.whole_file or not fix.edits or not overlaps(item.lsp.range, wanted):
            continue
        unsafe = fix.applicability is Applicability.UNSAFE
        actions.append(
            types.CodeAction(
                title=f"fplint ({item.finding.code}): {fix.message}" + (" (unsafe)" if unsafe else ""),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[item.lsp],
                is_preferred=not unsafe,
                edit=types.WorkspaceEdit(changes={uri: text_edits(text, fix, units)}),
            )
        )
    return actions


FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.fplint"


def fix_all(uri: str, text: Text, found: Sequence[Published], units: Units) -> types.CodeAction | None:
    """Every safe fix of the buffer at once (``check --fix``'s first round), or ``None``."""
    from fplint.fix.apply import apply

    fixes = [
        p.finding.fix
        for p in found
        if p.finding.fix is not None and not p.finding.fix.whole_file and p.finding.fix.applies(False)
    ]
    taken = apply(text.text.encode("utf-8", "surrogatepass"), fixes).taken
    if not taken:
        return None
    edits = [e for fix in taken for e in text_edits(text, fix, units)]
    return types.CodeAction(
        title=f"fplint: apply {len(taken)} safe fix{'' if len(taken) == 1 else 'es'}",
        kind=FIX_ALL,
        edit=types.WorkspaceEdit(changes={uri: edits}),
    )
