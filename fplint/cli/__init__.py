"""The ``fplint`` command: parse options, build the pieces, call the library, exit.

Each command lives in its own module and registers itself on the group; this module
imports them and runs the group so that usage and config problems are one line.
"""

from __future__ import annotations

import contextlib
import os
import sys

import click

from fplint.cli import catalog, check, export, report, server, stats  # noqa: F401  (each registers its commands)
from fplint.cli.check import _FORMATS
from fplint.cli.group import ReaderGone, cli
from fplint.cli.options import discard_stdout


def main(argv: list[str] | None = None) -> None:
    """Run the CLI: usage and config problems are one line and exit 2, never a traceback."""
    from fplint.check.cache import use_memos
    from fplint.check.interrupt import Interrupted, handling
    from fplint.check.registry import PluginError
    from fplint.check.schema import SchemaLookupError
    from fplint.config import ConfigError

    args = sys.argv[1:] if argv is None else argv
    use_memos(True)  # until --no-cache or --isolated says otherwise
    _usable_streams()
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        with handling():
            code = cli.main(args, prog_name="fplint", standalone_mode=False)
    except Interrupted as stop:  # Ctrl-C, SIGTERM, SIGHUP: workers are gone, no half-written file
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        _fail(f"interrupted ({stop})", stop.exit_code)
    except click.UsageError as exc:
        hint = f" (see 'fplint {exc.ctx.info_name} --help')" if exc.ctx and exc.ctx.parent else ""
        _fail(f"{exc.format_message()}{hint}")
    except (ConfigError, PluginError, SchemaLookupError) as exc:
        _fail(str(exc))
    except click.Abort:
        _fail("interrupted")
    except click.ClickException as exc:
        _fail(exc.format_message())
    except KeyboardInterrupt:  # only from outside a rule (a rule's own is its crash): never a pass
        _fail("interrupted", 130)
    except (
        BrokenPipeError,
        ReaderGone,
    ):  # the reader stopped reading (| head): a normal end, as for other tools
        discard_stdout()
        sys.exit(0)
    except SystemExit:
        raise
    except Exception as exc:  # a bug: one line, unless asked for more
        if "--debug" in args:
            raise
        _fail(f"internal error: {exc.__class__.__name__}: {exc} (run with --debug for the traceback)")
    sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str, code: int = 2) -> None:
    from fplint.report.base import printable  # a config value or a file name may say anything

    with contextlib.suppress(OSError, ValueError):
        click.echo(f"fplint: error: {printable(message)}", err=True)
    sys.exit(code)


def _usable_streams() -> None:
    """A closed stdout or stderr (``fplint check >&-``) writes to nowhere instead of failing."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - for the process's life


__all__ = ["_FORMATS", "cli", "main"]
