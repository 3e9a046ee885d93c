"""Shared fixtures; the suite never reads anything outside the project."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parent.parent

# The suite never reads or writes the user's cache of results.
os.environ["FPLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="fplint-test-cache-")
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="fplint-test-state-")  # the cache's key
os.environ.pop("FPLINT_CACHE_KEY", None)


@pytest.fixture
def no_hang():  # type: ignore[no-untyped-def]
    """A test that blocks or runs away (an endless read, a range of a billion) fails after
    60 seconds instead of hanging the suite. A guard, not a speed target."""
    import signal

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("still running after 60 seconds: a hang, or work out of proportion to the input")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """One local Ray for a module of Ray tests (its start costs seconds): tests/ray_hung.py."""
    import ray
    import ray_hung

    ray_hung.start()
    yield
    ray.shutdown()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test on the local Ray that hangs is run once more (pytest-rerunfailures), on a fresh
    Ray; a test that fails otherwise is not."""
    for item in items:
        if "local_ray" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.flaky(reruns=1, only_rerun=["RayHung"]))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """A test on the local Ray fails as ``RayHung`` past ``ray_hung.LIMIT``; Ray is restarted."""
    if "local_ray" not in getattr(item, "fixturenames", ()):
        return (yield)
    import ray_hung

    try:
        with ray_hung.guard(ray_hung.LIMIT):
            return (yield)
    except ray_hung.RayHung:
        ray_hung.restart()
        raise


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a file under a temporary directory and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


from hypothesis import settings  # noqa: E402

# The regular run stays fast; the fuzz run is: pytest tests/test_properties.py --hypothesis-profile=fuzz
settings.register_profile("default", max_examples=25, deadline=None)
settings.register_profile("fuzz", max_examples=20_000, deadline=None)
settings.load_profile("default")
