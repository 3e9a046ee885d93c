"""Rule documentation, read from each rule's own docstring: for ``explain``, ``rules`` and docs/."""

from __future__ import annotations

import inspect
import json
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fplint.config import RuleSettings
from fplint.rule import Rule


@dataclass(frozen=True)
class RuleDoc:
    """The parts of a rule's docstring, plus its metadata."""

    name: str
    code: str
    scope: str
    severity: str
    summary: str
    description: str
    why: str
    fails: str
    passes: str
    options: tuple[tuple[str, str, Any, str], ...]  # (name, type, default, help)
    fix: str = ""  # the paragraph "Fix (safe): ..." or "Fix (unsafe): ...": what --fix does


def rule_doc(rule: type[Rule]) -> RuleDoc:
    """Split a docstring into summary, description, why, and the failing and passing examples.

    The convention: a summary paragraph, prose, a paragraph starting ``Why:``, then
    ``Fails::`` and ``Passes::`` each followed by an indented example block. A rule with a
    fix says what it does in a paragraph starting ``Fix (safe):`` or ``Fix (unsafe):``.
    """
    paragraphs = _paragraphs(inspect.cleandoc(rule.__doc__ or "").replace("``", "`"))
    summary = " ".join(paragraphs.pop(0).split()) if paragraphs else ""
    description: list[str] = []
    why = fails = passes = fix = ""
    while paragraphs:
        paragraph = paragraphs.pop(0)
        if paragraph.startswith("Why:"):
            why = " ".join(paragraph.removeprefix("Why:").split())
        elif paragraph.startswith(("Fix (safe):", "Fix (unsafe):")):
            fix = " ".join(paragraph.split())
        elif paragraph.strip() in ("Fails::", "Passes::"):
            block = textwrap.dedent(paragraphs.pop(0)).strip("\n") if paragraphs else ""
            if paragraph.strip() == "Fails::":
                fails = block
            else:
                passes = block
        else:
            description.append(" ".join(paragraph.split()))
    options = tuple((name, o.type.__name__, o.default, o.help) for name, o in rule.options.items())
    return RuleDoc(
        rule.name,
        rule.code,
        rule.scope.value,
        rule.severity.value,
        summary,
        "\n\n".join(description),
        why,
        fails,
        passes,
        options,
        fix,
    )


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, keeping an indented block together with its blank lines."""
    out: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            if current:
                out.append("\n".join(current))
                current = []
            continue
        if current and line.startswith(" ") != current[0].startswith(" "):
            out.append("\n".join(current))
            current = []
        current.append(line)
    if current:
        out.append("\n".join(current))
    return out


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


def explain(rule: type[Rule], settings: RuleSettings | None = None) -> str:
    """What ``fplint explain`` prints: everything a user needs about one rule."""
    doc = rule_doc(rule)
    severity = doc.severity
    if settings is not None:
        current = settings.severity.value if settings.severity else "off"
        severity = f"{current} (default {doc.severity})" if current != doc.severity else current
    lines = [
        f"{doc.name} ({doc.code})",
        "",
        doc.summary,
        "",
        f"Scope: {doc.scope}    Severity: {severity}",
        "",
    ]
    if doc.description:
        lines += [doc.description, ""]
    if doc.why:
        lines += [f"Why it matters: {doc.why}", ""]
    if doc.fix:
        lines += [doc.fix, ""]
    if doc.options:
        lines.append("Options:")
        for name, kind, default, help_text in doc.options:
            now = settings.options.get(name, default) if settings else default
            shown = _value(now) + ("" if now == default else f" (default {_value(default)})")
            lines.append(f"  {name} ({kind}) = {shown}")
            lines.append(f"      {help_text}")
        lines.append("")
    for title, block in (("Fails", doc.fails), ("Passes", doc.passes)):
        if block:
            lines += [f"{title}:", *("    " + line for line in block.splitlines()), ""]
    return "\n".join(lines).rstrip() + "\n"


def markdown(rules: Sequence[type[Rule]], settings: Mapping[str, RuleSettings] | None = None) -> str:
    """The rule reference (docs/rules.md), generated from the docstrings."""
    lines = [
        "# Rule reference",
        "",
        "Generated from each rule's docstring by `fplint rules --output-format markdown`;",
        "a test fails when this file is out of date. Severities and option values are the",
        "default ruleset's (`rules/default.yaml`), the seed's standard.",
        "",
        "| code | rule | scope | severity | what |",
        "|---|---|---|---|---|",
    ]
    docs = [rule_doc(r) for r in rules]
    for doc in docs:
        severity = _severity(doc, settings)
        summary = doc.summary.replace("|", "\\|")
        lines.append(f"| {doc.code} | [{doc.name}](#{doc.name}) | {doc.scope} | {severity} | {summary} |")
    for doc, rule in zip(docs, rules, strict=True):
        lines += [
            "",
            f"## {doc.name}",
            "",
            f"`{doc.code}` · scope: {doc.scope} · severity: {_severity(doc, settings)}",
            "",
        ]
        lines += [doc.summary, ""]
        if doc.description:
            lines += [doc.description, ""]
        if doc.why:
            lines += [f"**Why it matters.** {doc.why}", ""]
        if doc.fix:
            head, _, rest = doc.fix.partition(":")
            lines += [f"**{head}.** {rest.strip()}", ""]
        if doc.options:
            lines += ["| option | type | default | meaning |", "|---|---|---|---|"]
            for name, kind, default, help_text in doc.options:
                value = (
                    settings[rule.name].options.get(name, default)
                    if settings and rule.name in settings
                    else default
                )
                shown = _value(value).replace("|", "\\|")
                lines.append(f"| `{name}` | {kind} | `{shown}` | {help_text} |")
            lines.append("")
        for title, block in (("Fails", doc.fails), ("Passes", doc.passes)):
            if block:
                lines += [f"{title}:", "", "```text", block, "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def _severity(doc: RuleDoc, settings: Mapping[str, RuleSettings] | None) -> str:
    if settings and doc.name in settings:
        severity = settings[doc.name].severity
        return severity.value if severity else "off"
    return doc.severity


def as_data(rules: Sequence[type[Rule]], settings: Mapping[str, RuleSettings]) -> list[dict[str, Any]]:
    """``fplint rules --output-format json``."""
    out = []
    for rule in rules:
        doc = rule_doc(rule)
        current = settings.get(rule.name)
        severity = current.severity.value if current and current.severity else "off"
        out.append(
            {
                "name": doc.name,
                "code": doc.code,
                "scope": doc.scope,
                "severity": severity,
                "default_severity": doc.severity,
                "summary": doc.summary,
                "fix": doc.fix.partition("(")[2].partition(")")[0] or None,  # safe, unsafe, or none
                "options": {
                    name: current.options.get(name) if current else default
                    for name, _, default, _ in doc.options
                },
            }
        )
    return out
