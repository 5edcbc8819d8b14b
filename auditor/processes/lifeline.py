"""Workers die with their parent.

A pool worker or an isolated child whose batch was killed (SIGKILL, a closed terminal, a
supervisor's timeout) would otherwise go on for minutes, holding the pipes it inherited,
so that whoever waits on them hangs.  ``watch_parent`` starts a daemon thread in the
worker that ends the process within ``interval`` seconds of the parent's death: on POSIX
by the parent pid changing (a forked child's sentinel pipe is inherited by its siblings,
so it does not close while they live); on Windows by waiting on multiprocessing's parent
sentinel, a handle the parent's death signals.  No signal, fork or ``resource`` is needed.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time

EXIT_ORPHANED = 70


def watch_parent(interval: float = 1.0) -> bool:
    """Start watching this process's parent; False when there is no parent to watch."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return False
    if os.name == "posix" or not parent.sentinel:  # a dead parent's children are re-parented
        target, args = _poll_ppid, (os.getppid(), interval)
    else:
        target, args = _wait_sentinel, (parent.sentinel,)
    threading.Thread(target=target, args=args, name="auditor-lifeline", daemon=True).start()
    return True


def _poll_ppid(ppid: int, interval: float) -> None:
    while os.getppid() == ppid:
        time.sleep(interval)
    os._exit(EXIT_ORPHANED)


def _wait_sentinel(sentinel) -> None:
    from multiprocessing.connection import wait

    wait([sentinel])
    os._exit(EXIT_ORPHANED)
