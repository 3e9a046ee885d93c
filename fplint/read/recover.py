"""Read what a JSON file with a syntax error still holds: every turn that parses on its own.

The plain parser stops at the first error, so one unquoted token in turn 2 of 3 would hide
the whole file. Here the envelope (the top-level object, its ``training_pairs`` or
``conversations`` arrays, each conversation object) is walked by a tolerant reader; every
value below that (a turn, a metadata block) is delimited by bracket and string scanning (a
string never spans a line break, so a quote that closes nothing on its line is a stray one)
and parsed on its own by the usual parser; a value that does not parse is left unread, and everything
around it is kept, with its positions in the original text. Each character is scanned a
bounded number of times: linear in the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fplint.read import parse_json
from fplint.read.document import DuplicateKey, ParseError, UnreadTurn
from fplint.read.layout import MIN_TURN_KEYS, TURN_KEYS
from fplint.read.pointer import join, split
from fplint.read.positions import JsonLocator, LineIndex, scanstring

_WS = re.compile(r"[ \t\n\r]*")
#: What a tolerant scan looks at: strings, and the structural characters; anything else
#: (numbers, literals, garbage) is skipped over. A quote that closes no string before the line
#: ends (no JSON string spans a line break) is a stray one: the line goes on being read after
#: it, so that a bracket at its end still counts.
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|"|[{}\[\],:]')
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: The C scanner of ``json``: a value from its start, or an exception where it breaks.
_scan_value: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
#: A key and its colon: in an array, a member of an object whose braces went astray.
_KEY = re.compile(r'"(?:[^"\\\n]|\\.)*"[ \t\r\n]*:')


#: The envelope, level by level: which member (of an object) or every element (of an
#: array, key ``None``) is itself envelope, read piece by piece. Everything else is a leaf.
ROOT, CONVERSATIONS, CONVERSATION, TURNS = "root", "conversations", "conversation", "turns"
_CHILDREN: dict[str, dict[str | None, str]] = {
    ROOT: {"training_pairs": TURNS, "conversations": CONVERSATIONS},
    CONVERSATIONS: {None: CONVERSATION},
    CONVERSATION: {"training_pairs": TURNS},
    TURNS: {},
}
_OPENS = {ROOT: "{", CONVERSATIONS: "[", CONVERSATION: "{", TURNS: "["}


@dataclass(frozen=True)
class Span:
    """A stretch of the text that could not be read: where, and the pointer it would have had."""

    pointer: str
    start: int
    end: int
    kind: str = "gap"  # "turn" (an element of a turns array, left unchecked), "value", or "gap"


@dataclass
class _Read:
    """What reading one value gave: the value, its readable pieces, and what was left unread."""

    value: Any
    pieces: list[tuple[str, int, parse_json.Parsed]] = field(default_factory=list)  # (pointer, start, parsed)
    anchors: list[tuple[str, int]] = field(default_factory=list)  # envelope containers: (pointer, start)
    unread: list[Span] = field(default_factory=list)
    keys: list[tuple[str, str, int, int]] = field(
        default_factory=list
    )  # (object pointer, key, first, repeat)
    surrogate_keys: list[str] = field(default_factory=list)

    def take(self, other: _Read) -> None:
        self.pieces += other.pieces
        self.anchors += other.anchors
        self.unread += other.unread
        self.keys += other.keys
        self.surrogate_keys += other.surrogate_keys


@dataclass
class Recovery:
    """A document's value as far as it could be read, and where everything in it is."""

    value: dict[str, Any]
    parsed: parse_json.Parsed  # duplicates, NaN and lone surrogates of the readable parts
    unread: list[Span]
    turns: int  # turns read
    locate: Callable[[str, int | None], int]  # pointer (and offset inside a string) → text offset
    piece: Callable[[str], tuple[int, str] | None]  # pointer → (start of its readable value, pointer in it)


_UNREAD = object()


