"""``python -m fplint``: the same as the ``fplint`` command."""

from __future__ import annotations

from fplint.cli import main

if __name__ == "__main__":
    main()
