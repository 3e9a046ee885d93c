from __future__ import annotations

import pytest
from factory import DELETE, edit, valid_turn
from helpers import messages

from fplint.rules.behavioral_assessment import BehavioralAssessment

B = "/emotional_context/behavioral_assessment"


@pytest.mark.parametrize(
    "changes, options, expected",
    [
        ({}, {}, []),
        ({B + "/action_readiness": "high"}, {}, []),
        ({B + "/trust_level": DELETE}, {}, ["behavioral_assessment does not assess trust_level; the standard asks for risk_level, engagement_readiness, knowledge_level, trust_level"]),
        ({B + "/risk_level": "", B + "/knowledge_level": DELETE}, {}, ["behavioral_assessment does not assess risk_level, knowledge_level; the standard asks for risk_level, engagement_readiness, knowledge_level, trust_level"]),
        ({B + "/trust_level": DELETE}, {"required": ["risk_level"]}, []),
    ],
)
def test_behavioral_assessment(changes: dict, options: dict, expected: list[str]) -> None:
    assert messages(BehavioralAssessment, edit(valid_turn(), changes), **options) == expected
