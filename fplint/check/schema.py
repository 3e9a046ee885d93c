"""The shipped JSON Schemas: one offline registry, validators, fplint's own wording, bundling."""

from __future__ import annotations

import copy
import functools
import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin

from fplint.brief import clip
from fplint.read.pointer import split
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


def lookup_message(uri: str) -> str:
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
        out += f"[{token}]" if token.isdigit() else ("." if out else "") + clip(token, 40)
    return out or root


def bundle(uri: str = DATASET) -> dict[str, Any]:
    """One self-contained schema: every referenced shipped schema embedded under ``$defs``.

    References are rewritten to local JSON pointers, so the result needs no registry and
    works as is in editors and in other validators (``check-jsonschema --schemafile``).
    A ``$ref`` beside other keywords moves into an ``allOf`` (the same meaning in Draft
    2020-12): VS Code's JSON language service reads a ``$ref`` as "replace this object",
    and would drop a sibling ``properties`` (the turns of a file) or ``description``.
    """
    docs = documents()
    root: dict[str, Any] = copy.deepcopy(docs[uri])
    names: dict[str, str] = {}
    embedded: dict[str, Any] = {}

    def name_of(doc_uri: str) -> str:
        if doc_uri not in names:
            if doc_uri not in docs:
                raise SchemaLookupError(lookup_message(doc_uri))
            name = doc_uri.rsplit("/", 1)[-1].removesuffix(".schema.json")
            names[doc_uri] = name
            body = copy.deepcopy(docs[doc_uri])
            body.pop("$id", None)
            body.pop("$schema", None)
            embedded[name] = rewrite(body, doc_uri)
        return names[doc_uri]

    def rewrite(node: Any, base: str) -> Any:
        if isinstance(node, dict):
            for key, value in node.items():
                if key != "$ref":
                    rewrite(value, base)
            if isinstance(node.get("$ref"), str):
                target, fragment = urldefrag(urljoin(base, node["$ref"]))
                prefix = "#" if target == uri else "#/$defs/" + name_of(target)
                node["$ref"] = prefix + fragment
                if len(node) > 1:
                    node["allOf"] = [{"$ref": node.pop("$ref")}, *node.get("allOf", [])]
        elif isinstance(node, list):
            for item in node:
                rewrite(item, base)
        return node

    rewrite(root, uri)
    root.setdefault("$defs", {}).update(embedded)
    return root
