"""Simulated Windows: this interpreter loses what CPython on Windows does not have.

On PYTHONPATH (``.ci/run``'s second run; ``PYTHONPATH=.ci/simulated-windows python3 -m
pytest`` by hand), it is imported at start-up by every interpreter, the pool's workers and
the tests' subprocesses included, and removes:

- the ``resource`` module (no RLIMIT_AS, no getrusage), after psutil (if installed) has
  taken what its Linux backend needs of it;
- SIGALRM, the interval timers, ``alarm`` and ``pthread_sigmask``;
- ``os.fork`` and the 'fork' and 'forkserver' start methods: 'spawn' is the default and
  the only method, as on Windows.

What it cannot simulate: ``os.name`` stays "posix", paths keep "/", a process is still
killed by SIGKILL, consoles and code pages are Linux's.  docs/platforms.md says what that
leaves untested.
"""
import os
import signal
import sys

try:  # psutil's Linux backend imports resource (for Process.rlimit); on Windows it needs none
    import psutil  # noqa: F401
except ImportError:
    pass
sys.modules["resource"] = None  # import resource -> ImportError, as on Windows

for _name in ("SIGALRM", "setitimer", "getitimer", "alarm", "pthread_sigmask",
              "ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF"):
    if hasattr(signal, _name):
        delattr(signal, _name)

for _name in ("fork", "forkpty"):
    if hasattr(os, _name):
        delattr(os, _name)


def _spawn_only() -> None:
    import multiprocessing
    from multiprocessing import context

    spawn = context._concrete_contexts["spawn"]
    for method in ("fork", "forkserver"):
        context._concrete_contexts.pop(method, None)
    context._default_context._default_context = spawn
    if context._default_context._actual_context is not None:
        context._default_context._actual_context = spawn
    context.DefaultContext.get_all_start_methods = lambda self: ["spawn"]
    # the package bound the default context's methods when it was imported
    multiprocessing.get_all_start_methods = context._default_context.get_all_start_methods


_spawn_only()
