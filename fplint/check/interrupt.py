"""Signals that end a run (Ctrl-C, SIGTERM, SIGHUP) as one exception the run can clean up after.

While ``handling()`` is active, each of these signals raises ``Interrupted`` in the main
thread: the workers are stopped, a half-written output file is removed, and the process
exits ``128 + signal`` (130, 143, 129). A ``KeyboardInterrupt`` or ``SystemExit`` that a
rule raises is then never mistaken for the user's Ctrl-C: it is that rule's crash.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Interrupted(BaseException):
    """A signal asked the run to stop; ``exit_code`` is ``128 + signal``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


_active = False  # whether handling() is in force in this process
_received: int | None = None  # the first signal: the others wait for the clean-up


def _handler(signum: int, frame: FrameType | None) -> None:
    global _received
    if _received is None:
        _received = signum
        raise Interrupted(signum)


def check() -> None:
    """Raise ``Interrupted`` if a signal came: an exception raised by a signal handler can be
    lost inside C code that clears errors (an import, ``hasattr``), so the run asks again
    between files, and ``handling()`` once more at its end."""
    if _received is not None and _active:
        raise Interrupted(_received)


@contextlib.contextmanager
def handling() -> Iterator[None]:
    """Turn SIGINT, SIGTERM and SIGHUP into ``Interrupted`` for the duration (main thread only)."""
    global _active, _raised
    previous = {}
    try:
        for signum in SIGNALS:
            previous[signum] = signal.signal(signum, _handler)
    except ValueError:  # not the main thread: leave signals to whoever owns them
        yield
        return
    _active, _received = True, None
    try:
        yield
        check()
    finally:
        _active = False
        for signum, handler in previous.items():
            signal.signal(signum, handler)


#: What code from a rule or plugin may raise that must become that code's crash, not the run's end.
RULE_ERRORS = (Exception, SystemExit, KeyboardInterrupt)


def pass_on_user_interrupt(exc: BaseException) -> None:
    """Re-raise ``exc`` when it is the user's Ctrl-C rather than the rule's own doing."""
    if isinstance(exc, KeyboardInterrupt) and not rule_raised(exc):
        raise exc


def rule_raised(exc: BaseException) -> bool:
    """Whether a ``SystemExit`` or ``KeyboardInterrupt`` caught around a rule is the rule's own.

    ``SystemExit`` always is. A ``KeyboardInterrupt`` is when no Ctrl-C can produce one: under
    ``handling()``, or in a worker process (which ignores SIGINT: the main process stops it).
    """
    if isinstance(exc, SystemExit):
        return True
    if isinstance(exc, KeyboardInterrupt):
        return _active or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    return False


@contextlib.contextmanager
def blocked() -> Iterator[None]:
    """The signals held back (not lost) for the duration: processes started meanwhile begin
    with them blocked, until ``ignore_in_worker``."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def ignore_in_worker() -> None:
    """A worker leaves Ctrl-C (sent to the whole process group) to the main process, which
    stops it; SIGTERM and SIGHUP, which the main process sends it, simply end it."""
    global _active
    _active = False
    with contextlib.suppress(ValueError, OSError):
        for signum in SIGNALS:
            signal.signal(signum, signal.SIG_IGN if signum == signal.SIGINT else signal.SIG_DFL)
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
