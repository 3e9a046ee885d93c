"""The Dockerfile copies what the wheel is built from, and .dockerignore lets exactly that through.

Docker itself is not needed here: the image's recipe (build the wheels, install them into a
clean Python, run `fplint check examples/valid`) is the packaging test's, step for step.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib

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
