"""Baselines: record today's findings so a dataset gates only on new ones.

An entry is keyed on the finding's stable identity (rule, turn id, pointer inside the turn,
and a fingerprint with numbers blanked), never on a line number: reformatting a file or
moving a turn keeps old findings baselined. Files are named relative to the project's root
(the config file's folder, else the working directory), so a baseline written for
``data/`` holds when the same files are checked as ``.``, by absolute path, or from inside
``data/``.
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
from fplint.brief import brief
from fplint.check.identity import file_key, fingerprint, inner_pointer, key, subject
from fplint.config import ConfigError
from fplint.model import Diagnostic
from fplint.read import files

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


def entries(diagnostics: Sequence[Diagnostic], root: Path | None = None) -> list[Entry]:
    """The baseline entries for ``diagnostics``, merged and in a stable order; paths relative
    to ``root``."""
    counts: Counter[str] = Counter()
    first: dict[str, Diagnostic] = {}
    for d in diagnostics:
        found_key = fingerprint(d, root)
        counts[found_key] += 1
        first.setdefault(found_key, d)
    found = [
        Entry(k, d.rule, subject(d, root), inner_pointer(d), file_key(d.path, root), d.message, counts[k])
        for k, d in first.items()
    ]
    return sorted(found, key=lambda e: (e.subject, e.rule, e.pointer, e.fingerprint))


def dump(diagnostics: Sequence[Diagnostic], root: Path | None = None) -> str:
    data = {
        "fplint_baseline": FORMAT,
        "fplint_version": __version__,
        "entries": [vars(e) for e in entries(diagnostics, root)],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(path: Path, diagnostics: Sequence[Diagnostic], root: Path | None = None) -> int:
    """Write the baseline atomically (paths relative to ``root``); return the number of findings."""
    write_text(path, dump(diagnostics, root))
    return len(diagnostics)


def load(path: Path, max_bytes: int = files.DEFAULT_MAX_FILE_SIZE) -> list[Entry]:
    """Read a baseline; a missing or malformed file is a configuration error naming it."""
    try:
        data: Any = json.loads(files.read_text(path, max_bytes))
    except FileNotFoundError:
        raise ConfigError(
            "baseline", f"{path} does not exist (write it with: fplint baseline --output {path})"
        ) from None
    except (OSError, files.Refused) as exc:
        raise ConfigError("baseline", f"cannot read {path}: {files.why(exc)}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError("baseline", f"{path} is not valid JSON: {exc.msg} (line {exc.lineno})") from None
    except UnicodeDecodeError:
        raise ConfigError("baseline", f"{path} is not UTF-8 text") from None
    except (ValueError, RecursionError):  # an integer past Python's digit limit, nesting thousands deep
        raise ConfigError(
            "baseline", f"{path} is not a readable fplint baseline (a number or nesting too large)"
        ) from None
    if (
        not isinstance(data, dict)
        or data.get("fplint_baseline") != FORMAT
        or not isinstance(data.get("entries"), list)
    ):
        raise ConfigError("baseline", f"{path} is not an fplint baseline (format {FORMAT})")
    return [_entry(raw, index, path) for index, raw in enumerate(data["entries"])]


_TEXT_FIELDS = ("fingerprint", "rule", "subject", "pointer", "path", "message")


def _entry(raw: Any, index: int, path: Path) -> Entry:
    """One entry of a baseline file, every field of the right type, or a ``ConfigError``."""
    where = f"entries[{index}]"
    if not isinstance(raw, dict):
        raise ConfigError(where, f"expected an object, got {brief(raw)}", str(path))
    for name in raw:
        if name not in (*_TEXT_FIELDS, "count"):
            raise ConfigError(f"{where}.{name}", "unknown field", str(path))  # ConfigError clips the key
    for name in _TEXT_FIELDS:
        if not isinstance(raw.get(name), str):
            raise ConfigError(f"{where}.{name}", f"expected a string, got {brief(raw.get(name))}", str(path))
    count = raw.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ConfigError(
            f"{where}.count", f"expected a whole number of at least 1, got {brief(count)}", str(path)
        )
    return Entry(**raw)


class BaselineFilter:
    """Drops the findings a baseline knows, one at a time; what it never matched is stale.

    With ``root``, each entry's key is derived again from its parts with its file named
    relative to ``root``: a baseline written with another spelling of the paths (``./data``,
    an absolute path) still matches.
    """

    def __init__(self, baseline: Sequence[Entry], root: Path | None = None) -> None:
        self.baseline = list(baseline)
        self.root = root
        self.keys = [self._key(e) for e in self.baseline]
        self.remaining: Counter[str] = Counter()
        for entry, entry_key in zip(self.baseline, self.keys, strict=True):
            self.remaining[entry_key] += entry.count
        self.baselined = 0
        self._files = {self._entry_file(e) for e in self.baseline}

    def names(self, path: str) -> bool:
        """Whether some entry is about the file at ``path``."""
        return file_key(path, self.root) in self._files

    def _key(self, entry: Entry) -> str:
        if self.root is None:
            return entry.fingerprint
        found_subject = entry.subject
        if found_subject.startswith(entry.path + "#"):  # a finding on no identified turn: its file
            found_subject = self._entry_file(entry) + found_subject[len(entry.path) :]
        return key(entry.rule, found_subject, entry.pointer, entry.message)

    def _entry_file(self, entry: Entry) -> str:
        """An entry's file relative to the root (entries' paths are written relative to it)."""
        if self.root is None:
            return entry.path
        return file_key(str(self.root / entry.path), self.root)

    def keep(self, d: Diagnostic) -> bool:
        found_key = fingerprint(d, self.root)
        if self.remaining[found_key] > 0:
            self.remaining[found_key] -= 1
            self.baselined += 1
            return False
        return True

    def stale(self, checked: set[str] | None = None) -> list[Entry]:
        """Entries nothing matched (of files in ``checked``, when given): the baseline can shrink."""
        files = None if checked is None else {file_key(p, self.root) for p in checked}
        return [
            e
            for e, entry_key in zip(self.baseline, self.keys, strict=True)
            if self.remaining[entry_key] > 0 and (files is None or self._entry_file(e) in files)
        ]
