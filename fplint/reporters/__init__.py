"""Reporters by name: the mapping behind ``--output-format``.

Each name maps to its class; a reporter's module is imported only when it is used, so a
run pays start-up time for the one format it prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from fplint.reporters.base import Reporter

_WHERE = {
    "full": "fplint.reporters.full:FullReporter",
    "concise": "fplint.reporters.concise:ConciseReporter",
    "json": "fplint.reporters.json:JsonReporter",
    "sarif": "fplint.reporters.sarif:SarifReporter",
    "github": "fplint.reporters.github:GithubReporter",
    "junit": "fplint.reporters.junit:JunitReporter",
}


class _Reporters(Mapping[str, type[Reporter]]):
    def __getitem__(self, name: str) -> type[Reporter]:
        module, _, attribute = _WHERE[name].partition(":")
        reporter: type[Reporter] = getattr(importlib.import_module(module), attribute)
        return reporter

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


REPORTERS: Mapping[str, type[Reporter]] = _Reporters()

__all__ = ["REPORTERS", "Reporter"]
