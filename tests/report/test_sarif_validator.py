"""The SARIF fplint writes passes Microsoft's validator, ``sarif-multitool validate``.

The validator comes from npm (``@microsoft/sarif-multitool``, a self-contained .NET program:
no .NET install needed). It is found, in order, at ``$FPLINT_SARIF_MULTITOOL``, in
``<repo>/.tools`` (at the pinned version), or installed there with npm once per session.
Without npm the test fails, with a message saying what to install: it is never skipped.

Two things about the validator shape this test:

* Its exit code is 0 even when the file it checked is invalid, so the verdict is read
  from the SARIF log it writes (``--output``), never from the exit code or console text.
* npm's ``sarif-multitool`` launcher runs the real executable through a shell without
  quoting, which splits paths at spaces; the test runs the executable directly.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from reporter_samples import diagnostic, fixable, realistic

from fplint.check.report import Report
from fplint.model import Severity
from fplint.report.sarif import SarifReporter

PACKAGE = "@microsoft/sarif-multitool"
PINNED = "5.7.0"
ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / ".tools"
ENV = "FPLINT_SARIF_MULTITOOL"

# SARIF2006 (UrisShouldBeReachable) sends an HTTP GET to every helpUri and $schema: keep the
# check offline and deterministic by turning that one rule off.
OFFLINE = """<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" />
  </Properties>
</Properties>
"""

# Warnings the validator may give fplint's SARIF, each on purpose:
ACCEPTED_WARNINGS = {
    # A diagnostic with no line (an in-memory document, a dataset-wide finding) has no region;
    # inventing "line 1" would send readers to the wrong place.
    "SARIF2017",
}


# -- finding and installing the validator ------------------------------------------------


def installed_version() -> str | None:
    manifest = TOOLS / "node_modules" / "@microsoft" / "sarif-multitool" / "package.json"
    try:
        version: str = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None
    return version


def launcher() -> Path:
    bin_dir = TOOLS / "node_modules" / ".bin"
    return bin_dir / ("sarif-multitool.cmd" if sys.platform == "win32" else "sarif-multitool")


def install() -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail(
            f"npm is not on PATH: the SARIF validator test needs Node.js/npm to install {PACKAGE}@{PINNED} "
            f"into {TOOLS} (or set {ENV} to a sarif-multitool executable)",
            pytrace=False,
        )
    command = [npm, "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", f"{PACKAGE}@{PINNED}"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        pytest.fail(f"'{' '.join(command)}' did not finish in 15 minutes", pytrace=False)
    if done.returncode != 0 or installed_version() != PINNED:
        pytest.fail(
            f"'{' '.join(command)}' failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}", pytrace=False
        )


def native(tool: Path) -> Path:
    """The validator executable itself when ``tool`` is npm's launcher (or its ``bin.js``)."""
    real = tool.resolve()
    package = real.parent
    if real.name == "bin.js" and package.name == "sarif-multitool":
        pass
    elif tool.parent.name == ".bin" and tool.name.startswith("sarif-multitool"):  # a .cmd shim on Windows
        package = tool.parent.parent / "@microsoft" / "sarif-multitool"
    else:
        return tool
    node = shutil.which("node")
    if node is not None:  # ask the package, as its launcher does, which executable fits this platform
        done = subprocess.run([node, "-p", "require(process.argv[1])", str(package)], capture_output=True, text=True)
        if done.returncode == 0 and done.stdout.strip():
            return Path(done.stdout.strip())
    name = "Sarif.Multitool.exe" if sys.platform == "win32" else "Sarif.Multitool"
    return package.parent / f"sarif-multitool-{sys.platform}" / name


@pytest.fixture(scope="session")
def multitool() -> Path:
    configured = os.environ.get(ENV)
    if configured:
        tool = Path(configured)
        if not tool.exists():
            pytest.fail(f"{ENV}={configured} does not exist", pytrace=False)
    else:
        if installed_version() != PINNED or not launcher().exists():
            install()
        tool = launcher()
    executable = native(tool)
    if not executable.exists():
        pytest.fail(f"the sarif-multitool executable behind {tool} is missing: expected {executable}", pytrace=False)
    if sys.platform != "win32" and not os.access(executable, os.X_OK):
        # npm may skip the package's postinstall ("chmod u+x Sarif.Multitool") when scripts are off.
        executable.chmod(executable.stat().st_mode | stat.S_IXUSR)
    return executable


# -- running it and reading its verdict --------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """One thing the validator said: its level, rule, which file (and line) and what."""

    level: str
    rule: str
    file: str
    line: int | None
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line or '?'}: {self.level} {self.rule}: {self.text}"


def validate(tool: Path, files: list[Path], workdir: Path) -> tuple[dict[str, Any], float]:
    """Run ``sarif-multitool validate``; its own SARIF log and how long it took."""
    config = workdir / "offline.config.xml"
    config.write_text(OFFLINE, encoding="utf-8")
    log = workdir / "validation.sarif"
    command = [str(tool), "validate", *map(str, files), "--output", str(log), "--log", "ForceOverwrite", "--config", str(config)]
    # Invariant globalization: the .NET runtime inside does not then need libicu on the machine.
    env = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1", "DOTNET_CLI_TELEMETRY_OPTOUT": "1"}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env, cwd=workdir)
    took = time.perf_counter() - started
    assert done.returncode == 0 and log.exists(), f"the validator itself failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}"
    return json.loads(log.read_text(encoding="utf-8-sig")), took


