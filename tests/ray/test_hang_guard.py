"""The guard that turns a Ray run that never returns into a failure (tests/ray_hung.py)."""

from __future__ import annotations

import contextlib
import signal
import time

import pytest
import ray
from ray_hung import RayHung, guard


def test_a_body_past_its_limit_fails_as_ray_hung() -> None:
    began = time.monotonic()
    with pytest.raises(RayHung), guard(1):
        time.sleep(30)
    assert time.monotonic() - began < 10


def test_a_ray_get_past_its_limit_fails_as_ray_hung(local_ray: None) -> None:
    @ray.remote
    def forever() -> None:
        time.sleep(3600)

    ref = forever.remote()
    with pytest.raises(RayHung), guard(2):
        ray.get(ref)
    ray.cancel(ref, force=True)


def test_a_body_that_swallows_the_interrupt_still_fails_as_ray_hung() -> None:
    # the body swallows the interrupt, as fplint's CLI does (exit code 130)
    with pytest.raises(RayHung), guard(1), contextlib.suppress(KeyboardInterrupt):
        time.sleep(30)


def test_a_body_within_its_limit_keeps_the_outer_alarm() -> None:
    outer = signal.alarm(100)
    try:
        with guard(5):
            pass
        assert 90 <= signal.alarm(0) <= 100
    finally:
        signal.alarm(outer)
