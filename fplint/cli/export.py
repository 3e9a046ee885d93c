"""``fplint export``: the training file, in a trainer's message format, gated on fplint's verdict."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click

from fplint.cli.group import cli
from fplint.cli.options import config_options, run_options, selection_options
from fplint.export.formats import FORMATS

#: How many left-out examples the summary names one by one (--left-out FILE has them all).
NAMED = 10


@cli.command(name="export")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "form",
    type=click.Choice(FORMATS),
    default="chat-jsonl",
    show_default=True,
    help="The training file's format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write, atomically (default: standard output).",
)
@click.option("--only-clean", is_flag=True, help="Leave out the turns fplint finds errors in.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    help="Leave out turns with findings of this severity (warning: errors too); implies --only-clean.",
)
@click.option(
    "--whole-conversations", is_flag=True, help="One example per conversation instead of one per turn."
)
@click.option("--no-metadata", is_flag=True, help="Write the messages only, without the metadata field.")
@click.option(
    "--left-out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write every example left out, and why, as JSON lines.",
)
@config_options
@selection_options
@run_options
def export(paths: tuple[str, ...], form: str, output: Path | None, **options: Any) -> None:
    """Write the training file: one example per turn (system, history, input, response), in assembly order."""
    import json

    from fplint.atomic import writing
    from fplint.cli.options import lint
    from fplint.cli.survey import problems
    from fplint.export.build import LeftOut, build
    from fplint.export.formats import record
    from fplint.model import Severity
    from fplint.read.turns import load_turns
    from fplint.report.base import json_safe

    config, report = lint(paths, options)
    gate = None
    if options["fail_on"] is not None:
        gate = Severity(options["fail_on"])
    elif options["only_clean"]:
        gate = config.fail_on
    verdicts = {(v.path, v.pointer): (v.errors, v.warnings) for v in report.by_turn(diagnostics=False)}
    whole = options["whole_conversations"]
    left: list[LeftOut] = []
    read: set[str] = set()

    def turns() -> Any:
        for turn in load_turns(report.paths):
            read.add(turn.path)
            yield turn

    def write(out: Any) -> int:
        count = 0
        for example in build(turns(), verdicts, gate, whole):
            if isinstance(example, LeftOut):
                left.append(example)
                continue
            metadata = None if options["no_metadata"] else example.metadata
            line = json.dumps(record(example.messages, metadata, form, whole), ensure_ascii=False)
            out.write(json_safe(line) + "\n")
            count += 1
        return count

    try:
        if output is None:
            written = write(sys.stdout)
        else:
            with writing(output) as out:
                written = write(out)
        if options["left_out"] is not None:
            with writing(options["left_out"]) as out:
                for item in left:
                    entry = {"id": item.id, "where": item.where, "reason": item.reason, "detail": item.detail}
                    out.write(json_safe(json.dumps(entry, ensure_ascii=False)) + "\n")
    except BrokenPipeError:
        raise  # the reader went away: the command's usual quiet end
    except OSError as exc:
        raise click.ClickException(f"cannot write {exc.filename or output}: {exc.strerror or exc}") from None
    unread = [path for path in report.paths if path not in read]
    if unread:
        click.echo(
            f"note: {len(unread):,} of {len(report.paths):,} files gave no turns (they do not parse, or hold none): "
            "fplint check says why",
            err=True,
        )
    _summary(written, left, form, output, whole)
    sys.exit(problems(report))


def _summary(written: int, left: list[Any], form: str, output: Path | None, whole: bool) -> None:
    """What was written and what was left out, and why: on standard error, so a pipe gets only data."""
    from fplint.report.base import printable

    unit = "conversation" if whole else "turn"
    where = f" to {output}" if output is not None else ""
    total = written + len(left)
    click.echo(
        f"Wrote {written:,} of {total:,} examples (one per {unit}, {form}){printable(where)}"
        + (f"; left out {len(left):,}:" if left else "."),
        err=True,
    )
    for reason, count in sorted(
        Counter(item.reason for item in left).items(), key=lambda kv: (-kv[1], kv[0])
    ):
        click.echo(f"{count:6,}  {reason}", err=True)
    for item in left[:NAMED]:
        click.echo(printable(f"  {item.id} ({item.where}): {item.reason}: {item.detail}"), err=True)
    if len(left) > NAMED:
        click.echo(f"  … and {len(left) - NAMED:,} more (--left-out FILE lists them all)", err=True)
