"""behavioral-assessment: the four dimensions the standard asks for are assessed."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.model import Finding, Turn
from fplint.rule import Option, TurnRule
from fplint.rules._util import dig


class BehavioralAssessment(TurnRule):
    """``behavioral_assessment`` assesses at least ``required`` (the standard: risk_level,
    engagement_readiness, knowledge_level, trust_level), each non-empty. More are welcome.

    Why: these four dimensions decide how hard the response may push (risk of dropping
    out, readiness, knowledge, trust); a turn that skips one teaches strategy without the
    evidence for it.

    Fails::

        "behavioral_assessment": {"risk_level": "high", "trust_level": "building"}

    Passes::

        "behavioral_assessment": {"risk_level": "high", "engagement_readiness": "tentative",
                                  "knowledge_level": "beginner", "trust_level": "building"}
    """

    name = "behavioral-assessment"
    code = "FP308"
    options = {
        "required": Option(
            list,
            ["risk_level", "engagement_readiness", "knowledge_level", "trust_level"],
            "dimensions every turn assesses",
        )
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        assessment = dig(turn.value, "emotional_context", "behavioral_assessment")
        if not isinstance(assessment, dict):
            return
        missing = [
            key
            for key in self.opts["required"]
            if not (isinstance(assessment.get(key), str) and assessment[key].strip())
        ]
        if missing:
            yield Finding(
                "/emotional_context/behavioral_assessment",
                f"behavioral_assessment does not assess {', '.join(missing)}; the standard asks for "
                f"{', '.join(self.opts['required'])}",
            )
