"""--write-table: the findings as a table file, one row each, beside any --output-format."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from factory import edit, pairs_file, valid_turn

from fplint.cli import cli


def test_the_jsonl_table_has_the_json_reports_findings_as_rows(tmp_path: Path) -> None:
    data = tmp_path / "data.json"
    data.write_text(pairs_file(edit(valid_turn(1), {"/emotional_context/detected_emotions/primary_confidence": 0.95})))
    table = tmp_path / "findings.jsonl"
    result = CliRunner().invoke(cli, ["check", "--isolated", "--output-format", "json", "--write-table", str(table), str(data)], catch_exceptions=False)
    rows = [json.loads(line) for line in table.read_text().splitlines()]
    reported = json.loads(result.output)["diagnostics"]
    assert rows and rows == [{**d, "fix": json.dumps(d["fix"]) if "fix" in d else None} for d in reported]


def test_a_table_of_another_kind_is_a_usage_error(tmp_path: Path) -> None:
    data = tmp_path / "data.json"
    data.write_text(pairs_file(valid_turn(1)))
    result = CliRunner().invoke(cli, ["check", "--isolated", "--write-table", str(tmp_path / "f.csv"), str(data)])
    assert result.exit_code == 2 and "name a .jsonl or .parquet file" in result.output
