"""Baselines: record today's findings so a dataset gates only on new ones.

An entry is keyed on the finding's stable identity (rule, turn id, pointer inside the turn,
and a fingerprint with numbers blanked), never on a line number: reformatting a file or
moving a turn keeps old findings baselined.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fplint import __version__
from fplint.atomic import write_text
from fplint.config import ConfigError
from fplint.identity import fingerprint, inner_pointer, subject
from fplint.model import Diagnostic

FORMAT = 1


@dataclass(frozen=True)
class Entry:
    """One baselined finding (``count`` of them when identical findings repeat)."""

    fingerprint: str
    rule: str
    subject: str
    pointer: str
    path: str
    message: str
    count: int = 1


@dataclass
class Outcome:
    """What applying a baseline did: the findings still reported, how many were known, and
    the entries nothing matched any more (the baseline can shrink)."""

    new: list[Diagnostic]
    baselined: int
    stale: list[Entry]


def entries(diagnostics: Sequence[Diagnostic]) -> list[Entry]:
    """The baseline entries for ``diagnostics``, merged and in a stable order."""
    counts: Counter[str] = Counter()
    first: dict[str, Diagnostic] = {}
    for d in diagnostics:
        key = fingerprint(d)
        counts[key] += 1
        first.setdefault(key, d)
    found = [
        Entry(key, d.rule, subject(d), inner_pointer(d), d.path, d.message, counts[key])
        for key, d in first.items()
    ]
    return sorted(found, key=lambda e: (e.subject, e.rule, e.pointer, e.fingerprint))


def dump(diagnostics: Sequence[Diagnostic]) -> str:
    data = {
        "fplint_baseline": FORMAT,
        "fplint_version": __version__,
        "entries": [vars(e) for e in entries(diagnostics)],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(path: Path, diagnostics: Sequence[Diagnostic]) -> int:
    """Write the baseline atomically; return the number of findings it holds."""
    write_text(path, dump(diagnostics))
    return len(diagnostics)


def load(path: Path) -> list[Entry]:
    """Read a baseline; a missing or malformed file is a configuration error naming it."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            "baseline", f"{path} does not exist (write it with: fplint baseline --output {path})"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(
            "baseline", f"{path} is not a readable fplint baseline ({exc.__class__.__name__})"
        ) from None
    if (
        not isinstance(data, dict)
        or data.get("fplint_baseline") != FORMAT
        or not isinstance(data.get("entries"), list)
    ):
        raise ConfigError("baseline", f"{path} is not an fplint baseline (format {FORMAT})")
    try:
        return [Entry(**entry) for entry in data["entries"]]
    except TypeError as exc:
        raise ConfigError("baseline", f"{path} has a malformed entry ({exc})") from None


def apply(
    diagnostics: Sequence[Diagnostic], baseline: Sequence[Entry], checked: set[str] | None = None
) -> Outcome:
    """Drop the findings the baseline knows; ``checked`` limits stale entries to those paths."""
    remaining = Counter({e.fingerprint: e.count for e in baseline})
    new: list[Diagnostic] = []
    baselined = 0
    for d in diagnostics:
        key = fingerprint(d)
        if remaining[key] > 0:
            remaining[key] -= 1
            baselined += 1
        else:
            new.append(d)
    stale = [e for e in baseline if remaining[e.fingerprint] > 0 and (checked is None or e.path in checked)]
    return Outcome(new, baselined, stale)
