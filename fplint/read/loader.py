"""Read one file into a ``Document``: bytes → text → value → layout, problems kept as data."""

from __future__ import annotations

import codecs
import dataclasses
from pathlib import Path
from typing import Any

from fplint.read import files, jsonl, layout, parse_json, recover
from fplint.read.document import Document, ParseError, Problem
from fplint.read.pointer import join, split
from fplint.read.positions import JsonLocator, LineIndex, TextPositions

SUFFIXES = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".yaml": "yaml", ".yml": "yaml"}


def kind_of(path: str | Path) -> str:
    """The parser a path calls for, from its suffix (JSON when unknown)."""
    return SUFFIXES.get(Path(path).suffix.lower(), "json")


def load(
    path: str | Path, display: str | None = None, max_bytes: int = files.DEFAULT_MAX_FILE_SIZE
) -> Document:
    """Load a file; one that cannot or must not be read (not a regular file, larger than
    ``max_bytes``) becomes a document with an I/O problem."""
    name = display if display is not None else str(path)
    try:
        data = files.read_bytes(path, max_bytes)
    except (OSError, files.Refused) as exc:
        return unreadable(name, kind_of(path), exc)
    return load_bytes(data, name, kind_of(path))


def load_bytes(data: bytes, path: str, kind: str = "json") -> Document:
    """Parse bytes of the given kind (``json``, ``jsonl`` or ``yaml``)."""
    document = Document(path, kind)
    if data.startswith(codecs.BOM_UTF8):
        document.errors.append(
            ParseError(
                "the file starts with a UTF-8 byte-order mark, which JSON forbids and many "
                "loaders reject; save it as UTF-8 without BOM",
                1,
                1,
            )
        )
        data = data[len(codecs.BOM_UTF8) :]
        document.bom = True
    text = _decode(data, document)
    if text is None:
        return document
    document.text = text
    if kind == "jsonl":
        _load_jsonl(document)
    elif kind == "yaml":
        from fplint.read import parse_yaml

        parsed, document.locate = parse_yaml.parse(text)
        _take(document, parsed)
    else:
        parsed = parse_json.parse(text, data=data)
        recovery = recover.recover(text) if parsed.error is not None else None
        if recovery is not None and parsed.error is not None:
            _take_recovered(document, parsed.error, recovery)
        else:
            document.locate = TextPositions(text, unique=not parsed.duplicates)
            _take(document, parsed)
    layout.detect(document)
    return document


def load_value(value: Any, path: str = "<memory>") -> Document:
    """Wrap an already parsed value (a library caller's dict) as a document without text."""
    document = Document(path, "json", value=value)
    layout.detect(document)
    return document


def unreadable(path: str, kind: str, exc: BaseException) -> Document:
    """The document of a file that could not be read, saying why."""
    return Document(
        path, kind, errors=[ParseError(f"cannot read the file: {files.why(exc)}", 1, 1, Problem.IO)]
    )


def _decode(data: bytes, document: Document) -> str | None:
    encoding = _other_encoding(data)
    if encoding is not None:
        document.errors.append(
            ParseError(
                f"the file is {encoding} text, not UTF-8; save it as UTF-8 (without a byte-order mark)", 1, 1
            )
        )
        return None
    if b"\x00" in data[:4096]:
        document.errors.append(ParseError("this is a binary file, not JSON or YAML text", 1, 1))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        document.errors.append(
            ParseError(
                f"the file is not valid UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded; save it as UTF-8",
                line,
                column,
            )
        )
        return None


#: Byte-order marks, UTF-32's first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32 (little-endian)"),
    (codecs.BOM_UTF32_BE, "UTF-32 (big-endian)"),
    (codecs.BOM_UTF16_LE, "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "UTF-16 (big-endian)"),
)
_WIDE = (
    ("utf-32-le", "UTF-32 (little-endian)"),
    ("utf-32-be", "UTF-32 (big-endian)"),
    ("utf-16-le", "UTF-16 (little-endian)"),
    ("utf-16-be", "UTF-16 (big-endian)"),
)


