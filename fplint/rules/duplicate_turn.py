"""duplicate-turn: the same turn id appears more than once in the dataset."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from fplint.model import Finding, Turn
from fplint.rule import Collected, Dataset, DatasetRule
from fplint.rules._util import dig


class DuplicateTurn(DatasetRule):
    """A turn ``id`` appears more than once across the dataset (in one file or across files).

    Reported at every occurrence after the first, naming where the first one is and
    whether the copies' target responses are identical.

    Why: a duplicated turn is trained on twice, which over-weights it; two different turns
    with one id make every cross-reference (history, progression, baselines) ambiguous.

    Fails::

        fp_marcus_002_turn1 in convo-01-complete.json and again in convo-10-first_v1.json

    Passes::

        each turn id in exactly one file
    """

    name = "duplicate-turn"
    code = "FP703"

    def collect(self, turn: Turn) -> int | None:
        response = dig(turn.value, "target_response")
        return zlib.crc32(response.encode("utf-8", "surrogatepass")) if isinstance(response, str) else None

    def check(self, dataset: Dataset) -> Iterator[Finding]:
        first_seen: dict[str, Collected] = {}
        for turn in dataset.turns:
            turn_id = turn.ref.turn_id
            if turn_id is None:
                continue
            first = first_seen.setdefault(turn_id, turn)
            if first is turn:
                continue
            same = "an identical" if first.data == turn.data and turn.data is not None else "a different"
            yield Finding(
                "/id",
                f"turn id '{turn_id}' already appears in {first.ref.path} at {first.ref.pointer or '/'} "
                f"(with {same} target_response): keep one copy, or give this turn its own id",
                ref=turn.ref,
                related=(first.ref,),
            )
