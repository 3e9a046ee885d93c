"""``fplint server``: the language server over stdio, for editors (needs the ``lsp`` extra)."""

from __future__ import annotations

from pathlib import Path

import click

from fplint.cli.group import cli
from fplint.cli.options import config_options


@cli.command()
@config_options
def server(config_path: Path | None, isolated: bool) -> None:
    """Run the language server on stdin/stdout: findings as you type, explain on hover, fixes."""
    try:
        from fplint.serve.server import serve
    except ImportError as exc:
        raise click.ClickException(
            f"fplint server needs the lsp extra ({exc.name} is not installed): pip install 'fplint[lsp]'"
        ) from None
    serve(config_path, isolated)
