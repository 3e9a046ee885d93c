"""The HTML report in a real headless Chromium: it loads offline with no console errors, its
charts show the dataset's numbers, and the findings browser filters and opens turns."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import BrowserMissing, start
from click.testing import CliRunner
from factory import edit, pairs_file, valid_conversation

from fplint.cli import cli

HOSTILE = '</script><script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'">'


def dataset(folder: Path) -> Path:
    """Two conversations in two files, plus a file that does not parse.

    Findings: variations-count on marcus 1 and david 2 (errors), reviewer-notes on marcus 2
    (a warning), invalid-json in broken.json (outside any turn). Scores: 5, 5, 3 and 5, 4.
    """
    marcus = valid_conversation(3)
    marcus[0] = edit(marcus[0], {"/training_metadata/generate_variations_count": 40, "/response_strategy/primary_strategy": HOSTILE})
    marcus[1] = edit(marcus[1], {"/training_metadata/reviewer_notes": "Warm. Specific. Well paced. Clear numbers. Strong close."})
    marcus[2] = edit(marcus[2], {"/training_metadata/quality_score": 3})
    david = valid_conversation(2, "fp_david_901")
    david[1] = edit(david[1], {"/training_metadata/generate_variations_count": 9, "/training_metadata/quality_score": 4})
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "convo-1.json").write_text(pairs_file(*marcus), encoding="utf-8")
    (folder / "convo-2.json").write_text(pairs_file(*david), encoding="utf-8")
    (folder / "convo-3-broken.json").write_text('{"training_pairs": [\n', encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    out = root / "report.html"
    args = ["report", "--isolated", str(dataset(root / "data")), "--html", str(out), "--context-window", "200", "--context-window", "8192"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        driver = start()
    except BrowserMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    yield driver
    driver.quit()


@pytest.fixture
def opened(browser: Any, page: Path) -> Any:
    browser.get(page.as_uri())
    browser.get_log("browser")  # what the previous test left
    browser.get(page.as_uri())
    assert browser.execute_script("return document.body.dataset.ready") == "true", "the page's script did not run"
    return browser


def js(browser: Any, script: str) -> Any:
    return browser.execute_script(script)


def rows(browser: Any) -> list[list[str]]:
    return js(browser, "return [...document.querySelectorAll('#findings-body tr')].map(r => [...r.cells].map(c => c.textContent))")


def choose(browser: Any, select: str, label: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", select)).select_by_visible_text(label)


def test_the_page_loads_from_disk_with_no_console_errors_and_no_requests(opened: Any) -> None:
    assert [e for e in opened.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []
    assert js(opened, "return performance.getEntriesByType('resource').length") == 0
    assert opened.title == "fplint report"


def test_the_summary_shows_the_runs_numbers(opened: Any) -> None:
    cards = js(opened, "return Object.fromEntries([...document.querySelectorAll('[data-card]')].map(c => [c.dataset.card, c.querySelector('b').textContent]))")
    assert cards == {"files": "3", "conversations": "2", "turns": "5", "clean turns": "2", "turns without errors": "3", "errors": "3", "warnings": "1"}


def test_the_quality_chart_draws_each_scores_share_over_its_band(opened: Any) -> None:
    bars = js(opened, """return [...document.querySelectorAll('[data-chart=quality] rect.bar')].map(b =>
        [b.dataset.label, b.dataset.share, b.dataset.turns, Math.round(b.getBoundingClientRect().width)])""")
    assert [b[:3] for b in bars] == [["5", "60.0", "3"], ["4", "20.0", "1"], ["3", "20.0", "1"], ["below 3", "0.0", "0"]]
    assert bars[0][3] == pytest.approx(3 * bars[1][3], abs=2)  # drawn to scale: 60% is three times 20%
    bands = js(opened, "return [...document.querySelectorAll('[data-chart=quality] rect.band')].map(b => [b.dataset.low, b.dataset.high])")
    assert bands == [["60", "70"], ["20", "30"], ["5", "15"]]
    assert "60.0% (3)" in js(opened, "return document.querySelector('[data-chart=quality]').textContent")


def test_the_emotion_charts_show_every_turns_emotions(opened: Any) -> None:
    segments = js(opened, "return [...document.querySelectorAll('[data-chart=emotions] rect.segment')].map(s => [s.dataset.label, s.dataset.part, s.dataset.count])")
    assert segments == [["anxiety", "primary", "5"], ["shame", "secondary", "5"]]
    steps = js(opened, "return [...document.querySelectorAll('[data-chart=arcs] .step')].map(s => [s.dataset.conversation, s.dataset.turn, s.dataset.emotion])")
    assert steps == [["fp_marcus_901", "1", "anxiety"], ["fp_marcus_901", "2", "anxiety"], ["fp_marcus_901", "3", "anxiety"],
                     ["fp_david_901", "1", "anxiety"], ["fp_david_901", "2", "anxiety"]]


def test_the_token_histograms_count_every_example_against_the_windows(opened: Any) -> None:
    bins = js(opened, "return [...document.querySelectorAll('[data-chart=tokens-example] rect.bin')].map(b => Number(b.dataset.count))")
    assert sum(bins) == 5
    windows = js(opened, "return [...document.querySelectorAll('[data-chart=tokens-example] .window')].map(w => [w.tagName, w.dataset.window, w.dataset.over])")
    # 200 tokens falls inside the axis, a dashed line; 8,192 lies past every example, noted at the side
    assert windows == [["line", "200", "1"], ["g", "8192", "0"]]  # only marcus 3, with two turns of history, passes 200
    heights = js(opened, "return [...document.querySelectorAll('[data-chart=tokens-example] rect.bin')].map(b => b.getBoundingClientRect().height)")
    assert all((h > 0) == (n > 0) for h, n in zip(heights, bins, strict=True))


def test_the_browser_lists_every_finding(opened: Any) -> None:
    found = rows(opened)
    assert sorted(r[1] for r in found) == ["FP101 invalid-json", "FP603 reviewer-notes", "FP604 variations-count", "FP604 variations-count"]
    assert js(opened, "return document.getElementById('f-count').textContent") == "4 of 4 findings"


@pytest.mark.parametrize(
    "select, label, expected",
    [
        ("f-rule", "FP604 variations-count", ["fp_marcus_901_turn1", "fp_david_901_turn2"]),
        ("f-severity", "warning", ["fp_marcus_901_turn2"]),
        ("f-conversation", "fp_david_901", ["fp_david_901_turn2"]),
    ],
)
def test_filtering_keeps_only_the_matching_findings(opened: Any, select: str, label: str, expected: list[str]) -> None:
    choose(opened, select, label)
    assert [r[3] for r in rows(opened)] == expected
    assert js(opened, "return document.getElementById('f-count').textContent") == f"{len(expected)} of 4 findings"


def test_filtering_by_file_finds_what_is_outside_any_turn(opened: Any, page: Path) -> None:
    broken = str(page.parent / "data" / "convo-3-broken.json")
    choose(opened, "f-file", broken)
    [row] = rows(opened)
    assert (row[0].startswith(broken + ":2:1"), row[1], row[3]) == (True, "FP101 invalid-json", "–")


def test_filters_combine_and_clear(opened: Any) -> None:
    choose(opened, "f-rule", "FP604 variations-count")
    choose(opened, "f-severity", "warning")
    assert rows(opened) == []
    opened.find_element("id", "f-clear").click()
    assert len(rows(opened)) == 4


def test_searching_the_messages(opened: Any) -> None:
    opened.find_element("id", "f-text").send_keys("is 9;")
    assert [r[3] for r in rows(opened)] == ["fp_david_901_turn2"]


def test_a_click_opens_the_turn_with_its_findings_and_source(opened: Any, page: Path) -> None:
    choose(opened, "f-severity", "warning")
    opened.find_element("css selector", "#findings-body tr").click()
    panel = opened.find_element("id", "turn-panel")
    assert panel.is_displayed()
    text = panel.text
    assert text.startswith("turn fp_marcus_901_turn2\n")
    assert "conversation fp_marcus_901 · 0 errors, 1 warning" in text
    source = (page.parent / "data" / "convo-1.json").read_text(encoding="utf-8").splitlines()
    [line] = [i for i, s in enumerate(source, 1) if '"reviewer_notes": "Warm. Specific.' in s]
    assert f"{line} |" in text and source[line - 1].strip() in text  # the finding's own line, from the file
    clicked = js(opened, "return document.querySelector('#findings-body tr').dataset.finding")
    assert js(opened, "return location.hash") == f"#finding-{clicked}"
    panel.find_element("tag name", "button").click()
    assert not panel.is_displayed()


def test_a_link_to_a_finding_opens_it(browser: Any, page: Path) -> None:
    browser.get("about:blank")
    browser.get(page.as_uri() + "#finding-0")
    assert browser.find_element("id", "turn-panel").is_displayed()
    browser.execute_script("location.hash = '#finding-2'")  # the third finding: david's turn 2
    assert browser.find_element("id", "turn-panel").text.startswith("turn fp_david_901_turn2\n")
    assert browser.find_element("id", "turn-panel").is_displayed()


def test_clicking_a_conversation_or_a_rule_filters_the_browser(opened: Any) -> None:
    opened.find_element("css selector", "tr[data-conversation='fp_david_901']").click()
    assert [r[3] for r in rows(opened)] == ["fp_david_901_turn2"]
    opened.find_element("css selector", "tr[data-rule='reviewer-notes']").click()
    assert rows(opened) == []  # both filters now: david has no reviewer-notes finding
    opened.find_element("id", "f-clear").click()
    opened.find_element("css selector", "tr[data-rule='reviewer-notes']").click()
    assert [r[3] for r in rows(opened)] == ["fp_marcus_901_turn2"]


def test_data_cannot_inject_markup_or_script(opened: Any) -> None:
    assert opened.title == "fplint report"
    assert js(opened, "return document.querySelectorAll('script').length") == 2
    assert js(opened, "return document.querySelectorAll('img').length") == 0
    strategies = js(opened, "return [...document.querySelectorAll('#diversity td')].map(td => td.textContent)")
    assert any("</script><script>" in cell for cell in strategies)  # shown as the text it is
