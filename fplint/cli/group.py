"""The ``fplint`` command group every subcommand registers on."""

from __future__ import annotations

from typing import Any

import click

from fplint import __version__


class ReaderGone(Exception):
    """Standard output's reader went away (``fplint rules | head``): a normal end, exit 0."""


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:  # before click's own handling, which exits 1
            raise ReaderGone from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="fplint", message="%(prog)s %(version)s")
def cli() -> None:
    """Lint emotionally-annotated LoRA training datasets against the v3.4 standard."""
