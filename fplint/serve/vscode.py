"""``fplint schema --for-editor``: the bundled schema in ``.vscode/`` and the settings mapping files to it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fplint.atomic import write_text
from fplint.check.schema import DATASET, bundle

FOLDER = ".vscode"
SCHEMA_NAME = "fplint.schema.json"
SETTINGS_NAME = "settings.json"
_YAML = (".yaml", ".yml")


def settings(globs: list[str], schema_url: str = f"./{FOLDER}/{SCHEMA_NAME}") -> dict[str, Any]:
    """The ``.vscode/settings.json`` entries that hold the dataset's files to the schema.

    JSON globs go to VS Code's own ``json.schemas``; YAML globs to ``yaml.schemas`` (Red Hat's
    YAML extension). JSONL has no schema support in VS Code: the language server covers it.
    A glob without ``/`` matches a file name anywhere, in fplint and in VS Code alike.
    """
    json_globs = [g for g in globs if not g.endswith((*_YAML, ".jsonl", ".ndjson"))]
    yaml_globs = [g for g in globs if g.endswith(_YAML)]
    found: dict[str, Any] = {}
    if json_globs:
        found["json.schemas"] = [{"fileMatch": json_globs, "url": schema_url}]
    if yaml_globs:
        found["yaml.schemas"] = {schema_url: yaml_globs}
    return found


@dataclass(frozen=True)
class Written:
    """What ``write`` did: the schema's path, the settings file (if it wrote one), the snippet."""

    schema: Path
    settings: Path | None
    snippet: str


def write(root: Path, globs: list[str]) -> Written:
    """Write the editor schema into ``root/.vscode``; write ``settings.json`` there unless one
    exists (fplint never rewrites a user's settings: the snippet is returned to merge by hand)."""
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    schema_path = folder / SCHEMA_NAME
    write_text(schema_path, json.dumps(bundle(DATASET), indent=2, ensure_ascii=False) + "\n")
    snippet = json.dumps(settings(globs), indent=2, ensure_ascii=False) + "\n"
    target = folder / SETTINGS_NAME
    if target.exists() or target.is_symlink():
        return Written(schema_path, None, snippet)
    write_text(target, snippet)
    return Written(schema_path, target, snippet)
