"""Reporters by name: the mapping behind ``--output-format``."""

from __future__ import annotations

from fplint.reporters.base import Reporter
from fplint.reporters.concise import ConciseReporter
from fplint.reporters.full import FullReporter
from fplint.reporters.github import GithubReporter
from fplint.reporters.json import JsonReporter
from fplint.reporters.junit import JunitReporter
from fplint.reporters.sarif import SarifReporter

REPORTERS: dict[str, type[Reporter]] = {
    "full": FullReporter,
    "concise": ConciseReporter,
    "json": JsonReporter,
    "sarif": SarifReporter,
    "github": GithubReporter,
    "junit": JunitReporter,
}

__all__ = ["REPORTERS", "Reporter"]
