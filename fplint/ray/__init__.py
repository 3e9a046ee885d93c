"""fplint on Ray Data: the same rules, scheduled by Ray, for datasets of millions of turns.

An optional extra (``pip install 'fplint[ray]'``); nothing here is imported by ``import
fplint`` or a local ``fplint check``. The design, figures and limits: docs/scale.md.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ray.data

    from fplint.check.report import Report
    from fplint.config import Config


class RayMissing(RuntimeError):
    """Ray Data is not installed."""

    def __init__(self) -> None:
        super().__init__("the Ray engine needs Ray Data: pip install 'fplint[ray]'")


def _require() -> None:
    try:
        import pyarrow  # noqa: F401
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise RayMissing() from exc


def lint_paths_on_ray(
    paths: Sequence[str | os.PathLike[str]],
    address: str | None = None,
    config: Config | None = None,
) -> Report:
    """Lint files and directories on a Ray cluster: the ``Report`` a local ``lint_paths`` gives.

    ``address``: the cluster (``auto``, ``ray://host:10001``); without it, the one
    ``RAY_ADDRESS`` names, else a local one is started. The files must be readable at the same
    paths on every node (a shared or mounted filesystem).
    """
    _require()
    from fplint.check.engine import Engine
    from fplint.config import load_config
    from fplint.ray.run import lint_on_ray

    config = config or load_config(discover=False)
    return lint_on_ray([os.fspath(p) for p in paths], config, Engine.from_config(config), address=address)


def lint_dataset(ds: ray.data.Dataset, config: Config | None = None) -> ray.data.Dataset:
    """The diagnostics of a Ray dataset, as a dataset: one row a diagnostic (``path``, ``line``,
    ``column``, ``pointer``, ``turn_id``, ``rule``, ``code``, ``severity``, ``message``,
    ``scope``, ``turn_pointer``, ``fix`` as JSON text), in no particular order.

    ``ds`` holds either files (a single column ``path``: each file read and checked whole,
    every rule, with lines and columns) or turns (one turn a row, as ``ray.data.read_parquet``
    or ``read_json`` give them; a ``path`` column, from ``include_paths=True``, names the file):
    turn, conversation and dataset rules, without lines. Write it where the data is with
    ``.write_parquet(DIR)`` or ``.write_json(DIR)``.

    As in a local run's report, a turn that duplicate-turn finds to be an identical copy of
    another reports its turn and conversation findings at the kept turn only (turn rows of one
    file carry no pointer to tell such copies apart: theirs stay).

    The check and cross-turn steps run when this is called (their rows are kept in Ray's
    object store, once, for the later steps); the rest runs when the result is read.
    """
    _require()
    from fplint.check.engine import Engine
    from fplint.config import load_config
    from fplint.ray import pipeline, stages

    config = config or load_config(discover=False)
    engine = Engine.from_config(config)
    blob = pipeline.engine_blob(engine)
    columns = list(ds.schema().names) if ds.schema() is not None else []
    files = columns == ["path"]
    with pipeline.quiet_context():
        if files:
            ordered = ds.map_batches(_ordered, batch_format="pyarrow", batch_size=None)
            checked = pipeline.check_files(ordered, blob, config.max_file_size).materialize()
        else:
            checked = pipeline.check_rows(ds, blob).materialize()
        found = checked.map_batches(stages.file_diagnostics, batch_format="pyarrow", batch_size=None)
        count = checked.count()
        cross = pipeline.cross(
            checked, blob, count, rows=not files, max_bytes=config.max_file_size
        ).materialize()
        diagnostics = found.union(
            cross.map_batches(stages.item_diagnostics, batch_format="pyarrow", batch_size=None)
        )
        # An identical copy's findings are the kept turn's: reported there only, as locally.
        # The driver holds the copies' keys (two strings a copy), not their findings.
        keys = cross.map_batches(stages.copy_keys, batch_format="pyarrow", batch_size=None)
        copies = frozenset((row["path"], row["turn_pointer"]) for row in keys.iter_rows())
        if not copies:
            return diagnostics
        return diagnostics.map_batches(
            stages.withdraw, batch_format="pyarrow", batch_size=None, fn_kwargs={"copies": copies}
        )


def _ordered(batch: Any) -> Any:
    """Files named by path alone: read in the order of their paths, none as mere context."""
    import pyarrow as pa

    paths = batch.column("path").to_pylist()
    return pa.table({"order": paths, "path": paths, "context": [False] * len(paths)})


__all__ = ["RayMissing", "lint_dataset", "lint_paths_on_ray"]
