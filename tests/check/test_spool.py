"""The spool keeps diagnostics in reading order, in memory or on disk, and counts them."""

from __future__ import annotations

from fplint.check.spool import Spool
from fplint.model import Diagnostic, Scope, Severity


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


def at_turn(path: str, line: int, turn: str | None, scope: Scope, rule: str = "schema") -> Diagnostic:
    related = ("b.json",) if scope is Scope.DATASET else ()
    return Diagnostic(path, line, 1, "", None, rule, "FP201", Severity.ERROR, f"{path}:{line}", scope, turn, related)


def test_withdrawn_turns_lose_their_turn_and_conversation_findings_everywhere() -> None:
    for limit in (0, 1000):  # on disk, in memory
        spool = Spool(memory_limit=limit)
        spool.add("a.json", [at_turn("a.json", 1, "/t/0", Scope.TURN), at_turn("a.json", 9, "/t/1", Scope.TURN), at_turn("a.json", 2, None, Scope.FILE, "duplicate-key")])
        spool.add("b.json", [at_turn("b.json", 1, "/t/0", Scope.TURN)])
        spool.extend([at_turn("a.json", 3, "/t/0", Scope.CONVERSATION, "history-consistent")])
        spool.withdraw({"a.json": {"/t/0"}})
        spool.extend([at_turn("a.json", 4, "/t/0", Scope.CONVERSATION, "history-consistent"), at_turn("a.json", 5, "/t/0", Scope.DATASET, "duplicate-turn")])
        assert [d.message for d in spool] == ["a.json:2", "a.json:5", "a.json:9", "b.json:1"]
        assert (len(spool), spool.errors) == (4, 4)
        assert spool.by_rule == {"schema": 2, "duplicate-key": 1, "duplicate-turn": 1}
        assert ("a.json", "/t/0") in spool.by_turn  # the duplicate itself is charged to the copy


def test_findings_after_the_files_past_the_limit_wait_on_disk_and_come_back_in_place() -> None:
    def filled(limit: int) -> Spool:
        spool = Spool(memory_limit=limit)
        spool.add("a.json", [diag("a.json", 50)])
        spool.add("b.json", [diag("b.json", 50)])
        spool.extend(diag(path, n) for n in range(100, 0, -1) for path in ("b.json", "a.json", "c.yaml"))
        return spool

    expected = list(filled(10_000))
    spilled = filled(7)
    assert spilled._extra_held <= 7  # the rest are in the file
    assert list(spilled) == expected == list(spilled)
    assert [d.message for d in expected][:3] == ["a.json:1", "a.json:2", "a.json:3"]
    assert (len(spilled), spilled.errors) == (302, 302)


def test_a_file_without_findings_keeps_no_chunk_and_later_findings_still_take_its_place() -> None:
    for limit, held in ((0, 1), (1000, 1), (1000, 10_000)):  # on disk or not, the files' order too
        spool = Spool(memory_limit=limit, paths_held=held)
        spool.add("a.json", [])
        spool.add("b.json", [diag("b.json", 3)])
        spool.add("c.json", [])
        spool.add("d.json", [])
        spool.extend([diag("c.json", 1), diag("a.json", 2)])
        assert [d.message for d in spool] == ["a.json:2", "b.json:3", "c.json:1"] == [d.message for d in spool]
        assert len(spool._chunks) == 1  # b.json's: the others cost their place in the order only
        assert (len(spool), spool.errors) == (3, 3)
