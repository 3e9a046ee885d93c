"""JSON pointers (RFC 6901): build, split and follow them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def escape(token: str | int) -> str:
    """Escape one reference token."""
    return str(token).replace("~", "~0").replace("/", "~1")


def join(base: str, *tokens: str | int) -> str:
    """Append tokens to a pointer: ``join("/a", "b", 0) == "/a/b/0"``."""
    return base + "".join("/" + escape(token) for token in tokens)


def split(pointer: str) -> list[str]:
    """The unescaped tokens of a pointer; ``""`` is the root and has none."""
    if not pointer:
        return []
    if "~" not in pointer:
        return pointer[1:].split("/")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def resolve(value: Any, pointer: str) -> Any:
    """Follow a pointer into a parsed value; raise ``LookupError`` when it leads nowhere."""
    for token in split(pointer):
        if isinstance(value, (dict, Mapping)):  # a JSONL file's lines are a Mapping
            value = value[token]
        elif isinstance(value, list) and token.isascii() and token.isdigit():
            value = value[int(token)]
        else:
            raise LookupError(pointer)
    return value
