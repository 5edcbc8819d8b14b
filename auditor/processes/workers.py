"""Bounding the work on one file inside a process: its memory, its alarm, its guarded read.

Every worker process runs ``init_worker`` (``limit_worker``: RLIMIT_AS where the OS has
it); ``read_guarded`` is the guarded read of one file (``auditor.guards.inspect``, then
the reader under the alarm, where there is one).  What needs a process of its own (the
parent's deadline, ``call_with_deadline``, ``run_isolated``) is ``auditor.processes.pool``.
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
    own when the parent dies (``auditor.processes.lifeline``)."""
    from auditor.processes.lifeline import watch_parent

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
    adds a hard kill for the native case.  Past a ``fall_back_to``, the alarm is its and
    its result what a timeout returns.
    """
    global _alarm
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return fn(*args, **kwargs)
    alarm = _Alarm(seconds)

    def _ring(signum, frame):
        if not alarm.armed:
            return
        # An exception raised while a finalizer or __del__ runs is printed and dropped by
        # the interpreter, and the work would go on unbounded: ring again until the
        # Timeout gets out (the finally below disarms).
        signal.setitimer(signal.ITIMER_REAL, _RING_AGAIN)
        raise Timeout(alarm.seconds)

    previous, outer = signal.signal(signal.SIGALRM, _ring), _alarm
    _alarm = alarm
    alarm.armed = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        try:
            return fn(*args, **kwargs)
        finally:
            alarm.armed = False  # a ring from here on is a leftover: ignored
            signal.setitimer(signal.ITIMER_REAL, 0)
    except Timeout:
        if alarm.fallback is _NOTHING:
            raise
        return alarm.fallback
    finally:
        signal.signal(signal.SIGALRM, previous)
        _alarm = outer


def interruptible() -> bool:
    """Whether ``call_with_timeout`` can interrupt here: SIGALRM exists and this is the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


# In a worker whose parent keeps its deadline (``auditor.processes.pool``): how to tell the parent of
# a fallback.  Such a worker needs no child of its own for a deadline, and takes the alarm
# only as the cheaper extra where there is one.
_tell_parent: Callable[[Any, float], None] | None = None


def parent_keeps_deadline(tell: Callable[[Any, float], None]) -> None:
    """Say that this process's parent keeps its deadline; ``tell(result, seconds)`` passes
    on a ``fall_back_to``."""
    global _tell_parent
    _tell_parent = tell


def deadline_kept_by_parent() -> bool:
    return _tell_parent is not None


# --- a fallback: the result a bounded call gives if it is stopped from here on -------------

_NOTHING = object()


class _Alarm:
    """The alarm ``call_with_timeout`` armed, and the fallback declared under it."""

    def __init__(self, seconds: float):
        self.seconds, self.fallback, self.armed = seconds, _NOTHING, False


_alarm: _Alarm | None = None
_RING_AGAIN = 0.05  # seconds between rings once the time is up


def fall_back_to(result: Any, seconds: float | None) -> None:
    """From here on the work in hand has ``seconds`` of its own, and if it is stopped (past
    them, or killed by its parent at the memory limit) the bounded call gives ``result``
    instead of failing.

    For work whose last part must not cost the first its result: the narrative report, read
    once its workbook is checked.  Under ``call_with_timeout``'s alarm the alarm is re-armed;
    in a worker whose parent keeps the deadline the parent is told too (it then kills at the
    new deadline, and hands the caller ``result``).  Unbounded work stays unbounded; no
    ``seconds``: nothing changes.  ``result`` must pickle, where a parent is told.
    """
    if not seconds or seconds <= 0:
        return
    if _tell_parent is not None:
        _tell_parent(result, seconds)
    alarm = _alarm
    if alarm is not None and threading.current_thread() is threading.main_thread():
        alarm.fallback, alarm.seconds = result, seconds  # before re-arming: a ring now already falls back
        signal.setitimer(signal.ITIMER_REAL, seconds)


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
