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
from fplint.check.identity import fingerprint, inner_pointer, subject
from fplint.config import ConfigError
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


class BaselineFilter:
    """Drops the findings a baseline knows, one at a time; what it never matched is stale."""

    def __init__(self, baseline: Sequence[Entry]) -> None:
        self.baseline = list(baseline)
        self.remaining = Counter({e.fingerprint: e.count for e in self.baseline})
        self.baselined = 0

    def keep(self, d: Diagnostic) -> bool:
        key = fingerprint(d)
        if self.remaining[key] > 0:
            self.remaining[key] -= 1
            self.baselined += 1
            return False
        return True

    def stale(self, checked: set[str] | None = None) -> list[Entry]:
        """Entries nothing matched (of files in ``checked``, when given): the baseline can shrink."""
        return [
            e
            for e in self.baseline
            if self.remaining[e.fingerprint] > 0 and (checked is None or e.path in checked)
        ]
