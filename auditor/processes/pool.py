"""Worker processes whose parent keeps the per-file limits, on every platform.

The parent hands each worker one file at a time and watches the clock and, where the OS
caps no worker's address space (Windows: no RLIMIT_AS), the worker's resident memory.  A
worker past its file's deadline or the memory limit is killed, the file is reported
(S028) and a fresh worker takes its place; the rest of the batch goes on.  Nothing here
needs fork, signals or ``resource``: the worker's own SIGALRM and RLIMIT_AS, where they
exist, are extras that usually answer first and more cheaply.
"""
from __future__ import annotations

import importlib
import signal
import time
from collections import deque
from dataclasses import dataclass, replace
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator

from auditor.codes import unreadable as U
from auditor.findings import Finding, Location
from auditor.guards import Limits, Timeout, classify_exception
from auditor.processes.start import context
from auditor.processes.workers import (call_with_timeout, caps_memory, deadline_kept_by_parent, init_worker, interruptible, parent_keeps_deadline, read_guarded)

# The worker's own alarm, where there is one, goes off at the deadline: the parent kills
# a little later, so that the cheap path wins where it works.
GRACE = 0.2
# How often resident memory is looked at when the parent is the only memory limit.
WATCH_SECONDS = 0.1
# A worker that has not imported the checker by then will not: (spawn on a loaded machine
# takes seconds, not minutes).
STARTUP_SECONDS = 120.0
READY = "ready"


@dataclass
class Lost:
    """An item that brought no result: ``lost`` says why.  "time" or "memory": its worker
    was killed at that limit; "raised": ``fn`` raised ``error``; "died": the worker died
    of itself (``exitcode`` says how; the caller may retry the item alone).  ``finding``
    is what a file's report says of it (None when the worker died).  ``fallback``: what the
    work had declared its result if stopped (``workers.fall_back_to``), when it was stopped
    past that point (None otherwise)."""

    lost: str
    finding: Finding | None = None
    exitcode: int | None = None
    error: BaseException | None = None
    fallback: Any = None


@dataclass
class _Fallback:
    """A worker's word that its item's result, should it be stopped now, is ``result``, and
    that it has ``seconds`` more (``workers.fall_back_to``)."""

    result: Any
    seconds: float


def _telling(conn):
    def tell(result, seconds: float) -> None:
        try:
            conn.send(_Fallback(result, seconds))
        except Exception:  # a result that does not pickle: the parent keeps the first deadline
            pass
    return tell


def _serve(conn, fn, extra: tuple, limits: Limits, warm: tuple[str, ...]) -> None:
    init_worker(limits)
    parent_keeps_deadline(_telling(conn))
    for module in warm:  # imported before the first deadline starts, not inside it
        importlib.import_module(module)
    conn.send(READY)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        try:
            outcome = (True, fn(item, *extra))
        except BaseException as exc:  # reported by the parent as this file's finding
            outcome = (False, exc)
        try:
            conn.send(outcome)
        except Exception as exc:  # an unpicklable result or exception
            conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


class _Worker:
    def __init__(self, ctx, args: tuple):
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_serve, args=(child, *args), daemon=True)
        self.proc.start()
        child.close()  # the parent's copy: once the worker is gone, reading gives EOF
        self.started, self.ready, self.item = time.monotonic(), False, None
        self.seconds, self.fallback = None, None  # the item's deadline, and its fallback if any

    def give(self, item, seconds: float | None) -> None:
        self.item, self.started, self.seconds, self.fallback = item, time.monotonic(), seconds, None
        self.conn.send(item)

    def lost(self, why: str, finding: Finding | None = None, exitcode: int | None = None) -> Lost:
        return Lost(why, finding, exitcode, fallback=self.fallback)

    def stop(self, kill: bool) -> int | None:
        if kill:
            self.proc.kill()
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()
        return self.proc.exitcode


