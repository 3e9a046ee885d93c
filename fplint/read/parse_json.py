"""Parse JSON text into a value, with syntax errors and duplicate keys as data, never raised."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from fplint.read.document import MAX_INT_DIGITS, DuplicateKey, ParseError
from fplint.read.pointer import join
from fplint.read.positions import JsonLocator, LineIndex

_LONG_INT = re.compile(rf"-?\d{{{MAX_INT_DIGITS + 1},}}")
#: A ``\\uD800``–``\\uDFFF`` escape: the text may hold a lone surrogate (a pair is two of them).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: Bytes with every digit made "0", a backslash and "u" kept, everything else made "x": in one
#: pass over the file, 19 zeros in a row may be a number orjson does not keep as an integer
#: (below -2**63, or above 2**64 - 1, it reads a float; a string of digits is only sent the
#: slow way), and ``\\u00`` and two digits may be a colon written as an escape (``\\u003a``).
_GUARD = bytes(
    ord("0") if chr(b).isdigit() and b < 128 else b if b in b"\\u" else ord("x") for b in range(256)
)
_DIGIT_RUN = b"0" * 19
_ESCAPE_00 = b"\\u000"


@dataclass
class Parsed:
    """The outcome of parsing one JSON text."""

    value: Any = None
    error: ParseError | None = None
    duplicates: list[DuplicateKey] = field(default_factory=list)
    non_finite: list[str] = field(default_factory=list)  # pointers of NaN / Infinity values
    lone_surrogates: list[str] = field(default_factory=list)  # pointers of strings holding one
    lone_surrogate_keys: list[str] = field(default_factory=list)  # pointers of values whose key holds one


def parse(text: str, first_line: int = 1, data: bytes | None = None) -> Parsed:
    """Parse ``text``; report the parser's real line and column on failure.

    The common case (valid JSON, no repeated key, no NaN, nothing deeper or larger than
    orjson reads) takes orjson's fast path when it is installed; anything else, and any
    doubt, goes through the standard library's parser, which finds and places everything.
    ``data``, the UTF-8 bytes ``text`` was decoded from, saves encoding it again.
    """
    if not text.strip():
        return Parsed(error=ParseError("the file is empty; expected a JSON document", first_line, 1))
    fast = _fast(data if data is not None else text.encode("utf-8", "surrogatepass"))
    if fast is not None:
        return fast
    repeats: dict[int, list[str]] = {}
    constants: list[str] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            repeats[id(obj)] = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
        return obj

    def constant(name: str) -> float:
        constants.append(name)
        return float(name.replace("Infinity", "inf"))

    try:
        value = json.loads(text, object_pairs_hook=pairs_hook, parse_constant=constant, parse_int=_integer)
    except json.JSONDecodeError as exc:
        line, column = exc.lineno + first_line - 1, exc.colno
        return Parsed(error=ParseError(_explain(exc, text), line, column))
    except RecursionError:
        depth_at = _deepest_point(text)
        line, column = LineIndex(text).position(depth_at)
        return Parsed(
            error=ParseError(
                "nesting is too deep to read (thousands of levels); no dataset needs this",
                line + first_line - 1,
                column,
            )
        )
    except ValueError:  # an integer literal longer than fplint reads
        match = _LONG_INT.search(text)
        at = match.start() if match else 0
        line, column = LineIndex(text).position(at)
        digits = len(match.group().lstrip("-")) if match else 0
        return Parsed(
            error=ParseError(
                f"a number with {digits:,} digits is too large to read (fplint reads integers of up "
                f"to {MAX_INT_DIGITS:,} digits); write a smaller number",
                line + first_line - 1,
                column,
            )
        )
    parsed = Parsed(value=value)
    surrogates = _SURROGATE_ESCAPE.search(text) is not None
    if repeats or constants or surrogates:
        _find_marked(parsed, value, repeats, bool(constants), surrogates, text, first_line)
    return parsed


def _integer(literal: str) -> int:
    """An integer literal's value, refused (``ValueError``) past ``MAX_INT_DIGITS`` digits."""
    if len(literal) > MAX_INT_DIGITS and len(literal.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError("an integer too long to read")
    return int(literal)


try:
    from orjson import JSONDecodeError as _OrjsonError
    from orjson import dumps as _orjson_dumps
    from orjson import loads as _orjson_loads
except ImportError:  # pragma: no cover - the fast extra is not installed
    _orjson_loads = None  # type: ignore[assignment]


def _fast(data: bytes) -> Parsed | None:
    """orjson's reading of UTF-8 ``data`` when it is certainly what the careful parser gives.

    orjson keeps the last of a repeated key without a word. A key lost shows as fewer colons
    in orjson's own writing of the value than in the file: outside strings a colon follows
    each key and nothing else, and every colon inside a string is written once on each side,
    unless the file writes one as an escape (``\\u003a``), which sends it the careful way.
    Two byte counts and one translation of the file, instead of four searches of it.
    """
    if _orjson_loads is None:
        return None
    guard = data.translate(_GUARD)
    if _DIGIT_RUN in guard or _ESCAPE_00 in guard:
        return None  # an integer orjson reads as a float, or an escaped colon: the careful path
    try:
        value = _orjson_loads(data)
        written = _orjson_dumps(value)
    except (_OrjsonError, ValueError, TypeError, RecursionError):
        return None  # an error, NaN, bad UTF-8 or a lone surrogate: the careful path says where
    return Parsed(value=value) if data.count(b":") == written.count(b":") else None


def _find_marked(
    parsed: Parsed,
    value: Any,
    repeats: dict[int, list[str]],
    constants: bool,
    surrogates: bool,
    text: str,
    first_line: int,
) -> None:
    """Walk the value once to find the pointers of objects with repeats, of NaN values and
    of strings holding a lone surrogate."""
    locator = JsonLocator(text)
    lines = LineIndex(text)
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            for key in dict.fromkeys(repeats.get(id(node), [])):
                offsets = locator.key_offsets(pointer, key)
                if len(offsets) > 1:
                    first = lines.position(offsets[0])
                    for repeat_at in offsets[1:]:
                        line, column = lines.position(repeat_at)
                        parsed.duplicates.append(
                            DuplicateKey(
                                pointer,
                                key,
                                (first[0] + first_line - 1, first[1]),
                                (line + first_line - 1, column),
                            )
                        )
            stack.extend((join(pointer, k), v) for k, v in node.items())
            if surrogates:
                parsed.lone_surrogate_keys.extend(join(pointer, k) for k in node if _LONE_SURROGATE.search(k))
        elif isinstance(node, list):
            stack.extend((join(pointer, i), v) for i, v in enumerate(node))
        elif constants and isinstance(node, float) and not math.isfinite(node):
            parsed.non_finite.append(pointer)
        elif surrogates and isinstance(node, str) and _LONE_SURROGATE.search(node):
            parsed.lone_surrogates.append(pointer)
    parsed.duplicates.sort(key=lambda d: d.repeat)
    parsed.non_finite.sort()
    parsed.lone_surrogates.sort()
    parsed.lone_surrogate_keys.sort()


_HINTS = (
    ("Expecting property name enclosed in double quotes", "a trailing comma, or a key without double quotes"),
    ("Expecting ',' delimiter", "a missing comma between two values, or an unescaped quote inside a string"),
    ("Expecting ':' delimiter", "a key without its ':' and value"),
    ("Invalid control character", "a raw line break or tab inside a string; write it as \\n or \\t"),
    ("Unterminated string", "a string that never closes: add the closing quote"),
    ("Extra data", "a second JSON value after the document ends: one file holds one document"),
    ("Invalid \\escape", "a backslash that starts no valid escape; write \\\\ for a backslash"),
)


#: An unquoted word where a value belongs (``"tone": warm_and_plain,``): not a literal JSON
#: knows, at most 60 characters, ending where a value would.
_BARE_WORD = re.compile(r"(?!(?:true|false|null)\b)[A-Za-z_][\w-]{0,59}(?=\s*[,}\]\n])")


def _explain(exc: json.JSONDecodeError, text: str) -> str:
    """The parser's message, with the usual cause and fix when we know it."""
    message = f"invalid JSON: {exc.msg}"
    if exc.msg.startswith("Expecting value") and text.lstrip().startswith("```"):
        return message + " (the file starts with a markdown code fence; remove the ``` lines)"
    if text.startswith(("//", "/*", "#"), exc.pos):
        return message + " (JSON has no comments: remove it, or move the note into a field)"
    if exc.msg.startswith("Unterminated string"):
        return (
            message
            + " (the file ends inside this string: it looks truncated, or the string misses its closing quote)"
        )
    if exc.pos >= len(text.rstrip()) and exc.msg.startswith("Expecting"):
        return message + " (the file ends early: it looks truncated)"
    bare = _BARE_WORD.match(text, exc.pos) if exc.msg.startswith("Expecting value") else None
    if bare is not None:
        return f'{message} (a bare word where a value belongs: put it in quotes, "{bare.group()}")'
    for needle, hint in _HINTS:
        if exc.msg.startswith(needle):
            if needle.startswith("Expecting property") and text[: exc.pos].rstrip().endswith(","):
                hint = "a trailing comma before '}': remove it"
            return f"{message} (likely {hint})"
    return message


def _deepest_point(text: str) -> int:
    """Offset where nesting first exceeds a sane depth (used only after a RecursionError)."""
    depth = 0
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > 500:
                return match.start()
        elif char in "]}":
            depth -= 1
    return 0


def value_of(text: str) -> Any:
    """The value of a JSON text ``parse`` has read without error, read again as cheaply as can
    be: ``parse`` has already found its repeated keys and marks, and orjson gives the same value
    wherever it reads the text at all (a repeated key keeps its last value in both)."""
    data = text.encode("utf-8", "surrogatepass")
    if _orjson_loads is not None and _DIGIT_RUN not in data.translate(_GUARD):
        try:
            return _orjson_loads(data)
        except (_OrjsonError, ValueError, TypeError, RecursionError):
            pass  # NaN, a lone surrogate, nesting orjson refuses: the careful reading
    return parse(text).value
