"""Schema validation with fplint's own wording, on the fastest validator available.

With ``jsonschema-rs`` installed (the ``fast`` extra), a compiled Draft 2020-12 validator
checks each value, and reports the violations of invalid ones; without it, the pure-Python
``jsonschema`` does the same, more slowly. Either way a violation is reduced to (keyword,
schema node, instance, pointer) and worded here, so both give the same findings.
``FPLINT_VALIDATOR=python`` forces the pure-Python one.
"""

from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Iterator
from typing import Any, NamedTuple
from urllib.parse import urldefrag

from fplint.brief import clip
from fplint.check.schema import SchemaLookupError, bundle, lookup_message, registry, type_name, where
from fplint.read.pointer import join, resolve, split


class Violation(NamedTuple):
    """One failed keyword: which, the schema object holding it, the value, and where."""

    keyword: str
    schema: Any
    instance: Any
    pointer: str


@functools.cache
def backend() -> str:
    """``rust`` when jsonschema-rs is importable (and not turned off), else ``python``."""
    if os.environ.get("FPLINT_VALIDATOR", "").lower() == "python":
        return "python"
    try:
        import jsonschema_rs  # noqa: F401
    except ImportError:
        return "python"
    return "rust"


def violations(instance: Any, uri: str, root: str = "the turn") -> list[tuple[str, str]]:
    """Each schema violation of ``instance`` as (pointer, message), worded for people."""
    found = None
    if backend() == "rust":
        try:
            found = _rust_found(uri, instance)
            if not found:
                return []
        except (UnicodeEncodeError, ValueError, OverflowError):
            pass  # a value Rust strings cannot hold (a lone surrogate): the Python validator takes it
    if found is None:
        found = _python_violations(instance, uri)
    messages = {(pointer, text) for v in found for pointer, text in _word(v, where(v.pointer, root))}
    return sorted(messages, key=lambda m: (_order(m[0]), m[1]))


def is_valid(instance: Any, uri: str) -> bool:
    return not violations(instance, uri)


def _order(pointer: str) -> list[tuple[int, int | str]]:
    return [(0, int(t)) if t.isascii() and t.isdigit() else (1, t) for t in split(pointer)]


# -- jsonschema-rs -----------------------------------------------------------------------


#: Keywords of a closed object schema's root checked here, not by jsonschema-rs: each
#: violation it reports carries the value it concerns, and at the root that is the whole
#: turn, built again as Python objects: about 0.1 ms a violation, a misspelt key costing two.
_ROOT_KEYWORDS = ("required", "additionalProperties")


@functools.cache
def _rust(uri: str) -> tuple[Any, dict[str, Any], Any]:
    """A compiled validator for ``uri``, the self-contained document it was built from, and
    a validator of the same document less its root's ``_ROOT_KEYWORDS`` (``None`` unless
    the root is a closed object with nothing else that depends on them)."""
    import jsonschema_rs

    address, fragment = urldefrag(uri)
    document = bundle(address)
    if fragment:
        document = {"$schema": document["$schema"], "$ref": f"#{fragment}", "$defs": document["$defs"]}
    rest = None
    if _closed_root(document):
        rest = jsonschema_rs.Draft202012Validator(
            {k: v for k, v in document.items() if k not in _ROOT_KEYWORDS}
        )
    return jsonschema_rs.Draft202012Validator(document), document, rest


def _closed_root(document: dict[str, Any]) -> bool:
    """Whether the root's ``required`` and ``additionalProperties`` can be checked apart:
    an object of listed properties, with no pattern or unevaluated properties anywhere."""
    return (
        document.get("type") == "object"
        and document.get("additionalProperties") is False
        and isinstance(document.get("properties"), dict)
        and isinstance(document.get("required", []), list)
        and all(isinstance(key, str) for key in document.get("required", []))
        and "patternProperties" not in document
        and "unevaluated" not in json.dumps(document)
    )


def _rust_found(uri: str, instance: Any) -> list[Violation]:
    """The violations of ``instance`` (none when it is valid)."""
    validator, document, rest = _rust(uri)
    if validator.is_valid(instance):
        return []
    if rest is None or not isinstance(instance, dict):
        return _rust_violations(validator, document, instance)
    return [*_root_violations(document, instance), *_rust_violations(rest, document, instance)]