def message(result: dict[str, Any], rule: dict[str, Any]) -> str:
    """A result's message: its text, or its rule's message string with the arguments filled in."""
    found = result.get("message", {})
    text = found.get("text") or rule.get("messageStrings", {}).get(found.get("id"), {}).get("text") or str(found)
    arguments = found.get("arguments", [])
    text = re.sub(r"(?<!\{)\{(\d+)\}", lambda m: arguments[int(m[1])] if int(m[1]) < len(arguments) else m[0], text)
    return text.replace("{{", "{").replace("}}", "}")


def verdicts(log: dict[str, Any]) -> list[Verdict]:
    """Every result and notification in the validator's log, with its effective level."""
    found: list[Verdict] = []
    for run in log["runs"]:
        rules = run["tool"]["driver"].get("rules", [])
        by_id = {r["id"]: r for r in rules}
        for result in run.get("results", []):
            index = result.get("ruleIndex", -1)
            rule = rules[index] if 0 <= index < len(rules) else by_id.get(result.get("ruleId", ""), {})
            if result.get("kind", "fail") != "fail":
                continue
            level = result.get("level") or rule.get("defaultConfiguration", {}).get("level", "warning")
            physical = (result.get("locations") or [{}])[0].get("physicalLocation", {})
            file = Path(unquote(urlparse(physical.get("artifactLocation", {}).get("uri", "")).path)).name
            line = physical.get("region", {}).get("startLine")
            found.append(Verdict(level, result.get("ruleId", "?"), file, line, message(result, rule)))
        for invocation in run.get("invocations", []):
            if invocation.get("executionSuccessful") is False:
                found.append(Verdict("error", "executionSuccessful", "", None, "the validator did not run to completion"))
            for key in ("toolExecutionNotifications", "toolConfigurationNotifications"):
                for note in invocation.get(key, []):
                    found.append(Verdict(note.get("level", "warning"), key, "", None, message(note, {})))
    return found


# -- the reports it checks ---------------------------------------------------------------


def full_report() -> Report:
    """Several rules, errors and warnings, no line, unicode paths, notes, problems, a plugin rule."""
    report = realistic()
    report.diagnostics.append(diagnostic(path="/outside/the root/x.json", severity=Severity.WARNING))
    report.diagnostics.append(diagnostic(path="data/é/ø.json", line=7, column=None, message="{\"bad\": true}"))
    report.problems.append("missing dir/: no such file or directory")
    report.diagnostics.extend(fixable().diagnostics)  # SARIF fixes: replacements and new files
    return report


def write(report: Report, path: Path) -> Path:
    out = io.StringIO()
    SarifReporter().render(report, out)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


INVALID_CONTROL = {
    "version": "2.1.0",
    "runs": [{"tool": {"driver": {}}, "results": [{"ruleId": "x", "level": "bogus", "message": {"text": "m"}}]}],
}


def test_the_validator_finds_no_errors_in_fplint_sarif(multitool: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ours = write(full_report(), tmp_path / "fplint-realistic.sarif")
    empty = write(Report(), tmp_path / "fplint-empty.sarif")
    # A control: its exit code being 0 whatever it finds, the validator must be seen to report
    # errors in *this* log, or a broken reading of its verdict would pass everything.
    control = tmp_path / "control-invalid.sarif"
    control.write_text(json.dumps(INVALID_CONTROL), encoding="utf-8")

    log, _ = validate(multitool, [ours, empty, control], tmp_path)
    found = verdicts(log)

    control_errors = {v.rule for v in found if v.file == control.name and v.level == "error"}
    assert {"JSON1002", "JSON1019"} <= control_errors, "\n".join(map(str, found))
    assert not [v for v in found if not v.file and v.level == "error"], "\n".join(map(str, found))
    for sarif in (ours, empty):
        errors = [v for v in found if v.file == sarif.name and v.level == "error"]
        assert not errors, f"sarif-multitool validate reports errors in {sarif.name}:\n" + "\n".join(map(str, errors))
        warnings = [v for v in found if v.file == sarif.name and v.level == "warning"]
        unexpected = [v for v in warnings if v.rule not in ACCEPTED_WARNINGS]
        assert not unexpected, f"new validator warnings for {sarif.name}:\n" + "\n".join(map(str, unexpected))
    if not os.environ.get(ENV):
        assert log["runs"][0]["tool"]["driver"]["semanticVersion"].startswith(PINNED)


def test_the_validator_finds_no_errors_in_sarif_from_the_broken_examples(multitool: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fplint

    monkeypatch.chdir(ROOT)
    report = fplint.lint_paths(["examples/broken", "examples/valid"])
    assert len({d.rule for d in report.diagnostics}) > 25
    sarif = write(report, tmp_path / "fplint-examples.sarif")
    log, _ = validate(multitool, [sarif], tmp_path)
    found = verdicts(log)
    problems = [v for v in found if v.level == "error" and (v.file in (sarif.name, "")) and v.rule != "toolConfigurationNotifications"]
    problems += [v for v in found if v.file == sarif.name and v.level == "warning" and v.rule not in ACCEPTED_WARNINGS]
    assert not problems, "\n".join(map(str, problems))
