"""Process supervision: how a file's time and memory limits are kept, on every platform.

One file is checked in a worker process (``pool``), under ``auditor.limits.Limits``:

- **time**: the parent watches each worker's deadline and kills a worker that overruns it
  (``pool``), on every platform.  Where the OS has SIGALRM (Linux, macOS) the worker also
  arms an alarm of its own (``workers``), which usually answers first and more cheaply.
- **memory**: on Linux, ``workers.limit_worker`` sets RLIMIT_AS, so a runaway allocation
  fails inside the worker as a MemoryError.  macOS does not enforce RLIMIT_AS and Windows has
  no ``resource`` module: there the parent samples the worker's resident memory (psutil)
  and kills it past the limit (``pool``).
- **orphans**: a worker whose parent died ends itself (``lifeline``), by the parent pid on
  POSIX and by multiprocessing's parent sentinel on Windows.
- **starting**: ``start`` picks the start method; everything works under 'spawn'.

A killed worker costs only its own file (S028); a fresh worker takes its place.
Nothing here depends on fork, signals or ``resource`` alone.
"""
