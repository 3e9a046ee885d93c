"""What a rule is: a name, a code, a scope, a severity, typed options, and a ``check``.

Built-in and third-party rules are written the same way: subclass one of the four scope
classes, set the class attributes, document the rule in its docstring, and yield
``Finding``s (a location and a message). The engine stamps rule, code and severity.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from fplint.brief import brief, number
from fplint.model import Finding, Scope, Severity, Turn, TurnRef
from fplint.standards import DEFAULT, STANDARDS, Standard

if TYPE_CHECKING:
    from fplint.read.document import Document


@dataclass(frozen=True)
class Option:
    """A rule option: its type (``int``, ``float``, ``bool``, ``str`` or ``list``), default, help."""

    type: type
    default: Any
    help: str
    minimum: float | None = None
    regex: bool = False  # the value (or each string of a list) is a regular expression
    pairs: str | None = None  # with ``regex``: each string is two of them, joined by this separator

    def check(self, value: Any) -> str | None:
        """Why ``value`` is not acceptable, or ``None`` when it is."""
        if self.type is float:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif self.type is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif self.type is list:
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        else:
            ok = isinstance(value, self.type)
        if not ok:
            return f"expected {_TYPE_WORDS[self.type]}, got {brief(value)}"
        if isinstance(value, float) and not math.isfinite(value):  # NaN passes every comparison
            return f"expected a finite number, got {brief(value)}"
        if self.minimum is not None and value < self.minimum:
            return f"must be at least {self.minimum:g}, got {brief(value)}"
        if self.regex:
            patterns = value if isinstance(value, list) else [value]
            if self.pairs is not None:
                split = [p.split(self.pairs) for p in patterns]
                wrong = next((p for p, parts in zip(patterns, split, strict=True) if len(parts) != 2), None)
                if wrong is not None:
                    return f"{brief(wrong)} is not two patterns joined by {self.pairs.strip()!r}"
                patterns = [part.strip() for parts in split for part in parts]
            for pattern in patterns:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    return f"{brief(pattern)} is not a valid regular expression ({exc})"
        return None


_TYPE_WORDS = {
    int: "an integer",
    float: "a number",
    bool: "true or false",
    str: "a string",
    list: "a list of strings",
}


class Rule:
    """Base of every rule. Subclass ``FileRule``, ``TurnRule``, ``ConversationRule`` or ``DatasetRule``."""

    name: ClassVar[str]
    code: ClassVar[str]
    scope: ClassVar[Scope]
    severity: ClassVar[Severity] = Severity.ERROR
    options: ClassVar[Mapping[str, Option]] = {}
    #: The rule judges any file, whatever format version it declares (its syntax, keys,
    #: length); the others run only on files of a version the configured standard covers.
    any_standard: ClassVar[bool] = False
    #: The standard files are held to (the engine sets the configured one).
    standard: Standard = STANDARDS[DEFAULT]

    def __init__(self, **options: Any) -> None:
        self.opts: dict[str, Any] = {k: o.default for k, o in self.options.items()}
        self.opts.update(options)

    def __repr__(self) -> str:
        return f"<rule {self.name} ({self.code})>"


class FileRule(Rule):
    """A rule that looks at one whole file (its text, parse problems, layout)."""

    scope = Scope.FILE

    def check(self, document: Document) -> Iterable[Finding]:
        raise NotImplementedError


class TurnRule(Rule):
    """A rule that looks at one turn; pointers it yields are relative to the turn."""

    scope = Scope.TURN

    def check(self, turn: Turn) -> Iterable[Finding]:
        raise NotImplementedError


@dataclass(frozen=True)
class Collected:
    """What a cross-turn rule kept of one turn: where it is, and the rule's compact summary."""

    ref: TurnRef
    turn_number: int | None
    data: Any


@dataclass
class Conversation:
    """The turns of one conversation across every file of the run, in reading order;
    ``unread``: its turns that a syntax error left unread (where they are and their number,
    when it could be made out; ``data`` is ``None``): they exist, but were not checked."""

    id: str
    turns: Sequence[Collected]
    unread: Sequence[Collected] = ()


@dataclass
class Dataset:
    """The run as a dataset rule's ``finish`` sees it: how many files, and ``notes`` for what
    the rule says without a finding; ``turns`` holds every turn's data only for rules that
    keep the default partial/merge (a list of every ``Collected``). A rule that finds copies
    of one turn records each in ``copies`` (the copy → the turn kept): the run then reports
    a copy's turn and conversation findings at the kept turn only."""

    turns: Sequence[Collected] = ()
    files: int = 0
    notes: list[str] = field(default_factory=list)
    copies: dict[TurnRef, TurnRef] = field(default_factory=dict)


