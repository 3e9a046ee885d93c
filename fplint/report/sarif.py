"""sarif: SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps, IDE viewers)."""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
import os
import re
import textwrap
from collections.abc import Iterable, Iterator
from typing import Any, TextIO
from urllib.parse import quote

from fplint import __version__
from fplint.check.engine import INTERNAL_ERROR
from fplint.check.identity import fingerprint
from fplint.check.report import Report
from fplint.fix.edit import Fix
from fplint.model import Diagnostic, Scope, Severity
from fplint.report.base import Reporter, json_safe
from fplint.report.links import REPOSITORY, rule_url
from fplint.rule import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "fplint/v1"

_RESULT_INDENT = " " * 8  # results sit in log.runs[0].results: three objects and two arrays deep

try:  # the fast extra
    import orjson as _orjson
except ImportError:  # pragma: no cover - exercised by the no-speed-ups test run
    _orjson = None  # type: ignore[assignment]

_LITERAL = re.compile(r"``(.+?)``", re.DOTALL)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` as valid Unicode: lone surrogates (from undecodable paths or bad input) become U+FFFD."""
    if not _SURROGATE.search(text):  # nearly always: a scan, no copy
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def pascal(name: str) -> str:
    """``indicator-count`` → ``IndicatorCount``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", name) if part)


def markdown(doc: str) -> str:
    """A rule docstring as GitHub-flavoured Markdown: literal blocks (``Fails::``) fenced, ````x```` → `x`."""
    parts: list[str] = []
    prose: list[str] = []
    block: list[str] | None = None
    for line in doc.splitlines():
        if block is not None:
            if not line.strip() or line.startswith((" ", "\t")):
                block.append(line)
                continue
            parts.append(_fenced(block))
            block = None
        if line.rstrip().endswith("::"):
            prose.append(line.rstrip()[:-1])
            parts.append(_LITERAL.sub(r"`\1`", "\n".join(prose)))
            prose, block = [], []
        else:
            prose.append(line)
    if block is not None:
        parts.append(_fenced(block))
    parts.append(_LITERAL.sub(r"`\1`", "\n".join(prose)))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(parts)).strip()


def _fenced(block: list[str]) -> str:
    code = textwrap.dedent("\n".join(block)).strip("\n")
    return f"\n```\n{code}\n```\n"


@functools.lru_cache(maxsize=4096)  # a file's findings come together: its path is worked out once
def uri(path: str, root: str) -> tuple[str, str | None]:
    """``(uri, uriBaseId)`` of a diagnostic's path: relative to ``root`` when inside it, else absolute."""
    absolute = os.path.normpath(os.path.join(root, path))
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive (Windows)
        return file_uri(absolute), None
    if relative == os.curdir or relative.split(os.sep)[0] == os.pardir:
        return file_uri(absolute), None
    return _encode(relative), SRCROOT


def file_uri(path: str) -> str:
    """An absolute path as a ``file:`` URI (``file:///work/data/``, ``file:///C:/data/``)."""
    return "file:///" + _encode(path, safe="/:").lstrip("/")


def _encode(path: str, safe: str = "/") -> str:
    """Percent-encode a path as UTF-8 with ``/`` separators; undecodable bytes stay the bytes they were."""
    if os.altsep:
        path = path.replace(os.sep, "/")
    try:
        data = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        data = clean(path).encode("utf-8")
    return quote(data, safe=safe)


def braces(text: str) -> str:
    """SARIF §3.11.5: literal braces in a message string are written ``{{`` and ``}}``."""
    return clean(text).replace("{", "{{").replace("}", "}}")


def _descriptor(name: str, code: str, doc: str, scope: Scope | None, severity: Severity) -> dict[str, Any]:
    text = clean(inspect.cleandoc(doc)) or name
    summary = " ".join(text.split("\n\n")[0].split())  # the first paragraph: it may wrap
    tags = [str(scope), code] if scope is not None else [code]
    descriptor: dict[str, Any] = {"id": name}
    if pascal(name).casefold() != name.casefold():  # SARIF1001: a name equal to the id is left out
        descriptor["name"] = pascal(name)
    return descriptor | {
        "shortDescription": {"text": summary, "markdown": markdown(summary)},
        "fullDescription": {"text": text},
        "help": {"text": text, "markdown": markdown(text)},
        **({"helpUri": url} if (url := rule_url(name)) else {}),
        "defaultConfiguration": {"level": str(severity)},
        "properties": {"tags": tags},
    }


def rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    """The ``reportingDescriptor`` of a rule that ran, documented by its docstring."""
    return _descriptor(rule.name, rule.code, rule.__doc__ or rule.name, rule.scope, rule.severity)


def stray_descriptor(d: Diagnostic) -> dict[str, Any]:
    """A descriptor for a rule id seen only in diagnostics (``internal-error``, or a rule not listed)."""
    if d.rule == INTERNAL_ERROR[0]:
        doc = (
            "fplint failed while checking this part of the dataset.\n\n"
            "This is a bug in fplint or in a plugin rule, not a problem with the data: the "
            "part it failed on was not fully checked. Run with --debug for the traceback and "
            "report it."
        )
        return _descriptor(d.rule, d.code, doc, None, Severity.ERROR)
    doc = f"Reported by fplint as {d.code} {d.rule}."
    return _descriptor(d.rule, d.code, doc, d.scope, d.severity)


def descriptors(report: Report) -> list[dict[str, Any]]:
    """One descriptor per rule that ran, then per rule id that appears only in diagnostics."""
    found: dict[str, dict[str, Any]] = {}
    for rule in report.rules:
        found.setdefault(rule.name, rule_descriptor(rule))
    for d in report.diagnostics:
        if d.rule not in found:
            found[d.rule] = stray_descriptor(d)
    return list(found.values())


def result(d: Diagnostic, index: int, root: str) -> dict[str, Any]:
    """One SARIF ``result``: rule, level, message, where (file and JSON pointer), fingerprint."""
    location: dict[str, Any] = {}
    if not _pseudo(d.path):
        address, base = uri(d.path, root)
        artifact: dict[str, Any] = {"uri": address}
        if base:
            artifact["uriBaseId"] = base
        physical: dict[str, Any] = {"artifactLocation": artifact}
        if d.line is not None:
            region = {"startLine": d.line}
            if d.column is not None:
                region["startColumn"] = d.column
            physical["region"] = region
        location["physicalLocation"] = physical
    if d.pointer:  # "" is the whole document: nothing more to say than the file
        location["logicalLocations"] = [{"fullyQualifiedName": clean(d.pointer), "kind": "member"}]
    data: dict[str, Any] = {
        "ruleId": d.rule,
        "ruleIndex": index,
        "level": str(d.severity),
        "message": {"text": braces(d.message) or d.code},
    }
    if location:
        data["locations"] = [location]
    if d.fix is not None and not _pseudo(d.path):
        data["fixes"] = [fix_object(d.fix, d.path, root)]
    data["partialFingerprints"] = {FINGERPRINT: fingerprint(d)}
    if d.turn_id is not None:
        data["properties"] = {"turnId": clean(d.turn_id)}
    return data


def fix_object(fix: Fix, path: str, root: str) -> dict[str, Any]:
    """SARIF §3.55 ``fix``: the byte replacements of the file (and, for a split, the new
    files, each an insertion into an empty artifact); ``properties.applicability`` says
    whether ``--fix`` applies it or only ``--unsafe-fixes`` does."""

    def change(target: str, replacements: list[dict[str, Any]]) -> dict[str, Any]:
        address, base = uri(target, root)
        location: dict[str, Any] = {"uri": address}
        if base:
            location["uriBaseId"] = base
        return {"artifactLocation": location, "replacements": replacements}

    edits = [
        {
            "deletedRegion": {"byteOffset": e.start, "byteLength": e.end - e.start},
            "insertedContent": {"text": clean(e.content)},
        }
        for e in sorted(fix.edits)
    ]
    changes = [change(path, edits)]
    for new in fix.files:
        inserted = {
            "deletedRegion": {"byteOffset": 0, "byteLength": 0},
            "insertedContent": {"text": clean(new.content)},
        }
        changes.append(change(new.path, [inserted]))
    return {
        "description": {"text": braces(fix.message)},
        "artifactChanges": changes,
        "properties": {"applicability": fix.applicability.value},
    }


def _pseudo(path: str) -> bool:
    """``<memory>``, ``<turn>``, ``""``: an in-memory document has no file to point at."""
    return not path or (path.startswith("<") and path.endswith(">"))


def notifications(report: Report) -> Iterable[dict[str, Any]]:
    for level, texts in (("error", report.problems), ("note", report.notes)):
        for text in texts:
            yield {"level": level, "message": {"text": braces(text)}}


def as_sarif(report: Report, root: str | None = None) -> dict[str, Any]:
    """The whole SARIF log; ``root`` (default: the working directory) is what ``%SRCROOT%`` means.

    Built in memory: for tests and library callers. ``SarifReporter`` writes the same log
    one result at a time.
    """
    log, results = _skeleton(report, root)
    log["runs"][0]["results"] = list(results)
    return log


def _skeleton(report: Report, root: str | None) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The log with an empty ``results`` (the run's last key), and the results to put there."""
    root = os.path.abspath(root or os.getcwd())
    rules = descriptors(report)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    invocation: dict[str, Any] = {"executionSuccessful": not report.problems and not report.internal_errors}
    found = list(notifications(report))
    if found:
        invocation["toolExecutionNotifications"] = found
    base = file_uri(root)
    log = {
        "version": "2.1.0",  # first, as SARIF §3.13.2 asks
        "$schema": SCHEMA,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "fplint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": REPOSITORY,
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "originalUriBaseIds": {SRCROOT: {"uri": base if base.endswith("/") else base + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": [],
            }
        ],
    }
    return log, (result(d, index[d.rule], root) for d in report.diagnostics)


def dumps(value: Any, prefix: str = "") -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, every line after the first indented
    by ``prefix``, as valid UTF-8 with nothing a reader could split a line at (orjson when
    installed: the same text, faster)."""
    text = None
    if _orjson is not None:
        # a lone surrogate is a TypeError: the standard library writes it, clean() replaces it
        with contextlib.suppress(TypeError):
            text = _orjson.dumps(value, option=_orjson.OPT_INDENT_2).decode("utf-8")
    if text is None:
        text = json.dumps(value, indent=2, ensure_ascii=False)
    if prefix:
        text = text.replace("\n", "\n" + prefix)  # the layout's newlines: strings escape theirs
    return json_safe(clean(text))


class SarifReporter(Reporter):
    """SARIF 2.1.0: one run, the rules that ran with their documentation, one result per diagnostic.

    Streamed: the log around the results is written first, then each result as it is read,
    so memory does not grow with the number of findings.
    """

    def render(self, report: Report, out: TextIO) -> None:
        log, results = _skeleton(report, None)
        text = dumps(log)
        at = text.rindex('"results": []') + len('"results": [')
        out.write(text[:at])
        written = 0
        for data in results:
            out.write(("," if written else "") + "\n" + _RESULT_INDENT + dumps(data, _RESULT_INDENT))
            written += 1
        out.write(("\n" + _RESULT_INDENT[:-2] if written else "") + text[at:] + "\n")