def recover(text: str) -> Recovery | None:
    """What ``text`` (JSON the plain parser rejected) still holds, or ``None`` when no turn of
    a pairs or conversations file can be read from it."""
    start = _skip(text, 0)
    if text[start : start + 1] != "{":
        return None
    try:
        read, _ = _Reader(text).envelope(start, "", ROOT)
    except _TooBroken:
        return None
    root = read.value
    turns = [parsed.value for pointer, _, parsed in read.pieces if _is_turn(pointer)]
    if not any(_looks_like(TURNS, turn) for turn in turns):
        return None  # nothing a reader would call a turn: the plain syntax error says it all
    locate, piece = _locator(text, read)
    return Recovery(root, _merged(text, read), read.unread, len(turns), locate, piece)


def note(text: str, recovery: Recovery, error: ParseError) -> str:
    """What the reader should know beside a syntax error: which turn it cost, if any."""
    offset = _offset(text, error.line, error.column)
    holding = next((s for s in recovery.unread if s.start <= offset <= s.end), None)
    turn = holding is not None and holding.kind == "turn"
    others = plural(recovery.turns, "other turn" if turn else "turn")
    if holding is None:
        return f"; no turn was lost to it: the file's {others} were checked"
    lines = _lines(LineIndex(text), holding)
    if turn:
        return f"; the turn holding it ({holding.pointer}, {lines}) was not checked, the file's {others} were"
    if holding.kind == "value":
        return f"; {holding.pointer} ({lines}) could not be read, the file's {others} were checked"
    return f"; {lines} of {holding.pointer or 'the document'} could not be read, the file's {others} were checked"


def unread_errors(text: str, recovery: Recovery, first: ParseError) -> list[ParseError]:
    """A syntax error for each unread stretch other than the one ``first`` is in."""
    offset = _offset(text, first.line, first.column)
    lines = LineIndex(text)
    found = []
    for span in recovery.unread:
        if span.start <= offset <= span.end:
            continue
        parsed = parse_json.parse(text[span.start : span.end])
        error = parsed.error or ParseError("invalid JSON", 1, 1)
        line, column = _shift(lines.position(span.start), (error.line, error.column))
        if span.kind == "turn":
            what = f"this turn ({span.pointer}) was not checked"
        elif span.kind == "value":
            what = f"{span.pointer} could not be read"
        else:
            what = f"{_lines(lines, span)} of {span.pointer or 'the document'} could not be read"
        found.append(ParseError(f"{error.message}; {what}", line, column))
    return found


_STRING_MEMBER = {
    key: re.compile(rf'"{key}"[ \t\r\n]*:[ \t\r\n]*("(?:[^"\\\n]|\\.)*")')
    for key in ("id", "conversation_id")
}
_NUMBER_MEMBER = re.compile(r'"turn_number"[ \t\r\n]*:[ \t\r\n]*(\d{1,9})(?![\d.eE])')


def unread_turns(text: str, recovery: Recovery) -> list[UnreadTurn]:
    """The turns left unread, each with what its own text still says of its identity (its
    first ``id``, ``conversation_id`` and ``turn_number`` members), and else its neighbours':
    a turn between two of one conversation is of that conversation, and between turns n-1
    and n+1 it is turn n."""
    found = []
    cache: dict[str, tuple[list[Any], list[Any]]] = {}
    for span in recovery.unread:
        if span.kind != "turn":
            continue
        piece = text[span.start : span.end]
        named = {key: _string(pattern.search(piece)) for key, pattern in _STRING_MEMBER.items()}
        number_match = _NUMBER_MEMBER.search(piece)
        number = int(number_match.group(1)) if number_match else None
        before, after = _neighbours(recovery.value, span.pointer, cache)
        conversation = named["conversation_id"]
        if (
            conversation is None
            and before is not None
            and isinstance(before[0], str)  # a neighbour's id is data: a number is nobody's
            and (after is None or after[0] == before[0])
        ):
            conversation = before[0]
        between = (
            before is not None and isinstance(before[1], int) and (after is None or after[1] == before[1] + 2)
        )
        if number is None and between:
            number = before[1] + 1  # type: ignore[index]
        found.append(UnreadTurn(span.pointer, named["id"], conversation, number))
    return found


