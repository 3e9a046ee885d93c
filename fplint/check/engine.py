"""The engine: runs each rule at its scope and stamps what it yields into diagnostics."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from fplint.brief import clip
from fplint.brief import message as within_budget
from fplint.check.interrupt import RULE_ERRORS, pass_on_user_interrupt
from fplint.check.kept import Kept, pack
from fplint.config import Config, ConfigError
from fplint.model import Diagnostic, Finding, Scope, Severity, Turn, TurnRef
from fplint.pickling import by_fields
from fplint.read.document import Document
from fplint.rule import (
    Collected,
    Conversation,
    ConversationRule,
    Dataset,
    DatasetRule,
    FileRule,
    Rule,
    TurnRule,
)
from fplint.standards import DEFAULT, STANDARDS, Standard

if TYPE_CHECKING:
    from fplint.check.conversations import Conversations
    from fplint.fix.edit import Fix

INTERNAL_ERROR = ("internal-error", "FP000")
T = TypeVar("T")


@by_fields
@dataclass(frozen=True, slots=True)
class TurnSummary:
    """What cross-turn rules keep of one turn: a reference and each rule's compact data."""

    ref: TurnRef
    conversation_id: str | None
    turn_number: int | None
    data: tuple[Any, ...]
    unread: bool = False  # a turn a syntax error left unread: known to exist, not checked


@dataclass
class FileResult:
    """Everything one file contributes to a run: small and picklable."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    turns: int = 0
    summaries: list[TurnSummary] = field(default_factory=list)  # for conversation rules
    turn_ids: list[str] = field(default_factory=list)
    partials: tuple[Any, ...] = ()  # one state per dataset rule: this file's turns folded
    places: list[tuple[str, int | None, str | None]] = field(default_factory=list)  # (pointer, line, id)
    #: Where each turn's ``reports_at`` pointers are (``fplint.check.kept``): cross-turn
    #: findings there are placed without reading the file again.
    kept: Kept | None = None


class Crashed:
    """The state of a dataset rule that crashed on part of the run (already reported as an
    internal error): merged with anything it stays crashed, and the rule is not finished."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Crashed)

    __hash__ = object.__hash__


