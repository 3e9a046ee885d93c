"""Reading files: only regular ones, never blocking, never past the byte budget; anything
else is FP105 unreadable-file (or one config line), and every other file is still checked."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from factory import pairs_file, valid_conversation
from hypothesis import given
from hypothesis import strategies as st

import fplint
from fplint.config import ConfigError, load_config, parse_size
from fplint.read import files
from fplint.read.loader import load

GOOD = pairs_file(*valid_conversation(2))


pytestmark = pytest.mark.usefixtures("no_hang")


def special_files(root: Path) -> dict[str, str]:
    """Non-regular files with dataset names, and the words FP105 says of each."""
    os.mkfifo(root / "fifo.json")
    os.symlink(root / "fifo.json", root / "link-to-fifo.yaml")
    made = {"fifo.json": "FIFO", "link-to-fifo.yaml": "FIFO"}
    for device in ("/dev/tty", "/dev/zero", "/dev/urandom", "/dev/null"):
        if os.path.exists(device):
            name = f"dev-{Path(device).name}.json"
            os.symlink(device, root / name)
            made[name] = "character device"
    return made


def test_fifos_and_devices_in_a_tree_are_unreadable_files_and_the_rest_is_checked(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_text(GOOD)
    made = special_files(tmp_path)
    report = fplint.lint_paths([tmp_path])
    found = {Path(d.path).name: d for d in report.diagnostics}
    for name, words in made.items():
        assert found[name].code == "FP105" and words in found[name].message, name
    assert "good.json" not in found and report.files == len(made) + 1


def test_a_fifo_named_on_the_command_line_is_an_unreadable_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "named")
    [diagnostic] = fplint.lint_paths([tmp_path / "named"]).diagnostics
    assert diagnostic.rule == "unreadable-file"
    assert "FIFO (named pipe), not a regular file" in diagnostic.message


def test_a_file_over_max_file_size_is_reported_and_the_rest_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".fplint.yaml").write_text("max-file-size: 8KB\n")
    (tmp_path / "big.json").write_text(json.dumps({"training_pairs": [], "pad": "x" * 10_000}))
    (tmp_path / "good.json").write_text(pairs_file(*valid_conversation(1)))
    monkeypatch.chdir(tmp_path)
    report = fplint.lint_paths(["."], discover=True)
    [diagnostic] = report.diagnostics
    assert (Path(diagnostic.path).name, diagnostic.code) == ("big.json", "FP105")
    assert "it holds 9.8 KB, over the 8 KB fplint reads from one file (max-file-size)" in diagnostic.message
    assert report.files == 2


def test_the_default_cap_is_far_above_a_real_file_and_applies_by_default() -> None:
    assert load_config(discover=False).max_file_size == files.DEFAULT_MAX_FILE_SIZE == 64 * 1024 * 1024


def test_a_file_that_grows_past_its_stat_size_is_cut_at_the_cap() -> None:
    """The cap holds while reading: a file whose size was 0 when stat-ed (like /proc's) is read in
    pieces and refused once it passes the cap, without reading the rest."""
    read_end, write_end = os.pipe()
    os.write(write_end, b"x" * 5000)
    try:
        with pytest.raises(files.TooLarge, match="more than 1 KB"):
            files._read_at_most(read_end, 0, 1024)
        assert len(os.read(read_end, 10_000)) < 5000 - 1024  # it stopped soon after the cap
    finally:
        os.close(read_end)
        os.close(write_end)


def test_a_file_swapped_between_stat_and_open_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "b.json").write_text("{}")
    other = os.stat(tmp_path / "b.json")
    monkeypatch.setattr(files.os, "stat", lambda path: other)
    with pytest.raises(files.Refused, match="replaced by another file"):
        files.read_bytes(tmp_path / "a.json")


@given(st.binary(max_size=3000), st.integers(min_value=1, max_value=4000))
def test_read_bytes_returns_the_file_within_the_cap_and_refuses_it_past(data: bytes, limit: int) -> None:
    import tempfile

    with tempfile.NamedTemporaryFile() as handle:
        handle.write(data)
        handle.flush()
        if len(data) <= limit:
            assert files.read_bytes(handle.name, limit) == data
        else:
            with pytest.raises(files.TooLarge):
                files.read_bytes(handle.name, limit)


@pytest.mark.parametrize(
    "value, size",
    [
        (1000, 1000),
        ("64MB", 64 << 20),
        ("512 KB", 512 << 10),
        ("1GiB", 1 << 30),
        ("1.5k", 1536),
        ("10b", 10),
        ("2M", 2 << 20),
    ],
)
def test_max_file_size_takes_bytes_or_a_size_with_a_unit(value: object, size: int) -> None:
    assert parse_size(value) == size


@pytest.mark.parametrize("value", ["lots", "-1MB", 0, True, [1], "1TB", "", "9" * 400 + "MB", "1." + "9" * 400])
def test_a_bad_max_file_size_is_a_config_error(value: object) -> None:
    with pytest.raises(ConfigError, match="max-file-size"):
        parse_size(value)


def test_loading_a_directory_or_a_broken_link_says_so(tmp_path: Path) -> None:
    os.symlink(tmp_path / "nowhere.json", tmp_path / "dangling.json")
    assert "directory, not a file" in load(tmp_path).errors[0].message
    assert "does not exist (a broken link?)" in load(tmp_path / "dangling.json").errors[0].message


@pytest.mark.parametrize("role", ["config", "found config", "extends", "baseline", "suppressions"])
def test_a_fifo_as_config_baseline_or_suppressions_is_one_line_naming_it(
    role: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fplint.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.json").write_text(GOOD)
    os.mkfifo(tmp_path / "pipe.yaml")
    args = ["check", "good.json"]
    if role == "config":
        args += ["--config", "pipe.yaml"]
    elif role == "found config":  # the config found by name is not passed over for one further up
        os.rename(tmp_path / "pipe.yaml", tmp_path / ".fplint.yaml")
    elif role == "extends":
        (tmp_path / ".fplint.yaml").write_text("extends: pipe.yaml\n")
    else:
        (tmp_path / ".fplint.yaml").write_text(f"{role}: pipe.yaml\n")
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and err.count("\n") == 1
    assert (".fplint.yaml" if role == "found config" else "pipe.yaml") in err and "FIFO (named pipe)" in err


def test_a_fifo_in_place_of_the_default_suppressions_file_is_an_error_not_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fplint.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.json").write_text(GOOD)
    os.mkfifo(tmp_path / ".fplint-suppressions.yaml")
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "good.json"])
    assert exit_info.value.code == 2
    assert ".fplint-suppressions.yaml" in capsys.readouterr().err


def test_the_full_report_never_opens_a_fifo_for_its_source_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fplint.cli import main

    os.mkfifo(tmp_path / "fifo.json")
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(tmp_path / "fifo.json"), "--output-format", "full", "--no-cache"])
    assert exit_info.value.code == 1
    assert "FP105" in capsys.readouterr().out


def test_a_cached_run_reads_through_the_same_guard(tmp_path: Path) -> None:
    """The cache keys a file on its bytes: reading them must not block either."""
    from fplint.check.engine import Engine
    from fplint.check.run import lint_files
    from fplint.cli.options import make_cache

    os.mkfifo(tmp_path / "fifo.json")
    config = load_config(discover=False)
    report = lint_files([str(tmp_path)], config, Engine.from_config(config), cache=make_cache(config))
    assert [d.code for d in report.diagnostics] == ["FP105"]
