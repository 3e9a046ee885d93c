"""Every fast path gives the careful path's findings, on each of the benchmark's data shapes
(clean, defective, real-shaped: bench/shapes.py, made from examples/ by mutation)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from fplint.check import conversations, kept, place, validation
from fplint.check.cache import Cache
from fplint.check.engine import Engine
from fplint.check.run import lint_files
from fplint.config import load_config
from fplint.read import parse_json
from fplint.rules import near_duplicate
from fplint.rules.placeholder import Placeholder

sys.path.insert(0, str(ROOT / "bench"))
import shapes  # bench/ is not a package: imported by path

SIZE = 40  # turns: a dozen files of each shape, and so a copied turn in the real shape
KEY = b"p" * 32


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    workdir = tmp_path_factory.mktemp("shapes")
    sources = shapes.load_sources()
    made = {shape: shapes.ensure_dataset(workdir, sources, SIZE, shape) for shape in shapes.SHAPES}
    hour_ago = time.time() - 3600
    for dataset in made.values():
        for path in dataset.files:  # old enough to be stamped by the cache
            os.utime(path, (hour_ago, hour_ago))
    return {shape: dataset.directory for shape, dataset in made.items()}


def findings(folder: Path, jobs: int = 1, cache: Cache | None = None) -> list[dict[str, Any]]:
    config = load_config(discover=False)
    report = lint_files([str(folder)], config, Engine.from_config(config), jobs=jobs, cache=cache)
    return [d.as_dict() for d in report.diagnostics]


@pytest.mark.parametrize("shape", shapes.SHAPES)
def test_the_shapes_are_what_they_say(sets: dict[str, Path], shape: str) -> None:
    # the sets' conversations are copies of a few by design, which the diversity rules rightly
    # report (bench/run.py leaves them out of its runs for the same reason)
    found = [d for d in findings(sets[shape]) if d["rule"] not in ("near-duplicate", "strategy-diversity")]
    per_turn = len(found) / SIZE
    rules = {d["rule"] for d in found}
    if shape == "clean":
        assert found == []
    elif shape == "defective":
        assert per_turn >= 3 and {"schema", "sentence-coverage"} <= rules
    else:
        assert per_turn >= 10 and len(rules) >= 12 and "duplicate-turn" in rules


@pytest.mark.parametrize("shape", shapes.SHAPES)
def test_every_fast_path_finds_what_the_careful_path_finds(
    sets: dict[str, Path], shape: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = sets[shape]
    fast = findings(folder)
    assert findings(folder, jobs=2) == fast  # worker processes
    cache = tmp_path / "cache"
    assert findings(folder, cache=Cache(cache, "f", key=KEY)) == fast  # filling the cache
    assert findings(folder, cache=Cache(cache, "f", key=KEY)) == fast  # from stamps, nothing read
    assert findings(folder, jobs=2, cache=Cache(cache, "f", key=KEY)) == fast
    with monkeypatch.context() as spilled:  # conversation summaries and kept places on disk, a few per bucket
        spilled.setattr(conversations, "MEMORY_LIMIT", 5)
        spilled.setattr(conversations, "BUCKETS", 3)
        spilled.setattr(kept, "MEMORY_LIMIT", 300)
        spilled.setattr(kept, "BUCKETS", 3)
        spilled.setattr(near_duplicate, "MEMORY_LIMIT", 7)  # near-duplicate's texts too
        assert findings(folder) == fast
        assert findings(folder, jobs=2) == fast
    with monkeypatch.context() as careful:
        careful.setattr(Placeholder, "check", _unsieved(Placeholder.check))
        careful.setenv("FPLINT_VALIDATOR", "python")
        careful.setattr(parse_json, "_orjson_loads", None)
        careful.setattr(place, "unpack", lambda places, width: None)  # cross-turn findings placed by reading again
        validation.backend.cache_clear()
        try:
            assert findings(folder) == fast
            assert findings(folder, jobs=2) == fast  # every file read again by worker processes
        finally:
            validation.backend.cache_clear()


def _unsieved(check: Any) -> Any:
    """The placeholder check with its sieve saying "look" for everything: the careful pass."""

    def careful(self: Placeholder, turn: Any) -> Any:
        self._sieve.suspects = lambda value: True  # type: ignore[method-assign]
        return check(self, turn)

    return careful
