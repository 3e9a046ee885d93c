"""Reviewed suppressions: accept one finding for one turn, with a written reason.

They live in their own YAML file (``.fplint-suppressions.yaml`` beside the config, or the
config's ``suppressions`` key), never in the training data: JSON has no comments, and a
field added to a turn would be data the model trains on. A suppression nothing matches
any more is reported, so the file cannot rot.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fplint.check.identity import inner_pointer
from fplint.config import ConfigError
from fplint.model import Diagnostic, Scope, Severity
from fplint.read import files

FILE_NAME = ".fplint-suppressions.yaml"
UNUSED = ("unused-suppression", "FP902")
_KEYS = {"turn", "rule", "pointer", "reason", "reviewer", "date"}


@dataclass(frozen=True)
class Suppression:
    """Accept ``rule``'s finding(s) on ``turn`` (at ``pointer``, when given), because ``reason``."""

    turn: str
    rule: str
    reason: str
    pointer: str | None
    line: int

    def matches(self, d: Diagnostic) -> bool:
        return (
            d.turn_id == self.turn
            and self.rule in (d.rule, d.code)
            and (self.pointer is None or inner_pointer(d) == self.pointer)
        )


def load(
    path: Path, known_rules: set[str], max_bytes: int = files.DEFAULT_MAX_FILE_SIZE
) -> list[Suppression]:
    """Read and validate a suppressions file; problems are one ``ConfigError`` naming the entry."""
    from fplint.read import parse_yaml

    source = str(path)
    try:
        text = files.read_text(path, max_bytes)
    except UnicodeDecodeError as exc:
        raise ConfigError(
            "suppressions", f"cannot read it: not UTF-8 text (byte {exc.start:,})", source
        ) from None
    except (OSError, files.Refused) as exc:
        raise ConfigError("suppressions", f"cannot read it: {files.why(exc)}", source) from None
    if not text.strip():
        return []
    parsed, locate = parse_yaml.parse(text)
    if parsed.error:
        raise ConfigError("suppressions", f"line {parsed.error.line}: {parsed.error.message}", source)
    if not isinstance(parsed.value, list):
        raise ConfigError("suppressions", "expected a list of {turn, rule, reason} entries", source)
    found = []
    for index, entry in enumerate(parsed.value):
        key = f"suppressions[{index}]"
        if not isinstance(entry, dict):
            raise ConfigError(key, "expected a mapping with turn, rule and reason", source)
        for name in entry:
            if name not in _KEYS:
                raise ConfigError(f"{key}.{name}", f"unknown key (known: {', '.join(sorted(_KEYS))})", source)
        for name in ("turn", "rule", "reason"):
            if not isinstance(entry.get(name), str) or not entry[name].strip():
                raise ConfigError(f"{key}.{name}", "required: a non-empty string" + _why(name), source)
        if entry["rule"] not in known_rules:
            from fplint.config import suggest

            raise ConfigError(
                f"{key}.rule", f"unknown rule {entry['rule']!r}{suggest(entry['rule'], known_rules)}", source
            )
        pointer: Any = entry.get("pointer")
        if pointer is not None and (
            not isinstance(pointer, str) or (pointer and not pointer.startswith("/"))
        ):
            raise ConfigError(
                f"{key}.pointer", "expected a JSON pointer inside the turn, like /emotional_context", source
            )
        found.append(
            Suppression(entry["turn"], entry["rule"], entry["reason"], pointer, locate(f"/{index}")[0])
        )
    return found


def _why(name: str) -> str:
    return " (why the finding is accepted, for the next reviewer)" if name == "reason" else ""


class Suppressor:
    """Drops the findings reviewed suppressions accept, one at a time, remembering which
    suppressions were used; the rest, on turns the run checked, are reported as unused, and
    so are those for turn ids the run never saw, when it read the whole dataset."""

    def __init__(self, suppressions: Sequence[Suppression], path: Path) -> None:
        self.suppressions = list(suppressions)
        self.path = path
        self.used: set[int] = set()
        self.checked: set[int] = set()
        self.seen: set[int] = set()  # suppressions whose turn some file of the run holds
        self.suppressed = 0
        self._by_turn: dict[str, list[int]] = {}
        for index, s in enumerate(self.suppressions):
            self._by_turn.setdefault(s.turn, []).append(index)

    def observe(self, turn_ids: Iterable[str], checked: bool = True) -> None:
        """Turns of a file the run read; when it ``checked`` them (not only read them as dataset
        context), their suppressions must be used, or are reported."""
        for turn_id in turn_ids:
            found = self._by_turn.get(turn_id, ())
            self.seen.update(found)
            if checked:
                self.checked.update(found)

    def keep(self, d: Diagnostic) -> bool:
        hits = [i for i in self._by_turn.get(d.turn_id or "", ()) if self.suppressions[i].matches(d)]
        if not hits:
            return True
        self.used.update(hits)
        self.suppressed += 1
        return False

    def unused(self, whole_dataset: bool = False) -> list[Diagnostic]:
        """Suppressions nothing matched, as FP902 diagnostics; with ``whole_dataset`` (the run
        read every file of the dataset), also those whose turn id no file holds."""
        found = []
        missing = set(range(len(self.suppressions))) - self.seen if whole_dataset else set()
        for index in sorted((self.checked - self.used) | missing):
            s = self.suppressions[index]
            where = f" at {s.pointer}" if s.pointer else ""
            message = (
                f"suppression of {s.rule} on {s.turn}: no turn of the dataset has this id: "
                "correct the turn id, or remove the suppression"
                if index in missing
                else f"suppression of {s.rule} on {s.turn}{where} matches no finding any more: remove it"
            )
            found.append(
                Diagnostic(
                    path=str(self.path),
                    line=s.line,
                    column=1,
                    pointer=f"/{index}",
                    turn_id=s.turn,
                    rule=UNUSED[0],
                    code=UNUSED[1],
                    severity=Severity.ERROR,
                    message=message,
                    scope=Scope.FILE,
                )
            )
        return found
