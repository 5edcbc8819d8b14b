"""Bounding the work on one file: a worker's memory, a wall-clock limit, a process of its own.

The batch runs ``limit_worker`` in each pool worker; ``read_guarded`` is the guarded read
of one file (``auditor.guards.inspect``, then the reader under the time limit); a file
that a worker cannot survive (a native crash, the OOM killer) is retried with
``run_isolated``.  ``call_with_deadline`` bounds a call off the main thread too.
"""
from __future__ import annotations

import signal
import threading
from typing import Any, Callable

from auditor.findings import Finding, Location
from auditor.guards import Limits, Timeout, classify_exception, inspect
from auditor.codes import unreadable as U


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
    which stops its workers itself, and the memory cap where the OS gives one."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_worker(limits)


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


def call_with_deadline(seconds: float | None, fn: Callable[..., Any], *args) -> Any:
    """``fn(*args)``, raising Timeout after ``seconds`` of wall clock, on any thread and platform.

    In a main thread with SIGALRM, ``call_with_timeout``.  Elsewhere (a web server's
    request thread, Windows) ``fn`` runs in a worker process (``auditor.pool``: spawned
    where fork is unsafe) that is killed at the deadline, or past the memory limit where
    the OS caps none; then ``fn`` and its arguments and result must pickle.  Whatever
    ``fn`` raises is raised here; a worker that dies raises RuntimeError.
    """
    if not seconds or _parent_keeps_deadline or interruptible():
        return call_with_timeout(seconds, fn, *args)
    from auditor.pool import Lost, supervised

    # no grace: a worker for one call is not kept, so its own alarm saves nothing
    ((_, outcome),) = supervised(_apply, [args], 1, Limits(max_seconds=seconds), (fn,), grace=0)
    if not isinstance(outcome, Lost):
        return outcome
    if outcome.error is not None:
        raise outcome.error
    if outcome.lost == "time":
        raise Timeout(seconds)
    if outcome.lost == "memory":
        raise MemoryError("the checking process went over the memory limit")
    raise RuntimeError(f"the checking process died (exit code {outcome.exitcode})")


def _apply(args: tuple, fn: Callable[..., Any]) -> Any:
    return fn(*args)


def read_guarded(source, read: Callable[[Any, str], Any], limits: Limits = Limits(),
                 name: str | None = None) -> tuple[Any, list[Finding]]:
    """``inspect``, then ``read(source, kind)`` under the time limit: (result or None, findings).

    ``source`` is a path or the file's bytes; ``name`` what the findings call it (default:
    the path).  Every failure becomes a finding; nothing raised while reading gets out.
    """
    verdict = inspect(source, limits, name)
    if verdict.kind is None:
        return None, verdict.findings
    try:
        return call_with_timeout(limits.max_seconds, read, source, verdict.kind), verdict.findings
    except Exception as exc:
        return None, verdict.findings + [classify_exception(name if name is not None else source, exc)]


def _read_isolated(path, read, limits: Limits):
    try:
        return read_guarded(path, read, limits)
    except BaseException as exc:  # even the guard failing must reach the parent as a finding
        return None, [classify_exception(path, exc)]


def run_isolated(path, read: Callable[[Any, str], Any], limits: Limits = Limits(),
                 grace: float = 5.0) -> tuple[Any, list[Finding]]:
    """``read_guarded`` in a worker process of its own, killed if it outlives the time limit
    (by ``grace`` seconds, so that its own alarm answers first where it has one) or, where
    the OS caps no memory, the memory limit.

    For the files a worker cannot survive: a native crash, the OOM killer, a native call
    that ignores SIGALRM.  ``read`` must be picklable (a module-level function).
    """
    from auditor.pool import Lost, supervised

    ((_, outcome),) = supervised(_read_isolated, [path], 1, limits, (read, limits), grace=grace)
    if not isinstance(outcome, Lost):
        return outcome
    if outcome.finding is not None and outcome.lost != "died":
        return None, [outcome.finding]
    where = Location(file=str(path))
    if outcome.exitcode == -getattr(signal, "SIGKILL", 9):  # the kernel's OOM killer
        return None, [U.ResourceLimit.at(where, limit="memory")]
    return None, [U.ReadFailed.at(where, error="WorkerDied", detail=f"exit code {outcome.exitcode}")]