class _CrossTurnRule(Rule):
    #: The pointers, relative to the turn, that the rule's findings are reported at
    #: (``/target_response``). Whoever reads a file places each of them in each turn while
    #: it holds the text, so that a finding at one of them, without a fix, is placed with
    #: no second read of its file once the run ends. The rule's other findings are placed by
    #: reading their file again, as are all of a rule that declares nothing. Each pointer
    #: costs a few bytes a turn for the whole run: declare those reported at many turns.
    reports_at: ClassVar[tuple[str, ...]] = ()

    def collect(self, turn: Turn) -> Any:
        """Keep what ``check`` will need of this turn: small and picklable (never the turn)."""
        return None


class ConversationRule(_CrossTurnRule):
    """A rule over each conversation; findings carry ``ref`` (the turn they concern)."""

    scope = Scope.CONVERSATION

    def check(self, conversation: Conversation) -> Iterable[Finding]:
        raise NotImplementedError


class DatasetRule(_CrossTurnRule):
    """A rule over the whole dataset, computed as partial → merge → finish.

    The run never holds every turn in one place. ``partial`` folds the ``Collected`` data of
    a batch of turns (one file, or one shard on a cluster) into a state, where the turns
    were read; ``merge`` combines two states, the earlier one first, in reading order;
    ``finish`` turns the run's state into findings, each with ``ref`` (the turn it concerns).
    States travel between processes and through the cache: keep them small and plain data
    (numbers, strings, bytes, tuples, lists, dicts), and make ``merge`` associative.

    The defaults keep a list of every turn's ``Collected`` and hand it to ``check`` as
    ``Dataset.turns``: enough for a small dataset, or a rule written before this interface.

    A rule whose state grows with the dataset (one entry a turn id) may also define
    ``group``: then a cluster run (``fplint.ray``) shuffles the turns by that key and runs
    partial → merge → finish on each group apart, so no process holds every turn.
    """

    scope = Scope.DATASET

    def group(self, turn: Collected) -> str | None:
        """The key of the group this turn's data belongs to, when the rule's findings over the
        run are the findings of each group checked apart (turns keyed ``None`` take no part).
        Not overridden: the rule sees the whole run's state at once."""
        raise NotImplementedError

    def partial(self, turns: Sequence[Collected]) -> Any:
        """This batch of turns (reading order) folded into a state."""
        return list(turns)

    def merge(self, earlier: Any, later: Any) -> Any:
        """Two states as one; ``earlier`` holds turns read before ``later``'s."""
        return [*earlier, *later]

    def finish(self, state: Any, dataset: Dataset) -> Iterable[Finding]:
        """The findings of the whole run's state (``dataset`` gives files and takes notes)."""
        dataset.turns = state
        return self.check(dataset)

    def check(self, dataset: Dataset) -> Iterable[Finding]:
        """With the default ``partial``/``merge``: every turn's data in ``dataset.turns``."""
        raise NotImplementedError


def groups(rule: DatasetRule) -> bool:
    """Whether a dataset rule defines ``group`` (its work can be shuffled by key)."""
    return type(rule).group is not DatasetRule.group


def count_range(lo: int, hi: int) -> str:
    """``4–6``, or ``3`` when both ends agree."""
    return f"{lo}" if lo == hi else f"{lo}–{hi}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 emotion``, ``2 emotions``, ``1,501 lines``."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """The distinct ``numbers`` as consecutive runs: ``[1, 3, 4, 5]`` → ``[(1, 1), (3, 5)]``."""
    found: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if found and n == found[-1][1] + 1:
            found[-1] = (found[-1][0], n)
        else:
            found.append((n, n))
    return found


def ranges(numbers: Iterable[int], limit: int = 10) -> str:
    """Numbers as people list them: ``1, 3–7, 11`` (a run of three or more as a range)."""
    return spans(runs(numbers), limit)


def spans(found: Sequence[tuple[int, int]], limit: int = 10) -> str:
    """Runs as people list them, the first ``limit`` of them, then "and N more" (numbers)."""
    shown = ", ".join(
        f"{number(lo)}–{number(hi)}" if hi - lo >= 2 else ", ".join(number(n) for n in range(lo, hi + 1))
        for lo, hi in found[:limit]
    )
    rest = sum(hi - lo + 1 for lo, hi in found[limit:])
    return shown + (f" and {rest:,} more" if rest else "")


def numbered(word: str, numbers: Iterable[int], many: str | None = None) -> str:
    """``turn 1``, ``turns 1–3``, ``sentences 2, 5``: a noun with the numbers it names."""
    return numbered_spans(word, runs(numbers), many)


def numbered_spans(word: str, found: Sequence[tuple[int, int]], many: str | None = None) -> str:
    """``numbered`` of numbers already in runs (a gap of a billion turns is one run)."""
    one = len(found) == 1 and found[0][0] == found[0][1]
    return f"{word if one else many or word + 's'} {spans(found)}"
