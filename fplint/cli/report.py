"""``fplint report --html FILE``: the dataset's health as one self-contained page."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from fplint.cli.group import cli
from fplint.cli.options import config_options, run_options, selection_options
from fplint.cli.survey import problems, survey, token_options
from fplint.rule import plural


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The page to write (one file: it works offline and opens from disk).",
)
@token_options
@config_options
@selection_options
@run_options
def report(paths: tuple[str, ...], html_file: Path, **options: Any) -> None:
    """Write an HTML report: charts, the conversations, and a findings browser."""
    from fplint.atomic import write_text
    from fplint.report import html

    _, checked, counted = survey(paths, options)
    page = html.render(counted, checked)
    try:
        write_text(html_file, page)
    except OSError as exc:
        raise click.ClickException(f"cannot write {html_file}: {exc.strerror or exc}") from None
    click.echo(
        f"Wrote {html_file}: {plural(len(counted.turns), 'turn')} in {plural(len(counted.files), 'file')}, "
        f"{plural(counted.errors, 'error')}, {plural(counted.warnings, 'warning')} ({len(page) // 1024:,} KB)."
    )
    sys.exit(problems(checked))
