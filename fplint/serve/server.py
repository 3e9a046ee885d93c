"""``fplint server``: a Language Server over stdio (pygls), publishing fplint's findings as you type.

- open, save: the buffer is linted at once; change: after a pause in typing (debounced);
- the findings are ``fplint check``'s for the file holding the buffer's text, with the config
  the CLI would find from the file's folder, cross-file rules over the config's ``dataset``
  (other open buffers count with their unsaved text);
- hover on a finding: ``fplint explain`` of its rule; code actions: the findings' fixes, and
  ``source.fixAll.fplint`` for every safe fix at once;
- a changed config (or ruleset, suppressions, or a dataset file changed on disk) re-lints
  every open buffer.

Linting runs on one worker thread, so the protocol stays responsive and runs never overlap.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from fplint import __version__
from fplint.model import Diagnostic
from fplint.serve import protocol
from fplint.serve.lint import Configs, is_config_file, lint_buffer, wanted

#: Seconds without a change before a changed buffer is linted again.
DEBOUNCE = 0.3
#: Seconds between looks at the config files' modification times (for clients that do not
#: report file changes).
POLL = 2.0
#: What the server asks a client to report changes of (when it can).
WATCHED = ("**/*.{json,jsonl,ndjson,yaml,yml,toml}",)


@dataclass
class Buffer:
    """What the server published for one open document, and from which version of it."""

    version: int | None
    text: protocol.Text
    found: list[protocol.Published]


class FplintServer(LanguageServer):
    """The language server: its state is the configs, the published findings, pending lints."""

    def __init__(self, configs: Configs, debounce: float = DEBOUNCE) -> None:
        super().__init__(
            "fplint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.configs = configs
        self.debounce = debounce
        self.published: dict[str, Buffer] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.linter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fplint-lint")
        self.poller: asyncio.Task[None] | None = None

    # -- linting ------------------------------------------------------------------------

    def units(self, text: str) -> int:
        """``text``'s length in the position units agreed with the client."""
        return int(self.workspace.position_codec.client_num_units(text))

    def open_texts(self, except_uri: str) -> dict[str, str]:
        texts = {}
        for uri, document in self.workspace.text_documents.items():
            path = to_fs_path(uri)
            if uri != except_uri and path:
                texts[path] = document.source
        return texts

    def _lint(self, uri: str, path: str, text: str, others: Mapping[str, str]) -> list[Diagnostic] | str:
        loaded = self.configs.for_file(path)
        if loaded.config is None:
            return loaded.error or "the configuration cannot be read"
        if not wanted(path, loaded.config):
            return []
        return lint_buffer(path, text, loaded.config, others)

    async def lint(self, uri: str) -> None:
        """Lint the open document ``uri`` and publish what fplint finds (for its current version)."""
        document = self.workspace.text_documents.get(uri)
        path = to_fs_path(uri) if document is not None else None
        if document is None or not path:
            return
        version, text = document.version, document.source
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(
                self.linter, self._lint, uri, path, text, self.open_texts(uri)
            )
        except Exception as exc:  # a bug: say so once, keep serving
            self.window_log_message(
                types.LogMessageParams(types.MessageType.Error, f"fplint: internal error on {path}: {exc!r}")
            )
            return
        current = self.workspace.text_documents.get(uri)
        if current is None or current.version != version:
            return  # edited meanwhile: the next lint publishes
        if isinstance(result, str):  # the config is broken: say where, once per lint
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"fplint: {result}"))
            result = []
        buffer_text = protocol.Text(text)
        found = [protocol.Published(d, protocol.diagnostic(buffer_text, d, self.units)) for d in result]
        self.published[uri] = Buffer(version, buffer_text, found)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=[p.lsp for p in found])
        )

    def schedule(self, uri: str, delay: float) -> None:
        """Lint ``uri`` after ``delay`` seconds, replacing a lint already waiting for it."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()

        async def later() -> None:
            await asyncio.sleep(delay)
            self.pending.pop(uri, None)
            await self.lint(uri)

        self.pending[uri] = asyncio.get_running_loop().create_task(later())

    def relint_all(self, delay: float = 0.0) -> None:
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, delay)

    async def poll_configs(self) -> None:
        while True:
            await asyncio.sleep(POLL)
            if self.configs.changed():
                self.configs.forget()
                self.relint_all()

    # -- answers --------------------------------------------------------------------------

    def hover(self, uri: str, position: types.Position) -> types.Hover | None:
        from fplint import docs

        buffer = self.published.get(uri)
        if buffer is None:
            return None
        here = protocol.at(buffer.found, position)
        if not here:
            return None
        path = to_fs_path(uri) or ""
        loaded = self.configs.for_file(path)
        classes = {c.name: c for c in (loaded.config.classes if loaded.config else ())}
        parts = []
        for rule in dict.fromkeys(p.finding.rule for p in here):
            found = classes.get(rule)
            if found is None:
                continue
            settings = loaded.config.rules.get(rule) if loaded.config else None
            parts.append("```text\n" + docs.explain(found, settings).rstrip() + "\n```")
        if not parts:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n".join(parts)),
            range=here[0].lsp.range,
        )

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        buffer = self.published.get(uri)
        document = self.workspace.text_documents.get(uri)
        if buffer is None or document is None or document.version != buffer.version:
            return []  # the findings are for another text: their edits would land in the wrong place
        only = params.context.only
        actions: list[types.CodeAction] = []
        if not only or any(types.CodeActionKind.QuickFix.value.startswith(k) for k in only):
            actions += protocol.quick_fixes(uri, buffer.text, buffer.found, params.range, self.units)
        if not only or any(protocol.FIX_ALL.startswith(k) for k in only):
            every = protocol.fix_all(uri, buffer.text, buffer.found, self.units)
            if every is not None:
                actions.append(every)
        return actions


def build(configs: Configs, debounce: float = DEBOUNCE) -> FplintServer:
    """The server with its features registered."""
    server = FplintServer(configs, debounce)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: FplintServer, params: types.InitializedParams) -> None:
        ls.poller = asyncio.get_running_loop().create_task(ls.poll_configs())
        watching = ls.client_capabilities.workspace
        dynamic = watching and watching.did_change_watched_files
        if dynamic and dynamic.dynamic_registration:
            options = types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
            )
            registration = types.Registration(
                id="fplint-watched-files",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=options,
            )
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: FplintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: FplintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: FplintServer, params: types.DidSaveTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri) or ""
        if is_config_file(path):
            ls.configs.forget()
        # the saved file is part of the dataset the other buffers' cross-file rules read
        ls.relint_all()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: FplintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        waiting = ls.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        ls.published.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def watched(ls: FplintServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(is_config_file(to_fs_path(change.uri) or "") for change in params.changes):
            ls.configs.forget()
        ls.relint_all(ls.debounce)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def configuration(ls: FplintServer, params: types.DidChangeConfigurationParams) -> None:
        ls.configs.forget()
        ls.relint_all()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: FplintServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params.text_document.uri, params.position)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, protocol.FIX_ALL]),
    )
    def code_action(ls: FplintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.code_actions(params)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: FplintServer, params: Any) -> None:
        if ls.poller is not None:
            ls.poller.cancel()
        for waiting in ls.pending.values():
            waiting.cancel()
        ls.linter.shutdown(wait=False, cancel_futures=True)

    return server


def serve(config: Path | None = None, isolated: bool = False) -> None:
    """Serve over stdin and stdout until the client says exit."""
    configs = Configs(isolated=isolated, explicit=config.resolve() if config else None)
    build(configs).start_io()
