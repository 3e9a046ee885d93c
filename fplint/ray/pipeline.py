"""The run as Ray Data operators: check (map) → shuffle (groupby) and reduce → place (map)."""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import pickle
from collections.abc import Iterable, Iterator, Sequence

import pyarrow as pa
import ray
import ray.data

from fplint.check.engine import Engine
from fplint.ray import stages

#: Files per block of the check step: a task's worth of work...
FILES_PER_BLOCK = 64
#: ...or fewer, once the block's files hold this many bytes: a large shard is a task alone,
#: so a dataset of few large files still spreads over the cluster's cores.
BYTES_PER_BLOCK = 8 * 2**20


def start(address: str | None = None) -> None:
    """Connect to the cluster at ``address`` (``auto``, ``ray://host:10001``), or to the one
    ``RAY_ADDRESS`` names, or start a local one; nothing when this process is connected."""
    if ray.is_initialized():
        return
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")
    ray.init(
        address=address,
        logging_level=logging.ERROR,
        log_to_driver=False,
        include_dashboard=False,
        configure_logging=True,
    )


@contextlib.contextmanager
def quiet_context() -> Iterator[ray.data.DataContext]:
    """Ray Data's context for one run: output in input order, no progress bars or banners."""
    context = ray.data.DataContext.get_current()
    saved = (
        context.execution_options.preserve_order,
        context.enable_progress_bars,
        context.print_on_execution_start,
        context.enable_auto_log_stats,
    )
    context.execution_options.preserve_order = True  # dataset rules merge in reading order
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    context.enable_auto_log_stats = False
    loggers = [logging.getLogger(name) for name in ("ray.data", "ray")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield context
    finally:
        (
            context.execution_options.preserve_order,
            context.enable_progress_bars,
            context.print_on_execution_start,
            context.enable_auto_log_stats,
        ) = saved
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def engine_blob(engine: Engine) -> bytes:
    return pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL)


def files_dataset(work: Sequence[tuple[str, bool]]) -> ray.data.Dataset:
    """The run's files in reading order: ``order`` (zero-padded), ``path``, ``context``; in
    blocks of ``block_ends``."""
    table = pa.table(
        {
            "order": [f"{i:012d}" for i in range(len(work))],
            "path": [path for path, _ in work],
            "context": [context for _, context in work],
        }
    )
    ends = block_ends(_size(path) for path, _ in work)
    return ray.data.from_arrow(
        [table.slice(start, end - start) for start, end in itertools.pairwise([0, *ends])]
    )


def block_ends(sizes: Iterable[int]) -> list[int]:
    """Where the blocks of files end (each index past its last file), given the files' sizes:
    ``FILES_PER_BLOCK`` files a block, or fewer once they hold ``BYTES_PER_BLOCK``; at least one."""
    ends: list[int] = []
    count = held = index = 0
    for index, size in enumerate(sizes, 1):
        count, held = count + 1, held + size
        if count >= FILES_PER_BLOCK or held >= BYTES_PER_BLOCK:
            ends.append(index)
            count = held = 0
    if count or not ends:
        ends.append(index)
    return ends


def _size(path: str) -> int:
    """A file's size; 0 when it cannot be read (the check step reports why)."""
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def check_files(files: ray.data.Dataset, blob: bytes, max_bytes: int) -> ray.data.Dataset:
    """The map step over files: one ``stages.CHECKED`` row a file."""
    return files.map_batches(
        stages.check_files,
        batch_format="pyarrow",
        batch_size=None,
        fn_kwargs={"engine": blob, "max_bytes": max_bytes},
    )


def check_rows(turns: ray.data.Dataset, blob: bytes) -> ray.data.Dataset:
    """The map step over turn rows (one turn a row)."""
    return turns.map_batches(
        stages.check_rows, batch_format="pyarrow", batch_size=1024, fn_kwargs={"engine": blob}
    )


def cross(checked: ray.data.Dataset, blob: bytes, files: int, rows: bool, max_bytes: int) -> ray.data.Dataset:
    """Conversation and dataset rules over the checked rows, their findings placed: ``ITEMS``
    rows holding diagnostics and notes."""
    partitions = max(2, min(200, int(ray.cluster_resources().get("CPU", 2)) * 2))
    grouped = (
        checked.select_columns(["groups"])
        .map_batches(stages.explode, batch_format="pyarrow", batch_size=None)
        .groupby("group", num_partitions=partitions)
        .map_groups(stages.check_group, batch_format="pyarrow", fn_kwargs={"engine": blob, "files": files})
    )
    reduced = (
        checked.select_columns(["order", "partials"])
        .map_batches(
            stages.reduce_states, batch_format="pyarrow", batch_size=None, fn_kwargs={"engine": blob}
        )
        .repartition(1)
        .map_batches(
            stages.finish_states,
            batch_format="pyarrow",
            batch_size=None,
            fn_kwargs={"engine": blob, "files": files},
        )
    )
    return (
        grouped.union(reduced)
        .groupby("path", num_partitions=partitions)
        .map_groups(
            stages.place,
            batch_format="pyarrow",
            fn_kwargs={"engine": blob, "max_bytes": max_bytes, "rows": rows},
        )
    )
