"""The Ray engine's reduce and finish stages called in this process (no Ray): a dataset rule's
state that spilled to disk crosses between them as plain data and finds the same."""

from __future__ import annotations

import pickle
from unittest.mock import patch

import pyarrow as pa
from factory import edit, valid_turn

from fplint.check.engine import Engine
from fplint.model import Turn
from fplint.ray import stages
from fplint.rules import near_duplicate
from fplint.rules.near_duplicate import NearDuplicate

SHARED = " ".join(f"word{i}" for i in range(40))


def test_near_duplicate_states_spilled_in_reduce_and_finish_find_what_a_local_run_finds() -> None:
    engine = Engine([NearDuplicate()], {})
    texts = [
        SHARED if i % 3 == 0 else f"{SHARED} own{i} " + " ".join(f"x{i}y{j}" for j in range(30))
        for i in range(24)
    ]
    files = [
        [
            Turn(
                edit(valid_turn(1, f"fp_marcus_{100 + i:03d}"), {"/target_response": text}),
                f"f{i:02d}.json",
                "/training_pairs/0",
                0,
            )
        ]
        for i, text in enumerate(texts)
    ]
    rows = [
        {"order": f"{i:04d}", "partials": pickle.dumps(engine.partials(turns))}
        for i, turns in enumerate(files)
    ]
    local = None
    for row in rows:
        local = engine.merge(local, pickle.loads(row["partials"]))
    expected = [(f.message, f.ref, f.related) for _, f in engine.cross_check([], local, len(files))[0]]
    blob = pickle.dumps(engine)
    schema = pa.schema([("order", pa.string()), ("partials", pa.binary())])
    with patch.object(near_duplicate, "MEMORY_LIMIT", 3):
        reduced = [
            stages.reduce_states(pa.Table.from_pylist(rows[lo : lo + 10], schema=schema), blob)
            for lo in (0, 10, 20)
        ]
        items = stages.finish_states(pa.concat_tables(reduced), blob, len(files))
    found = [pickle.loads(blob).value for blob in items.column("item").to_pylist()]
    assert len(expected) >= 7 and [(f.message, f.ref, f.related) for f in found] == expected
