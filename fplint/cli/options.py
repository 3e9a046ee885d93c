"""Options several commands share, and the run they drive: config, selection, jobs, cache."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def csv_list(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _no_memos(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """--no-cache, --isolated: not even the start-up memos are read (they decide which rules run)."""
    if value:
        from fplint.check.cache import use_memos

        use_memos(False)
    return value


def config_options(function: F) -> F:
    """--config, --isolated: which configuration a command uses."""
    function = click.option(
        "--isolated",
        is_flag=True,
        callback=_no_memos,
        help="Ignore config files and anything cached; use the default ruleset.",
    )(function)
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Config file (default: the nearest .fplint.yaml or pyproject.toml [tool.fplint]).",
    )(function)


def selection_options(function: F) -> F:
    """--select, --extend-select, --ignore: which rules run."""
    for name, text in (
        ("--ignore", "Skip these rules."),
        ("--extend-select", "Add these rules to the selection."),
        ("--select", "Only these rules (names, codes or code prefixes; comma-separated)."),
    ):
        function = click.option(name, multiple=True, help=text)(function)
    return function


def load(options: dict[str, Any]) -> Any:
    """The configuration a command's options ask for: the config file, then the command line."""
    from fplint.config import load_config

    overrides = {
        "select": csv_list(options["select"]),
        "extend-select": csv_list(options["extend_select"]),
        "ignore": csv_list(options["ignore"]),
        "fail-on": options.get("fail_on"),
    }
    return load_config(options["config_path"], overrides, discover=not options["isolated"])


def lint(
    paths: tuple[str, ...], options: dict[str, Any], baseline: Path | None = None, use_baseline: bool = True
) -> tuple[Any, Any]:
    """Load the config, run the library, return (config, report).

    ``baseline`` (a path) replaces the config's; its findings are left out when ``use_baseline``.
    With ``options["fix"]`` or ``options["diff"]``, the fix loop runs instead, and the report
    is the one after fixing, with ``fixed`` set; the loop's ``Outcome`` is ``options["outcome"]``.
    """
    from fplint.check.engine import Engine
    from fplint.check.run import lint_files
    from fplint.check.workers import default_jobs

    config = load(options)
    if baseline is not None:  # the baseline named on the command line: never checked as data
        config = replace(config, baseline=baseline)
    engine = Engine.from_config(config, debug=options.get("debug", False))
    known = None
    if use_baseline and config.baseline is not None:
        from fplint.check import baseline as baselines

        known = baselines.load(config.baseline, config.max_file_size)
    jobs = options.get("jobs") or default_jobs()
    cache = None if options.get("no_cache") or options.get("isolated") else make_cache(config)
    stdin = None
    if "-" in paths:  # standard input, named by --stdin-filename
        if options.get("fix") or options.get("diff"):
            raise click.UsageError(
                "'-' (standard input) cannot be fixed in place; check it without --fix/--diff"
            )
        stdin = (options.get("stdin_filename") or "<stdin>", read_stdin(config.max_file_size))
        paths = tuple(p for p in paths if p != "-")
    chosen_paths = list(paths) or ([] if stdin else ["."])
    if options.get("fix") or options.get("diff"):
        from fplint.fix.loop import fix_paths

        unsafe = bool(options.get("unsafe_fixes"))
        outcome = fix_paths(
            list(paths) or ["."], config, engine, unsafe, not options.get("diff"), known, jobs, cache
        )
        outcome.report.fixed, outcome.report.unsafe_fixes = outcome.fixed, unsafe
        outcome.report.notes.extend(outcome.notes)
        options["outcome"] = outcome
        return config, outcome.report
    if options.get("engine") == "ray":
        return config, _lint_on_ray(chosen_paths, options, config, engine, known, stdin is not None)
    progress = Progress() if sys.stderr.isatty() else None
    report = lint_files(chosen_paths, config, engine, progress, known, jobs, cache, stdin=stdin)
    report.unsafe_fixes = bool(options.get("unsafe_fixes"))
    if progress:
        progress.clear()
    return config, report


def _lint_on_ray(
    paths: list[str], options: dict[str, Any], config: Any, engine: Any, known: Any, stdin: bool
) -> Any:
    """The run on a Ray cluster (``fplint.ray``): what it cannot do is a usage error."""
    if stdin:
        raise click.UsageError("--engine ray cannot read '-' (standard input): name the files")
    if options.get("fix") or options.get("diff"):
        raise click.UsageError("--engine ray only checks: fix with the local engine (--fix, --diff)")
    from fplint.ray import RayMissing

    try:
        from ray.exceptions import RayError

        from fplint.ray.run import lint_on_ray
    except ImportError:
        raise click.ClickException(str(RayMissing())) from None
    try:
        return lint_on_ray(paths, config, engine, known, address=options.get("ray_address"))
    except ConnectionError as exc:
        raise click.ClickException(f"cannot reach the Ray cluster: {exc}") from None
    except RayError as exc:  # a task that failed for good (a worker killed, a node lost)
        if options.get("debug"):
            raise
        last = str(exc).strip().splitlines()[-1:] or [exc.__class__.__name__]
        raise click.ClickException(f"the Ray run failed: {last[0]} (--debug shows the traceback)") from None


def read_stdin(limit: int) -> bytes:
    """Standard input (nothing when there is none), read no further than one byte past
    ``limit``: the run reports more as too large, and an endless input (``cat /dev/zero |``)
    is not read for ever."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return b""
    data: bytes = stream.read(limit + 1)
    return data


def discard_stdout() -> None:
    """The reader of our stdout went away (``| head``): what is left to print goes nowhere, and
    the interpreter's final flush cannot fail."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def make_cache(config: Any) -> Any:
    from fplint.check.cache import Cache, default_dir, fingerprint
    from fplint.resources import schemas_dir

    enabled = sorted((name, s.severity, sorted(s.options.items())) for name, s in config.enabled().items())
    settings = (config.standard, enabled)  # the standard decides which files' turns are checked
    return Cache(default_dir(), fingerprint(settings, list(config.classes), sorted(schemas_dir().iterdir())))


class Progress:
    """A one-line counter on the terminal, for runs long enough to need one."""

    def __init__(self) -> None:
        import time

        self.clock = time.monotonic
        self.started = self.clock()
        self.shown = ""

    def __call__(self, done: int, total: int) -> None:
        if total >= 200 and self.clock() - self.started > 1 and (done % 50 == 0 or done == total):
            self.shown = f"\rfplint: {done:,}/{total:,} files"
            click.echo(self.shown, err=True, nl=False)

    def clear(self) -> None:
        """Rub the counter out, if it was shown: with spaces on a terminal that knows no
        escapes (``TERM=dumb``)."""
        if self.shown:
            dumb = os.environ.get("TERM", "") in ("", "dumb")
            rub = "\r" + " " * len(self.shown) + "\r" if dumb else "\r\x1b[K"
            click.echo(rub, err=True, nl=False, color=True)  # stderr is a terminal: keep the escape


def run_options(function: F) -> F:
    """--jobs, --no-cache: how a run goes about it."""
    function = click.option(
        "--no-cache",
        is_flag=True,
        callback=_no_memos,
        help="Read and write nothing cached: check every file afresh (the cache is in ~/.cache/fplint).",
    )(function)
    return click.option(
        "--jobs", "-j", type=click.IntRange(min=1), help="Parallel processes (default: one per processor)."
    )(function)
