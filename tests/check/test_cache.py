"""The cache holds data only, signed: nothing in it can run code, hide a finding or change
which rules run; it is bounded; --no-cache and --isolated read nothing from it."""

from __future__ import annotations

import json
import math
import os
import pickle
import sqlite3
import zlib
from pathlib import Path
from typing import Any

import pytest
from factory import edit, pairs_file, valid_conversation
from hypothesis import given
from hypothesis import strategies as st

from fplint.check import cache as cache_module
from fplint.check import codec
from fplint.check.cache import Cache, _mac, pack, remembered, unpack
from fplint.check.codec import ALLOWED, CodecError, decode, encode
from fplint.check.engine import Engine, FileResult, TurnSummary
from fplint.check.run import lint_files
from fplint.cli import main
from fplint.config import load_config
from fplint.model import TurnRef
from fplint.rules import BUILTIN_RULES

KEY = b"k" * 32

# -- the codec ------------------------------------------------------------------------------

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.binary()
hashable = st.recursive(scalars.filter(lambda x: not (isinstance(x, float) and math.isnan(x))), lambda inner: st.tuples(inner, inner) | st.frozensets(inner, max_size=3), max_leaves=8)
values = st.recursive(
    scalars | st.builds(TurnRef, st.text(), st.text(), st.none() | st.text()),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(hashable, inner, max_size=3),
    max_leaves=20,
)


