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


def call_with_deadline(seconds: float | None, fn: Callable[..., Any], *args) -> Any:
    """``fn(*args)``, raising Timeout after ``seconds`` of wall clock, on any thread and platform.

    In a main thread with SIGALRM, ``call_with_timeout``.  Elsewhere (a web server's
    request thread, Windows) ``fn`` runs in a fresh process (spawned: no fork needed) that
    the caller kills at the deadline; then ``fn`` and its arguments and result must
    pickle.  Whatever ``fn`` raises is raised here; a child that dies raises RuntimeError.
    """
    if not seconds:
        return fn(*args)
    if interruptible():
        return call_with_timeout(seconds, fn, *args)
    import multiprocessing

    outcome, timed_out, exitcode = _in_child(multiprocessing.get_context("spawn"), _call_child, (fn, args),
                                             seconds)
    if timed_out:
        raise Timeout(seconds)
    if outcome is None:
        raise RuntimeError(f"the checking process died (exit code {exitcode})")
    ok, value = outcome
    if ok:
        return value
    raise value


def _call_child(conn, fn, args) -> None:
    try:
        outcome = (True, fn(*args))
    except BaseException as exc:  # raised again in the caller
        outcome = (False, exc)
    try:
        conn.send(outcome)
    except Exception as exc:  # an unpicklable result or exception
        conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
    conn.close()


def _in_child(ctx, target, args: tuple, seconds: float, grace: float = 5.0) -> tuple[Any, bool, int | None]:
    """``target(conn, *args)`` in a child process that sends one object back on ``conn``:
    (that object or None, whether it was killed for outliving ``seconds``, its exit code)."""
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=target, args=(child, *args), daemon=True)
    proc.start()
    child.close()
    outcome, timed_out = None, False
    try:
        if parent.poll(seconds):
            outcome = parent.recv()
        else:
            timed_out = True
    except (EOFError, OSError):
        pass  # the child died without a word; its exit code says how
    if timed_out:
        proc.kill()
    proc.join(timeout=grace)
    if proc.is_alive():  # answered, or closed the pipe, but will not exit
        proc.kill()
        proc.join()
    parent.close()
    return outcome, timed_out, proc.exitcode


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


def _isolated_child(conn, path, read, limits: Limits) -> None:
    limit_worker(limits)
    try:
        outcome = read_guarded(path, read, limits)
    except BaseException as exc:  # even the guard failing must reach the parent as a finding
        outcome = (None, [classify_exception(path, exc)])
    try:
        conn.send(outcome)
    except Exception as exc:  # e.g. an unpicklable result
        conn.send((None, [classify_exception(path, exc)]))
    conn.close()


def run_isolated(path, read: Callable[[Any, str], Any], limits: Limits = Limits(),
                 grace: float = 5.0) -> tuple[Any, list[Finding]]:
    """``read_guarded`` in a child process of its own, killed if it outlives the time limit.

    For the files a worker cannot survive: a native crash, the OOM killer, a native call
    that ignores SIGALRM.  ``read`` must be picklable (a module-level function).
    """
    from auditor.processes import context

    outcome, timed_out, exitcode = _in_child(context(), _isolated_child, (path, read, limits),
                                             limits.max_seconds + grace, grace)
    if outcome is not None:
        return outcome
    where = Location(file=str(path))
    if timed_out:
        return None, [U.ResourceLimit.at(where, limit=f"{limits.max_seconds:g} s")]
    if exitcode == -getattr(signal, "SIGKILL", 9):  # the kernel's OOM killer
        return None, [U.ResourceLimit.at(where, limit="memory")]
    return None, [U.ReadFailed.at(where, error="WorkerDied", detail=f"exit code {exitcode}")]
