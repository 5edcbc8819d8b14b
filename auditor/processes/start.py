"""How worker processes are started, on every platform.

Everything works under 'spawn' (Windows has nothing else; macOS and Python 3.14 on Linux
no longer default to 'fork').  'fork' is used only where it is the platform's default
and safe: no other thread in the parent, since a forked child gets a copy of whatever
lock another thread held.  A start method the caller set (``multiprocessing.
set_start_method``) is never overridden.
"""
from __future__ import annotations

import multiprocessing
import sys
import threading

# ProcessPoolExecutor's own cap on Windows (63 wait handles, less its two of its own).
MAX_WINDOWS_WORKERS = 61


def context():
    """The multiprocessing context to start workers with."""
    chosen = multiprocessing.get_start_method(allow_none=True)
    if chosen is not None:
        return multiprocessing.get_context(chosen)
    default = multiprocessing.get_all_start_methods()[0]  # documented: the first is the default
    if default == "fork" and threading.active_count() > 1:
        default = "spawn"
    return multiprocessing.get_context(default)


def max_workers(jobs: int) -> int:
    """``jobs`` capped at what the platform can wait on at once (61 on Windows)."""
    jobs = max(1, jobs)
    return min(jobs, MAX_WINDOWS_WORKERS) if sys.platform == "win32" else jobs
