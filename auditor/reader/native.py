"""A native reader's panic: kept off the console, and made an error the worker can send back.

python-calamine (the .xls reader) is Rust.  On some malformed files it panics, and Rust's
panic hook writes the panic straight to file descriptor 2 (with RUST_BACKTRACE set, a
backtrace of hundreds of lines) before PyO3 raises it as a ``PanicException``: a clerk saw
that under the one line of the file's finding.  The exception itself derives from
BaseException and cannot be pickled back from a worker, which made the finding's text
"PicklingError".  ``native_call`` points descriptor 2 at the null device for the duration
of the call, where no other thread of the process can be writing there meanwhile, and turns
the panic into ``NativeReaderFailed``, whose message is the panic's; the file is still
reported S029.
"""
from __future__ import annotations

import contextlib
import os
import sys
import threading


class NativeReaderFailed(Exception):
    """A native reader gave up on a file: its message says where and why."""


@contextlib.contextmanager
def native_call(reader: str):
    """Around a call into ``reader``: its panic silent and an ordinary exception."""
    try:
        with _stderr_muted():
            yield
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":  # pyo3_runtime's, which cannot be imported by name
            raise
        detail = " ".join(str(exc).split()) or "panic"
        raise NativeReaderFailed(f"{reader} stopped on this file: {detail}") from None


def _alone() -> bool:
    """Whether descriptor 2 is ours for a moment: the main thread, and no other thread but
    daemons (a worker's lifeline) that never print.  A server's request threads are not."""
    current = threading.current_thread()
    return current is threading.main_thread() and all(t is current or t.daemon for t in threading.enumerate())


@contextlib.contextmanager
def _stderr_muted():
    saved = None
    if _alone():
        try:
            if sys.stderr is not None:
                sys.stderr.flush()  # what Python had buffered is shown, not lost
            saved = os.dup(2)
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 2)
            os.close(null)
        except (OSError, ValueError):  # no descriptor 2 at all (pythonw): nothing to keep quiet
            if saved is not None:
                os.close(saved)
            saved = None
    try:
        yield
    finally:
        if saved is not None:
            os.dup2(saved, 2)
            os.close(saved)
