"""Where the shipped schemas and rulesets live: inside the wheel, or beside a source checkout."""

from __future__ import annotations

import functools
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def data_dir() -> Path:
    """The directory that holds ``schemas/`` and ``rules/``.

    A wheel carries them as ``fplint/_data``; a source checkout (and an editable install)
    has them at the top of the repository, one level above the package.
    """
    for candidate in (_PACKAGE / "_data", _PACKAGE.parent):
        if (candidate / "schemas").is_dir() and (candidate / "rules").is_dir():
            return candidate
    raise FileNotFoundError(f"fplint's schemas/ and rules/ are missing beside {_PACKAGE}")


def schemas_dir() -> Path:
    return data_dir() / "schemas"


def rulesets_dir() -> Path:
    return data_dir() / "rules"