class Engine:
    """Runs configured rule instances; knows nothing about files on disk."""

    def __init__(
        self,
        rules: Sequence[Rule],
        severities: Mapping[str, Severity],
        debug: bool = False,
        standard: Standard | None = None,
    ) -> None:
        self.rules = list(rules)
        #: The standard files are held to (``standard`` in the configuration): every rule
        #: sees it, and a file declaring a version it does not cover is left to the rules
        #: that judge any file.
        self.standard = standard or STANDARDS[DEFAULT]
        if standard is not None:
            for rule in self.rules:
                rule.standard = standard
        self.severities = dict(severities)
        self.debug = debug
        #: How a fix's ``Source`` reaches another file (the fix loop reads through its overlay).
        self.fetch: Callable[[str], Document] | None = None
        self.crashes: list[Diagnostic] = []  # internal errors of cross-turn rules
        self.copies: dict[TurnRef, TurnRef] = {}  # copies of a turn, found by dataset rules
        self.file_rules = [r for r in rules if isinstance(r, FileRule)]
        self.turn_rules = [r for r in rules if isinstance(r, TurnRule)]
        self.conversation_rules = [r for r in rules if isinstance(r, ConversationRule)]
        self.dataset_rules = [r for r in rules if isinstance(r, DatasetRule)]
        self.cross_rules: list[ConversationRule | DatasetRule] = [
            *self.conversation_rules,
            *self.dataset_rules,
        ]
        #: The pointers (relative to a turn) cross-turn rules report at: placed in every turn
        #: by whoever reads the file, so that their findings need no second read. Sorted: the
        #: packed places of a cached result are read in this order, and the cache's key knows
        #: which rules run, not in which order the configuration lists them.
        self.kept: tuple[str, ...] = tuple(sorted({p for r in self.cross_rules for p in r.reports_at}))

    @classmethod
    def from_config(cls, config: Config, debug: bool = False) -> Engine:
        by_name = {c.name: c for c in config.classes}
        enabled = config.enabled()
        rules = [
            _construct(by_name[name], settings.options)
            for name, settings in enabled.items()
            if name in by_name
        ]
        severities = {n: s.severity for n, s in enabled.items() if s.severity}
        return cls(rules, severities, debug, STANDARDS[config.standard])

    # -- one file -------------------------------------------------------------------------

    def check_document(self, document: Document, context_only: bool = False) -> FileResult:
        """File and turn rules on one document, plus the summaries cross-turn rules need.

        ``context_only``: the file is read for cross-turn rules alone (dataset context).
        """
        result = FileResult(document.path)
        result.turn_ids = [t.id for t in document.turns if t.id is not None]
        held = not self.standard.uncovered(document.declared)
        # a file of a format the standard does not cover: its turns are not held to it, and
        # only the rules that judge any file run (format-version says so, once)
        turns: Sequence[Turn] = document.turns if held else []
        file_rules = self.file_rules if held else [r for r in self.file_rules if r.any_standard]
        result.turns = len(turns)
        result.partials = self.partials(turns, result)
        if self.kept and turns and document.text:
            result.kept = pack(document, turns, self.kept)
        if context_only:
            if self.conversation_rules and held:
                result.summaries = [self.summarize(turn, result) for turn in turns]
                result.summaries += _unread(document)
            return result
        result.places = [(t.pointer, _line(document, t.pointer), t.id) for t in turns]
        turn_at = _turn_finder(document)
        for file_rule in file_rules:

            def run_file_rule(rule: FileRule = file_rule) -> list[Diagnostic]:
                return [
                    self.stamp(rule, f, document, turn_at(f.pointer), absolute=True)
                    for f in rule.check(document)
                ]

            result.diagnostics.extend(self._guard(file_rule, run_file_rule, result, None) or [])
        for turn in turns:
            for rule in self.turn_rules:
                result.diagnostics.extend(self._run_turn_rule(rule, turn, document, result))
            if self.conversation_rules:
                result.summaries.append(self.summarize(turn, result))
        if self.conversation_rules and held:
            result.summaries += _unread(document)
        return result

    def _run_turn_rule(
        self, rule: TurnRule, turn: Turn, document: Document | None, result: FileResult
    ) -> list[Diagnostic]:
        def run() -> list[Diagnostic]:
            return [self.stamp(rule, f, document, turn) for f in rule.check(turn)]

        return self._guard(rule, run, result, turn, document) or []

    def check_turn(self, turn: Turn) -> list[Diagnostic]:
        """Turn rules on one turn that has no document (no positions)."""
        result = FileResult(turn.path, turns=1)
        for rule in self.turn_rules:
            result.diagnostics.extend(self._run_turn_rule(rule, turn, None, result))
        return result.diagnostics

    def summarize(self, turn: Turn, result: FileResult | None = None) -> TurnSummary:
        """What conversation rules keep of one turn."""
        data = tuple(
            self._guard(rule, partial(rule.collect, turn), result, turn) for rule in self.conversation_rules
        )
        conversation = sys.intern(turn.conversation_id) if turn.conversation_id else None
        return TurnSummary(_ref(turn), conversation, turn.turn_number, data)

    def partials(self, turns: Sequence[Turn], result: FileResult | None = None) -> tuple[Any, ...]:
        """Each dataset rule's state of ``turns`` (one file, or one shard): collect, then partial."""
        refs = [_ref(turn) for turn in turns]  # one a turn, shared by every rule's state that keeps it
        return tuple(
            self.partial(rule, self.collected(rule, turns, result, refs), result)
            for rule in self.dataset_rules
        )

    def collected(
        self,
        rule: DatasetRule,
        turns: Sequence[Turn],
        result: FileResult | None,
        refs: Sequence[TurnRef] | None = None,
    ) -> list[Collected]:
        """What one dataset rule keeps of each of ``turns`` (a crash is reported in ``result``);
        ``refs``: the turns' references, when they are made already."""
        return [
            Collected(ref, turn.turn_number, self._guard(rule, partial(rule.collect, turn), result, turn))
            for turn, ref in zip(turns, refs if refs is not None else map(_ref, turns), strict=True)
        ]

    def partial(self, rule: DatasetRule, collected: Sequence[Collected], result: FileResult | None) -> Any:
        """One dataset rule's state of turns it collected, or ``Crashed`` (reported)."""
        return self._state(rule, partial(rule.partial, collected), result)

    def merge(self, earlier: tuple[Any, ...] | None, later: tuple[Any, ...]) -> tuple[Any, ...]:
        """Two runs' (or files') dataset-rule states as one, ``earlier`` first in reading order."""
        if earlier is None:
            return later
        merged: list[Any] = []
        for rule, a, b in zip(self.dataset_rules, earlier, later, strict=True):
            if isinstance(a, Crashed) or isinstance(b, Crashed):
                merged.append(Crashed())
                continue
            merged.append(self._state(rule, partial(rule.merge, a, b), None))
        return tuple(merged)

    def _state(self, rule: DatasetRule, call: Callable[[], Any], result: FileResult | None) -> Any:
        """A dataset rule's new state, or ``Crashed`` when computing it raised (reported)."""
        kept = result.diagnostics if result is not None else self.crashes
        before = len(kept)
        state = self._guard(rule, call, result, None)
        return Crashed() if len(kept) > before else state

    def stamp(
        self,
        rule: Rule,
        finding: Finding,
        document: Document | None,
        turn: Turn | None,
        absolute: bool = False,
    ) -> Diagnostic:
        """A diagnostic at the finding's exact place in ``document`` (when there is text)."""
        base = "" if absolute or turn is None else turn.pointer
        pointer = base + finding.pointer
        line, column = finding.line, finding.column
        if line is None and document is not None and document.text:
            line, column = document.locate(pointer, finding.offset)
        fix = finding.fix
        if fix is not None:
            from fplint.fix.resolve import resolve  # on demand: only findings with a fix

            fix = resolve(fix, document, base, self.fetch or _load)
        path = document.path if document else (turn.path if turn else "")
        if turn is None:
            return self._diagnostic(rule, finding, path, pointer, (line, column), None, None, fix)
        return self._diagnostic(rule, finding, path, pointer, (line, column), turn.pointer, turn.id, fix)

    def stamp_kept(self, rule: Rule, finding: Finding, place: tuple[int, int]) -> Diagnostic:
        """A cross-turn finding without a fix, at the ``place`` its turn's worker kept for its
        pointer (what ``stamp`` would locate in the file read again)."""
        assert finding.ref is not None and finding.fix is None and finding.offset is None
        ref = finding.ref
        at = (finding.line, finding.column) if finding.line is not None else place
        pointer = ref.pointer + finding.pointer
        return self._diagnostic(rule, finding, ref.path, pointer, at, ref.pointer, ref.turn_id, None)

    def _diagnostic(
        self,
        rule: Rule,
        finding: Finding,
        path: str,
        pointer: str,
        at: tuple[int | None, int | None],
        turn_pointer: str | None,
        turn_id: str | None,
        fix: Fix | None,
    ) -> Diagnostic:
        return Diagnostic(
            path=path,
            line=at[0],
            column=at[1],
            pointer=pointer,
            turn_id=turn_id,
            rule=rule.name,
            code=rule.code,
            severity=self.severities.get(rule.name, rule.severity),
            message=within_budget(finding.message),  # a rule that quotes data stays bounded
            scope=rule.scope,
            turn_pointer=turn_pointer,
            related=tuple(dict.fromkeys(r.path for r in finding.related)),
            fix=fix,
        )

    # -- the whole run --------------------------------------------------------------------

    def cross_check(
        self,
        summaries: Iterable[TurnSummary] | Conversations,
        states: tuple[Any, ...] | None,
        files: int,
        concerned: Callable[[Sequence[TurnSummary]], bool] | None = None,
    ) -> tuple[list[tuple[Rule, Finding]], list[str]]:
        """Conversation rules over every file's summaries (reading order; or grouped already,
        as a run keeps them), then each dataset rule's ``finish`` over the run's merged state
        (``None``: a run of no files); the copies of turns they found are left in ``copies``.

        ``concerned``: the conversations worth checking (a run that reports on some files only
        skips the others': a conversation rule's findings are about the conversation's turns).
        """
        from fplint.check.conversations import Conversations

        found: list[tuple[Rule, Finding]] = []
        notes: list[str] = []
        if self.conversation_rules:
            grouped = summaries if isinstance(summaries, Conversations) else Conversations.of(summaries)
            for conversation_id, members in grouped:  # each conversation once: it may come from disk
                if concerned is not None and not concerned(members):
                    continue
                for index, conversation_rule in enumerate(self.conversation_rules):
                    found.extend(self.conversation(conversation_rule, index, conversation_id, members))
        if states is None:
            states = self.partials([])
        for rule, state in zip(self.dataset_rules, states, strict=True):
            found.extend(self.finish(rule, state, files, notes))
        return found, notes

    def conversation(
        self, rule: ConversationRule, index: int, conversation_id: str, members: Sequence[TurnSummary]
    ) -> list[tuple[Rule, Finding]]:
        """What conversation rule ``index`` finds in one conversation (its turns' summaries, in
        reading order, the unread ones among them); nothing when no turn of it was read."""
        read = [_collected(s, index) for s in members if not s.unread]
        if not read:
            return []
        unread = [Collected(s.ref, s.turn_number, None) for s in members if s.unread]
        conversation = Conversation(conversation_id, read, unread)
        return [(rule, f) for f in self._findings(rule, rule.check, conversation, None, None)]

    def finish(
        self, rule: DatasetRule, state: Any, files: int, notes: list[str]
    ) -> list[tuple[Rule, Finding]]:
        """What a dataset rule finds in a state (nothing if it crashed); its notes go to ``notes``,
        the copies it found to ``copies``."""
        if isinstance(state, Crashed):
            return []
        dataset = Dataset(files=files)
        found: list[tuple[Rule, Finding]] = [
            (rule, f) for f in self._findings(rule, partial(rule.finish, state), dataset, None, None)
        ]
        notes.extend(dataset.notes)
        self.copies.update(dataset.copies)
        return found

    # -- safety ---------------------------------------------------------------------------

    def stamp_safely(
        self, rule: Rule, finding: Finding, document: Document | None, turn: Turn | None
    ) -> Diagnostic:
        """``stamp`` for findings of cross-turn rules; a malformed finding becomes an internal error."""
        stamped = self._guard(rule, lambda: self.stamp(rule, finding, document, turn), None, turn)
        return stamped if stamped is not None else self.crashes.pop()

    def _findings(
        self,
        rule: Rule,
        check: Callable[[Any], Iterable[Finding]],
        target: Any,
        result: FileResult | None,
        turn: Turn | None,
    ) -> list[Finding]:
        """What one rule finds in one target (nothing if it crashed)."""
        return self._guard(rule, lambda: list(check(target)), result, turn) or []

    def _guard(
        self,
        rule: Rule,
        call: Callable[[], T],
        result: FileResult | None,
        turn: Turn | None,
        document: Document | None = None,
    ) -> T | None:
        """Run one piece of a rule; a crash becomes an internal-error diagnostic, not an exit."""
        try:
            return call()
        except RULE_ERRORS as exc:
            problem = f"{exc.__class__.__name__}: {exc}"
            if not isinstance(exc, Exception):
                pass_on_user_interrupt(exc)  # the user's Ctrl-C in a library call
                problem = f"it raised {exc.__class__.__name__}({exc}); a rule must never end the run"
                if self.debug:
                    raise RuntimeError(f"rule {rule.name} {problem}") from exc
            if self.debug:
                raise
            diagnostic = self.internal_error(rule, problem, turn, result)
            if document is not None and turn is not None:
                diagnostic = _at_turn(diagnostic, document, turn)
            if result is not None:
                result.diagnostics.append(diagnostic)
            else:
                self.crashes.append(diagnostic)
            return None

    @staticmethod
    def internal_error(
        rule: Rule, problem: str, turn: Turn | None, result: FileResult | None = None
    ) -> Diagnostic:
        """A rule that failed, named with the turn it failed on, as a diagnostic (exit code 2)."""
        where = f" on turn {clip(turn.id or turn.pointer)}" if turn else ""
        problem = clip(problem, 500)
        return Diagnostic(
            path=turn.path if turn else (result.path if result else ""),
            line=None,
            column=None,
            pointer=turn.pointer if turn else "",
            turn_id=turn.id if turn else None,
            rule=INTERNAL_ERROR[0],
            code=INTERNAL_ERROR[1],
            severity=Severity.ERROR,
            message=(
                f"rule {rule.name} crashed{where}: {problem}; the rest of the run went on. "
                "Please report this (fplint --debug shows the traceback)"
            ),
            scope=Scope.FILE,
            turn_pointer=turn.pointer if turn else None,
        )