def _other_encoding(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 encoding of a text saved in one (by its byte-order mark, or by
    its first 4 KB reading as printable, mostly ASCII text in it), else ``None``."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:4096]
    if b"\x00" not in head:
        return None
    for codec, name in _WIDE:
        try:
            text = codecs.getincrementaldecoder(codec)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        printable = all(c.isprintable() or c in "\t\n\r" for c in text)
        if (
            text and printable and sum(c < "\x80" for c in text) * 2 >= len(text)
        ):  # JSON's and YAML's syntax is ASCII
            return name
    return None


def _take(document: Document, parsed: parse_json.Parsed) -> None:
    document.value = parsed.value
    if parsed.error:
        document.errors.append(parsed.error)
    document.duplicates.extend(parsed.duplicates)
    for pointer, message in _marked(parsed):
        line, column = document.locate(pointer)
        document.errors.append(ParseError(message, line, column))


def _take_recovered(document: Document, error: ParseError, recovery: recover.Recovery) -> None:
    """What a JSON file with a syntax error still holds: the turns around it, checked as usual."""
    text = document.text
    lines = LineIndex(text)
    document.locate = lambda pointer, inner=None: lines.position(recovery.locate(pointer, inner))
    message = error.message + recover.note(text, recovery, error)
    document.errors += [
        ParseError(message, error.line, error.column),
        *recover.unread_errors(text, recovery, error),
    ]
    _take(document, recovery.parsed)  # the readable parts' repeated keys, NaN, lone surrogates
    document.value = recovery.value
    document.unread = [span.pointer for span in recovery.unread]
    document.unread_turns = recover.unread_turns(text, recovery)
    document.piece = recovery.piece


_NON_FINITE = "NaN and Infinity are not valid JSON numbers; write a number"
_LONE = (
    "{} holds a lone UTF-16 surrogate escape (\\ud800-\\udfff), which is no character: "
    "UTF-8 cannot hold it, so tokenizers and training tools fail on it; remove it, or write the "
    "character meant (a character beyond U+FFFF takes a pair of escapes)"
)


def _marked(parsed: parse_json.Parsed) -> list[tuple[str, str]]:
    """(pointer, message) of each value the parser read but the dataset cannot use."""
    return (
        [(p, _NON_FINITE) for p in parsed.non_finite]
        + [(p, _LONE.format("this string")) for p in parsed.lone_surrogates]
        + [(p, _LONE.format("the key of this value")) for p in parsed.lone_surrogate_keys]
    )


def _load_jsonl(document: Document) -> None:
    """Parse each line once for its problems, keeping only where it is (``fplint.read.jsonl``)."""
    text = document.text
    lines = jsonl.Lines(text)
    meta = False
    bad: list[tuple[int, ParseError]] = []  # (index in document.errors, error) of lines that did not parse
    start, number = 0, 0
    while start <= len(text):
        newline = text.find("\n", start)
        stop = len(text) if newline < 0 else newline
        end = stop - 1 if stop > start and text[stop - 1] == "\r" else stop
        line = text[start:end]
        if line.strip():
            parsed = parse_json.parse(line, first_line=number + 1)
            if parsed.error:
                bad.append((len(document.errors), parsed.error))
                document.errors.append(parsed.error)
            else:
                if not lines.numbers:
                    meta = isinstance(parsed.value, dict) and set(parsed.value) == {"_meta"}
                lines.add(number, start, end)
                _take_line(document, parsed, str(number), line, number + 1)
        start, number = stop + 1, number + 1
    document.value = jsonl.Values(lines)
    document.turns = jsonl.Turns(lines, document.path, skip=1 if meta else 0)
    document.locate = lines.locate
    if lines.numbers:  # each line stands alone: say that only the broken ones went unchecked
        read = len(lines.numbers)
        others = f"{read:,} other line{'' if read == 1 else 's'}"
        for index, error in bad:
            note = f"; this line was not checked, the file's {others} were"
            document.errors[index] = dataclasses.replace(error, message=error.message + note)


def _take_line(document: Document, parsed: parse_json.Parsed, key: str, line: str, number: int) -> None:
    document.duplicates.extend(
        dataclasses.replace(d, pointer=join("/" + key, *split(d.pointer))) for d in parsed.duplicates
    )
    for pointer, message in _marked(parsed):
        column = LineIndex(line).position(JsonLocator(line).offset(pointer))[1]
        document.errors.append(ParseError(message, number, column))
