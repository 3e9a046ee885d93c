"""`fplint server` in a real LSP session: pygls's own client speaks the protocol over stdio to a
server process, as an editor would; nothing is called in-process.

The session opens a broken file, receives its findings (the CLI's, line for line), hovers one
(`fplint explain`), takes a quick fix, edits the file clean and sees the findings clear.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT
from factory import edit, pairs_file, valid_conversation, valid_turn
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from fplint.cli import cli

TIMEOUT = 30.0  # seconds to wait for any one answer: a hang fails the test, never the suite
INDICATORS = "/emotional_context/emotional_indicators"


class Session:
    """A client connected to a `fplint server` process, collecting what the server publishes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.client = LanguageClient("fplint-tests", "1")
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.arrived = asyncio.Condition()
        self.versions: dict[str, int] = {}
        self.messages: list[str] = []

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        async def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            async with self.arrived:
                self.published.setdefault(params.uri, []).append(params)
                self.arrived.notify_all()

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def on_message(params: types.ShowMessageParams) -> None:
            self.messages.append(params.message)

    async def start(self, *args: str) -> None:
        await self.client.start_io(sys.executable, "-m", "fplint", "server", *args, cwd=str(self.root))
        capabilities = types.ClientCapabilities(
            text_document=types.TextDocumentClientCapabilities(
                hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
            )
        )
        params = types.InitializeParams(capabilities=capabilities, root_uri=self.root.as_uri())
        self.initialized = await asyncio.wait_for(self.client.initialize_async(params), TIMEOUT)
        self.client.initialized(types.InitializedParams())

    async def stop(self) -> None:
        await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), TIMEOUT)

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.as_uri()
        self.versions[uri] = 1
        language = "yaml" if path.suffix in (".yaml", ".yml") else "json"
        item = types.TextDocumentItem(uri, language, 1, path.read_text(encoding="utf-8") if text is None else text)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(item))
        return uri

    def change(self, uri: str, text: str) -> int:
        """Replace the whole text (an edit the way a client may send it); the new version."""
        self.versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=self.versions[uri], uri=uri),
                [types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return self.versions[uri]

    async def diagnostics(
        self, uri: str, after: int = 0, where: Callable[[types.PublishDiagnosticsParams], bool] = lambda p: True
    ) -> types.PublishDiagnosticsParams:
        """The first publication for ``uri`` past the first ``after`` that satisfies ``where``."""

        def found() -> types.PublishDiagnosticsParams | None:
            return next((p for p in self.published.get(uri, [])[after:] if where(p)), None)

        async with self.arrived:
            await asyncio.wait_for(self.arrived.wait_for(lambda: found() is not None), TIMEOUT)
        result = found()
        assert result is not None
        return result

    def count(self, uri: str) -> int:
        return len(self.published.get(uri, []))

    async def hover(self, uri: str, position: types.Position) -> types.Hover | None:
        params = types.HoverParams(types.TextDocumentIdentifier(uri), position)
        return await asyncio.wait_for(self.client.text_document_hover_async(params), TIMEOUT)

    async def actions(self, uri: str, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
        params = types.CodeActionParams(
            types.TextDocumentIdentifier(uri), diagnostic.range, types.CodeActionContext(diagnostics=[diagnostic])
        )
        found = await asyncio.wait_for(self.client.text_document_code_action_async(params), TIMEOUT)
        return [a for a in found or [] if isinstance(a, types.CodeAction)]


@asynccontextmanager
async def session(root: Path, *args: str) -> AsyncIterator[Session]:
    opened = Session(root)
    await opened.start(*args)
    try:
        yield opened
    finally:
        await opened.stop()


def run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    asyncio.run(asyncio.wait_for(scenario(), 4 * TIMEOUT))


def cli_findings(root: Path, path: Path) -> list[tuple[int, int, str, str]]:
    """What `fplint check --output-format json` reports for the file: (line, column, code, message)."""
    result = CliRunner().invoke(cli, ["check", str(path), "--output-format", "json", "--no-cache"], catch_exceptions=False)
    return sorted((d["line"], d["column"], d["code"], d["message"]) for d in json.loads(result.stdout)["diagnostics"])


def lsp_findings(published: types.PublishDiagnosticsParams) -> list[tuple[int, int, str, str]]:
    """The same, from the protocol's 0-based positions."""
    return sorted((d.range.start.line + 1, d.range.start.character + 1, str(d.code), d.message) for d in published.diagnostics)


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """A client applying text edits (ASCII lines here, so characters are UTF-16 units)."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start = offsets[e.range.start.line] + e.range.start.character
        end = offsets[e.range.end.line] + e.range.end.character
        text = text[:start] + e.new_text + text[end:]
    return text


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".fplint.yaml").write_text("dataset: ['data/**/*.json']\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    return tmp_path


def broken_text() -> str:
    """Two turns: too few indicator categories (no fix) and a valence label with an (unsafe) fix."""
    first, second = valid_conversation(2, "fp_david_960")
    first = edit(first, {INDICATORS: {"worry_words": ["scared"]}})
    second = edit(second, {"/emotional_context/detected_emotions/valence": "negative_but_hopeful"})
    return pairs_file(first, second)


def test_a_broken_file_shows_the_cli_findings_and_they_clear_after_a_fix(workspace: Path) -> None:
    path = workspace / "data" / "conversation.json"
    path.write_text(broken_text(), encoding="utf-8")
    expected = cli_findings(workspace, path)
    assert {code for _, _, code, _ in expected} == {"FP303", "FP309"}

    async def scenario() -> None:
        async with session(workspace) as lsp:
            uri = lsp.open(path)
            first = await lsp.diagnostics(uri)
            assert lsp_findings(first) == expected
            assert {d.source for d in first.diagnostics} == {"fplint"}
            by_code = {str(d.code): d for d in first.diagnostics}
            assert by_code["FP303"].severity == types.DiagnosticSeverity.Error
            assert by_code["FP303"].code_description is not None
            assert by_code["FP303"].code_description.href.endswith("/docs/rules.md#indicator-count")

            # hover on the finding: `fplint explain indicator-count`
            hover = await lsp.hover(uri, by_code["FP303"].range.start)
            assert hover is not None and isinstance(hover.contents, types.MarkupContent)
            assert "indicator-count (FP303)" in hover.contents.value
            assert "Why it matters:" in hover.contents.value
            assert await lsp.hover(uri, types.Position(line=0, character=0)) is None  # no finding there
            on_the_key = types.Position(line=by_code["FP303"].range.start.line, character=9)
            hover_key = await lsp.hover(uri, on_the_key)
            assert hover_key is not None and "indicator-count (FP303)" in str(hover_key.contents)

            # the valence finding carries a fix: take it, as the editor would
            [action] = [a for a in await lsp.actions(uri, by_code["FP309"]) if a.kind == types.CodeActionKind.QuickFix]
            assert action.title.startswith("fplint (FP309): set valence to 'mixed'") and action.title.endswith("(unsafe)")
            assert action.edit is not None and action.edit.changes is not None
            fixed = apply(path.read_text(encoding="utf-8"), list(action.edit.changes[uri]))
            assert '"valence": "mixed"' in fixed
            version = lsp.change(uri, fixed)
            after_fix = await lsp.diagnostics(uri, where=lambda p: p.version == version)
            assert [str(d.code) for d in after_fix.diagnostics] == ["FP303"]

            # and the rest by hand: the findings clear
            clean = pairs_file(*valid_conversation(2, "fp_david_960"))
            version = lsp.change(uri, clean)
            cleared = await lsp.diagnostics(uri, where=lambda p: p.version == version)
            assert list(cleared.diagnostics) == []

    run(scenario)


@pytest.mark.parametrize("example", ["turn-identity.json", "valence.json", "duplicate-key.json"])
def test_a_broken_example_shows_its_findings_and_taking_the_offered_fixes_clears_them(workspace: Path, example: str) -> None:
    path = workspace / "data" / example
    path.write_bytes((ROOT / "examples" / "broken" / example).read_bytes())
    expected = cli_findings(workspace, path)
    assert expected, f"examples/broken/{example} has findings"

    async def scenario() -> None:
        async with session(workspace) as lsp:
            uri = lsp.open(path)
            published = await lsp.diagnostics(uri)
            assert lsp_findings(published) == expected
            text = path.read_text(encoding="utf-8")
            edits: list[types.TextEdit] = []
            for finding in published.diagnostics:  # each finding's quick fix, as a user takes them one by one
                [action] = [a for a in await lsp.actions(uri, finding) if a.kind == types.CodeActionKind.QuickFix]
                assert action.edit is not None and action.edit.changes is not None
                edits += action.edit.changes[uri]
            version = lsp.change(uri, apply(text, edits))
            cleared = await lsp.diagnostics(uri, where=lambda p: p.version == version)
            assert list(cleared.diagnostics) == []

    run(scenario)


def test_changes_are_debounced_and_only_the_last_text_is_published(workspace: Path) -> None:
    path = workspace / "data" / "typing.json"
    path.write_text(pairs_file(valid_turn(1, "fp_david_961")), encoding="utf-8")

    async def scenario() -> None:
        async with session(workspace) as lsp:
            uri = lsp.open(path)
            await lsp.diagnostics(uri)
            before = lsp.count(uri)
            for categories in range(1, 6):  # typing: five edits in quick succession
                turn = edit(valid_turn(1, "fp_david_961"), {INDICATORS: {f"c{i}": ["I keep opening"] for i in range(categories)}})
                last = lsp.change(uri, pairs_file(turn))
            published = await lsp.diagnostics(uri, before)
            assert published.version == last
            assert lsp.count(uri) == before + 1
            assert list(published.diagnostics) == []  # five categories: within 4–6

    run(scenario)


def test_cross_file_rules_see_the_dataset_and_unsaved_buffers(workspace: Path) -> None:
    first = workspace / "data" / "a.json"
    second = workspace / "data" / "b.json"
    turn = valid_turn(1, "fp_david_962")
    first.write_text(pairs_file(turn), encoding="utf-8")
    second.write_text(pairs_file(valid_turn(1, "fp_david_963")), encoding="utf-8")

    async def scenario() -> None:
        async with session(workspace) as lsp:
            uri = lsp.open(second)
            assert list((await lsp.diagnostics(uri)).diagnostics) == []
            # the same turn typed into b.json (not saved): a duplicate of a.json's on disk
            version = lsp.change(uri, pairs_file(turn))
            published = await lsp.diagnostics(uri, where=lambda p: p.version == version)
            [duplicate] = [d for d in published.diagnostics if str(d.code) == "FP703"]
            assert "a.json" in duplicate.message

    run(scenario)


def test_saving_a_file_relints_the_other_open_files(workspace: Path) -> None:
    first = workspace / "data" / "a.json"
    second = workspace / "data" / "b.json"
    turn = valid_turn(1, "fp_david_965")
    first.write_text(pairs_file(valid_turn(1, "fp_david_966")), encoding="utf-8")
    second.write_text(pairs_file(turn), encoding="utf-8")

    async def scenario() -> None:
        async with session(workspace) as lsp:
            a, b = lsp.open(first), lsp.open(second)
            assert list((await lsp.diagnostics(a)).diagnostics) == list((await lsp.diagnostics(b)).diagnostics) == []
            # a.json takes b.json's turn: a.json, first in reading order, keeps it; the copy in b.json is the finding
            version = lsp.change(a, pairs_file(turn))
            assert list((await lsp.diagnostics(a, where=lambda p: p.version == version)).diagnostics) == []
            seen = lsp.count(b)
            first.write_text(pairs_file(turn), encoding="utf-8")
            lsp.client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(a)))
            republished = await lsp.diagnostics(b, seen)
            [duplicate] = republished.diagnostics
            assert str(duplicate.code) == "FP703" and "a.json" in duplicate.message

    run(scenario)


def test_a_config_change_is_picked_up(workspace: Path) -> None:
    path = workspace / "data" / "conversation.json"
    path.write_text(broken_text(), encoding="utf-8")

    async def scenario() -> None:
        async with session(workspace) as lsp:
            uri = lsp.open(path)
            assert {str(d.code) for d in (await lsp.diagnostics(uri)).diagnostics} == {"FP303", "FP309"}
            seen = lsp.count(uri)
            # no notification from the client: the server notices the file itself
            (workspace / ".fplint.yaml").write_text(
                "dataset: ['data/**/*.json']\nrules:\n  indicator-count: {min: 1}\n", encoding="utf-8"
            )
            relaxed = await lsp.diagnostics(uri, seen)
            assert {str(d.code) for d in relaxed.diagnostics} == {"FP309"}
            # a broken config is said once, in one line, and nothing is published as if it were fine
            seen = lsp.count(uri)
            (workspace / ".fplint.yaml").write_text("rules:\n  no-such-rule: error\n", encoding="utf-8")
            emptied = await lsp.diagnostics(uri, seen)
            assert list(emptied.diagnostics) == []
            assert any("no-such-rule" in m for m in lsp.messages)

    run(scenario)


def test_files_outside_the_dataset_globs_get_no_findings(workspace: Path) -> None:
    outside = workspace / "package.json"
    outside.write_text('{"name": "tooling", "version": "1.0.0"}', encoding="utf-8")

    async def scenario() -> None:
        async with session(workspace) as lsp:
            uri = lsp.open(outside)
            assert list((await lsp.diagnostics(uri)).diagnostics) == []

    run(scenario)


def test_fix_all_applies_every_safe_fix(workspace: Path) -> None:
    path = workspace / "data" / "ids.json"
    turns = [edit(t, {"/id": f"wrong_{t['turn_number']}"}) for t in valid_conversation(2, "fp_david_964")]
    path.write_text(pairs_file(*turns), encoding="utf-8")

    async def scenario() -> None:
        async with session(workspace) as lsp:
            uri = lsp.open(path)
            published = await lsp.diagnostics(uri)
            assert [str(d.code) for d in published.diagnostics].count("FP701") == 2
            params = types.CodeActionParams(
                types.TextDocumentIdentifier(uri),
                types.Range(types.Position(0, 0), types.Position(0, 0)),
                types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
            )
            found = await asyncio.wait_for(lsp.client.text_document_code_action_async(params), TIMEOUT)
            [action] = [a for a in found or [] if isinstance(a, types.CodeAction)]
            assert action.kind == "source.fixAll.fplint"
            assert action.edit is not None and action.edit.changes is not None
            fixed = apply(path.read_text(encoding="utf-8"), list(action.edit.changes[uri]))
            version = lsp.change(uri, fixed)
            after = await lsp.diagnostics(uri, where=lambda p: p.version == version)
            assert list(after.diagnostics) == []

    run(scenario)


def test_without_the_lsp_extra_the_command_says_what_to_install(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from fplint.cli import main

    monkeypatch.setitem(sys.modules, "pygls", None)
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)
    monkeypatch.delitem(sys.modules, "fplint.serve.server", raising=False)
    with pytest.raises(SystemExit) as exit_:
        main(["server"])
    assert exit_.value.code == 2
    assert "pip install 'fplint[lsp]'" in capsys.readouterr().err
