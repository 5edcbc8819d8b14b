"""Whether a batch may write into an --out folder at all: not over its own inputs, not
beside another batch writing there, not into a folder it cannot create.

``refuse_out`` runs before anything is written: an --out that is the input folder, or one
where an input stands at a path an output takes (``summary.xlsx``, ``report.json``, the
manifest, anything under ``annotated/``), would overwrite or remove a department's file.
``OutputLock`` is held for the whole batch: a second batch into the same --out would
remove the first one's copies as stale and both would exit 0.  The lock is the operating
system's (``flock``; ``msvcrt.locking`` on Windows), so a batch that was killed leaves no
lock behind to clear by hand.
"""
from __future__ import annotations

import os
from pathlib import Path

LOCK = ".auditor.lock"


class OutputRefused(Exception):
    """--out would write over the batch's own inputs (a usage error)."""

    def __init__(self, out: Path, clash: Path | None):
        super().__init__(str(out), str(clash) if clash else None)
        self.out, self.clash = out, clash


class OutputInUse(Exception):
    """Another batch is writing into this --out now."""


def refuse_out(root: Path, out: Path, inputs, outputs: tuple[str, ...], copies: str) -> None:
    """Raise OutputRefused when ``out`` is ``root`` or an input stands where an output goes:
    at ``out/<one of outputs>`` or under ``out/<copies>``.  ``inputs``: every path discovery
    found or skipped, as found."""
    from auditor.guards import inside

    real_out = os.path.realpath(out)
    if real_out == os.path.realpath(root):
        raise OutputRefused(out, None)
    taken = {os.path.join(real_out, name) for name in outputs}
    folder = os.path.join(real_out, copies)
    for p in inputs:
        real = os.path.join(os.path.realpath(Path(p).parent), Path(p).name)  # the entry, not its target
        if real in taken or inside(real, folder):
            raise OutputRefused(out, Path(p))


def _lock(fh) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        return
    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


class OutputLock:
    """``out/.auditor.lock``, held while a batch writes into ``out``.

    ``acquire`` raises OutputInUse when another process holds it, OSError when the folder
    cannot be written at all (read-only, full).  ``release`` removes the file.
    """

    def __init__(self, out: Path):
        self.path = Path(out) / LOCK
        self.fh = None

    def acquire(self) -> "OutputLock":
        for _ in range(5):
            fh = open(self.path, "a+b")
            try:
                _lock(fh)
            except OSError:
                fh.close()
                raise OutputInUse(str(self.path.parent)) from None
            # The holder before us may have removed the file between our open and our lock:
            # then we hold a lock on a name no one else will open, so try again.
            try:
                same = os.path.samestat(os.fstat(fh.fileno()), os.stat(self.path))
            except OSError:
                same = False
            if same:
                fh.seek(0)
                fh.truncate()
                fh.write(f"{os.getpid()}\n".encode())
                fh.flush()
                self.fh = fh
                return self
            fh.close()
        raise OutputInUse(str(self.path.parent))

    def release(self) -> None:
        if self.fh is None:
            return
        try:
            self.path.unlink()   # while still held: whoever opens the name next makes a new file
        except OSError:
            pass                 # Windows does not remove an open file: it stays, unlocked
        self.fh.close()
        self.fh = None

    def __enter__(self) -> "OutputLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