def _string(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    try:
        value = json.loads(match.group(1))
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def _neighbours(
    root: Any, pointer: str, cache: dict[str, tuple[list[Any], list[Any]]]
) -> tuple[tuple[Any, Any] | None, tuple[Any, Any] | None]:
    """(conversation_id, turn_number) of the nearest read turns before and after the unread
    one at ``pointer`` in its array (``None`` where there is none); one pass per array."""
    tokens = split(pointer)
    if not tokens or not tokens[-1].isdigit():
        return None, None
    parent = join("", *tokens[:-1])
    if parent not in cache:
        items: Any = root
        for token in tokens[:-1]:
            items = items.get(token) if isinstance(items, dict) else _at(items, token)
        items = items if isinstance(items, list) else []
        before: list[Any] = []
        last = None
        for item in items:
            before.append(last)
            if isinstance(item, dict):
                last = (item.get("conversation_id"), item.get("turn_number"))
        after: list[Any] = []
        last = None
        for item in reversed(items):
            after.append(last)
            if isinstance(item, dict):
                last = (item.get("conversation_id"), item.get("turn_number"))
        cache[parent] = (before, after[::-1])
    before, after = cache[parent]
    index = int(tokens[-1])
    if index >= len(before):
        return None, None
    return before[index], after[index]


def _at(items: Any, token: str) -> Any:
    if isinstance(items, list) and token.isdigit() and int(token) < len(items):
        return items[int(token)]
    return None


def _lines(lines: LineIndex, span: Span) -> str:
    """``line 4`` or ``lines 4–9``: where a span is."""
    first, last = lines.position(span.start)[0], lines.position(max(span.start, span.end - 1))[0]
    return f"line {first}" if first == last else f"lines {first}–{last}"


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _is_turn(pointer: str) -> bool:
    tokens = split(pointer)
    return (len(tokens) == 2 and tokens[0] == "training_pairs") or (
        len(tokens) == 4 and tokens[0] == "conversations" and tokens[2] == "training_pairs"
    )


def _skip(text: str, i: int) -> int:
    match = _WS.match(text, i)
    return match.end() if match else i


def _offset(text: str, line: int, column: int) -> int:
    """The text offset of a 1-based (line, column)."""
    start = 0
    for _ in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            break
        start = found + 1
    return min(len(text), start + column - 1)


def _shift(base: tuple[int, int], inner: tuple[int, int]) -> tuple[int, int]:
    """A (line, column) inside a slice that starts at ``base``, as a position in the whole text."""
    line, column = inner
    return (base[0], base[1] + column - 1) if line == 1 else (base[0] + line - 1, column)


#: How many stretches of garbage a reader steps over before it gives up (each costs tens of
#: microseconds: a file this broken gets the plain syntax error, at once).
MAX_STRAYS = 10_000


class _TooBroken(Exception):
    """More garbage than anyone would want read around."""


class _Reader:
    """Reads the envelope of a (broken) JSON text, tolerating what it can step over.

    After a stretch it could not read, the reader is out of step with the file (the opening
    brace of a turn may have been lost, so that the turn's own members seem to follow): it
    takes the next value only when that looks like what the level holds (a turn, a
    conversation, an envelope key), and counts the rest into the unread stretch.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.budget = [MAX_STRAYS]

    def envelope(self, i: int, pointer: str, level: str, parent: str = ROOT) -> tuple[_Read, int]:
        """Read the envelope container at ``i`` (an object or array of ``level``, in ``parent``)."""
        if self.text[i : i + 1] != _OPENS[level]:
            return self.leaf(i, pointer, False)
        read = _Read({} if _OPENS[level] == "{" else [])
        read.anchors.append((pointer, i))
        if _OPENS[level] == "{":
            end = self._members(i, pointer, level, read)
        else:
            end = self._elements(i, pointer, level, read, _KNOWN[parent])
        return read, end

    def leaf(self, i: int, pointer: str, turn: bool) -> tuple[_Read, int]:
        """A value below the envelope: its extent found by bracket and string scanning, then
        parsed on its own by the usual parser; unread when that fails. (Never the C scanner
        on the whole text: its error counts the lines from the top of the file, every time.)"""
        text = self.text
        end = max(_tolerant_end(text, i), i + 1)
        piece = text[i:end]
        try:  # the C scanner first: a broken piece is told quickly, the usual parser reads the rest
            _, stop = _scan_value(piece, 0)
            whole = _skip(piece, stop) == len(piece)
        except (StopIteration, ValueError, RecursionError):
            whole = False
        parsed = parse_json.parse(piece) if whole else None
        if parsed is not None and parsed.error is None:
            return _Read(parsed.value, pieces=[(pointer, i, parsed)]), end
        return _Read(_UNREAD, unread=[Span(pointer, i, end, "turn" if turn else "value")]), end

    def _child(self, i: int, pointer: str, level: str, key: str | None) -> tuple[_Read, int]:
        child = _CHILDREN[level].get(key)
        if child is not None:
            return self.envelope(i, pointer, child, level)
        return self.leaf(i, pointer, level == TURNS)

    def _members(self, at: int, pointer: str, level: str, read: _Read) -> int:
        text = self.text
        values: dict[str, Any] = read.value
        first_at: dict[str, int] = {}
        reads: dict[str, _Read] = {}
        stretch = _Stretch(read, pointer, self.budget)
        i = _skip(text, at + 1)
        while i < len(text) and text[i] != "}":
            if text[i] == ",":
                i = _skip(text, i + 1)
                continue
            key_at = i
            key, i = self._key(i)
            if key is None or (stretch.open and key not in _KNOWN[level]):
                i = stretch.add(key_at, max(_tolerant_end(text, i), i + 1))  # not a member it can place
                i = _skip(text, i)
                continue
            child, i = self._child(_skip(text, i), join(pointer, key), level, key)
            if child.value is _UNREAD:
                stretch.add(key_at, i, join(pointer, key), "value")
            else:
                stretch.close()
            if key in first_at:
                read.keys.append((pointer, key, first_at[key], key_at))
            else:
                first_at[key] = key_at
            if _LONE_SURROGATE.search(key):
                child.surrogate_keys.append(join(pointer, key))
            reads[key] = child  # a repeated key: the last value stands, as in the plain parser
            values[key] = child.value
            i = self._after(i, "}", stretch)
        for key, child in reads.items():
            if child.value is _UNREAD:
                del values[key]
                child.unread = []  # already in the stretch
            read.take(child)
        return i + 1 if i < len(text) else i

    def _key(self, i: int) -> tuple[str | None, int]:
        """The key at ``i`` and the offset past its colon, or ``None`` when there is no key there."""
        text = self.text
        if text[i] != '"':
            return None, i
        try:
            key, end = scanstring(text, i + 1)
        except ValueError:  # an unterminated or broken key
            return None, i
        end = _skip(text, end)
        return (key, end + 1) if text[end : end + 1] == ":" else (None, i)

    def _elements(self, at: int, pointer: str, level: str, read: _Read, around: frozenset[str]) -> int:
        text = self.text
        items: list[Any] = read.value
        stretch = _Stretch(read, pointer, self.budget)
        i = _skip(text, at + 1)
        while i < len(text) and (text[i] != "]" or (stretch.open and self._stray_close(i, around))):
            if text[i] == ",":
                i = _skip(text, i + 1)
                continue
            if text[i] in "}]":  # a bracket that closes nothing here
                i = _skip(text, stretch.add(i, i + 1))
                continue
            start = i
            here = join(pointer, len(items))
            child, i = self._child(i, here, level, None)
            readable = child.value is not _UNREAD
            after = self._next(i)
            if after.startswith('"'):  # a member follows: this object was cut short, unless it
                # holds that key already (then the member is the next element's, its brace lost)
                cut = not (isinstance(child.value, dict) and scanstring(after, 1)[0] in child.value)
                after = "key" if cut else "end"
            if (
                readable
                and after != "key"
                and (_looks_like(level, child.value, stretch.open) or (after == "end" and not stretch.open))
            ):
                stretch.close()
                items.append(child.value)
                read.take(child)
            elif not stretch.open and not (
                # a stray token or bracket right before an element's bracket: not an element
                not readable
                and text[_skip(text, i) : _skip(text, i) + 1] in ("{", "[")
                and (text[start] not in "{[" or text[start:i].strip() in ("{", "["))
            ):
                # a broken element, or one cut short (a member follows it): it keeps its index, unread
                stretch.add(start, i, here, "turn" if level == TURNS else "value")
                items.append(None)
            else:  # a stray bracket or token, or a piece of an element whose brace was lost
                stretch.add(start, i)
            i = self._after(i, "]", stretch)
        return i + 1 if i < len(text) else i

    def _stray_close(self, i: int, around: frozenset[str]) -> bool:
        """Whether the ``]`` at ``i``, met out of step, closes a value of an element whose
        opening bracket was lost rather than the array: what follows is no member of the
        object ``around`` it (whose keys these are)."""
        text = self.text
        j = _skip(text, i + 1)
        if text[j : j + 1] in ("}", ""):
            return False
        if text[j : j + 1] == ",":
            j = _skip(text, j + 1)
            return not (_KEY.match(text, j) and scanstring(text, j + 1)[0] in around)
        return True

    def _next(self, i: int) -> str:
        """What follows a value ending at ``i`` in an array: ``end`` (a comma and a value, or
        the close), a key with its colon (a member, out of place in an array), ``value`` (a
        value with no comma before it), or ``other``."""
        text = self.text
        j = _skip(text, i)
        comma = text[j : j + 1] == ","
        if comma:
            j = _skip(text, j + 1)
        key = _KEY.match(text, j)
        if key:
            return key.group()
        if text[j : j + 1] in ("]", ""):
            return "end"
        if comma:
            return "end"
        return "value" if text[j : j + 1] in ('"', "{", "[") else "other"

    def _after(self, i: int, close: str, stretch: _Stretch) -> int:
        """Past a value: at the next member or element (a missing comma is stepped over), or
        at the container's close; garbage on the way joins the unread stretch."""
        text = self.text
        i = _skip(text, i)
        if text[i : i + 1] == ",":
            return _skip(text, i + 1)
        if text[i : i + 1] in (close, '"', "{", "[", ""):
            return i
        i = _skip(text, stretch.add(i, max(_tolerant_end(text, i), i + 1)))
        return _skip(text, i + 1) if text[i : i + 1] == "," else i


