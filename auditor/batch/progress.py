"""What a batch shows while it runs: a bar on a terminal, one line per file otherwise.

The checking code never prints; ``auditor.batch.run`` calls ``start``/``advance``/``finish``
on whatever it is given, and this is the CLI's implementation of that protocol.
"""
from __future__ import annotations

import sys
import time

from auditor.console import Nowhere, is_terminal, printable
from auditor.findings import Severity
from auditor.words import words

class Progress:
    def __init__(self, stream=None, lang: str = "zh", bar: bool | None = None, width: int = 30):
        self.stream = stream if stream is not None else sys.stderr
        if self.stream is None:  # pythonw, a windowed exe: no stderr to show progress on
            self.stream = Nowhere()
        self.words = words(lang)
        self.bar = is_terminal(self.stream) if bar is None else bar
        self.width = width
        self.label, self.total, self.done, self.errors, self.t0 = "", 0, 0, 0, 0.0

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done, self.errors = label, total, 0, 0
        self.t0 = time.monotonic()
        if self.bar:
            self._draw()

    def advance(self, item=None) -> None:
        self.done += 1
        bad = item is not None and (not item.checked or item.count(Severity.ERROR))
        self.errors += bool(bad)
        if self.bar:
            self._draw()
        elif item is not None:
            w = self.words
            status = w[f"status.{item.status.value}"]
            print(f"[{self.done}/{self.total}] {printable(item.path)} {status} {w['progress.errors']} {item.count(Severity.ERROR)}",
                  file=self.stream, flush=True)

    def finish(self) -> None:
        if self.bar:
            self._draw()
            print(file=self.stream, flush=True)

    def _draw(self) -> None:
        w = self.words
        frac = self.done / self.total if self.total else 1.0
        filled = int(self.width * frac)
        elapsed = time.monotonic() - self.t0
        left = elapsed / self.done * (self.total - self.done) if self.done else None
        eta = "--:--" if left is None else f"{int(left) // 60:02d}:{int(left) % 60:02d}"
        errors = f" {w['progress.errors']} {self.errors}" if self.label == "check" else ""
        line = (f"\r{w.get('progress.' + self.label, self.label)} [{'#' * filled}{'.' * (self.width - filled)}] "
                f"{self.done}/{self.total}{errors} {w['progress.left']} {eta} ")
        self.stream.write(line)
        self.stream.flush()


class NoProgress:
    """The progress protocol: ``start(label, total)``, ``advance(item)``, ``finish()``."""

    def start(self, label: str, total: int) -> None: ...

    def advance(self, item=None) -> None: ...

    def finish(self) -> None: ...