def _line(document: Document, pointer: str) -> int | None:
    """The line a turn starts on, for the per-turn verdicts (none without text)."""
    if not document.text:
        return None
    try:
        return document.locate(pointer)[0]
    except Exception:  # a broken text the locator cannot walk: the turn is still listed
        return None


def _load(path: str) -> Document:
    from fplint.read.loader import load

    return load(path)


def _construct(rule: type[Rule], options: Mapping[str, Any]) -> Rule:
    """A configured rule instance; a rule whose set-up fails (or tries to end the process) is named."""
    from fplint.check.registry import PluginError

    try:
        return rule(**options)
    except ConfigError:  # a rule may validate its own options: that error names the key
        raise
    except RULE_ERRORS as exc:
        pass_on_user_interrupt(exc)
        raise PluginError(
            f"rule {rule.name} ({rule.__module__}) failed to start: {exc.__class__.__name__}: {exc}"
        ) from exc


def _at_turn(diagnostic: Diagnostic, document: Document, turn: Turn) -> Diagnostic:
    """``diagnostic`` placed at the start of ``turn`` in its file, when that can be found."""
    try:
        line, column = document.locate(turn.pointer)
    except Exception:  # the crash may come from the very text that cannot be located
        return diagnostic
    return replace(diagnostic, line=line, column=column)


