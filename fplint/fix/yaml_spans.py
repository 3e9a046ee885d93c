"""YAML for fixes: where a value's text is (from ruamel's nodes), and a value written in place.

Edits are made on the source text, so comments, quoting and layout outside the replaced
value survive, as they do for JSON. A value reached through an alias is never edited (the
edit would change every place that shares it).
"""

from __future__ import annotations

import json
import re
from typing import Any

from fplint.read.pointer import split

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


class Spans:
    """Spans of the values of one YAML text (composed once, without constructing objects)."""

    def __init__(self, text: str) -> None:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        try:
            self.root: Any = YAML(typ="safe", pure=True).compose(text)
        except (YAMLError, RecursionError):
            self.root = None
        self.shared: set[int] = set()
        if self.root is not None:
            self._find_shared()

    def _find_shared(self) -> None:
        seen: set[int] = set()
        stack = [self.root]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                self.shared.add(id(node))
                continue
            seen.add(id(node))
            if isinstance(node.value, list):
                for child in node.value:
                    stack.extend(child if isinstance(child, tuple) else [child])

    def span(self, pointer: str) -> tuple[int, int] | None:
        node = self.root
        if node is None or id(node) in self.shared:
            return None
        for token in split(pointer):
            node = _child(node, token)
            if node is None or id(node) in self.shared:
                return None
        return node.start_mark.index, _end(node)


def _child(node: Any, token: str) -> Any:
    tag = str(node.tag)
    if tag.endswith(":map"):
        found = None
        for key, value in node.value:
            if str(key.tag).endswith(":merge"):
                continue
            if isinstance(key.value, str) and key.value == token:
                found = value  # the last of a repeated key, as the parser keeps
        return found
    if tag.endswith(":seq") and token.isdigit() and token == str(int(token)):
        index = int(token)
        return node.value[index] if index < len(node.value) else None
    return None


def _end(node: Any) -> int:
    """Where a node's own text ends: a block collection's end mark lies at the next token,
    past the line break and any comment, so it ends where its last value does."""
    if isinstance(node.value, list) and node.value and not getattr(node, "flow_style", False):
        last = node.value[-1]
        return _end(last[1] if isinstance(last, tuple) else last)
    return int(node.end_mark.index)


def render(value: Any, text: str, start: int, end: int) -> str:
    """``value`` written to take the place of ``text[start:end]``: block style where the old
    value was a block collection, flow (JSON) style otherwise."""
    old = text[start:end]
    newline = "\r\n" if "\r\n" in text else "\n"
    column = start - (text.rfind("\n", 0, start) + 1)
    if isinstance(value, (dict, list)) and value and old[:1] not in ("[", "{", ""):
        return _block(value, column, newline)
    if isinstance(value, str) and old[:1] not in ('"', "'") and _plain(value) and _plain(old):
        return value
    return _flow(value)


def _plain(text: str) -> bool:
    return bool(_PLAIN.fullmatch(text)) and text.lower() not in _RESERVED


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flow(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _block(value: Any, column: int, newline: str) -> str:
    """A block collection whose first line starts at ``column`` (already indented)."""
    pad = newline + " " * column
    if isinstance(value, list):
        return pad.join("- " + _nested(item, column + 2, newline) for item in value)
    lines = []
    for key, item in value.items():
        name = key if _plain(key) else _flow(key)
        if isinstance(item, (dict, list)) and item:
            inner = column + 2
            lines.append(f"{name}:{newline}{' ' * inner}{_block(item, inner, newline)}")
        else:
            lines.append(f"{name}: {_scalar(item)}")
    return pad.join(lines)


def _nested(item: Any, column: int, newline: str) -> str:
    if isinstance(item, (dict, list)) and item:
        return _block(item, column, newline)
    return _scalar(item)


def _scalar(value: Any) -> str:
    """A value inside a block written by fplint: plain when that reads back as the same string."""
    return value if isinstance(value, str) and _plain(value) else _flow(value)
