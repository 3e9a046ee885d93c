"""The shipped JSON Schemas: one offline registry, validators, fplint's own wording, bundling."""

from __future__ import annotations

import copy
import difflib
import functools
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin

from fplint.pointer import join, split
from fplint.resources import schemas_dir

if TYPE_CHECKING:
    from referencing import Registry

BASE_URI = "https://fplint.dev/schemas/3.4/"
TURN = BASE_URI + "turn.schema.json"
DATASET = BASE_URI + "dataset.schema.json"
PAIRS_ENVELOPE = BASE_URI + "pairs-file.schema.json#/$defs/envelope"
CONVERSATIONS_ENVELOPE = BASE_URI + "conversations-file.schema.json#/$defs/envelope"
JSONL_META = BASE_URI + "jsonl-meta.schema.json"


class SchemaLookupError(LookupError):
    """A ``$ref`` names a schema that is not shipped; fplint never fetches one."""


@functools.cache
def documents() -> dict[str, Any]:
    """Every shipped schema by its ``$id``."""
    found: dict[str, Any] = {}
    for path in sorted(schemas_dir().glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        found[contents["$id"]] = contents
    return found


def _message(uri: str) -> str:
    return f"$ref {uri!r} is not one of fplint's shipped schemas, and fplint never fetches schemas"


def _refuse(uri: str) -> Any:
    """The registry's retrieve hook: nothing is ever fetched."""
    from referencing.exceptions import NoSuchResource

    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


@functools.cache
def registry() -> Registry[Any]:
    """One immutable registry of the shipped schemas; unknown URIs are an error, never a fetch."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = [
        (uri, Resource.from_contents(contents, default_specification=DRAFT202012))
        for uri, contents in documents().items()
    ]
    return Registry(retrieve=_refuse).with_resources(resources).crawl()  # type: ignore[call-arg]


@functools.cache
def validator(uri: str) -> Any:
    """A Draft 2020-12 validator for the schema at ``uri`` (a fragment may point inside it)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator({"$ref": uri}, registry=registry())


def violations(instance: Any, uri: str, root: str = "the turn") -> Iterator[tuple[str, str]]:
    """Each schema violation of ``instance`` as (pointer, message), worded for people."""
    from referencing.exceptions import Unresolvable

    try:
        errors = sorted(validator(uri).iter_errors(instance), key=lambda e: list(e.absolute_path))
    except Unresolvable as exc:
        raise SchemaLookupError(_message(exc.ref)) from None
    seen: set[tuple[str, str]] = set()
    for error in errors:
        pointer = join("", *error.absolute_path)
        name = where(pointer, root)
        for at, message in _word(
            error.validator, error.validator_value, error.instance, error.schema, pointer, name, error.message
        ):
            if (at, message) not in seen:
                seen.add((at, message))
                yield at, message


def is_valid(instance: Any, uri: str) -> bool:
    return bool(validator(uri).is_valid(instance))


_TYPE_NAMES = {
    "object": "an object",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def type_name(value: Any) -> str:
    """How a JSON value's type reads in a message."""
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def where(pointer: str, root: str = "the turn") -> str:
    """A pointer as people read it: ``emotional_context.client_needs_hierarchy[2]``."""
    out = ""
    for token in split(pointer):
        out += f"[{token}]" if token.isdigit() else ("." if out else "") + token
    return out or root


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _word(
    keyword: str, expected: Any, instance: Any, schema: Any, pointer: str, name: str, fallback: str
) -> Iterator[tuple[str, str]]:
    if keyword == "required" and isinstance(instance, dict):
        for key in expected:
            if key not in instance:
                yield pointer, f"{name} is missing the required key '{key}'"
    elif keyword == "additionalProperties" and isinstance(instance, dict):
        known = list(schema.get("properties", {}))
        for key in instance:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
                hint = f" (did you mean '{close[0]}'?)" if close else f"; expected only {', '.join(known)}"
                yield join(pointer, key), f"unexpected key '{key}' in {name}{hint}"
    elif keyword == "dependentRequired" and isinstance(instance, dict):
        for key, needs in expected.items():
            for need in needs:
                if key in instance and need not in instance:
                    yield pointer, f"{name} has '{key}' but no '{need}': give both or neither"
    elif keyword == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        names = " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in wanted)
        yield pointer, f"{name} should be {names}, found {type_name(instance)}"
    elif keyword == "enum":
        options = ", ".join(_show(v) for v in expected)
        yield pointer, f"{name} is {_show(instance)}; expected one of {options}"
    elif keyword == "const":
        yield pointer, f"{name} is {_show(instance)}; expected {_show(expected)}"
    elif keyword in ("minimum", "exclusiveMinimum"):
        bound = "at least" if keyword == "minimum" else "more than"
        yield pointer, f"{name} is {_show(instance)}; it must be {bound} {expected}"
    elif keyword in ("maximum", "exclusiveMaximum"):
        bound = "at most" if keyword == "maximum" else "less than"
        yield pointer, f"{name} is {_show(instance)}; it must be {bound} {expected}"
    elif keyword == "false":
        yield pointer, f"{name} is not allowed here"
    else:
        yield pointer, f"{name}: {fallback}"


def bundle(uri: str = DATASET) -> dict[str, Any]:
    """One self-contained schema: every referenced shipped schema embedded under ``$defs``.

    References are rewritten to local JSON pointers, so the result needs no registry and
    works as is in editors and in other validators (``check-jsonschema --schemafile``).
    """
    docs = documents()
    root: dict[str, Any] = copy.deepcopy(docs[uri])
    names: dict[str, str] = {}
    embedded: dict[str, Any] = {}

    def name_of(doc_uri: str) -> str:
        if doc_uri not in names:
            if doc_uri not in docs:
                raise SchemaLookupError(_message(doc_uri))
            name = doc_uri.rsplit("/", 1)[-1].removesuffix(".schema.json")
            names[doc_uri] = name
            body = copy.deepcopy(docs[doc_uri])
            body.pop("$id", None)
            body.pop("$schema", None)
            embedded[name] = rewrite(body, doc_uri)
        return names[doc_uri]

    def rewrite(node: Any, base: str) -> Any:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                target, fragment = urldefrag(urljoin(base, node["$ref"]))
                prefix = "#" if target == uri else "#/$defs/" + name_of(target)
                node["$ref"] = prefix + fragment
            for key, value in node.items():
                if key != "$ref":
                    rewrite(value, base)
        elif isinstance(node, list):
            for item in node:
                rewrite(item, base)
        return node

    rewrite(root, uri)
    root.setdefault("$defs", {}).update(embedded)
    return root
