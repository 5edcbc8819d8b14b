"""How worker processes are started, on every platform.

Everything works under 'spawn' (Windows has nothing else; macOS and Python 3.14 on Linux
no longer default to 'fork').  'fork' is used only where it is the platform's default
and safe: no other thread in the parent, since a forked child gets a copy of whatever
lock another thread held; and a parent smaller than the workers' memory cap, since a forked
child starts at its parent's size and could not even start a thread under a smaller cap.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading

# ProcessPoolExecutor's own cap on Windows (63 wait handles, less its two of its own).
MAX_WINDOWS_WORKERS = 61


def context(memory_cap: int | None = None):
    """The multiprocessing context to start workers with (``memory_cap``: the address space
    each worker will be held to, where the OS caps it).

    'fork' is kept, chosen or default, only where it is safe: one thread in the parent (a
    forked child gets a copy of whatever lock another thread held) and a parent smaller than
    the cap (a forked child starts at its parent's size, and over its cap it cannot even start
    a thread).  Any library's ``multiprocessing.get_context()`` or ``Pipe()`` fixes the start
    method to the platform's default, so a 'fork' found set is no proof of a caller's choice;
    any other method set is kept."""
    method = multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]
    if method == "fork" and (threading.active_count() > 1 or (memory_cap and address_space() >= memory_cap)):
        method = "spawn"
    return multiprocessing.get_context(method)


def address_space() -> int:
    """This process's virtual size in bytes where the OS tells it cheaply (Linux), else 0."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError, IndexError):
        return 0


def max_workers(jobs: int) -> int:
    """``jobs`` capped at what the platform can wait on at once (61 on Windows)."""
    jobs = max(1, jobs)
    return min(jobs, MAX_WINDOWS_WORKERS) if sys.platform == "win32" else jobs
