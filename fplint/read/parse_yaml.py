"""Parse YAML safely: compose nodes, refuse object tags, budget nodes, aliases and numbers, record positions."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from fplint.read.document import MAX_INT_DIGITS, DuplicateKey, Locator, ParseError, offset_locator
from fplint.read.parse_json import Parsed
from fplint.read.pointer import join
from fplint.read.positions import LineIndex

#: The most values (nodes) composed from one YAML text: the pure-Python parser takes tens of
#: microseconds a node, so this bounds the time a file can cost (a real turn has ~150).
MAX_NODES = 100_000
#: The longest YAML text read (in characters): the parser reads about a megabyte a second.
MAX_CHARACTERS = 8 * 1024 * 1024
#: The most values aliases may expand the document to (each alias counts its whole subtree).
MAX_EXPANDED_NODES = 1_000_000
_INT_LIMIT = 10**MAX_INT_DIGITS  # in any base: a hex or binary integer past it could not be printed
#: Deeper flow nesting ("[[[[...") is refused before the YAML parser, which slows down badly on it.
MAX_FLOW_DEPTH = 300
_FLOW_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'|#[^\n]*|[\[\]{}]')

_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MAP, _SEQ, _MERGE = _YAML + "map", _YAML + "seq", _YAML + "merge"
_INT, _FLOAT, _NULL, _BOOL, _TIMESTAMP = (_YAML + t for t in ("int", "float", "null", "bool", "timestamp"))


class _Refused(Exception):
    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


def parse(text: str) -> tuple[Parsed, Locator]:
    """Parse one YAML document; never constructs objects, never expands aliases unboundedly."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    lines = LineIndex(text)
    offsets: dict[str, int] = {}
    locate = offset_locator(text, offsets)
    if not text.strip():
        return Parsed(error=ParseError("the file is empty; expected a YAML document", 1, 1)), locate
    if len(text) > MAX_CHARACTERS:
        return Parsed(
            error=ParseError(
                f"the YAML text is {len(text):,} characters long; fplint parses YAML of up to "
                f"{MAX_CHARACTERS:,} (YAML parses far slower than JSON): split the file, or write it as JSON",
                1,
                1,
            )
        ), locate
    deep = _too_deep(text)
    if deep is not None:
        line, column = lines.position(deep)
        return Parsed(
            error=ParseError(f"nesting is too deep to read (over {MAX_FLOW_DEPTH} levels)", line, column)
        ), locate
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _counting_composer()
    try:
        root = yaml.compose(text)
        _check_size(root)
        duplicates: list[DuplicateKey] = []
        converter = _Converter(yaml, offsets, duplicates, lines)
        value = converter.convert(root, "")
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "not valid YAML"
        return Parsed(error=ParseError(f"invalid YAML: {problem}", line, column)), locate
    except _Refused as exc:
        line, column = lines.position(exc.index)
        return Parsed(error=ParseError(str(exc), line, column)), locate
    except RecursionError:
        return Parsed(error=ParseError("nesting is too deep to read", 1, 1)), locate
    except YAMLError as exc:
        return Parsed(error=ParseError(f"invalid YAML: {exc}", 1, 1)), locate
    return Parsed(value=value, duplicates=duplicates, non_finite=converter.non_finite), locate


def _counting_composer() -> Any:
    """A composer that stops past ``MAX_NODES`` values, before reading the rest of the text,
    and never warns (a reused anchor name is valid YAML; the warning would print data)."""
    from ruamel.yaml.composer import Composer

    class Counting(Composer):
        def __init__(self, loader: Any = None) -> None:
            super().__init__(loader=loader)
            self.warn_double_anchors = False
            self.nodes = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise _Refused(
                    f"the YAML holds more than {MAX_NODES:,} values; fplint reads at most that many "
                    "from one YAML file (it parses YAML far slower than JSON): split the file, or write it as JSON",
                    self.parser.peek_event().start_mark.index,
                )
            return super().compose_node(parent, index)

    return Counting


def _too_deep(text: str) -> int | None:
    """Offset where flow brackets nest past ``MAX_FLOW_DEPTH`` (quoted strings and comments aside)."""
    depth = 0
    for match in _FLOW_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return match.start()
        elif token in "]}":
            depth = max(depth - 1, 0)
    return None


