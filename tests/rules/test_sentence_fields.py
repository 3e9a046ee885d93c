from __future__ import annotations

import pytest
from factory import DELETE, edit, valid_turn
from helpers import messages, run_rule

from fplint.rules.sentence_fields import SentenceFields

S = "/response_breakdown/sentences/1"


@pytest.mark.parametrize(
    "changes, options, expected",
    [
        ({}, {}, []),
        ({S + "/teaches_model": " "}, {}, ["sentence 2 has an empty teaches_model: say what the sentence does and teaches"]),
        ({S + "/function": "", S + "/technique": ""}, {}, ["sentence 2 has an empty function, technique: say what the sentence does and teaches"]),
        ({S + "/function": DELETE}, {}, []),  # missing: the schema's finding
        ({S + "/stylistic_note": ""}, {"fields": ["function", "stylistic_note"]}, ["sentence 2 has an empty stylistic_note: say what the sentence does and teaches"]),
    ],
)
def test_sentence_fields(changes: dict, options: dict, expected: list[str]) -> None:
    assert messages(SentenceFields, edit(valid_turn(), changes), **options) == expected


def test_reported_at_the_first_empty_field() -> None:
    [finding] = run_rule(SentenceFields, edit(valid_turn(), {S + "/technique": ""}))
    assert finding.pointer == S + "/technique"
