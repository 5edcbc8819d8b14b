"""Bounding the work on one file inside a process: its memory, its alarm, its guarded read.

Every worker process runs ``init_worker`` (``limit_worker``: RLIMIT_AS where the OS has
it); ``read_guarded`` is the guarded read of one file (``auditor.guards.inspect``, then
the reader under the alarm, where there is one).  What needs a process of its own (the
parent's deadline, ``call_with_deadline``, ``run_isolated``) is ``auditor.pool``.
"""
from __future__ import annotations

import signal
import threading
from typing import Any, Callable

from auditor.findings import Finding
from auditor.guards import Limits, Timeout, classify_exception, inspect


def limit_worker(limits: Limits = Limits()) -> bool:
    """Cap this process's address space (a pool initializer); False where it cannot.

    Call it in worker processes only: going over makes allocations fail with MemoryError
    (S028) in that worker instead of the machine swapping for the whole batch.
    """
    try:
        import resource
    except ImportError:
        return False
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = limits.max_memory_bytes
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    if soft != resource.RLIM_INFINITY and soft <= want:
        return True
    try:
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ValueError, OSError):
        return False
    return True


def init_worker(limits: Limits = Limits()) -> None:
    """What every worker process runs first (a pool initializer): Ctrl-C left to the parent,
    which stops its workers itself, the memory cap where the OS gives one, and an end of its
    own when the parent dies (``auditor.lifeline``)."""
    from auditor.lifeline import watch_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_worker(limits)
    watch_parent()  # a killed batch or server takes its workers with it


def caps_memory() -> bool:
    """Whether ``limit_worker`` can cap a worker's memory here (RLIMIT_AS: not on Windows)."""
    try:
        import resource
    except ImportError:
        return False
    return hasattr(resource, "RLIMIT_AS")


def call_with_timeout(seconds: float | None, fn: Callable[..., Any], *args, **kwargs) -> Any:
    """``fn(*args, **kwargs)``, raising Timeout after ``seconds`` of wall clock.

    SIGALRM-based: it works in a process's main thread (a pool worker's is), interrupts
    Python code but not a single long native call, and is not reentrant.  Elsewhere it
    runs ``fn`` unbounded (``call_with_deadline`` bounds it anywhere); ``run_isolated``
    adds a hard kill for the native case.
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return fn(*args, **kwargs)

    def _alarm(signum, frame):
        raise Timeout(seconds)

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def interruptible() -> bool:
    """Whether ``call_with_timeout`` can interrupt here: SIGALRM exists and this is the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


# True in a worker whose parent keeps its deadline (``auditor.pool``): it needs no child of
# its own for one, and takes the alarm only as the cheaper extra where there is one.
_parent_keeps_deadline = False


def parent_keeps_deadline() -> None:
    global _parent_keeps_deadline
    _parent_keeps_deadline = True


def deadline_kept_by_parent() -> bool:
    return _parent_keeps_deadline


def read_guarded(source, read: Callable[[Any, str, Any], Any], limits: Limits = Limits(),
                 name: str | None = None) -> tuple[Any, list[Finding]]:
    """``inspect``, then ``read(source, kind, package)`` under the time limit: (result or
    None, findings).  ``package`` is the .xlsx package the guard opened (None for .xls), so
    the file is opened and its directory parsed once; it is closed once read.

    ``source`` is a path or the file's bytes; ``name`` what the findings call it (default:
    the path).  Every failure becomes a finding; nothing raised while reading gets out.
    """
    verdict = inspect(source, limits, name)
    if verdict.kind is None:
        return None, verdict.findings
    try:
        return call_with_timeout(limits.max_seconds, read, source, verdict.kind, verdict.package), verdict.findings
    except Exception as exc:
        return None, verdict.findings + [classify_exception(name if name is not None else source, exc)]
    finally:
        if verdict.package is not None:
            verdict.package.close()