class _Stretch:
    """The unread stretch a container is in, if any: what could not be read joins it until a
    value is read again."""

    def __init__(self, read: _Read, pointer: str, budget: list[int]) -> None:
        self.read = read
        self.pointer = pointer
        self.open = False
        self.budget = budget  # shared by the whole reader: [stretches left]

    def add(self, start: int, end: int, pointer: str | None = None, kind: str = "gap") -> int:
        """Count ``start:end`` in: into the open stretch, or as a new one (a member's or an
        element's, when ``pointer`` names it). Returns ``end``."""
        self.budget[0] -= 1
        if self.budget[0] < 0:
            raise _TooBroken
        unread = self.read.unread
        if self.open and pointer is None:
            last = unread[-1]
            unread[-1] = Span(last.pointer, last.start, max(last.end, end), last.kind)
        else:
            unread.append(Span(pointer if pointer is not None else self.pointer, start, end, kind))
        self.open = True
        return end

    def close(self) -> None:
        self.open = False


#: What an object of the envelope may hold: after an unread stretch, only these keys are
#: taken as its members (anything else may be a member of a value whose brace was lost).
_KNOWN: dict[str, frozenset[str]] = {
    ROOT: frozenset(
        {
            "training_pairs",
            "conversations",
            "dataset_metadata",
            "conversation_metadata",
            "consultant_profile",
            "_meta",
        }
    ),
    CONVERSATION: frozenset({"conversation_id", "conversation_metadata", "training_pairs"}),
}


