"""quality-score: no score below the standard's floor."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.model import Finding, Turn
from fplint.read.pointer import join
from fplint.rule import Option, TurnRule
from fplint.rules._util import dig, is_number


class QualityScore(TurnRule):
    """``quality_score`` and every ``quality_criteria`` score are at least ``min-score``
    (the standard: none below 3), whatever the score's type: a 2.8 is below 3. The 1–5 scale
    and whole numbers are the schema's.

    Why: the standard keeps nothing below "adequate" in the training set; a turn scored 2
    should be rewritten or dropped, not trained on.

    Fails::

        "quality_score": 2, "quality_criteria": {"empathy_score": 2, ...}

    Passes::

        "quality_score": 4, "quality_criteria": {"empathy_score": 4, ...}
    """

    name = "quality-score"
    code = "FP602"
    options = {"min-score": Option(int, 3, "lowest acceptable score", minimum=1)}

    def check(self, turn: Turn) -> Iterator[Finding]:
        metadata = dig(turn.value, "training_metadata")
        if not isinstance(metadata, dict):
            return
        floor = self.opts["min-score"]
        scores = [("/training_metadata/quality_score", "quality_score", metadata.get("quality_score"))]
        criteria = metadata.get("quality_criteria")
        if isinstance(criteria, dict):
            scores += [(join("/training_metadata/quality_criteria", k), k, v) for k, v in criteria.items()]
        for pointer, label, score in scores:
            if is_number(score) and 1 <= score < floor:
                yield Finding(
                    pointer,
                    f"{label} is {score:g}; the standard keeps nothing below {floor}: rewrite the turn or drop it",
                )
