from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages

from fplint.rules.needs_hierarchy import NeedsHierarchy

N = "/emotional_context/client_needs_hierarchy"


def need(priority: object, rationale: object = "because") -> dict:
    return {"priority": priority, "need": f"need_{priority}", "rationale": rationale}


@pytest.mark.parametrize(
    "needs, expected",
    [
        ([need(1), need(2), need(3)], []),
        ([need(1), need(2), need(3), need(4)], []),
        ([need(1), need(2)], ["2 needs listed; the standard asks for 3–4"]),
        ([need(i) for i in range(1, 6)], ["5 needs listed; the standard asks for 3–4"]),
        ([need(1), need(1), need(3)], ["need 2 has priority 1; priorities run 1, 2, 3... in list order"]),
        ([need(1), need(2), need(3, "  ")], ["need 3 (need_3) has no rationale: say why it has this priority"]),
        ([need(1), need(2), {"priority": 3, "need": "x"}], ["need 3 (x) has no rationale: say why it has this priority"]),
        ("many", []),
    ],
)
def test_needs_hierarchy(needs: object, expected: list[str]) -> None:
    assert messages(NeedsHierarchy, edit(valid_turn(), {N: needs})) == expected