def _resident(pid: int, psutil) -> int:
    try:
        return psutil.Process(pid).memory_info().rss
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0


def _watchdog():
    """psutil where the parent must watch memory itself, else None (no watch)."""
    if caps_memory():
        return None
    try:
        import psutil
    except ImportError:
        return None
    return psutil


def supervised(fn: Callable[..., Any], items: Iterable, jobs: int, limits: Limits, extra: tuple = (),
               warm: tuple[str, ...] = (), grace: float = GRACE) -> Iterator[tuple[Any, Any]]:
    """``fn(item, *extra)`` for each item in ``jobs`` workers: (item, result or ``Lost``) as
    each completes.  ``fn`` must be picklable (a module-level function); its exceptions
    come back as ``Lost`` with their finding.  Items are paths: findings name them.
    ``warm`` names modules each worker imports before its first file; a worker is killed
    ``grace`` seconds past the deadline."""
    return _Supervisor(fn, items, jobs, limits, extra, warm, grace).run()


class _Supervisor:
    def __init__(self, fn, items, jobs: int, limits: Limits, extra: tuple, warm: tuple[str, ...], grace: float):
        self.queue, self.ctx, self.psutil, self.grace = deque(items), context(limits.max_memory_bytes), _watchdog(), grace
        self.jobs, self.limits, self.seconds = max(1, jobs), limits, limits.max_seconds or None
        self.args = (fn, extra, limits, warm)
        self.workers: list[_Worker] = []
        self.failed_starts = 0

    def run(self) -> Iterator[tuple[Any, Any]]:
        try:
            self.workers = [_Worker(self.ctx, self.args) for _ in range(min(self.jobs, len(self.queue)))]
            while self._assign():
                answered = []
                for conn in wait([w.conn for w in self.workers], self._timeout()):
                    answered += self._answer(next(w for w in self.workers if w.conn is conn))
                # The idle workers get their next files before the caller takes these
                # answers (which it may spend a while on): no worker waits on the caller.
                self._assign()
                yield from answered
                yield from self._enforce()
        finally:
            for w in self.workers:
                try:
                    w.conn.send(None)
                except (OSError, ValueError):
                    pass
            for w in self.workers:
                w.stop(kill=not w.ready or w.item is not None)

    def _assign(self) -> bool:
        """Give idle workers the next files; False when everything is done."""
        for w in self.workers:
            if w.ready and w.item is None and self.queue:
                w.give(self.queue.popleft(), self.seconds)
        return bool(self.queue) or any(w.item is not None for w in self.workers)

    def _timeout(self) -> float | None:
        now, busy = time.monotonic(), [w for w in self.workers if w.item is not None]
        due = [w.started + STARTUP_SECONDS for w in self.workers if not w.ready]
        due += [w.started + w.seconds + self.grace for w in busy if w.seconds]
        timeout = max(0.0, min(due) - now) if due else None
        if self.psutil is not None and busy:
            timeout = WATCH_SECONDS if timeout is None else min(timeout, WATCH_SECONDS)
        return timeout

    def _replace(self, w: _Worker) -> None:
        self.workers.remove(w)
        if self.queue:
            self.workers.append(_Worker(self.ctx, self.args))

    def _answer(self, w: _Worker):
        try:
            message = w.conn.recv()
        except (EOFError, OSError):  # the worker died: a native crash, the OOM killer
            item, code = w.item, w.stop(kill=False)
            if item is None:
                self.failed_starts += 1
                if self.failed_starts > 3:
                    raise RuntimeError(f"worker processes die as they start (exit code {code})")
            self._replace(w)
            if item is not None:
                yield item, w.lost("died", exitcode=code)
            return
        if message == READY:
            w.ready = True
            return
        if isinstance(message, _Fallback):  # its item's new deadline counts from now
            w.fallback, w.seconds, w.started = message.result, message.seconds, time.monotonic()
            return
        item, w.item = w.item, None
        ok, value = message
        yield item, value if ok else Lost("raised", classify_exception(str(item), value), error=value)

    def _enforce(self):
        """Kill the workers past their file's deadline or the memory limit."""
        now = time.monotonic()
        for w in list(self.workers):
            if not w.ready and now - w.started > STARTUP_SECONDS:
                raise RuntimeError(f"a worker process did not start in {STARTUP_SECONDS:g} s")
            if w.item is None:
                continue
            where = Location(file=str(w.item))
            if w.seconds and now - w.started > w.seconds + self.grace:
                lost = w.lost("time", U.ResourceLimit.at(where, limit=f"{w.seconds:g} s"))
            elif self.psutil is not None and _resident(w.proc.pid, self.psutil) > self.limits.max_memory_bytes:
                lost = w.lost("memory", U.ResourceLimit.at(where, limit="memory"))
            else:
                continue
            item = w.item
            w.stop(kill=True)
            self._replace(w)
            yield item, lost


