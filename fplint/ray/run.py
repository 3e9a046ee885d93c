"""A whole run on Ray, reported as a local run is: the same ``Report``, formats and exit codes.

The driver lists the files (as ``fplint check`` does), hands them to the cluster, and reads
back, in reading order, one compact row a file (its diagnostics, its turns' places): these
go through the same ``Run`` as a local run's files (the same filters, spool and tapes on disk),
so the driver's memory does not grow with the dataset. Cross-turn rules run on the cluster.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from fplint.check.engine import Engine, FileResult
from fplint.check.report import Report
from fplint.check.run import lint_files, prepare
from fplint.config import Config
from fplint.model import Diagnostic, TurnRef
from fplint.ray import pipeline, stages

if TYPE_CHECKING:
    from fplint.check.baseline import Entry


def lint_on_ray(
    paths: Sequence[str],
    config: Config,
    engine: Engine,
    baseline: Sequence[Entry] | None = None,
    address: str | None = None,
) -> Report:
    """``lint_files`` with the work done on a Ray cluster (started here when none is connected)."""
    started = time.perf_counter()
    run = prepare(paths, config, engine, baseline)
    if not run.work:  # nothing to read: nothing for a cluster to do
        return lint_files(paths, config, engine, baseline=baseline)
    pipeline.start(address)
    blob = pipeline.engine_blob(engine)
    with pipeline.quiet_context():
        checked = pipeline.check_files(
            pipeline.files_dataset(run.work), blob, config.max_file_size
        ).materialize()
        columns = ["path", "checked", "turns", "diagnostics", "places", "turn_ids"]
        for batch in checked.select_columns(columns).iter_batches(batch_format="pyarrow", batch_size=256):
            for row in batch.to_pylist():
                run.take(_result(row))
        cross: list[Diagnostic] = []
        notes: list[tuple[int, str]] = []
        copies: dict[TurnRef, TurnRef] = {}
        items = pipeline.cross(checked, blob, len(run.work), rows=False, max_bytes=config.max_file_size)
        for batch in items.iter_batches(batch_format="pyarrow", batch_size=1024):
            for blob_item in batch.column("item").to_pylist():
                item: stages.Item = pickle.loads(blob_item)
                if item.kind == "diagnostic":
                    cross.append(item.value)
                elif item.kind == "copy":
                    copies[item.value[0]] = item.value[1]
                else:
                    notes.append((item.at, item.value))
    return run.close(run.sink.close(cross, _in_rule_order(notes), copies), engine, started)


def _result(row: dict[str, Any]) -> FileResult:
    """A file's row as the ``FileResult`` a local run takes (summaries and states stay on the cluster)."""
    return FileResult(
        row["path"],
        diagnostics=pickle.loads(row["diagnostics"]),
        turns=row["turns"],
        turn_ids=pickle.loads(row["turn_ids"]),
        places=pickle.loads(row["places"]),
    )


def _in_rule_order(notes: list[tuple[int, str]]) -> list[str]:
    """Dataset rules' notes by rule, as a local run gives them; a note said by several groups once."""
    return list(dict.fromkeys(text for _, text in sorted(notes, key=lambda n: n[0])))
