"""variations-count: a seed turn asks for 10–15 variations."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.model import Finding, Turn
from fplint.rule import Option, TurnRule, count_range
from fplint.rules._util import dig, is_int


class VariationsCount(TurnRule):
    """``training_metadata.generate_variations_count`` is ``min``–``max`` (the standard: 10–15).

    Why: variations multiply a seed turn in the final dataset; 25 variations of one turn
    over-weight it against the rest, fewer than 10 under-use a reviewed seed.

    Fails::

        "generate_variations_count": 25

    Passes::

        "generate_variations_count": 12
    """

    name = "variations-count"
    code = "FP604"
    options = {
        "min": Option(int, 10, "fewest variations", minimum=0),
        "max": Option(int, 15, "most variations", minimum=0),
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        count = dig(turn.value, "training_metadata", "generate_variations_count")
        lo, hi = self.opts["min"], self.opts["max"]
        if is_int(count) and not lo <= count <= hi:
            yield Finding(
                "/training_metadata/generate_variations_count",
                f"generate_variations_count is {count}; the standard asks for {count_range(lo, hi)}",
            )
