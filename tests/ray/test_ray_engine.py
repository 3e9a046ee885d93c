"""The Ray engine (fplint.ray) on a local Ray, started once for these tests: the same findings
as a local run, byte for byte, on every layout; turn rows from Parquet; the findings table."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import ray
from click.testing import CliRunner
from factory import edit, valid_conversation, valid_turn

from fplint.cli import cli
from fplint.ray import lint_dataset, pipeline

Q = "/training_metadata/quality_score"


def dump(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every layout, and a finding of every scope: a conversation split over two files (one
    turn missing), a turn id used in two files, inflated quality scores, a broken file."""
    root = tmp_path_factory.mktemp("data")
    first, second, third = valid_conversation(3, "fp_marcus_101")
    (root / "a-part1.json").write_text(dump({"training_pairs": [first, edit(second, {Q: 2})]}))
    (root / "a-part2.json").write_text(dump({"training_pairs": [edit(third, {"/turn_number": 5})]}))
    conversations = [{"conversation_id": f"fp_nadia_10{i}", "training_pairs": valid_conversation(2, f"fp_nadia_10{i}")} for i in range(3)]
    (root / "b.json").write_text(dump({"conversations": conversations}))
    (root / "c.yaml").write_text("# one turn\n" + dump(valid_turn(1, "fp_omar_101")))
    lines = [json.dumps({"_meta": {"source": "test"}})]
    lines += [json.dumps(t) for t in valid_conversation(12, "fp_priya_101")]
    lines[3] = json.dumps(edit(json.loads(lines[3]), {"/emotional_context/detected_emotions/primary_confidence": 0.95}))
    (root / "d.jsonl").write_text("\n".join(lines) + "\n\n{broken\n")
    (root / "e.json").write_text(dump({"training_pairs": [first, valid_turn(1, "fp_sam_101")]}))  # first again
    (root / "f.json").write_text('{"training_pairs": [1, 2,,]}')
    (root / "g.json").write_text('{"a": 1, "a": 2}')
    return root


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--isolated", *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_a_ray_run_gives_the_local_runs_json_byte_for_byte(local_ray: None, dataset: Path) -> None:
    local = check("--output-format", "json", str(dataset))
    on_ray = check("--engine", "ray", "--output-format", "json", str(dataset))
    assert on_ray == local
    code, text = local
    rules = {d["rule"] for d in json.loads(text)["diagnostics"]}
    assert code == 1 and {"turn-sequence", "duplicate-turn", "quality-distribution", "invalid-json", "duplicate-key", "emotion-confidence"} <= rules


def test_files_a_block_each_give_the_same_json(local_ray: None, dataset: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    local = check("--output-format", "json", str(dataset))
    monkeypatch.setattr(pipeline, "BYTES_PER_BLOCK", 1)  # every file a large shard: a task alone
    assert check("--engine", "ray", "--output-format", "json", str(dataset)) == local


def test_turn_rows_from_parquet_get_the_turn_and_cross_turn_findings(local_ray: None, tmp_path: Path) -> None:
    turns = valid_conversation(3, "fp_marcus_102")
    rows = [turns[0], edit(turns[2], {"/emotional_context/detected_emotions/primary_confidence": 0.95}), turns[0]]
    ray.data.from_items(rows).write_parquet(str(tmp_path / "rows"))
    found = lint_dataset(ray.data.read_parquet(str(tmp_path / "rows"))).take_all()
    got = sorted((d["rule"], d["turn_id"], d["line"]) for d in found)
    assert got == [
        ("duplicate-turn", "fp_marcus_102_turn1", None),
        ("emotion-confidence", "fp_marcus_102_turn3", None),
        ("turn-sequence", "fp_marcus_102_turn3", None),
    ]


def test_turn_rows_from_jsonl_as_ray_reads_them_get_the_findings_parquet_rows_get(local_ray: None, tmp_path: Path) -> None:
    turns = valid_conversation(3, "fp_marcus_104")
    rows = [turns[0], edit(turns[2], {"/emotional_context/detected_emotions/primary_confidence": 0.95})]
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(t) + "\n" for t in rows))
    ray.data.from_items(rows).write_parquet(str(tmp_path / "pq"))
    from_jsonl = lint_dataset(ray.data.read_json(str(tmp_path / "rows.jsonl"))).take_all()
    from_parquet = lint_dataset(ray.data.read_parquet(str(tmp_path / "pq"))).take_all()
    key = lambda d: (d["rule"], d["turn_id"], d["message"])  # noqa: E731
    assert sorted(map(key, from_jsonl)) == sorted(map(key, from_parquet))
    assert sorted(d["rule"] for d in from_jsonl) == ["emotion-confidence", "turn-sequence"]


def test_lint_dataset_reports_an_identical_copys_findings_at_the_kept_turn_only(local_ray: None, tmp_path: Path) -> None:
    first, second = valid_conversation(2, "fp_marcus_103")
    flawed = edit(second, {"/emotional_context/detected_emotions/primary_confidence": 0.95})
    (tmp_path / "a.json").write_text(dump({"training_pairs": [first, flawed]}))
    (tmp_path / "b.json").write_text(dump({"training_pairs": [flawed]}))  # an identical copy
    files = ray.data.from_items([{"path": str(tmp_path / name)} for name in ("a.json", "b.json")])
    found = sorted((Path(d["path"]).name, d["line"], d["rule"]) for d in lint_dataset(files).take_all())
    local = sorted((Path(d["path"]).name, d["line"], d["rule"]) for d in json.loads(check("--output-format", "json", str(tmp_path))[1])["diagnostics"])
    assert found == local
    assert [name for name, _, rule in found if rule == "emotion-confidence"] == ["a.json"]


def test_the_findings_table_has_a_row_for_each_finding(local_ray: None, dataset: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    _, text = check("--engine", "ray", "--output-format", "json", "--write-table", str(tmp_path / "f.parquet"), str(dataset))
    table = pq.read_table(tmp_path / "f.parquet").to_pylist()
    assert [(r["path"], r["line"], r["rule"]) for r in table] == [(d["path"], d["line"], d["rule"]) for d in json.loads(text)["diagnostics"]]


def test_without_ray_the_engine_is_one_line_naming_the_extra(dataset: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray.exceptions", None)  # as if Ray were not installed
    code, output = check("--engine", "ray", str(dataset))
    assert code == 1 and output.strip() == "Error: the Ray engine needs Ray Data: pip install 'fplint[ray]'"
