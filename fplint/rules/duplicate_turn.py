"""duplicate-turn: the same turn id appears more than once in the dataset."""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence

from fplint.model import Finding, Turn, TurnRef
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

    def partial(self, turns: Sequence[Collected]) -> _State:
        state: _State = ({}, [])
        for turn in turns:
            if turn.ref.turn_id is not None:
                _add(state, turn.ref.turn_id, (turn.ref, turn.data))
        return state

    def merge(self, earlier: _State, later: _State) -> _State:
        firsts, repeats = later
        for turn_id, seen in firsts.items():
            _add(earlier, turn_id, seen)
        earlier[1].extend(repeats)
        return earlier

    def finish(self, state: _State, dataset: Dataset) -> Iterator[Finding]:
        firsts, repeats = state
        for turn_id, (ref, response) in repeats:
            first, first_response = firsts[turn_id]
            same = "an identical" if response == first_response and response is not None else "a different"
            yield Finding(
                "/id",
                f"turn id '{turn_id}' already appears in {first.path} at {first.pointer or '/'} "
                f"(with {same} target_response): keep one copy, or give this turn its own id",
                ref=ref,
                related=(first,),
            )


#: Where a turn was seen: its reference and its response's checksum.
_Seen = tuple[TurnRef, "int | None"]
#: The first sighting of each turn id, and every later one (with its id), in reading order.
_State = tuple[dict[str, _Seen], list[tuple[str, _Seen]]]


def _add(state: _State, turn_id: str, seen: _Seen) -> None:
    firsts, repeats = state
    if turn_id in firsts:
        repeats.append((turn_id, seen))
    else:
        firsts[turn_id] = seen
