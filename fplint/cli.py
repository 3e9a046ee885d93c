"""The ``fplint`` command: parse options, build the pieces, call the library, exit."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from fplint import __version__

_FORMATS = ("full", "concise", "json", "sarif", "github", "junit")  # the names of REPORTERS
_SCHEMAS = ("dataset", "turn", "pairs-file", "conversations-file")


def _csv(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="fplint", message="%(prog)s %(version)s")
def cli() -> None:
    """Lint emotionally-annotated LoRA training datasets against the v3.4 standard."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--output-format",
    "output_format",
    type=click.Choice(_FORMATS),
    help="Report format (default: full on a terminal, concise otherwise).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: the nearest .fplint.yaml or pyproject.toml [tool.fplint]).",
)
@click.option("--isolated", is_flag=True, help="Ignore config files; use the default ruleset.")
@click.option(
    "--select", multiple=True, help="Only these rules (names, codes or code prefixes; comma-separated)."
)
@click.option("--extend-select", multiple=True, help="Add these rules to the selection.")
@click.option("--ignore", multiple=True, help="Skip these rules.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    help="Lowest severity that fails the run (default: error).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are found.")
@click.option("--statistics", is_flag=True, help="End with a count of findings per rule.")
@click.option(
    "--output-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the --output-format report to this file; the terminal still gets the human report.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(
    paths: tuple[str, ...],
    output_format: str | None,
    config_path: Path | None,
    isolated: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    statistics: bool,
    output_file: Path | None,
    debug: bool,
) -> None:
    """Check dataset files (.json, .jsonl, .yaml, .yml) and directories (default: .)."""
    from fplint.config import load_config
    from fplint.engine import Engine
    from fplint.reporters import REPORTERS
    from fplint.run import lint_files

    overrides: dict[str, Any] = {
        "select": _csv(select),
        "extend-select": _csv(extend_select),
        "ignore": _csv(ignore),
        "fail-on": fail_on,
    }
    config = load_config(config_path, overrides, discover=not isolated)
    engine = Engine.from_config(config, debug=debug)
    report = lint_files(list(paths) or ["."], config, engine)
    interactive = sys.stdout.isatty()
    human = "full" if interactive else "concise"
    color = interactive and "NO_COLOR" not in os.environ
    if output_file is not None:
        _write_report(REPORTERS[output_format or "json"](), report, output_file)
        output_format = human
    reporter = REPORTERS[output_format or human](color=color)
    reporter.render(report, sys.stdout)
    if statistics and reporter.human:
        _statistics(report)
    for problem in report.problems:
        click.echo(f"fplint: error: {problem}", err=True)
    sys.exit(report.exit_code(config.fail_on, exit_zero))


def _write_report(reporter: Any, report: Any, path: Path) -> None:
    import io

    from fplint.atomic import write_text

    buffer = io.StringIO()
    reporter.render(report, buffer)
    try:
        write_text(path, buffer.getvalue())
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None


def _statistics(report: Any) -> None:
    from collections import Counter

    counts = Counter((d.code, d.rule, d.severity.value) for d in report.diagnostics)
    for (code, rule, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"{n:6d}  {code}  {rule} ({severity})")


@cli.command(name="rules")
@click.option(
    "--output-format",
    "output_format",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file whose severities and options to show.",
)
@click.option("--isolated", is_flag=True, help="Ignore config files; show the default ruleset.")
def rules_command(output_format: str, config_path: Path | None, isolated: bool) -> None:
    """List every rule: code, name, scope, severity (as configured) and what it checks."""
    import json

    from fplint import docs
    from fplint.config import load_config

    config = load_config(config_path, discover=not isolated)
    if output_format == "json":
        click.echo(json.dumps(docs.as_data(config.classes, config.rules), indent=2, ensure_ascii=False))
    elif output_format == "markdown":
        click.echo(docs.markdown(config.classes, config.rules), nl=False)
    else:
        for row in docs.as_data(config.classes, config.rules):
            click.echo(
                f"{row['code']:7} {row['name']:24} {row['scope']:13} {row['severity']:8} {row['summary']}"
            )


@cli.command()
@click.argument("rule")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file whose settings to show.",
)
@click.option("--isolated", is_flag=True, help="Ignore config files; show the default ruleset.")
def explain(rule: str, config_path: Path | None, isolated: bool) -> None:
    """Explain one rule (by name or code): what, why, options, a failing and a passing example."""
    from fplint import docs
    from fplint.config import load_config

    config = load_config(config_path, discover=not isolated)
    by_key = {c.name: c for c in config.classes} | {c.code.upper(): c for c in config.classes}
    found = by_key.get(rule) or by_key.get(rule.upper())
    if found is None:
        import difflib

        close = difflib.get_close_matches(rule, list(by_key), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else " (see 'fplint rules')"
        raise click.ClickException(f"no rule named {rule!r}{hint}")
    click.echo(docs.explain(found, config.rules.get(found.name)), nl=False)


@cli.command()
@click.option(
    "--layout",
    type=click.Choice(_SCHEMAS),
    default="dataset",
    show_default=True,
    help="Which schema to print.",
)
def schema(layout: str) -> None:
    """Print a self-contained JSON Schema (all references bundled in)."""
    import json

    from fplint.schema import BASE_URI, bundle

    click.echo(json.dumps(bundle(f"{BASE_URI}{layout}.schema.json"), indent=2, ensure_ascii=False))


def main(argv: list[str] | None = None) -> None:
    """Run the CLI: usage and config problems are one line and exit 2, never a traceback."""
    from fplint.config import ConfigError
    from fplint.registry import PluginError
    from fplint.schema import SchemaLookupError

    args = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = cli.main(args, prog_name="fplint", standalone_mode=False)
    except click.UsageError as exc:
        hint = f" (see 'fplint {exc.ctx.info_name} --help')" if exc.ctx and exc.ctx.parent else ""
        _fail(f"{exc.format_message()}{hint}")
    except (ConfigError, PluginError, SchemaLookupError) as exc:
        _fail(str(exc))
    except click.Abort:
        _fail("interrupted")
    except click.ClickException as exc:
        _fail(exc.format_message())
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except SystemExit:
        raise
    except Exception as exc:  # a bug: one line, unless asked for more
        if "--debug" in args:
            raise
        _fail(f"internal error: {exc.__class__.__name__}: {exc} (run with --debug for the traceback)")
    sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str) -> None:
    click.echo(f"fplint: error: {message}", err=True)
    sys.exit(2)