def _check_size(root: Any) -> None:
    """Refuse alias cycles and alias bombs before any expansion happens."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Any) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise _Refused("a YAML alias refers to itself: the data would be infinite", node.start_mark.index)
        active.add(key)
        total = 1
        if isinstance(node.value, list):
            for child in node.value:
                total += sum(size(n) for n in child) if isinstance(child, tuple) else size(child)
                if total > MAX_EXPANDED_NODES:
                    raise _Refused(
                        f"YAML aliases (*name) expand this document to more than {MAX_EXPANDED_NODES:,} "
                        "values (an alias bomb?); fplint stops here: write the data out, or use fewer aliases",
                        node.start_mark.index,
                    )
        active.discard(key)
        sizes[key] = total
        return total

    if root is not None:
        size(root)


class _Converter:
    """Turn composed nodes into plain JSON-like values, recording each value's offset."""

    def __init__(self, yaml: Any, offsets: dict[str, int], duplicates: list[DuplicateKey], lines: LineIndex):
        self._constructor = yaml.constructor
        self._offsets = offsets
        self._duplicates = duplicates
        self._lines = lines
        self.non_finite: list[str] = []  # pointers of .nan / .inf values (JSON has no such number)

    def convert(self, node: Any, pointer: str) -> Any:
        if node is None:
            return None
        self._offsets.setdefault(pointer, node.start_mark.index)
        tag = str(node.tag)
        if tag == _MAP:
            return self._mapping(node, pointer)
        if tag == _SEQ:
            return [self.convert(child, join(pointer, i)) for i, child in enumerate(node.value)]
        return self._scalar(node, tag, pointer)

    def _scalar(self, node: Any, tag: str, pointer: str | None) -> Any:
        """A plain scalar's value; ``pointer`` is ``None`` for a key."""
        if tag not in _PLAIN_TAGS:
            raise _Refused(
                f"YAML tag {tag.replace(_YAML, '!!')} is not allowed: fplint reads plain data only "
                "(strings, numbers, booleans, null, lists and mappings)",
                node.start_mark.index,
            )
        if tag == _TIMESTAMP:
            return node.value  # a date is a string in JSON (and 2024-13-45 is no date to build)
        if tag == _INT and len(node.value) > MAX_INT_DIGITS:
            raise _Refused(_too_long(len(node.value)), node.start_mark.index)
        value = self._constructor.construct_object(node)
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _INT_LIMIT:
            raise _Refused(_too_long(len(node.value)), node.start_mark.index)  # 0x... or 1.1's 1:2:3
        if isinstance(value, float) and not math.isfinite(value) and pointer is not None:
            self.non_finite.append(pointer)
        return value

    def _key(self, node: Any) -> tuple[str, str]:
        """A mapping key as JSON would hold it (``null``, ``true``, ``1.5``), and as written."""
        tag = str(node.tag)
        if tag in (_MAP, _SEQ):
            raise _Refused(
                "this YAML key is a list or a mapping, which JSON cannot hold as a key: use a string key",
                node.start_mark.index,
            )
        if tag == _NULL:
            return "null", node.value or "null"
        key = self._scalar(node, tag, None)
        return (key if isinstance(key, str) else json.dumps(key)), node.value  # true, 1.5, Infinity

    def _mapping(self, node: Any, pointer: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if str(key_node.tag) == _MERGE:
                merged = self.convert(value_node, pointer)
                for source in merged if isinstance(merged, list) else [merged]:
                    if isinstance(source, dict):
                        for k, v in source.items():
                            result.setdefault(k, v)
                continue
            key, written = self._key(key_node)
            if key in seen:
                self._duplicates.append(
                    DuplicateKey(
                        pointer,
                        written,
                        self._lines.position(seen[key]),
                        self._lines.position(key_node.start_mark.index),
                    )
                )
            seen[key] = key_node.start_mark.index
            child = join(pointer, key)
            self._offsets.pop(child, None)  # the last repeat wins, as in JSON
            result[key] = self.convert(value_node, child)
        return result


def _too_long(length: int) -> str:
    return (
        f"a number of {length:,} characters is too large to read (fplint reads integers of up to "
        f"{MAX_INT_DIGITS:,} digits); write a smaller number"
    )