def _looks_like(level: str, value: Any, strict: bool = False) -> bool:
    """Whether a value is what ``level`` holds (a turn, a conversation), not a piece of one.

    ``strict``, after an unread stretch: a turn must also have its ``id``, which opens every
    turn; the rest of a turn whose first keys were cut off by a stray brace has not."""
    if level == TURNS:
        keys = value.keys() if isinstance(value, dict) else set()
        return len(TURN_KEYS & keys) >= MIN_TURN_KEYS and (not strict or "id" in keys)
    return isinstance(value, dict) and isinstance(value.get("training_pairs"), list)


def _tolerant_end(text: str, i: int) -> int:
    """Where the (broken) value starting at ``i`` ends.

    A value that opens a bracket ends past the bracket that closes it; brackets left open
    inside are closed with it (they lost their own). A closing bracket that matches none open
    is a stray one, stepped over, unless it comes directly inside the value: then it closes
    something outside, and the value ends before it. Any other value ends at the next bracket
    or comma. Strings are stepped over (a stray quote alone). In an object, a bracket can only
    open a member's value, after its colon: anywhere else the object has lost its closing
    brace, and it ends there (before the comma).
    """
    if text[i : i + 1] not in ("{", "["):
        for match in _TOKEN.finditer(text, i):
            if match.group()[0] in "{[}],":
                return match.start()
        return len(text)
    stack: list[str] = []
    open_count = {"{": 0, "[": 0}  # of each bracket in the stack
    last = ""  # the previous token directly inside the value (at depth 1)
    last_at = i
    for match in _TOKEN.finditer(text, i):
        char = match.group()[0]
        if char in "{[":
            if stack == ["{"] and last != ":":  # no key before it: the object's brace was lost
                return last_at if last == "," else match.start()
            stack.append(char)
            open_count[char] += 1
        elif char in "}]":
            opener = "{" if char == "}" else "["
            if not open_count[opener]:
                if len(stack) > 1:
                    continue  # deep inside: a stray bracket, or one whose opener was lost
                return match.start()  # it closes something outside the value
            while (popped := stack.pop()) != opener:
                open_count[popped] -= 1  # closed implicitly: their own closing brackets were lost
            open_count[opener] -= 1
            if not stack:
                return match.end()
        if len(stack) == 1:
            last, last_at = char, match.start()
    return len(text)


