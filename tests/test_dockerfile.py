"""The Dockerfile copies what the wheel is built from, .dockerignore lets exactly that through,
and the recipe, run step by step without Docker, gives an ``fplint`` that checks the example.

Docker is not needed (nor is a daemon or a registry reachable where this suite runs): the last
test reads the Dockerfile and carries out its instructions itself. Each stage's file system is a
folder and its ``python`` a fresh virtual environment; COPY copies from the build context as
.dockerignore filters it (or from an earlier stage); RUN runs the stage's commands verbatim in
bash, absolute paths moved into the stage's folder. Only ``useradd`` is left out (it would
change this machine's users; the image's user is checked above). The image's Python is 3.12;
here it is the Python running the tests.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from conftest import ROOT


def copied() -> list[str]:
    """The sources of each COPY from the build context (not from another stage)."""
    found = []
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        words = line.split()
        if words[:1] == ["COPY"] and not any(w.startswith("--from") for w in words):
            found += [w for w in words[1:-1] if not w.startswith("--")]
    return found


def allowed(path: str) -> bool:
    """Whether .dockerignore (an ignore-everything list with exceptions) lets ``path`` in."""
    keep = True
    for pattern in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines():
        pattern = pattern.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        if fnmatch.fnmatch(path, pattern) or path.startswith(pattern + "/"):
            keep = negated
    return keep


def test_everything_copied_exists_and_is_in_the_build_context() -> None:
    sources = copied()
    assert sources
    for source in sources:
        assert (ROOT / source).exists(), source
        assert allowed(source.rstrip("/")), f".dockerignore leaves out {source}"


def test_the_wheel_gets_what_it_force_includes() -> None:
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"]["wheel"]
    needed = {"pyproject.toml", "README.md", *wheel["packages"], *wheel["force-include"]}
    assert needed <= {s.rstrip("/").removeprefix("./") for s in copied()}


def test_the_entrypoint_is_fplint_and_it_does_not_run_as_root() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert 'ENTRYPOINT ["fplint"]' in text
    assert re.search(r"^USER (?!root)\w+", text, flags=re.MULTILINE)


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile's (INSTRUCTION, arguments), continuation lines joined, comments left out."""
    joined = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    found = []
    for line in joined.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, arguments = line.strip().partition(" ")
            found.append((keyword.upper(), arguments.strip()))
    return found


@dataclass
class Stage:
    """One FROM: its file system (a folder), its Python (a fresh venv), where it is."""

    root: Path
    python: Path
    workdir: Path = field(init=False)

    def __post_init__(self) -> None:
        self.workdir = self.root

    def path(self, name: str) -> Path:
        """A path inside the stage: absolute from its root, else from its WORKDIR."""
        return self.root / name.lstrip("/") if name.startswith("/") else self.workdir / name

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV")}
        return {**env, "PATH": f"{self.python.parent}{os.pathsep}{env.get('PATH', '')}", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def copy(source: Path, target: Path) -> None:
    """COPY's meaning: a folder's contents into the target folder, a file to the target."""
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def build(tmp: Path) -> tuple[Stage, list[str], list[str]]:
    """Carry out the Dockerfile; the last stage, its ENTRYPOINT and its CMD."""
    stages: dict[str, Stage] = {}
    stage: Stage | None = None
    entrypoint: list[str] = []
    command: list[str] = []
    for keyword, arguments in instructions():
        if keyword == "FROM":
            image, *alias = arguments.split()
            assert image.startswith("python:"), f"the recipe runs on a Python image, not {image}"
            number = len(stages)
            root = tmp / f"stage{number}"
            root.mkdir()
            subprocess.run([sys.executable, "-m", "venv", str(tmp / f"python{number}")], check=True)
            stage = Stage(root, tmp / f"python{number}" / "bin" / "python")
            stages[alias[-1] if alias else str(number)] = stage
            continue
        assert stage is not None, f"{keyword} before FROM"
        if keyword == "WORKDIR":
            stage.workdir = stage.path(arguments)
            stage.workdir.mkdir(parents=True, exist_ok=True)
        elif keyword == "COPY":
            words = arguments.split()
            origin = next((w.split("=", 1)[1] for w in words if w.startswith("--from=")), None)
            *sources, target = [w for w in words if not w.startswith("--")]
            for source in sources:
                assert origin is not None or allowed(source.rstrip("/").removeprefix("./")), source
                where = stages[origin].path(source) if origin is not None else ROOT / source
                copy(where, stage.path(target) if len(sources) == 1 else stage.path(target) / Path(source).name)
        elif keyword == "RUN":
            root = str(stage.root).replace("\\", "\\\\") + "/"  # a replacement string: backslashes doubled
            moved = re.sub(r"(?<=[\s=\"'])/(?=[A-Za-z])", root, arguments)  # /wheels: the stage's own
            script = f"useradd() {{ :; }}\nset -e\n{moved}"
            done = subprocess.run(["bash", "-c", script], cwd=stage.workdir, env=stage.env(), capture_output=True, text=True, timeout=1200)
            assert done.returncode == 0, f"RUN {arguments}\n{done.stdout}\n{done.stderr}"
        elif keyword == "ENTRYPOINT":
            entrypoint = json.loads(arguments)
        elif keyword == "CMD":
            command = json.loads(arguments)
        else:
            assert keyword in ("USER", "ENV", "LABEL", "EXPOSE"), f"the recipe test does not know {keyword}"
    assert stage is not None
    return stage, entrypoint, command


def test_the_recipe_builds_an_fplint_that_checks_the_example_without_docker(tmp_path: Path) -> None:
    image, entrypoint, command = build(tmp_path)
    program = shutil.which(entrypoint[0], path=image.env()["PATH"])
    assert program is not None and Path(program).parent == image.python.parent  # the image's own fplint
    assert not list(image.root.rglob("*.whl")), "the wheels are removed from the final image"
    for arguments in (["check", "examples/valid"], command):  # the documented run, and the default one
        done = subprocess.run([program, *entrypoint[1:], *arguments], cwd=image.workdir, env=image.env(), capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, shlex.join(arguments) + "\n" + done.stdout + done.stderr
        assert "All checks passed" in done.stdout
    listed = subprocess.run([image.python, "-m", "pip", "list", "--format", "json"], env=image.env(), capture_output=True, text=True, check=True)
    names = {p["name"].lower().replace("_", "-") for p in json.loads(listed.stdout)}
    assert {"fplint", "jsonschema-rs", "orjson"} <= names  # the fast extra, as the image has it
    assert not names & {"pytest", "hatchling", "pygls"}  # and nothing of the tests' or the build's
