"""Parse YAML safely: compose nodes, refuse object tags, bound aliases, record positions."""

from __future__ import annotations

import datetime
import re
from typing import Any

from fplint.read.document import DuplicateKey, Locator, ParseError, offset_locator
from fplint.read.parse_json import Parsed
from fplint.read.pointer import join
from fplint.read.positions import LineIndex

MAX_EXPANDED_NODES = 1_000_000
#: Deeper flow nesting ("[[[[...") is refused before the YAML parser, which slows down badly on it.
MAX_FLOW_DEPTH = 300
_FLOW_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'|#[^\n]*|[\[\]{}]')

_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MAP, _SEQ, _MERGE = _YAML + "map", _YAML + "seq", _YAML + "merge"


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
    deep = _too_deep(text)
    if deep is not None:
        line, column = lines.position(deep)
        return Parsed(
            error=ParseError(f"nesting is too deep to read (over {MAX_FLOW_DEPTH} levels)", line, column)
        ), locate
    yaml = YAML(typ="safe", pure=True)
    try:
        root = yaml.compose(text)
        _check_size(root)
        duplicates: list[DuplicateKey] = []
        value = _Converter(yaml, offsets, duplicates, lines).convert(root, "")
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
    return Parsed(value=value, duplicates=duplicates), locate


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
                        f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} values "
                        "(an alias bomb?); fplint stops here",
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

    def convert(self, node: Any, pointer: str) -> Any:
        if node is None:
            return None
        self._offsets.setdefault(pointer, node.start_mark.index)
        tag = str(node.tag)
        if tag == _MAP:
            return self._mapping(node, pointer)
        if tag == _SEQ:
            return [self.convert(child, join(pointer, i)) for i, child in enumerate(node.value)]
        if tag not in _PLAIN_TAGS:
            raise _Refused(
                f"YAML tag {tag.replace(_YAML, '!!')} is not allowed: fplint reads plain data only "
                "(strings, numbers, booleans, null, lists and mappings)",
                node.start_mark.index,
            )
        value = self._constructor.construct_object(node)
        if isinstance(value, (datetime.date, datetime.datetime)):
            return node.value  # a date is a string in JSON
        return value

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
            key = self.convert(key_node, pointer)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in seen:
                self._duplicates.append(
                    DuplicateKey(
                        pointer,
                        key,
                        self._lines.position(seen[key]),
                        self._lines.position(key_node.start_mark.index),
                    )
                )
            seen[key] = key_node.start_mark.index
            child = join(pointer, key)
            self._offsets.pop(child, None)  # the last repeat wins, as in JSON
            result[key] = self.convert(value_node, child)
        return result
