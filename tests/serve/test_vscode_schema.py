"""`fplint schema` in VS Code: its JSON language service, run for real, finds what check-jsonschema
and fplint find.

VS Code's engine (the npm package ``vscode-json-languageservice``) is installed into
``.tools`` by the test (see ``npm_tools``) and driven by ``jsonls.js`` the way VS Code drives it
for a workspace: the ``json.schemas`` of the ``.vscode/settings.json`` that ``fplint schema
--for-editor`` writes, the schema read from disk. Its diagnostics are compared, line by line,
with what the check-jsonschema CLI (a test dependency) reports against the same schema file,
with fplint's own validation of the bundled schema, and with fplint's schema rules.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from factory import DELETE, edit, valid_turn
from npm_tools import ROOT, ensure, node

from fplint.check import schema, validation
from fplint.cli import cli
from fplint.read.loader import load
from fplint.read.pointer import join

PACKAGE = "vscode-json-languageservice"
PINNED = "5.7.2"
HARNESS = Path(__file__).with_name("jsonls.js")


@pytest.fixture(scope="session")
def modules() -> Path:
    return ensure(PACKAGE, PINNED)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A dataset repository set up with `fplint schema --for-editor`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".fplint.yaml").write_text("dataset: ['data/**/*.json']\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    result = CliRunner().invoke(cli, ["schema", "--for-editor"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return tmp_path


def vscode(modules: Path, folder: Path, documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    settings = json.loads((folder / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    request = {"modules": str(modules), "folder": str(folder), "settings": settings, "documents": documents}
    done = subprocess.run([node(), str(HARNESS)], input=json.dumps(request), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


def vscode_lines(modules: Path, folder: Path, path: Path) -> list[int]:
    [result] = vscode(modules, folder, [{"path": str(path)}])
    return sorted(d["range"]["start"]["line"] + 1 for d in result["diagnostics"])


_STEP = re.compile(r"\.([A-Za-z_]\w*)|\[(\d+)\]|\[(['\"])(.*?)\3\]")
_EXTRA = re.compile(r"Additional properties are not allowed \((.*) (?:was|were) unexpected\)")


def json_pointer(path: str) -> str:
    """check-jsonschema's ``$.a[0].b`` (or ``$["a b"]``) as a JSON pointer."""
    assert path.startswith("$"), path
    tokens, at = [], 1
    while at < len(path):
        step = _STEP.match(path, at)
        assert step, f"cannot read {path!r} at {at}"
        tokens.append(step.group(1) or step.group(2) or step.group(4))
        at = step.end()
    return join("", *tokens)


def check_jsonschema_lines(folder: Path, path: Path) -> list[int]:
    """Where each error the check-jsonschema CLI reports against the editor schema sits: at its
    path, and an unexpected property (reported on its object, named in the message) at its key,
    where an editor puts it."""
    schema_file = folder / ".vscode" / "fplint.schema.json"
    command = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema_file), "-o", "json", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1) and done.stdout.strip(), done.stdout + done.stderr  # 1 is also "no module"
    report = json.loads(done.stdout)
    assert not report.get("parse_errors"), report
    document = load(path)
    lines = []
    for error in report.get("errors", []):
        pointer = json_pointer(error["path"])
        extra = _EXTRA.fullmatch(error["message"])
        names = ast.literal_eval(f"({extra.group(1)},)") if extra else ("",)
        lines += [document.locate(join(pointer, name) if name else pointer)[0] for name in names]
    return sorted(lines)


def fplint_lines(path: Path) -> list[int]:
    """Where fplint's validation against the same bundled schema puts each violation."""
    document = load(path)
    return sorted(document.locate(pointer)[0] for pointer, _ in validation.violations(document.value, schema.DATASET))


def rule_lines(path: Path) -> list[int]:
    """Where fplint's schema rules (a turn against the turn schema, the file around it) report."""
    import fplint

    config = fplint.load_config(discover=False, overrides={"select": ["schema", "file-schema"]})
    return sorted(d.line or 0 for d in fplint.lint_paths([path], config).diagnostics)


def test_the_broken_example_shows_the_schema_findings(modules: Path, workspace: Path) -> None:
    target = workspace / "data" / "schema.json"
    shutil.copy(ROOT / "examples" / "broken" / "schema.json", target)
    found = vscode_lines(modules, workspace, target)
    assert found == check_jsonschema_lines(workspace, target)
    assert found == fplint_lines(target) == rule_lines(target)
    assert len(found) == 3  # a confidence above 1, a missing key, a misspelt key


T = "/training_pairs/0"


