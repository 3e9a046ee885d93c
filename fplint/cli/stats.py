"""``fplint stats``: where the dataset stands, as text, markdown (for a pull request) or JSON."""

from __future__ import annotations

import sys
from typing import Any

import click

from fplint.cli.group import cli
from fplint.cli.options import config_options, run_options, selection_options
from fplint.cli.survey import problems, survey, token_options


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--output-format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown pastes into a pull request or $GITHUB_STEP_SUMMARY.",
)
@token_options
@config_options
@selection_options
@run_options
def stats(paths: tuple[str, ...], output_format: str, **options: Any) -> None:
    """Summarise the dataset: conversations, quality scores, emotions, tokens, findings."""
    from fplint.report import stats_view

    _, report, counted = survey(paths, options)
    if output_format == "json":
        import json

        from fplint.report.base import json_safe

        click.echo(json_safe(json.dumps(counted.as_dict(), indent=2, ensure_ascii=False)))
    elif output_format == "markdown":
        click.echo(stats_view.markdown(counted))
    else:
        click.echo(stats_view.text(counted))
    sys.exit(problems(report))
