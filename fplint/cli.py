"""The ``fplint`` command: parse options, build the pieces, call the library, exit."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from fplint import __version__

_FORMATS = ("full", "concise", "json", "sarif", "github", "junit")  # the names of REPORTERS
_SCHEMAS = ("dataset", "turn", "pairs-file", "conversations-file")
F = TypeVar("F", bound=Callable[..., Any])


def _csv(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _config_options(function: F) -> F:
    """--config, --isolated: which configuration a command uses."""
    function = click.option("--isolated", is_flag=True, help="Ignore config files; use the default ruleset.")(
        function
    )
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Config file (default: the nearest .fplint.yaml or pyproject.toml [tool.fplint]).",
    )(function)


def _selection_options(function: F) -> F:
    """--select, --extend-select, --ignore: which rules run."""
    for name, text in (
        ("--ignore", "Skip these rules."),
        ("--extend-select", "Add these rules to the selection."),
        ("--select", "Only these rules (names, codes or code prefixes; comma-separated)."),
    ):
        function = click.option(name, multiple=True, help=text)(function)
    return function


def _lint(
    paths: tuple[str, ...], options: dict[str, Any], baseline: Path | None = None, use_baseline: bool = True
) -> tuple[Any, Any]:
    """Load the config, run the library, return (config, report)."""
    from fplint.check.engine import Engine
    from fplint.check.run import lint_files
    from fplint.check.workers import default_jobs
    from fplint.config import load_config

    overrides = {
        "select": _csv(options["select"]),
        "extend-select": _csv(options["extend_select"]),
        "ignore": _csv(options["ignore"]),
        "fail-on": options.get("fail_on"),
    }
    config = load_config(options["config_path"], overrides, discover=not options["isolated"])
    engine = Engine.from_config(config, debug=options.get("debug", False))
    chosen = baseline or (config.baseline if use_baseline else None)
    known = None
    if chosen is not None:
        from fplint.check import baseline as baselines

        known = baselines.load(chosen)
    jobs = options.get("jobs") or default_jobs()
    cache = None if options.get("no_cache") else _cache(config)
    progress = _progress() if sys.stderr.isatty() else None
    report = lint_files(list(paths) or ["."], config, engine, progress, known, jobs, cache)
    if progress:
        click.echo("\r\x1b[K", err=True, nl=False)
    return config, report


def _cache(config: Any) -> Any:
    from fplint.check.cache import Cache, default_dir, fingerprint
    from fplint.resources import schemas_dir

    enabled = sorted((name, s.severity, sorted(s.options.items())) for name, s in config.enabled().items())
    return Cache(default_dir(), fingerprint(enabled, list(config.classes), sorted(schemas_dir().iterdir())))


def _progress() -> Callable[[int, int], None]:
    """A one-line counter on the terminal, for runs long enough to need one."""
    import time

    started = time.monotonic()

    def show(done: int, total: int) -> None:
        if total >= 200 and time.monotonic() - started > 1 and (done % 50 == 0 or done == total):
            click.echo(f"\rfplint: {done:,}/{total:,} files", err=True, nl=False)

    return show


def _run_options(function: F) -> F:
    """--jobs, --no-cache: how a run goes about it."""
    function = click.option(
        "--no-cache", is_flag=True, help="Check every file afresh (the cache is in ~/.cache/fplint)."
    )(function)
    return click.option(
        "--jobs", "-j", type=click.IntRange(min=1), help="Parallel processes (default: one per processor)."
    )(function)


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
    "--output-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the --output-format report to this file; the terminal still gets the human report.",
)
@_config_options
@_selection_options
@_run_options
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
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(paths: tuple[str, ...], **options: Any) -> None:
    """Check dataset files (.json, .jsonl, .yaml, .yml) and directories (default: .)."""
    from fplint.report import REPORTERS

    config, report = _lint(paths, options, options["baseline"])
    interactive = sys.stdout.isatty()
    human = "full" if interactive else "concise"
    chosen = options["output_format"]
    if options["output_file"] is not None:
        _write_report(REPORTERS[chosen or "json"](), report, options["output_file"])
        chosen = human
    reporter = REPORTERS[chosen or human](color=interactive and "NO_COLOR" not in os.environ)
    reporter.render(report, sys.stdout)
    if options["statistics"] and reporter.human:
        _statistics(report)
    for problem in report.problems:
        click.echo(f"fplint: error: {problem}", err=True)
    sys.exit(report.exit_code(config.fail_on, options["exit_zero"]))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The baseline file to write (atomically).",
)
@_config_options
@_selection_options
@_run_options
def baseline(paths: tuple[str, ...], output: Path, **options: Any) -> None:
    """Record the current findings, so that `check --baseline` fails only on new ones."""
    from fplint.check import baseline as baselines

    _, report = _lint(paths, options, use_baseline=False)
    try:
        written = baselines.write(output, report.diagnostics)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {output}: {written:,} findings in {report.files:,} files ({report.turns:,} turns).")
    for problem in report.problems:
        click.echo(f"fplint: error: {problem}", err=True)
    sys.exit(2 if report.problems else 0)


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
@_config_options
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
@_config_options
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

    from fplint.check.schema import BASE_URI, bundle

    click.echo(json.dumps(bundle(f"{BASE_URI}{layout}.schema.json"), indent=2, ensure_ascii=False))


def main(argv: list[str] | None = None) -> None:
    """Run the CLI: usage and config problems are one line and exit 2, never a traceback."""
    from fplint.check.registry import PluginError
    from fplint.check.schema import SchemaLookupError
    from fplint.config import ConfigError

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