def same(a: Any, b: Any) -> bool:
    """Equal, types included all the way down (NaN equal to NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


@given(values)
def test_plain_data_round_trips_exactly(value: Any) -> None:
    assert same(decode(encode(value)), value)


def test_lone_surrogates_and_odd_floats_round_trip() -> None:
    value = ["\ud800x", 1e308, -0.0, float("inf"), 10**200, b"\x00\xff", (), {(): frozenset()}]
    assert same(decode(encode(value)), value)


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    for i in range(3):
        turns = valid_conversation(3, f"fp_cache_{i:03d}")
        turns[1] = edit(turns[1], {"/training_metadata/generate_variations_count": 30})
        (tmp_path / f"c{i}.json").write_text(pairs_file(*turns))
    (tmp_path / "copy.json").write_text(pairs_file(valid_conversation(1, "fp_cache_000")[0]))
    return tmp_path


def test_real_results_round_trip_with_every_cross_turn_rules_data(dataset: Path) -> None:
    config = load_config(discover=False)
    engine = Engine.from_config(config)
    assert engine.cross_rules
    from fplint.read.loader import load

    for path in sorted(dataset.glob("*.json")):
        result = engine.check_document(load(str(path)))
        assert result.summaries and result.partials
        assert decode(encode(result)) == result


def test_every_record_type_of_the_builtin_rules_is_allowed() -> None:
    import dataclasses
    import inspect
    import sys

    modules = {sys.modules[rule.__module__] for rule in BUILTIN_RULES} | {sys.modules["fplint.fix.edit"]}
    modules |= {sys.modules[m] for m in list(sys.modules) if m.startswith("fplint.rules.")}
    for module in modules:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and ((issubclass(cls, tuple) and hasattr(cls, "_fields")) or dataclasses.is_dataclass(cls)):
                assert f"{cls.__module__}:{cls.__qualname__}" in ALLOWED, cls


@pytest.mark.parametrize(
    "text",
    [
        '{"o": ["os:system", ["echo owned"]]}',  # a callable: not a type the cache keeps
        '{"o": ["builtins:eval", ["1"]]}',
        '{"e": ["fplint.model:Severity", "fatal"]}',  # not a value of the enum
        '{"o": ["fplint.model:TurnRef", ["a"]]}',  # too few fields
        '{"o": ["fplint.model:TurnRef", "abc"]}',
        '{"x": 1}',
        '{"t": [1], "d": []}',
        '{"d": [1]}',
        '{"b": "not base64!"}',
        '{"o": ["fplint.rules.nonexistent:_X", []]}',  # never imported to find it
        "[" * 100_000,
        "not json",
        "",
    ],
)
def test_decoding_anything_else_is_an_error(text: str) -> None:
    with pytest.raises(CodecError):
        decode(text.encode())


def test_encoding_a_class_not_allowed_is_an_error() -> None:
    class Mine:
        pass

    with pytest.raises(CodecError):
        encode([Mine()])


# -- the store ------------------------------------------------------------------------------


def run(paths: list[Path], cache: Cache | None) -> list[dict[str, Any]]:
    config = load_config(discover=False)
    report = lint_files([str(p) for p in paths], config, Engine.from_config(config), cache=cache)
    return [d.as_dict() for d in report.diagnostics]


def entries(cache: Cache) -> dict[str, bytes]:
    with sqlite3.connect(cache.path) as db:
        return dict(db.execute("SELECT key, entry FROM results").fetchall())


def rewrite(cache: Cache, make: Any) -> None:
    """Replace every entry by ``make(key, entry)``, as someone with write access would."""
    found = entries(cache)
    with sqlite3.connect(cache.path) as db:
        for key, entry in found.items():
            db.execute("UPDATE results SET entry = ? WHERE key = ?", (make(key, entry), key))


def clean(key: str, entry: bytes) -> bytes:
    """The same entry with every finding removed: what a forger wants the gate to see."""
    result = unpack(zlib.decompress(entry[32:]), None)
    result.diagnostics = []
    return zlib.compress(pack(result))


def test_a_file_whose_findings_carry_fixes_is_kept_and_not_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    turn = edit(valid_conversation(1, "fp_cache_fix")[0], {"/emotional_context/detected_emotions/valence": "negative_but_more_grounded"})
    (tmp_path / "f.json").write_text(pairs_file(turn))
    cache = Cache(tmp_path / "cache", "f", key=KEY)
    expected = run([tmp_path / "f.json"], cache)
    assert any(d.get("fix") for d in expected) and len(entries(cache)) == 1
    checked: list[str] = []
    real = Engine.check_document
    monkeypatch.setattr(Engine, "check_document", lambda self, doc, *a: checked.append(doc.path) or real(self, doc, *a))
    assert run([tmp_path / "f.json"], Cache(tmp_path / "cache", "f", key=KEY)) == expected
    assert checked == []


def test_a_forged_entry_without_the_key_is_a_miss(dataset: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", "f", key=KEY)
    expected = run([dataset], cache)
    assert len(entries(cache)) == 4 and any(expected)
    rewrite(cache, lambda key, entry: b"\x00" * 32 + clean(key, entry))  # no valid signature
    assert run([dataset], Cache(tmp_path / "cache", "f", key=KEY)) == expected
    rewrite(cache, lambda key, entry: _mac(b"another key" * 3, key, clean(key, entry)) + clean(key, entry))
    assert run([dataset], Cache(tmp_path / "cache", "f", key=KEY)) == expected


def test_an_entry_moved_to_another_key_is_a_miss(dataset: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", "f", key=KEY)
    expected = run([dataset], cache)
    found = entries(cache)
    clean_file = next(e for e in found.values() if not unpack(zlib.decompress(e[32:]), None).diagnostics)
    rewrite(cache, lambda key, entry: clean_file)  # a clean file's signed entry under every key
    assert run([dataset], Cache(tmp_path / "cache", "f", key=KEY)) == expected


class Boom:
    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {os.environ['FPLINT_CACHE_DIR']}/owned",))


def test_a_pickle_with_a_valid_signature_runs_nothing(dataset: Path, tmp_path: Path) -> None:
    # even someone holding the key can only write data: a pickle is not data the codec reads
    cache = Cache(tmp_path / "cache", "f", key=KEY)
    expected = run([dataset], cache)
    payload = zlib.compress(pickle.dumps(Boom()))
    rewrite(cache, lambda key, entry: _mac(KEY, key, payload) + payload)
    assert run([dataset], Cache(tmp_path / "cache", "f", key=KEY)) == expected
    assert not (Path(os.environ["FPLINT_CACHE_DIR"]) / "owned").exists()


def test_a_signed_entry_of_the_wrong_shape_is_a_miss(dataset: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", "f", key=KEY)
    expected = run([dataset], cache)
    bad = FileResult("x", diagnostics=[], turns=-1)
    bad.diagnostics = [["not a diagnostic"]]  # type: ignore[list-item]
    payload = zlib.compress(pack(bad))
    rewrite(cache, lambda key, entry: _mac(KEY, key, payload) + payload)
    assert run([dataset], Cache(tmp_path / "cache", "f", key=KEY)) == expected


def test_a_zip_bomb_is_a_miss(dataset: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", "f", key=KEY)
    expected = run([dataset], cache)
    payload = zlib.compress(b"[" + b" " * (200 << 20) + b"]", 9)
    rewrite(cache, lambda key, entry: _mac(KEY, key, payload) + payload)
    assert run([dataset], Cache(tmp_path / "cache", "f", key=KEY)) == expected


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TRIGGER t AFTER INSERT ON results BEGIN DELETE FROM results; END",
        "CREATE VIEW v AS SELECT 1",
        "CREATE TABLE other (x)",
    ],
)
def test_a_store_that_is_not_exactly_ours_is_replaced(dataset: Path, tmp_path: Path, sql: str) -> None:
    cache = Cache(tmp_path / "cache", "f", key=KEY)
    expected = run([dataset], cache)
    cache.close()
    with sqlite3.connect(cache.path) as db:
        db.execute(sql)
    again = Cache(tmp_path / "cache", "f", key=KEY)
    assert run([dataset], again) == expected
    assert run([dataset], Cache(tmp_path / "cache", "f", key=KEY)) == expected
    with sqlite3.connect(cache.path) as db:
        found = db.execute("SELECT type, tbl_name FROM sqlite_master").fetchall()
    assert sorted(found) == [("index", "results"), ("index", "stamps"), ("table", "results"), ("table", "stamps")]


def test_not_a_database_is_replaced(dataset: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", "f", key=KEY)
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    cache.path.write_bytes(pickle.dumps(Boom()))
    expected = run([dataset], None)
    assert run([dataset], cache) == expected
    assert run([dataset], Cache(tmp_path / "cache", "f", key=KEY)) == expected
    assert len(entries(cache)) == 4


def test_without_a_key_nothing_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "ro"))
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro").chmod(0o500)
    if os.access(tmp_path / "ro", os.W_OK):  # root writes anywhere: make the key unreadable instead
        (tmp_path / "ro" / "fplint").mkdir()
        (tmp_path / "ro" / "fplint" / "cache.key").write_bytes(b"x" * 32)
        (tmp_path / "ro" / "fplint" / "cache.key").chmod(0o644)  # readable by others: not a secret
    assert not Cache(tmp_path / "cache", "f").usable


def test_the_key_comes_from_the_environment_or_a_private_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    made = cache_module.secret()
    path = tmp_path / "fplint" / "cache.key"
    assert made is not None and path.read_bytes() == made and (path.stat().st_mode & 0o777) == 0o600
    assert cache_module.secret() == made
    monkeypatch.setenv("FPLINT_CACHE_KEY", "from a CI secret")
    assert cache_module.secret() not in (None, made)


def test_the_store_is_bounded_and_keeps_what_was_used_last(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", "f", max_bytes=40_000, key=KEY)
    for i in range(200):
        cache.put(f"{i:040x}", FileResult(f"f{i}.json", turn_ids=[os.urandom(200).hex()]))
        if i > 5:
            cache.touch(f"{5:040x}")  # entry 5 stays in use
        if i % 10 == 5:
            cache.flush()  # a run's end
    cache.flush()
    with sqlite3.connect(cache.path) as db:
        total, count = db.execute("SELECT sum(size), count(*) FROM results").fetchone()
    assert total <= 40_000 and 0 < count < 200
    assert cache.get(f"{5:040x}") is not None and cache.get(f"{0:040x}") is None
    assert cache.get(f"{199:040x}") is not None  # the newest stay


# -- the memos -------------------------------------------------------------------------------


@pytest.fixture
def memo_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FPLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.json").write_text(pairs_file(edit(valid_conversation(1)[0], {"/id": 5})))
    return tmp_path


def test_a_memo_is_used_only_when_signed(memo_dir: Path) -> None:
    assert remembered("k", "text", lambda: {"a": 1}) == {"a": 1}
    [path] = (memo_dir / "cache").rglob("*.json")
    assert remembered("k", "text", lambda: {"a": 2}) == {"a": 1}  # remembered
    path.write_text(path.read_text()[:64] + '{"a": 3}')  # the payload changed, the signature not
    assert remembered("k", "text", lambda: {"a": 4}) == {"a": 4}
    path.write_text("0" * 64 + '{"a": 5}')
    assert remembered("k", "text", lambda: {"a": 6}) == {"a": 6}


def off(memo_dir: Path) -> None:
    """Rewrite the default ruleset's memo, validly signed (the key leaked), to turn every rule off."""
    key = cache_module.secret()
    assert key is not None
    from fplint.resources import rulesets_dir

    text = (rulesets_dir() / "default.yaml").read_text(encoding="utf-8")
    label = f"yaml\x00{text}"
    from fplint.check.digest import blake2b

    digest = blake2b(label.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
    [path] = (memo_dir / "cache").rglob(f"yaml/{digest}.json")
    payload = json.dumps({"rules": {rule.name: "off" for rule in BUILTIN_RULES}}).encode()
    path.write_text(_mac(key, label, payload).hex() + payload.decode())


def code(*args: str) -> int:
    with pytest.raises(SystemExit) as exit:
        main(list(args))
    return int(exit.value.code or 0)


@pytest.mark.parametrize("flag", ["--no-cache", "--isolated"])
def test_no_cache_and_isolated_read_no_memo(memo_dir: Path, flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert code("check", "d.json") == 1  # the memos are written
    off(memo_dir)
    assert code("check", "d.json") == 0  # the control: a signed memo is trusted by a plain run
    assert code("check", "d.json", flag) == 1
    if flag == "--isolated":
        capsys.readouterr()
        assert code("rules", flag) == 0 and "FP201" in capsys.readouterr().out


def test_a_forged_entry_points_memo_runs_no_module(memo_dir: Path) -> None:
    assert code("check", "d.json") == 1
    for path in (memo_dir / "cache").rglob("entry-points/*.json"):
        path.write_text("0" * 64 + json.dumps([["evil", "antigravity:x"]]))  # unsigned
    assert code("check", "d.json") == 1
    import sys

    assert "antigravity" not in sys.modules


def test_the_old_pickle_entries_are_removed_unread(dataset: Path, tmp_path: Path) -> None:
    old = tmp_path / "cache" / cache_module.__version__ / "ab"
    old.mkdir(parents=True)
    (old / ("ab" * 20)).write_bytes(pickle.dumps(Boom()))
    expected = run([dataset], None)
    assert run([dataset], Cache(tmp_path / "cache", "f", key=KEY)) == expected
    assert not old.exists() and not (Path(os.environ["FPLINT_CACHE_DIR"]) / "owned").exists()


# -- summaries decoded by conversation ---------------------------------------------------------


def interleaved() -> FileResult:
    """A file whose turns belong to two conversations, in turns, and one to none."""
    ids = ["fp_a", "fp_b", "fp_a", None]
    summaries = [TurnSummary(TurnRef("f.json", f"/{n}", None), c, n + 1, (n,)) for n, c in enumerate(ids)]
    return FileResult("f.json", turns=4, summaries=summaries)


def test_an_entry_gives_back_every_summary_in_order() -> None:
    assert unpack(pack(interleaved()), None) == interleaved()


def test_an_entry_gives_only_the_summaries_of_the_conversations_wanted() -> None:
    found = unpack(pack(interleaved()), {"fp_a"})
    assert [s.ref.pointer for s in found.summaries] == ["/0", "/2"]


def test_the_summaries_of_conversations_not_wanted_are_not_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = pack(interleaved())
    decoded: list[str] = []
    real = codec.decode
    monkeypatch.setattr(codec, "decode", lambda data: decoded.append(str(data)) or real(data))
    unpack(entry, {"fp_b"})
    assert len(decoded) == 2 and "fp_b" in decoded[1] and "fp_a" not in decoded[1]


def test_a_summary_filed_under_another_conversation_is_a_miss() -> None:
    value = decode(pack(interleaved()))
    value[2][0] = "fp_b"  # its summary says fp_a
    with pytest.raises(CodecError):
        unpack(encode(value), None)


def test_only_a_files_result_is_kept() -> None:
    with pytest.raises(CodecError):
        pack(interleaved().summaries)
