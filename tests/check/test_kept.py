"""Cross-turn findings are placed where the workers kept their places: exactly where reading
the file again puts them, and without reading it, unless a finding needs the text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from factory import DELETE, edit, pairs_file, turns_file, valid_conversation, valid_turn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fplint.check import cache as cache_module
from fplint.check import kept, place
from fplint.check.cache import Cache
from fplint.check.engine import Engine
from fplint.check.run import lint_files
from fplint.config import load_config
from fplint.read.loader import load_bytes

KEY = b"q" * 32
DEFAULT = Engine.from_config(load_config(discover=False))
#: Every pointer the default rules keep, and some that a turn does not have.
POINTERS = (*DEFAULT.kept, "/nope", "/conversation_history/99/content", "/id/deeper")

texts = st.text(st.sampled_from([*'ab é€😀\t\n"\\:{}[],#-', "\u2028", "ä"]), min_size=0, max_size=12)


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["json", "jsonl", "yaml"]))
    turns = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        changes: dict[str, Any] = {"/current_user_input": draw(texts), "/target_response": draw(texts)}
        if number > 1:
            changes["/conversation_history/0/content"] = draw(texts)
        gone = st.sampled_from(["/id", "/conversation_history", "/system_prompt", "/emotional_context"])
        changes.update(dict.fromkeys(draw(st.sets(gone)), DELETE))
        turns.append(edit(valid_turn(number), changes))
    text = turns_file(turns, kind, draw(st.sampled_from([None, 2, "\t"])))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return f"data.{kind}", text.encode("utf-8")


@given(files(), st.lists(st.sampled_from(POINTERS), max_size=4))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_kept_places_are_where_reading_the_file_again_puts_them(
    file: tuple[str, bytes], first: list[str]
) -> None:
    name, data = file
    kind = name.rsplit(".", 1)[1]
    worker = load_bytes(data, name, kind)
    turns = list(worker.turns)
    for pointer in first:  # the worker has placed its own findings already, in any order
        worker.locate(turns[-1].pointer + pointer)
    packed = kept.pack(worker, turns, POINTERS)
    assert packed is not None
    table = kept.unpack(packed, len(POINTERS))
    again = load_bytes(data, name, kind)
    assert table is not None and list(packed[0]) == [t.pointer for t in again.turns]
    for turn in again.turns:
        assert [table.at(turn.pointer, n) for n in range(len(POINTERS))] == [
            again.locate(turn.pointer + p) for p in POINTERS
        ]


def test_a_place_that_cannot_be_made_is_marked_and_the_rest_still_unpack() -> None:
    document = load_bytes(pairs_file(valid_turn(1)).encode(), "d.json")

    def broken(pointer: str, inner: int | None = None) -> tuple[int, int]:
        if pointer.endswith("/id"):
            raise ValueError("cannot walk")
        return 7, 300

    document.locate = broken
    packed = kept.pack(document, document.turns, ("/id", "/target_response"))
    assert packed is not None
    table = kept.unpack(packed, 2)
    assert table is not None
    assert [table.at("/training_pairs/0", n) for n in (0, 1, 2)] == [None, (7, 300), None]
    assert table.at("/training_pairs/1", 1) is None  # a turn it does not know


def test_a_file_whose_places_do_not_fit_keeps_none() -> None:
    document = load_bytes(pairs_file(valid_turn(1)).encode(), "d.json")
    document.locate = lambda pointer, inner=None: (3, 0x10FFFF)  # a line of over a million characters
    assert kept.pack(document, document.turns, ("/id",)) is None


@pytest.mark.parametrize("cut", [1, 2, 3])
def test_bytes_that_do_not_hold_every_place_are_not_used(cut: int) -> None:
    document = load_bytes(pairs_file(*valid_conversation(2)).encode(), "d.json")
    packed = kept.pack(document, document.turns, ("/id", "/target_response"))
    assert packed is not None
    pointers, data = packed
    assert kept.unpack((pointers, data[:-cut]), 2) is None
    assert kept.unpack((pointers, data), 3) is None
    assert kept.unpack((pointers, data + b"\x05"), 2) is None


def test_spilled_places_come_back_as_they_went() -> None:
    store = kept.KeptPlaces(memory_limit=10, buckets=3)
    given_ = {f"f{n}.json": ((f"/training_pairs/{n}",), bytes([n + 1, 2])) for n in range(20)}
    for path, places in given_.items():
        store.add(path, places)
    assert store._files is not None  # spilled
    assert dict(store.take(["f3.json", "f17.json", "absent.json"])) == {
        "f3.json": given_["f3.json"],
        "f17.json": given_["f17.json"],
    }


# -- a run: kept places used, files read only for what needs them ------------------------------


def _copies(tmp_path: Path, broken_history: bool = False) -> list[Path]:
    """Two files whose conversations are copies of each other (near-duplicate and
    strategy-diversity report them); optionally a history message that differs (a fix)."""
    first = valid_conversation(2, "fp_marcus_901")
    second = json.loads(json.dumps(first).replace("fp_marcus_901", "fp_marcus_902"))
    if broken_history:
        second[1] = edit(
            second[1], {"/conversation_history/0/content": "Something else entirely, said twice."}
        )
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(pairs_file(*first), encoding="utf-8")
    b.write_text(pairs_file(*second), encoding="utf-8")
    return [a, b]


def _lint(paths: list[Path], jobs: int = 1, cache: Cache | None = None) -> list[dict[str, Any]]:
    config = load_config(discover=False)
    report = lint_files([str(p) for p in paths], config, Engine.from_config(config), jobs=jobs, cache=cache)
    return [d.as_dict() for d in report.diagnostics]


def _careful(monkeypatch: pytest.MonkeyPatch, paths: list[Path]) -> list[dict[str, Any]]:
    with monkeypatch.context() as careful:
        careful.setattr(place, "unpack", lambda places, width: None)  # every file read again
        return _lint(paths)


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    loading = place.load

    def counted(path: str, **options: Any) -> Any:
        read.append(Path(path).name)
        return loading(path, **options)

    monkeypatch.setattr(place, "load", counted)
    return read


@pytest.mark.parametrize("jobs", [1, 2])
def test_near_duplicates_are_placed_without_reading_their_files_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    paths = _copies(tmp_path)
    expected = _careful(monkeypatch, paths)
    assert {d["rule"] for d in expected} >= {"near-duplicate"}
    read = _reads(monkeypatch)
    found = _lint(paths, jobs)
    assert found == expected
    near = [d for d in found if d["rule"] == "near-duplicate"]
    assert near and all(d["line"] for d in near)
    # strategy-diversity declares nothing (a few findings a run): only its file is read again
    assert read == sorted({Path(d["path"]).name for d in found if d["rule"] == "strategy-diversity"})


def test_a_finding_with_a_fix_still_reads_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _copies(tmp_path, broken_history=True)
    expected = _careful(monkeypatch, paths)
    fixed = [d for d in expected if d["rule"] == "history-consistent" and "fix" in d]
    assert fixed
    read = _reads(monkeypatch)
    assert _lint(paths) == expected
    assert "b.json" in read and len(read) == len(set(read))  # once a file


def test_from_the_cache_and_spilled_the_places_are_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    paths = _copies(tmp_path / "data")
    expected = _careful(monkeypatch, paths)
    store = tmp_path / "cache"
    assert _lint(paths, cache=Cache(store, "f", key=KEY)) == expected
    read = _reads(monkeypatch)
    assert _lint(paths, cache=Cache(store, "f", key=KEY)) == expected  # the places came from the cache
    assert not any(name == "a.json" for name in read)
    monkeypatch.setattr(kept, "MEMORY_LIMIT", 1)
    assert _lint(paths) == expected


def test_an_entry_of_another_cache_format_is_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _copies(tmp_path)
    store = tmp_path / "cache"
    with monkeypatch.context() as older:
        older.setattr(cache_module, "FORMAT", cache_module.FORMAT - 1)
        _lint(paths, cache=Cache(store, "f", key=KEY))
        first = Cache(store, "f", key=KEY).key(paths[0].read_bytes(), str(paths[0]), False)
    assert Cache(store, "f", key=KEY).key(paths[0].read_bytes(), str(paths[0]), False) != first


def test_the_kept_pointers_do_not_depend_on_the_order_rules_are_configured_in() -> None:
    # a cached result's places are read in this order; the cache key sorts the rules
    assert DEFAULT.kept and Engine(DEFAULT.rules[::-1], {}).kept == DEFAULT.kept
