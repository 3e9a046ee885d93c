"""``fplint report --html``: one self-contained page — charts, the conversations, a findings browser.

Offline by construction: everything the page uses is inside it (one style, one script, SVG
charts drawn in Python), and its Content-Security-Policy allows those two by hash and
nothing else, so it opens from disk and never reaches the network. What comes from the
dataset is escaped on the way in: as text in the HTML, and as JSON that the script only
ever puts into ``textContent``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from fplint import __version__
from fplint.check.report import Report
from fplint.check.spool import charged
from fplint.model import Scope, Severity
from fplint.report import svg
from fplint.report.base import json_safe
from fplint.report.full import read_regular, window
from fplint.report.polarity import polarity
from fplint.report.stats import SLOTS, DatasetStats
from fplint.report.stats_view import headline

#: How many findings carry a source excerpt (the page stays a few megabytes on any dataset).
EXCERPTS = 20_000
_CONTEXT = 2  # lines of source shown above and below a finding's line
_WINDOW = 160  # characters of a long line shown around the finding's column

STYLE = """
:root { --ink:#222; --muted:#667; --line:#d9dde3; --bg:#f6f7f9; --err:#c0392b; --warn:#b7791f; --ok:#2e7d4f; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); background:var(--bg); }
header { background:#1f2a37; color:#fff; padding:18px 28px; }
header h1 { margin:0 0 4px; font-size:20px; }
header p { margin:0; color:#cfd6df; }
nav { padding:8px 28px; background:#fff; border-bottom:1px solid var(--line); position:sticky; top:0; z-index:2; }
nav a { margin-right:16px; color:#2f5f9e; text-decoration:none; }
main { max-width:1240px; margin:0 auto; padding:12px 28px 48px; }
section { scroll-margin-top:48px; background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px 20px; margin:16px 0; }
h2 { font-size:17px; margin:0 0 10px; }
h3 { font-size:14px; margin:14px 0 6px; }
.cards { display:flex; flex-wrap:wrap; gap:12px; margin:12px 0 0; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:10px 16px; min-width:120px; }
.card b { display:block; font-size:22px; }
.card span { color:var(--muted); }
.grid { display:grid; grid-template-columns:repeat(auto-fill,minmax(340px,1fr)); gap:12px 28px; }
.grid > div { min-width:0; }
td { overflow-wrap:anywhere; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:4px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { color:var(--muted); font-weight:600; }
td.n, th.n { text-align:right; font-variant-numeric:tabular-nums; }
tr.pick { cursor:pointer; }
tr.pick:hover, tr.pick:focus { background:#eef3fb; outline:none; }
.note { color:var(--muted); margin:6px 0 0; }
.error { color:var(--err); font-weight:600; }
.warning { color:var(--warn); font-weight:600; }
.chart { max-width:100%; height:auto; font-family:inherit; }
.scroll { overflow-x:auto; }
.filters { display:flex; flex-wrap:wrap; gap:8px; align-items:center; margin-bottom:10px; }
.filters select, .filters input { padding:4px 6px; border:1px solid var(--line); border-radius:4px; max-width:260px; }
#turn-panel { border:2px solid #2f5f9e; border-radius:8px; padding:12px 16px; margin:12px 0; background:#fbfcfe; }
#turn-panel h3 { margin-top:0; }
.finding { margin:10px 0; }
pre.excerpt { background:#f3f4f6; border-radius:4px; padding:6px 8px; margin:4px 0; overflow-x:auto; font-size:12px; }
pre.excerpt .hit { background:#fde2de; display:block; }
button { padding:4px 10px; border:1px solid var(--line); border-radius:4px; background:#fff; cursor:pointer; }
details summary { cursor:pointer; color:#2f5f9e; }
""".strip()

SCRIPT = r"""
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("fplint-data").textContent);
  const $ = (id) => document.getElementById(id);
  const severity = ["error", "warning"];
  let limit = 200;

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function fill(select, values, label) {
    select.appendChild(new Option(label, ""));
    values.forEach((value, i) => select.appendChild(new Option(value, String(i))));
  }
  fill($("f-rule"), data.rules.map((r) => r[1] + " " + r[0]), "every rule");
  fill($("f-severity"), severity, "every severity");
  fill($("f-file"), data.files, "every file");
  fill($("f-conversation"), data.conversations, "every conversation");

  function count(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function conversationOf(f) { return f[5] >= 0 ? data.turns[f[5]][3] : -1; }
  function matches(f) {
    const pick = (id) => $(id).value === "" ? null : Number($(id).value);
    const rule = pick("f-rule"), sev = pick("f-severity"), file = pick("f-file"), conv = pick("f-conversation");
    const text = $("f-text").value.trim().toLowerCase();
    return (rule === null || f[3] === rule) && (sev === null || f[4] === sev) &&
      (file === null || f[0] === file) && (conv === null || conversationOf(f) === conv) &&
      (!text || f[6].toLowerCase().includes(text));
  }
  function where(f) { return data.files[f[0]] + ":" + (f[1] || 1) + ":" + (f[2] || 1); }
  function render() {
    const body = $("findings-body");
    body.replaceChildren();
    const shown = data.findings.map((f, i) => [f, i]).filter((pair) => matches(pair[0]));
    shown.slice(0, limit).forEach(([f, i]) => {
      const row = el("tr", undefined, "pick");
      row.tabIndex = 0;
      row.dataset.finding = String(i);
      row.appendChild(el("td", where(f)));
      row.appendChild(el("td", data.rules[f[3]][1] + " " + data.rules[f[3]][0]));
      row.appendChild(el("td", severity[f[4]], severity[f[4]]));
      row.appendChild(el("td", f[5] >= 0 ? (data.turns[f[5]][2] || "turn " + f[5]) : "–"));
      row.appendChild(el("td", f[6]));
      body.appendChild(row);
    });
    $("f-count").textContent = shown.length + " of " + data.findings.length + " findings";
    $("f-more").hidden = shown.length <= limit;
  }
  function excerpt(f, i) {
    const lines = data.excerpts[String(i)];
    if (!lines) return el("p", "(no source excerpt)", "note");
    const pre = el("pre", undefined, "excerpt");
    lines.forEach(([number, text, caret]) => {
      const line = el("span", String(number).padStart(5, " ") + " | " + text + "\n", number === f[1] ? "hit" : "");
      pre.appendChild(line);
      if (caret >= 0) pre.appendChild(el("span", " ".repeat(8 + caret) + "^\n", "hit"));
    });
    return pre;
  }
  function showTurn(index) {
    const f = data.findings[index];
    const panel = $("turn-panel");
    panel.replaceChildren();
    const members = f[5] >= 0 ? data.findings.map((g, i) => [g, i]).filter((p) => p[0][5] === f[5]) : [[f, index]];
    const title = f[5] >= 0 ? "turn " + (data.turns[f[5]][2] || f[5]) : "finding outside any turn";
    panel.appendChild(el("h3", title));
    if (f[5] >= 0) {
      const t = data.turns[f[5]];
      panel.appendChild(el("p", data.files[t[0]] + ":" + (t[1] || 1) + " · conversation " +
        (t[3] >= 0 ? data.conversations[t[3]] : "–") + " · " + count(t[4], "error") + ", " + count(t[5], "warning"), "note"));
    }
    members.forEach(([g, i]) => {
      const box = el("div", undefined, "finding");
      const about = ["", " (about its whole file)", " (about the whole dataset, reported here)"][g[7]];
      box.appendChild(el("div", where(g) + "  " + data.rules[g[3]][1] + " " + data.rules[g[3]][0] + " [" + severity[g[4]] + "]" + about, severity[g[4]]));
      box.appendChild(el("div", g[6]));
      box.appendChild(excerpt(g, i));
      panel.appendChild(box);
    });
    const close = el("button", "Close");
    close.addEventListener("click", () => { panel.hidden = true; history.replaceState(null, "", "#findings"); });
    panel.appendChild(close);
    panel.hidden = false;
    history.replaceState(null, "", "#finding-" + index);
    panel.scrollIntoView({block: "nearest"});
  }
  ["f-rule", "f-severity", "f-file", "f-conversation"].forEach((id) => $(id).addEventListener("change", () => { limit = 200; render(); }));
  $("f-text").addEventListener("input", () => { limit = 200; render(); });
  $("f-more").addEventListener("click", () => { limit += 500; render(); });
  $("f-clear").addEventListener("click", () => {
    ["f-rule", "f-severity", "f-file", "f-conversation", "f-text"].forEach((id) => { $(id).value = ""; });
    render();
  });
  $("findings-body").addEventListener("click", (e) => {
    const row = e.target.closest("tr[data-finding]");
    if (row) showTurn(Number(row.dataset.finding));
  });
  $("findings-body").addEventListener("keydown", (e) => {
    const row = e.target.closest("tr[data-finding]");
    if (row && e.key === "Enter") showTurn(Number(row.dataset.finding));
  });
  document.querySelectorAll("tr[data-filter]").forEach((row) => {
    const go = () => {
      const [id, value] = row.dataset.filter.split("=");
      $(id).value = value;
      limit = 200;
      render();
      $("findings").scrollIntoView();
    };
    row.addEventListener("click", go);
    row.addEventListener("keydown", (e) => { if (e.key === "Enter") go(); });
  });
  function follow() {
    const wanted = /^#finding-(\d+)$/.exec(location.hash);
    if (wanted && data.findings[Number(wanted[1])]) showTurn(Number(wanted[1]));
  }
  window.addEventListener("hashchange", follow);
  render();
  follow();
  document.body.dataset.ready = "true";
})();
""".strip()


def render(stats: DatasetStats, report: Report) -> str:
    """The whole page, as one string of HTML."""
    data, rules, conversations = _data(stats, report)
    sections = [
        _summary(stats),
        _quality(stats),
        _emotions(stats),
        _tokens(stats),
        _conversations(stats, conversations),
        _diversity(stats),
        _unusual(stats),
        _rules(stats, rules),
        _browser(),
    ]
    payload = json_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    policy = (
        f"default-src 'none'; style-src '{_hash(STYLE)}'; script-src '{_hash(SCRIPT)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>fplint report</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            "<header><h1>fplint report</h1>"
            f"<p>{escape(headline(stats))} · fplint {escape(__version__)} · tokens: "
            f"{escape(_tokenizer(stats))}</p></header>",
            '<nav><a href="#quality">Quality</a><a href="#emotions">Emotions</a><a href="#tokens">Tokens</a>'
            '<a href="#conversations">Conversations</a><a href="#diversity">Diversity</a>'
            '<a href="#edge-cases">Edge cases</a><a href="#rules">Rules</a><a href="#findings">Findings</a></nav>',
            "<main>",
            *sections,
            "</main>",
            f'<script type="application/json" id="fplint-data">{payload}</script>',
            f"<script>{SCRIPT}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _tokenizer(stats: DatasetStats) -> str:
    return "the built-in estimate" if stats.estimated else stats.tokenizer


# -- the sections -------------------------------------------------------------------------


def _summary(stats: DatasetStats) -> str:
    cards = [
        (len(stats.files), "files"),
        (len(stats.conversations), "conversations"),
        (len(stats.turns), "turns"),
        (stats.clean_turns, "clean turns"),
        (stats.error_free_turns, "turns without errors"),
        (stats.errors, "errors"),
        (stats.warnings, "warnings"),
    ]
    inner = "".join(
        f'<div class="card" data-card="{escape(k)}"><b>{n:,}</b><span>{escape(k)}</span></div>'
        for n, k in cards
    )
    return f'<div class="cards" id="summary">{inner}</div>'


def _quality(stats: DatasetStats) -> str:
    rows = [
        svg.BandRow(label, stats.quality[score], stats.share(score), *stats.bands.get(score, (0.0, 0.0)))
        for score, label in ((5, "5"), (4, "4"), (3, "3"), (2, "below 3"))
    ]
    return (
        '<section id="quality"><h2>Quality scores against the standard</h2>'
        f'<div class="scroll">{svg.quality_bands(rows)}</div>'
        f'<p class="note">{escape(stats.scored_note())}. The bands are the quality-distribution '
        "rule's options (the seed: 60–70% 5s, 20–30% 4s, about 10% 3s, none below 3).</p></section>"
    )


def _emotions(stats: DatasetStats) -> str:
    total: Counter[str] = Counter()
    for slot in SLOTS:
        total.update(stats.emotions.get(slot, Counter()))
    top = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    chart = svg.stacked_counts([(name, [stats.emotions[s][name] for s in SLOTS]) for name, _ in top], SLOTS)
    arcs = svg.arcs(
        [
            (c.id, [(t.primary or "?", polarity(t.primary or "")) for t in c.turns])
            for c in stats.conversations
        ]
    )
    transitions = sorted(stats.transitions().items(), key=lambda kv: (-kv[1], kv[0]))
    rows = "".join(
        f"<tr><td>{escape(a)}</td><td>{escape(b)}</td><td class=n>{n:,}</td></tr>"
        for (a, b), n in transitions
    )
    more = f'<p class="note">The 20 most frequent of {len(total):,} emotions.</p>' if len(total) > 20 else ""
    return (
        '<section id="emotions"><h2>Emotions</h2>'
        f'<div class="scroll">{chart}</div>{more}'
        "<h3>Transitions: each turn's primary emotion, conversation by conversation</h3>"
        f'<div class="scroll">{arcs}</div>'
        '<p class="note">Green: a positive emotion, red: a negative one, grey: not known to the lexicon.</p>'
        "<details><summary>Transition counts</summary>"
        f'<table id="transitions"><tr><th>from</th><th>to</th><th class=n>count</th></tr>{rows}</table></details>'
        "</section>"
    )


def _tokens(stats: DatasetStats) -> str:
    parts = []
    for which, title, unit in (
        ("example", "A turn's training example (system, history, input, response)", "examples"),
        ("turn", "A turn's own input and response", "turns"),
        ("conversation", "A whole conversation as one example", "conversations"),
    ):
        spread = stats.spread(which)
        figures = (
            ", ".join(f"p{p} {spread.percentile(p) or 0:,}" for p in (50, 90, 95, 99))
            + f", max {max(spread.values) if spread.values else 0:,}"
        )
        parts.append(
            f"<h3>{escape(title)}</h3>"
            f'<div class="scroll">{svg.histogram(spread.values, stats.windows, unit, "tokens-" + which)}</div>'
            f'<p class="note" data-spread="{which}">{spread.count:,} {unit}: {figures} tokens.</p>'
        )
    how = "estimated by the built-in estimate" if stats.estimated else f"counted with {stats.tokenizer}"
    return (
        '<section id="tokens"><h2>Token lengths against the context windows</h2>'
        + "".join(parts)
        + f'<p class="note">Tokens {escape(how)}; each message adds the chat template\'s tokens. '
        "Dashed lines: the context windows (those past the largest value are listed on the right).</p></section>"
    )


def _conversations(stats: DatasetStats, index: dict[str, int]) -> str:
    head = (
        "<tr><th>conversation</th><th class=n>files</th><th class=n>turns</th><th class=n>lines</th>"
        "<th class=n>clean turns</th><th class=n>errors</th><th class=n>warnings</th><th>quality scores</th>"
        "<th>persona</th><th>topic</th></tr>"
    )
    rows = []
    for c in stats.conversations:
        scores = ", ".join(f"{s}×{n}" for s, n in sorted(c.quality.items(), reverse=True)) or "–"
        rows.append(
            f'<tr class="pick" tabindex="0" data-filter="f-conversation={index[c.id]}" data-conversation="{escape(c.id)}">'
            f"<td>{escape(c.id)}</td><td class=n>{len(c.files):,}</td><td class=n>{len(c.turns):,}</td>"
            f"<td class=n>{c.lines:,}</td><td class=n>{c.clean_turns:,}</td><td class=n>{c.errors:,}</td>"
            f"<td class=n>{c.warnings:,}</td><td>{scores}</td><td>{escape(c.persona or '–')}</td>"
            f"<td>{escape(c.topic or '–')}</td></tr>"
        )
    return (
        '<section id="conversations"><h2>Conversations</h2><div class="scroll">'
        f'<table id="conversation-table">{head}{"".join(rows)}</table></div>'
        '<p class="note">Click a conversation to browse its findings. Lines: the lines its turns take.</p></section>'
    )


def _diversity(stats: DatasetStats) -> str:
    blocks = []
    for title, counter, unit in (
        ("Valence", stats.valence, "turns"),
        ("Primary strategies", stats.strategies, "turns"),
        ("Techniques", stats.techniques, "uses"),
        ("Indicator categories", stats.indicators, "turns"),
        ("Topics", stats.topics, "conversations"),
        ("Client personas", stats.personas, "conversations"),
    ):
        items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        rows = "".join(f"<tr><td>{escape(k)}</td><td class=n>{n:,}</td></tr>" for k, n in items)
        blocks.append(
            f"<div><h3>{escape(title)} ({len(items):,})</h3>"
            f"<table><tr><th>value</th><th class=n>{unit}</th></tr>{rows}</table></div>"
        )
    return f'<section id="diversity"><h2>Diversity</h2><div class="grid">{"".join(blocks)}</div></section>'


def _unusual(stats: DatasetStats) -> str:
    rows = "".join(
        f"<tr><td>{escape(u.turn.id or '?')}</td><td>{escape(Path(u.turn.path).name)}:{u.turn.line or 1}</td>"
        f"<td>{escape(', '.join(e.name for e in u.turn.emotions))}</td><td>{escape(u.turn.valence or '–')}</td>"
        f"<td>{escape(u.why)}</td></tr>"
        for u in stats.unusual()
    )
    unknown = stats.unclassified()
    note = (
        '<p class="note">Not judged (no polarity known): '
        + escape(", ".join(f"{k} ({n})" for k, n in sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))))
        + "</p>"
        if unknown
        else ""
    )
    body = (
        f"<table><tr><th>turn</th><th>where</th><th>emotions</th><th>valence</th><th>why</th></tr>{rows}</table>"
        if rows
        else '<p class="note">None: no turn\'s emotions pull against each other.</p>'
    )
    return (
        '<section id="edge-cases"><h2>Unusual emotion combinations (the edge-case collection)</h2>'
        f'<div class="scroll">{body}</div>{note}</section>'
    )


def _rules(stats: DatasetStats, index: dict[str, int]) -> str:
    rows = "".join(
        f'<tr class="pick" tabindex="0" data-filter="f-rule={index[f.rule]}" data-rule="{escape(f.rule)}">'
        f"<td>{escape(f.code)}</td><td>{escape(f.rule)}</td><td class={escape(f.severity)}>{escape(f.severity)}</td>"
        f"<td class=n>{f.findings:,}</td><td class=n>{f.turns:,}</td></tr>"
        for f in stats.findings
    )
    return (
        '<section id="rules"><h2>Findings per rule</h2>'
        "<table><tr><th>code</th><th>rule</th><th>severity</th><th class=n>findings</th><th class=n>turns</th></tr>"
        f'{rows}</table><p class="note">Click a rule to browse its findings.</p></section>'
    )


def _browser() -> str:
    return (
        '<section id="findings"><h2>Findings</h2>'
        '<div class="filters">'
        '<select id="f-rule" aria-label="rule"></select>'
        '<select id="f-severity" aria-label="severity"></select>'
        '<select id="f-file" aria-label="file"></select>'
        '<select id="f-conversation" aria-label="conversation"></select>'
        '<input id="f-text" type="search" placeholder="search the messages" aria-label="search">'
        '<button id="f-clear" type="button">Clear</button> <span id="f-count" class="note"></span></div>'
        '<div id="turn-panel" hidden></div>'
        '<div class="scroll"><table id="findings-table"><thead><tr><th>where</th><th>rule</th><th>severity</th>'
        '<th>turn</th><th>message</th></tr></thead><tbody id="findings-body"></tbody></table></div>'
        '<button id="f-more" type="button" hidden>Show more</button>'
        '<p class="note">Click a finding (or press Enter on it) to see every finding of its turn with the source.</p>'
        "</section>"
    )


# -- the data the findings browser reads ----------------------------------------------------


def _data(stats: DatasetStats, report: Report) -> tuple[dict[str, Any], dict[str, int], dict[str, int]]:
    files: dict[str, int] = {}
    for path in stats.files:
        files.setdefault(path, len(files))
    conversations = {c.id: i for i, c in enumerate(stats.conversations)}
    turn_index = {(t.path, t.pointer): i for i, t in enumerate(stats.turns)}
    turns = [
        [
            files.setdefault(t.path, len(files)),
            t.line,
            t.id,
            conversations.get(t.conversation, -1),
            t.errors,
            t.warnings,
        ]
        for t in stats.turns
    ]
    rules: dict[str, int] = {}
    rule_list: list[list[str]] = []
    findings: list[list[Any]] = []
    wanted: list[tuple[int, str, int | None, int | None]] = []
    for d in report.diagnostics:
        if d.rule not in rules:
            rules[d.rule] = len(rule_list)
            rule_list.append([d.rule, d.code])
        counted = charged(d)
        place = counted or ((d.path, d.turn_pointer) if d.turn_pointer is not None else None)
        turn = turn_index.get(place, -1) if place else -1
        about = 0 if counted else 2 if d.scope is Scope.DATASET else 1  # the turn, its file, the dataset
        severity = 0 if d.severity is Severity.ERROR else 1
        findings.append(
            [
                files.setdefault(d.path, len(files)),
                d.line,
                d.column,
                rules[d.rule],
                severity,
                turn,
                d.message,
                about,
            ]
        )
        if len(wanted) < EXCERPTS:
            wanted.append((len(findings) - 1, d.path, d.line, d.column))
    for f in stats.findings:  # rules whose findings the report left out of the list still get an index
        if f.rule not in rules:
            rules[f.rule] = len(rule_list)
            rule_list.append([f.rule, f.code])
    data = {
        "files": list(files),
        "conversations": [c.id for c in stats.conversations],
        "turns": turns,
        "rules": rule_list,
        "findings": findings,
        "excerpts": _excerpts(wanted),
    }
    return data, rules, conversations


def _excerpts(wanted: Sequence[tuple[int, str, int | None, int | None]]) -> dict[str, list[list[Any]]]:
    """For each finding with a line: the lines around it, [number, text, caret column or -1]."""
    sources: dict[str, list[str]] = {}
    found: dict[str, list[list[Any]]] = {}
    for index, path, line, column in wanted:
        if line is None:
            continue
        if path not in sources:
            sources[path] = read_regular(path).decode("utf-8", errors="replace").splitlines()
        lines = sources[path]
        if not 0 < line <= len(lines):
            continue
        rows = []
        for number in range(max(1, line - _CONTEXT), min(len(lines), line + _CONTEXT) + 1):
            text = lines[number - 1].replace("\t", " ")
            if number == line:
                shown, caret = window(text, (column or 1) - 1, _WINDOW)
            else:
                shown, caret = window(text, 0, _WINDOW)[0], -1
            rows.append([number, shown, caret])
        found[str(index)] = rows
    return found