# --- one call, one file, in a worker of its own -----------------------------------------

class WorkerDied(RuntimeError):
    """The process doing one call died of itself (a native crash, the OOM killer)."""

    def __init__(self, exitcode: int | None):
        super().__init__(f"the checking process died (exit code {exitcode})")
        self.exitcode = exitcode


def call_with_deadline(seconds: float | None, fn: Callable[..., Any], *args, limits: Limits | None = None) -> Any:
    """``fn(*args)``, raising Timeout after ``seconds`` of wall clock, on any thread and platform.

    In a main thread with SIGALRM, ``call_with_timeout``.  Elsewhere (a web server's
    request thread, Windows) ``fn`` runs in a worker process of its own (``call_alone``).
    """
    if not seconds or deadline_kept_by_parent() or interruptible():
        return call_with_timeout(seconds, fn, *args)
    return call_alone(fn, *args, limits=replace(limits or Limits(), max_seconds=seconds))


def call_alone(fn: Callable[..., Any], *args, limits: Limits = Limits()) -> Any:
    """``fn(*args)`` in a worker process of its own (spawned where fork is unsafe), killed at
    ``limits``' deadline (none when ``max_seconds`` is 0) or, where the OS caps none, past
    its memory limit; ``fn``, its arguments and result must pickle.  Whatever ``fn`` raises
    is raised here; a worker that dies raises WorkerDied.  Stopped past a
    ``workers.fall_back_to``, it returns that fallback.
    """
    # no grace: a worker for one call is not kept, so its own alarm saves nothing
    ((_, outcome),) = supervised(_apply, [args], 1, limits, (fn,), grace=0)
    if not isinstance(outcome, Lost):
        return outcome
    if outcome.fallback is not None:
        return outcome.fallback
    if outcome.error is not None:
        raise outcome.error
    if outcome.lost == "time":
        raise Timeout(limits.max_seconds)
    if outcome.lost == "memory":
        raise MemoryError("the checking process went over the memory limit")
    raise WorkerDied(outcome.exitcode)


def _apply(args: tuple, fn: Callable[..., Any]) -> Any:
    return fn(*args)


def lost_finding(path, outcome: Lost) -> Finding:
    """What a file's report says of a ``Lost`` item: its finding, or for a worker that died,
    S028 where the OOM killer took it, else S029."""
    if outcome.finding is not None and outcome.lost != "died":
        return outcome.finding
    where = Location(file=str(path))
    if outcome.exitcode == -getattr(signal, "SIGKILL", 9):  # the kernel's OOM killer
        return U.ResourceLimit.at(where, limit="memory")
    return U.ReadFailed.at(where, error="WorkerDied", detail=f"exit code {outcome.exitcode}")


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
    ((_, outcome),) = supervised(_read_isolated, [path], 1, limits, (read, limits), grace=grace)
    if not isinstance(outcome, Lost):
        return outcome
    return None, [lost_finding(path, outcome)]
