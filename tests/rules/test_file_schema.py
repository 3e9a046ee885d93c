from __future__ import annotations

import pytest
from helpers import document, messages

from fplint.rules.file_schema import FileSchema


@pytest.mark.parametrize(
    "text, name, expected",
    [
        ('{"training_pairs": [], "dataset_metadata": {"v": 1}, "consultant_profile": {}}', "data.json", []),
        ('{"training_pairs": [], "dataset_metdata": {}}', "data.json", ["unexpected key 'dataset_metdata' in the file (did you mean 'dataset_metadata'?)"]),
        ('{"training_pairs": {}}', "data.json", ["training_pairs should be a list, found an object"]),
        ('{"training_pairs": [], "dataset_metadata": "v1"}', "data.json", ["dataset_metadata should be an object, found a string"]),
        ('{"conversations": [{"conversation_metadata": {}, "training_pairs": []}]}', "data.json", []),
        ('{"conversations": [{"pairs": []}]}', "data.json", ["conversations[0] is missing the required key 'training_pairs'", "unexpected key 'pairs' in conversations[0]; expected only conversation_id, conversation_metadata, training_pairs"]),
        ('{"training_pairs": [{"not": "checked here"}]}', "data.json", []),  # turns are the schema rule's
        ('{"_meta": {"version": "1"}}\n{"id": "a"}\n', "data.jsonl", []),
        ('{"_meta": "v1"}\n{"id": "a"}\n', "data.jsonl", ["_meta should be an object, found a string"]),
    ],
)
def test_file_schema(text: str, name: str, expected: list[str]) -> None:
    assert messages(FileSchema, document(text, name)) == expected
