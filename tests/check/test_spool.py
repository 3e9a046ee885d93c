"""The spool keeps diagnostics in reading order, in memory or on disk, and counts them."""

from __future__ import annotations

from fplint.check.spool import Spool
from fplint.model import Diagnostic, Severity


def diag(path: str, line: int, severity: Severity = Severity.ERROR, rule: str = "schema") -> Diagnostic:
    return Diagnostic(path, line, 1, "", None, rule, "FP201", severity, f"{path}:{line}")


def test_files_in_order_lines_sorted_extras_merged_into_their_file() -> None:
    for limit in (0, 2, 1000):  # all on disk, some, none
        spool = Spool(memory_limit=limit)
        spool.add("b.json", [diag("b.json", 9), diag("b.json", 2)])
        spool.add("a.json", [diag("a.json", 5)])
        spool.extend([diag("a.json", 1), diag("b.json", 4), diag("suppressions.yaml", 3, Severity.WARNING)])
        assert [d.message for d in spool] == ["b.json:2", "b.json:4", "b.json:9", "a.json:1", "a.json:5", "suppressions.yaml:3"]
        assert (len(spool), spool.errors, spool.warnings) == (6, 5, 1)
        assert spool.by_rule["schema"] == 6


def test_a_spilled_spool_reads_back_equal_and_again() -> None:
    spool = Spool(memory_limit=0)
    expected = [diag("x.json", n) for n in range(100)]
    spool.add("x.json", reversed(expected))
    assert list(spool) == expected == list(spool)
    assert spool == expected and spool[3] == expected[3]