def many_violations() -> dict[str, Any]:
    """One pairs file breaking the schema in every kind of way it can be broken."""
    first = edit(valid_turn(1, "fp_marcus_950"), {
        "/turn_number": "one",  # type
        "/emotional_context/detected_emotions/primary_confidence": 1.4,  # maximum
        "/emotional_context/detected_emotions/intensity": -0.1,  # minimum
        "/emotional_context/detected_emotions/secondary_confidence": DELETE,  # dependentRequired
        "/response_strategy/tone": "warm",  # additionalProperties (misspelt)
        "/response_strategy/pacing": DELETE,  # required
        "/training_metadata/quality_score": 7,  # maximum
        "/training_metadata/human_reviewed": "yes",  # type
        "/training_metadata/quality_criteria/empathy_score": 0,  # minimum, in an open object
        "/training_metadata/quality_criteria/warmth": 9,  # additionalProperties schema of an open object
        "/response_strategy/tactical_choices/avoid_jargon": "true",  # a flag that is no boolean
    })
    second = edit(valid_turn(2, "fp_marcus_950"), {
        "/conversation_history/0/role": 3,  # type, in a list
        "/response_strategy/specific_techniques/0/purpose": DELETE,  # required, inside a list
        "/emotional_context/client_needs_hierarchy/0/priority": 0,  # minimum
        "/response_breakdown/sentences/0/word_choice_rationale/extra": 3,  # type in additionalProperties
    })
    return {"training_pairs": [first, second], "dataset_metadata": {"version": "1"}, "notes": "stray"}


def single_turn() -> dict[str, Any]:
    return edit(valid_turn(1, "fp_david_950"), {"/emotional_context/detected_emotions/valence": 3, "/id": DELETE})


def conversations_file() -> dict[str, Any]:
    turn = edit(valid_turn(1, "fp_david_951"), {"/expected_user_response_patterns/neutral_indicators": "maybe"})
    return {"conversations": [{"conversation_id": "fp_david_951", "training_pairs": [turn], "summary": "stray"}]}


@pytest.mark.parametrize(("document", "count"), [(many_violations(), 16), (single_turn(), 2), (conversations_file(), 2)], ids=["pairs", "turn", "conversations"])
def test_every_kind_of_violation_is_found_where_fplint_finds_it(modules: Path, workspace: Path, document: dict[str, Any], count: int) -> None:
    target = workspace / "data" / "broken.json"
    target.write_text(json.dumps(document, indent=2), encoding="utf-8")
    found = vscode_lines(modules, workspace, target)
    assert found == check_jsonschema_lines(workspace, target)
    assert found == fplint_lines(target) == rule_lines(target)
    assert len(found) == count


def test_a_valid_file_shows_nothing_and_other_files_are_not_held_to_the_schema(modules: Path, workspace: Path) -> None:
    valid = workspace / "data" / "valid.json"
    valid.write_text(json.dumps({"training_pairs": [valid_turn(1), valid_turn(2)]}, indent=2), encoding="utf-8")
    elsewhere = workspace / "package.json"
    elsewhere.write_text(json.dumps({"name": "not a dataset", "training_pairs": 3}), encoding="utf-8")
    results = vscode(modules, workspace, [{"path": str(valid)}, {"path": str(elsewhere)}])
    assert [r["diagnostics"] for r in results] == [[], []]


def test_hover_shows_the_standard_and_completion_offers_its_labels(modules: Path, workspace: Path) -> None:
    target = workspace / "data" / "turn.json"
    text = json.dumps({"training_pairs": [valid_turn(1)]}, indent=2)
    target.write_text(text, encoding="utf-8")
    key = text.index('"valence"')
    value = text.index('"negative"', key)
    confidence = text.index('"primary_confidence"')
    [result] = vscode(modules, workspace, [{"path": str(target), "hover": [key + 2, confidence + 2], "complete": [value + 1]}])
    valence, primary_confidence = result["hovers"]
    assert "negative, positive or mixed" in valence
    assert "0\\.6–0\\.9" in primary_confidence  # VS Code's markdown escapes the dot
    assert {'"negative"', '"positive"', '"mixed"'} <= set(result["completions"][0])


def test_the_bundle_has_no_ref_beside_other_keywords() -> None:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            assert "$ref" not in node or len(node) == 1, node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema.bundle())


def resolved_type(node: dict[str, Any], bundled: dict[str, Any]) -> Any:
    """A property's type, following the ``allOf``/``$ref`` chain of the bundle."""
    if "type" in node:
        return node["type"]
    for part in node.get("allOf", []):
        target: Any = bundled
        for token in part["$ref"].removeprefix("#/").split("/"):
            target = target[token] if token else target
        found = resolved_type(target, bundled)
        if found is not None:
            return found
    return None


def test_every_property_has_a_description_and_every_value_property_examples() -> None:
    bundled = schema.bundle()
    missing: list[str] = []
    values = 0

    def walk(node: Any, where: str) -> None:
        nonlocal values
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                here = f"{where}/properties/{name}"
                if not sub.get("description"):
                    missing.append(f"{here}: no description")
                if resolved_type(sub, bundled) in ("string", "number", "integer", "boolean") and "enum" not in sub:
                    values += 1
                    if not sub.get("examples"):
                        missing.append(f"{here}: no examples")
            for key, value in node.items():
                if key not in ("if", "then", "else", "not"):  # conditions on properties declared elsewhere
                    walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(bundled, "")
    assert not missing, "\n".join(missing)
    assert values > 60

