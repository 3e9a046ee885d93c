"""The ``fplint`` command group every subcommand registers on."""

from __future__ import annotations

import click

from fplint import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="fplint", message="%(prog)s %(version)s")
def cli() -> None:
    """Lint emotionally-annotated LoRA training datasets against the v3.4 standard."""