def _merged(text: str, read: _Read) -> parse_json.Parsed:
    """The readable pieces' duplicates, NaN and lone surrogates, placed in the whole text."""
    lines = LineIndex(text)
    merged = parse_json.Parsed()
    for pointer, start, parsed in read.pieces:
        if parsed.duplicates:
            base = lines.position(start)
            merged.duplicates += [
                DuplicateKey(pointer + d.pointer, d.key, _shift(base, d.first), _shift(base, d.repeat))
                for d in parsed.duplicates
            ]
        merged.non_finite += [pointer + p for p in parsed.non_finite]
        merged.lone_surrogates += [pointer + p for p in parsed.lone_surrogates]
        merged.lone_surrogate_keys += [pointer + p for p in parsed.lone_surrogate_keys]
    for pointer, key, first, repeat in read.keys:
        merged.duplicates.append(DuplicateKey(pointer, key, lines.position(first), lines.position(repeat)))
    merged.lone_surrogate_keys += read.surrogate_keys
    merged.duplicates.sort(key=lambda d: d.repeat)
    merged.non_finite.sort()
    merged.lone_surrogates.sort()
    merged.lone_surrogate_keys.sort()
    return merged


def _locator(
    text: str, read: _Read
) -> tuple[Callable[[str, int | None], int], Callable[[str], tuple[int, str] | None]]:
    """Offsets of pointers: inside a readable piece by the piece's own locator, else at the
    nearest envelope container; and the readable piece a pointer is in (its start, and the
    pointer inside it), if any."""
    starts = {pointer: start for pointer, start in read.anchors}
    pieces = {pointer: start for pointer, start, _ in read.pieces}
    locators: dict[int, JsonLocator] = {}

    def nearest(pointer: str) -> tuple[str, int, str] | None:
        tokens = split(pointer)
        for cut in range(len(tokens), -1, -1):
            prefix = join("", *tokens[:cut])
            if prefix in pieces:
                return "piece", pieces[prefix], join("", *tokens[cut:])
            if prefix in starts:
                return "envelope", starts[prefix], ""
        return None

    def locate(pointer: str, inner: int | None = None) -> int:
        found = nearest(pointer)
        if found is None:
            return 0
        kind, start, rest = found
        if kind == "envelope":
            return start
        if start not in locators:
            locators[start] = JsonLocator(text, start)
        return locators[start].offset(rest, inner)

    def piece(pointer: str) -> tuple[int, str] | None:
        found = nearest(pointer)
        return (found[1], found[2]) if found is not None and found[0] == "piece" else None

    return locate, piece
