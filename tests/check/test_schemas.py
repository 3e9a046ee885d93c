from __future__ import annotations

import json

import pytest
from factory import edit, valid_turn
from jsonschema import Draft202012Validator

from fplint.check import schema
from fplint.check.validation import _python_violations
from fplint.resources import schemas_dir


def test_every_shipped_schema_is_valid_draft_2020_12_with_an_id() -> None:
    for path in schemas_dir().glob("*.schema.json"):
        contents = json.loads(path.read_text())
        Draft202012Validator.check_schema(contents)
        assert contents["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert contents["$id"] == schema.BASE_URI + path.name


def test_the_registry_holds_every_shipped_schema() -> None:
    registry = schema.registry()
    for uri in schema.documents():
        assert registry.contents(uri)["$id"] == uri


def test_a_ref_outside_the_registry_is_a_clear_error_not_a_fetch(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("fplint tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    with pytest.raises(schema.SchemaLookupError, match="never fetches schemas"):
        _python_violations({}, "https://example.com/remote.schema.json")


def test_the_bundle_is_self_contained() -> None:
    text = json.dumps(schema.bundle())
    refs = [part.split('"')[0] for part in text.split('"$ref": "')[1:]]
    assert refs and all(ref.startswith("#") for ref in refs)


@pytest.mark.parametrize(
    "document",
    [
        {"training_pairs": [valid_turn(1), valid_turn(2)]},
        {"conversations": [{"training_pairs": [valid_turn(1)]}]},
        valid_turn(3),
    ],
)
def test_the_bundle_accepts_valid_documents_of_every_layout(document: dict) -> None:
    assert list(Draft202012Validator(schema.bundle()).iter_errors(document)) == []


@pytest.mark.parametrize(
    "document",
    [
        {"training_pairs": [edit(valid_turn(), {"/turn_number": 0})]},
        {"conversations": [{"training_pairs": [edit(valid_turn(), {"/target_reponse": "x"})]}]},
        edit(valid_turn(), {"/emotional_context/detected_emotions/intensity": 2}),
        {"training_pairs": [], "extra": 1},
    ],
)
def test_the_bundle_rejects_what_fplint_rejects(document: dict) -> None:
    assert list(Draft202012Validator(schema.bundle()).iter_errors(document)) != []


def test_the_turn_schema_bundles_on_its_own() -> None:
    bundled = schema.bundle(schema.TURN)
    assert Draft202012Validator(bundled).is_valid(valid_turn())
    assert not Draft202012Validator(bundled).is_valid(edit(valid_turn(), {"/turn_number": "1"}))
