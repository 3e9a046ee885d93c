"""The tests' local Ray, and a guard that turns a Ray run that never returns into a failure.

Why: on this project's CI machine a Ray 2.60 local cluster lost a task. The driver waited
forever in ``ray.data.from_arrow`` while the raylet held no lease and queued nothing, just after
it had reaped an idle worker; the suite hung until CI's time ran out. A hung Ray test now fails
as ``RayHung`` after ``LIMIT`` seconds, and ``tests/conftest.py`` starts a fresh Ray and
runs it once more. A test that fails any other way is never run again: only a hang is.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Iterator
from types import FrameType

import ray

#: A Ray test's time limit. The slowest takes about a minute on a cold machine: this is a hang.
LIMIT = 300


class RayHung(Exception):
    """A Ray test still running after its limit (the rerun filter matches this name)."""


class _Alarm(KeyboardInterrupt):
    """What the alarm raises. While it waits, ``ray.get`` lets only a KeyboardInterrupt through;
    any other exception a signal handler raises is dropped, and the wait goes on."""


def start() -> None:
    """A local Ray of two CPUs, as CI has. A worker gets 5 minutes, not 1, to register: on a
    fresh install it compiles its imports first (the module took 183 s so, 36 s warm). Ray
    gives its own processes 30 s to come up; on a busy machine, one more try. (Turning off
    the reaping of idle workers did not stop the lost task; it is not set.)"""
    for attempt in (1, 2):
        try:
            ray.init(
                num_cpus=2,
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
                _system_config={"worker_register_timeout_seconds": 300},
            )
            return
        except Exception:
            ray.shutdown()
            if attempt == 2:
                raise


def restart() -> None:
    """A fresh local Ray, in place of one that lost a task."""
    ray.shutdown()
    start()


@contextlib.contextmanager
def guard(seconds: int) -> Iterator[None]:
    """Raise ``RayHung`` when the body runs past ``seconds``, whatever the body made of the
    interrupt (fplint's CLI turns one into exit code 130). An outer alarm is kept."""
    fired = False

    def alarm(signum: int, frame: FrameType | None) -> None:
        nonlocal fired
        fired = True
        raise _Alarm

    began = time.monotonic()
    previous = signal.signal(signal.SIGALRM, alarm)
    outer = signal.alarm(seconds)
    try:
        yield
    except BaseException:
        if not fired:
            raise
    finally:
        signal.signal(signal.SIGALRM, previous)
        signal.alarm(max(1, outer - int(time.monotonic() - began)) if outer else 0)
    if fired:
        raise RayHung(f"a Ray run still going after {seconds} s: Ray lost a task (tests/ray_hung.py)")
