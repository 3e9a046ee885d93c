"""``fplint check`` and ``fplint baseline``: lint paths, print or record the findings."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from fplint.cli.group import cli
from fplint.cli.options import config_options, discard_stdout, lint, load, run_options, selection_options
from fplint.cli.terminal import color_option, use_color
from fplint.report.base import printable
from fplint.rule import plural

_FORMATS = ("full", "concise", "json", "sarif", "github", "junit")  # the names of REPORTERS


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--output-format",
    "output_format",
    type=click.Choice(_FORMATS),
    help="Report format (default: full on a terminal, concise otherwise).",
)
@click.option(
    "--output-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the --output-format report to this file; the terminal still gets the human report.",
)
@config_options
@selection_options
@run_options
@click.option(
    "--fail-on", type=click.Choice(["error", "warning"]), help="Lowest severity that fails the run."
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are found.")
@click.option("--statistics", is_flag=True, help="End with a count of findings per rule.")
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report only findings this baseline does not know (default: the config's baseline).",
)
@click.option("--fix", is_flag=True, help="Apply the safe fixes, then report what remains.")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="Include the unsafe fixes (with --fix or --diff; else mark them [*]).",
)
@click.option(
    "--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing (exit 1 when any)."
)
@click.option("--show-fixes", is_flag=True, help="List what was fixed, by file and rule.")
@click.option(
    "--stdin-filename",
    help="The name of the file read from standard input (the path '-'): for messages and config.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    help="Where the work runs: this machine's processes, or a Ray cluster (pip install 'fplint[ray]').",
)
@click.option(
    "--ray-address",
    metavar="ADDR",
    help="The Ray cluster for --engine ray (auto, ray://HOST:10001; default: RAY_ADDRESS, else a local one).",
)
@click.option(
    "--write-table",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the findings as a table, one row each: FILE.jsonl or FILE.parquet (Parquet: pyarrow).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@color_option
@click.option(
    "--quiet", "-q", is_flag=True, help="Print the findings and nothing else (no notes, no summary)."
)
@click.option(
    "--silent",
    "-s",
    is_flag=True,
    help="Print nothing (the exit code tells; one-line errors still go to stderr).",
)
@click.option("--show-settings", is_flag=True, help="Print the resolved configuration (as YAML) and exit.")
@click.option(
    "--watch", "-w", is_flag=True, help="Check again whenever a file the run reads changes (Ctrl-C to stop)."
)
def check(paths: tuple[str, ...], **options: Any) -> None:
    """Check dataset files (.json, .jsonl, .yaml, .yml) and directories (default: .); '-' reads standard input."""
    if options["show_settings"]:
        from dataclasses import replace

        from fplint.cli.settings import show_settings

        config = load(options)
        if options["baseline"] is not None:
            config = replace(config, baseline=options["baseline"])
        click.echo(show_settings(config), nl=False)
        return
    if options["watch"]:
        from fplint.cli import watch

        if "-" in paths:
            raise click.UsageError("--watch cannot watch standard input ('-'): name the files")
        watch.watch(
            lambda: _check_once(paths, options, watching=True), lambda: watch.files_read(paths, options)
        )
        return
    sys.exit(_check_once(paths, options))


def _check_once(paths: tuple[str, ...], options: dict[str, Any], watching: bool = False) -> int:
    """One check: print (and write) the report; the exit code it calls for. While watching, a
    problem that would end a run (a broken config) is said in one line and the watch goes on."""
    from fplint.check.registry import PluginError
    from fplint.check.schema import SchemaLookupError
    from fplint.config import ConfigError
    from fplint.report import REPORTERS

    try:
        config, report = lint(paths, options, options["baseline"])
    except (ConfigError, PluginError, SchemaLookupError, click.ClickException) as exc:
        if not watching:
            raise
        message = exc.format_message() if isinstance(exc, click.ClickException) else str(exc)
        click.echo(f"fplint: error: {printable(message)}", err=True)
        return 2
    if options["diff"]:
        from fplint.cli.fixes import print_diff

        code: int = print_diff(options["outcome"], options["show_fixes"])
        return code
    human = "full" if sys.stdout.isatty() else "concise"
    chosen = options["output_format"]
    if options["write_table"] is not None:
        _write_table(report, options["write_table"])
    if options["output_file"] is not None:
        _write_report(REPORTERS[chosen or "json"](), report, options["output_file"])
        chosen = human
    if not options["silent"]:
        color = use_color(options["color"], sys.stdout, os.environ)
        reporter = REPORTERS[chosen or human](color=color, quiet=options["quiet"])
        try:
            reporter.render(report, sys.stdout)
            if options["statistics"] and reporter.human:
                _statistics(report)
            if options["show_fixes"] and options["fix"]:
                from fplint.cli.fixes import show_fixes

                show_fixes(options["outcome"], sys.stdout if reporter.human else sys.stderr)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader stopped reading (| head): the exit code still tells
            discard_stdout()
    _say_problems(report)
    exit_code: int = report.exit_code(config.fail_on, options["exit_zero"])
    return exit_code


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The baseline file to write, atomically (default: the config's baseline).",
)
@config_options
@selection_options
@run_options
def baseline(paths: tuple[str, ...], output: Path | None, **options: Any) -> None:
    """Record the current findings, so that `check --baseline` fails only on new ones."""
    from fplint.check import baseline as baselines
    from fplint.config import load_config

    if output is None:
        configured = load_config(options["config_path"], discover=not options["isolated"])
        output = configured.baseline
        if output is None:
            raise click.UsageError("name the file to write: --output FILE, or `baseline: FILE` in the config")
        # a path the config names is data: a link in the repository must not aim the write
        # at a file outside the project (~/.bashrc); --output on the command line may
        root = os.path.realpath(configured.root)
        if os.path.commonpath([root, os.path.realpath(output)]) != root:
            raise click.ClickException(
                f"the config's baseline {printable(str(output))} leads outside the project "
                f"({printable(os.path.realpath(output))}); name the file with --output to write it"
            )
    config, report = lint(paths, options, output, use_baseline=False)
    try:
        written = baselines.write(output, report.diagnostics, config.root)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    shown = os.path.relpath(output) if output.is_absolute() else output
    click.echo(
        f"Wrote {printable(str(shown))}: {plural(written, 'finding')} in {plural(report.files, 'file')} "
        f"({plural(report.turns, 'turn')})."
    )
    _say_problems(report)
    sys.exit(2 if report.problems else 0)


def _say_problems(report: Any) -> None:
    """On stderr: each path given that yielded no file to check, each path that cannot be."""
    from fplint.read.loader import SUFFIXES

    kinds = ", ".join(SUFFIXES)
    for path in report.empty:
        click.echo(f"fplint: warning: No files found under {printable(path)} (looked for {kinds})", err=True)
    for problem in report.problems:
        click.echo(f"fplint: error: {printable(problem)}", err=True)


def _write_report(reporter: Any, report: Any, path: Path) -> None:
    from fplint.atomic import writing

    try:
        with writing(path) as out:
            reporter.render(report, out)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None


def _write_table(report: Any, path: Path) -> None:
    from fplint.report.table import SUFFIXES, write_table

    if path.suffix.lower() not in SUFFIXES:
        raise click.UsageError(f"--write-table: name a .jsonl or .parquet file, not {printable(str(path))}")
    try:
        write_table(report.diagnostics, path)
    except ImportError:
        raise click.ClickException(
            "--write-table FILE.parquet needs pyarrow: pip install 'fplint[ray]'"
        ) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None


def _statistics(report: Any) -> None:
    from collections import Counter

    counts = Counter((d.code, d.rule, d.severity.value) for d in report.diagnostics)
    for (code, rule, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(printable(f"{n:6d}  {code}  {rule} ({severity})"))
