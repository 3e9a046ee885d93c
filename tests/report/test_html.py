"""The HTML report as a file: self-contained, offline by its own policy, data kept as text."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from factory import edit, pairs_file, valid_conversation

from fplint.cli import cli, main
from fplint.report.html import SCRIPT, STYLE


def write_report(folder: Path, *turns: dict) -> str:
    (folder / "d.json").write_text(pairs_file(*(turns or valid_conversation(2))), encoding="utf-8")
    out = folder / "report.html"
    result = CliRunner().invoke(cli, ["report", "--isolated", str(folder / "d.json"), "--html", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {out}: 2 turns in 1 file, ")
    return out.read_text(encoding="utf-8")


def digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def test_the_policy_allows_only_the_pages_own_style_and_script(tmp_path: Path) -> None:
    page = write_report(tmp_path)
    [policy] = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy.startswith("default-src 'none';")
    assert f"style-src '{digest(STYLE)}'" in policy and f"script-src '{digest(SCRIPT)}'" in policy
    assert f"<style>{STYLE}</style>" in page and f"<script>{SCRIPT}</script>" in page


def test_the_page_names_no_resource_to_fetch(tmp_path: Path) -> None:
    page = write_report(tmp_path)
    assert re.findall(r"""\b(?:src|href)\s*=\s*(?!["']?#)""", page) == []  # only in-page anchors
    assert not re.search(r"url\((?!#)", page)  # CSS and SVG references stay inside the page
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {"http://www.w3.org/2000/svg"}  # a namespace, not a fetch


def test_data_cannot_close_the_script_that_holds_it(tmp_path: Path) -> None:
    hostile = "</script><script>alert(1)</script>\u2028<!--"
    turns = [edit(t, {"/response_strategy/primary_strategy": hostile, "/training_metadata/generate_variations_count": 40}) for t in valid_conversation(2)]
    page = write_report(tmp_path, *turns)
    assert page.count("<script") == 2 and page.count("</script>") == 2
    [payload] = re.findall(r'<script type="application/json" id="fplint-data">(.*?)</script>', page, re.S)
    assert "<" not in payload and "\u2028" not in payload
    assert json.loads(payload)["findings"][0][6] == "generate_variations_count is 40; the standard asks for 10–15"
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the label, as text in the tables


def test_the_charts_are_inline_svg_with_the_numbers(tmp_path: Path) -> None:
    page = write_report(tmp_path)
    assert page.count("<svg") == 6  # quality, emotions, arcs, three token histograms
    assert 'data-label="5" data-share="100.0" data-turns="2"' in page


def test_a_page_that_cannot_be_written_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "d.json").write_text(pairs_file(*valid_conversation(1)), encoding="utf-8")
    with pytest.raises(SystemExit) as exit:
        main(["report", "--isolated", str(tmp_path / "d.json"), "--html", str(tmp_path / "no" / "such" / "dir" / "r.html")])
    assert exit.value.code == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("fplint: error: cannot write ") and "r.html" in line


def test_without_html_the_command_says_what_it_needs(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(tmp_path)])
    assert result.exit_code == 2 and "--html" in result.output
