"""Diagnostics as a table file beside the data: JSONL (one object a line) or Parquet."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from fplint.model import Diagnostic

#: The table's formats, by the file's suffix.
SUFFIXES = (".jsonl", ".parquet")
#: Rows written at a time (Parquet row groups): memory stays flat however many findings.
ROWS = 50_000


def rows(diagnostics: Iterable[Diagnostic]) -> Iterator[dict[str, Any]]:
    """Each diagnostic as a flat row: ``Diagnostic.as_dict``, its ``fix`` as JSON text."""
    for d in diagnostics:
        row = d.as_dict()
        fix = row.pop("fix", None)
        row["fix"] = json.dumps(fix, ensure_ascii=False) if fix is not None else None
        yield row


def write_table(diagnostics: Iterable[Diagnostic], path: Path) -> int:
    """Write the diagnostics to ``path`` (``.jsonl`` or ``.parquet``, Parquet needing pyarrow);
    how many were written."""
    written = 0
    if path.suffix.lower() == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = arrow_schema()
        with pq.ParquetWriter(path, schema) as writer:
            found = rows(diagnostics)
            while chunk := list(islice(found, ROWS)):
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                written += len(chunk)
        return written
    with path.open("w", encoding="utf-8") as out:
        for row in rows(diagnostics):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
    return written


def arrow_schema() -> Any:
    """The table's Arrow schema: lines and columns are integers, the rest text (or null)."""
    import pyarrow as pa

    return pa.schema([(name, pa.int64() if name in ("line", "column") else pa.string()) for name in COLUMNS])


COLUMNS = (
    "path",
    "line",
    "column",
    "pointer",
    "turn_id",
    "rule",
    "code",
    "severity",
    "message",
    "scope",
    "turn_pointer",
    "fix",
)