def _ref(turn: Turn) -> TurnRef:
    """The turn's reference, interned: paths and pointers repeat across tens of thousands of turns."""
    return TurnRef(sys.intern(turn.path), sys.intern(turn.pointer), turn.id)


def _unread(document: Document) -> list[TurnSummary]:
    """Summaries of the turns a syntax error left unread: conversation rules know they exist."""
    return [
        TurnSummary(
            TurnRef(sys.intern(document.path), turn.pointer, turn.id),
            sys.intern(turn.conversation_id) if turn.conversation_id else None,
            turn.turn_number,
            (),
            True,
        )
        for turn in document.unread_turns
    ]


def _collected(summary: TurnSummary, index: int) -> Collected:
    return Collected(summary.ref, summary.turn_number, summary.data[index])


def _turn_finder(document: Document) -> Callable[[str], Turn | None]:
    """The turn a document-level pointer falls in, if any: the pointer, then each of its
    ancestors, looked up among the turns' pointers (time in the pointer's depth, not in the
    number of turns: a file-rule finding in each of 60,000 turns stays linear). The index is
    built at the first look-up, and holds positions: a JSONL file's turns stay unread."""
    by_pointer: dict[str, int] = {}

    def find(pointer: str) -> Turn | None:
        if not by_pointer and document.turns:
            listed = getattr(document.turns, "pointers", None)
            pointers = listed() if listed is not None else (t.pointer for t in document.turns)
            for position, turn_pointer in enumerate(pointers):
                by_pointer.setdefault(turn_pointer, position)
        while True:
            index = by_pointer.get(pointer)
            if index is not None:
                return document.turns[index]
            if not pointer:
                return None
            pointer = pointer.rpartition("/")[0]

    return find
