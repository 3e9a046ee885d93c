"""needs-hierarchy: 3–4 needs, prioritised 1..n, each with its rationale."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.brief import brief, clip
from fplint.model import Finding, Turn
from fplint.read.pointer import join
from fplint.rule import Option, TurnRule, count_range, plural
from fplint.rules._util import dig, is_int

_BASE = "/emotional_context/client_needs_hierarchy"


class NeedsHierarchy(TurnRule):
    """``client_needs_hierarchy`` holds ``min``–``max`` needs (the standard: 3–4), with
    priorities 1, 2, 3... in list order, each with a non-empty rationale.

    Why: the hierarchy teaches the model what to address first. Two needs with the same
    priority, or a list out of order, teaches no order at all; a need without a rationale
    teaches the what without the why.

    Fails::

        [{"priority": 1, "need": "validation"}, {"priority": 1, "need": "numbers"}]

    Passes::

        [{"priority": 1, "need": "validation", "rationale": "Shame blocks learning."},
         {"priority": 2, "need": "simple_steps", "rationale": "He freezes at options."},
         {"priority": 3, "need": "timeline", "rationale": "He fears it is too late."}]
    """

    name = "needs-hierarchy"
    code = "FP307"
    options = {
        "min": Option(int, 3, "fewest needs", minimum=0),
        "max": Option(int, 4, "most needs", minimum=0),
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        needs = dig(turn.value, "emotional_context", "client_needs_hierarchy")
        if not isinstance(needs, list):
            return
        lo, hi = self.opts["min"], self.opts["max"]
        if not lo <= len(needs) <= hi:
            yield Finding(
                _BASE, f"{plural(len(needs), 'need')} listed; the standard asks for {count_range(lo, hi)}"
            )
        for position, need in enumerate(needs):
            if not isinstance(need, dict):
                continue
            priority = need.get("priority")
            if is_int(priority) and priority != position + 1:
                yield Finding(
                    join(_BASE, position, "priority"),
                    f"need {position + 1} has priority {brief(priority)}; priorities run 1, 2, 3... in list order",
                )
            rationale = need.get("rationale")
            if rationale is None or (isinstance(rationale, str) and not rationale.strip()):
                yield Finding(
                    join(_BASE, position),
                    f"need {position + 1} ({clip(str(need.get('need', '?')))}) has no rationale: say why it has this priority",
                )