def _root_violations(document: dict[str, Any], instance: dict[str, Any]) -> list[Violation]:
    """The root's ``required`` and ``additionalProperties`` (false) violations of an object,
    as jsonschema-rs reports them: one for each keyword (``_word`` names every key)."""
    found = []
    if any(key not in instance for key in document.get("required", ())):
        found.append(Violation("required", document, instance, ""))
    known = document["properties"]
    if any(key not in known for key in instance):
        found.append(Violation("additionalProperties", document, instance, ""))
    return found


def _rust_violations(validator: Any, document: dict[str, Any], instance: Any) -> list[Violation]:
    found = []
    for error in validator.iter_errors(instance):
        *node_path, keyword = [str(p) for p in error.schema_path]
        node: Any = document
        for token in node_path:
            node = node[int(token)] if isinstance(node, list) else node[token]
        pointer = join("", *error.instance_path)
        try:
            value = resolve(instance, pointer)  # the Python value itself (Rust shows NaN as null)
        except LookupError:
            value = error.instance
        if isinstance(value, float) and not math.isfinite(value):
            # Rust holds NaN and Infinity as null, so its finding would not be Python's: the
            # Python validator takes this value (NaN itself is invalid-json's finding)
            raise ValueError("a non-finite number")
        found.append(Violation(keyword, node, value, pointer))
    return found


# -- jsonschema --------------------------------------------------------------------------


@functools.cache
def _python(uri: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator({"$ref": uri}, registry=registry())


def _python_violations(instance: Any, uri: str) -> list[Violation]:
    from referencing.exceptions import Unresolvable

    try:
        return [
            Violation(str(e.validator), e.schema, e.instance, join("", *e.absolute_path))
            for e in _python(uri).iter_errors(instance)
        ]
    except Unresolvable as exc:
        raise SchemaLookupError(lookup_message(exc.ref)) from None


# -- wording -----------------------------------------------------------------------------

_TYPE_NAMES = {
    "object": "an object",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def _show(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):
        text = type_name(value)
    return text if len(text) <= 60 else text[:57] + "..."


@functools.lru_cache(maxsize=1024)
def _suggestion(key: str, known: tuple[str, ...]) -> str:
    """The key probably meant, or the keys allowed (the same misspelling recurs turn after turn)."""
    import difflib

    close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else f"; expected only {', '.join(known)}"


def _close_enough(key: str) -> str:
    """The key to look for a suggestion for: a key far longer than any known one has none
    (and a huge key must not sit in the suggestions' cache)."""
    return key if len(key) <= 100 else ""


def _word(v: Violation, name: str) -> Iterator[tuple[str, str]]:
    """People's words for a violation; the same whichever validator found it."""
    keyword, instance, pointer = v.keyword, v.instance, v.pointer
    expected = v.schema.get(keyword) if isinstance(v.schema, dict) else None
    if keyword == "required" and isinstance(instance, dict):
        for key in expected or ():
            if key not in instance:
                yield pointer, f"{name} is missing the required key '{key}'"
    elif keyword == "additionalProperties" and isinstance(instance, dict):
        known = list(v.schema.get("properties", {}))
        for key in instance:
            if key not in known:
                yield (
                    join(pointer, key),
                    f"unexpected key '{clip(key)}' in {name}{_suggestion(_close_enough(key), tuple(known))}",
                )
    elif keyword == "dependentRequired" and isinstance(instance, dict):
        for key, needs in (expected or {}).items():
            for need in needs:
                if key in instance and need not in instance:
                    yield pointer, f"{name} has '{key}' but no '{need}': give both or neither"
    elif keyword == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        names = " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in wanted)
        yield pointer, f"{name} should be {names}, found {type_name(instance)}"
    elif keyword == "enum":
        options = ", ".join(_show(o) for o in expected or ())
        yield pointer, f"{name} is {_show(instance)}; expected one of {options}"
    elif keyword == "const":
        yield pointer, f"{name} is {_show(instance)}; expected {_show(expected)}"
    elif keyword in ("minimum", "exclusiveMinimum"):
        bound = "at least" if keyword == "minimum" else "more than"
        yield pointer, f"{name} is {_show(instance)}; it must be {bound} {expected}"
    elif keyword in ("maximum", "exclusiveMaximum"):
        bound = "at most" if keyword == "maximum" else "less than"
        yield pointer, f"{name} is {_show(instance)}; it must be {bound} {expected}"
    else:
        yield pointer, f"{name} breaks the schema's '{keyword}' rule"
