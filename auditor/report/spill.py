"""A batch's file reports kept on disk, not in memory: a province's 10,000 workbooks would
otherwise keep 20–50 KB each in the parent, and every worker forked from it after.

``Spilled`` is a sequence of ``FileReport`` pickled one after another into a temporary
file; in memory it keeps, per file, where its report is and its ``Head``: what the run's
totals and the summary's order need (path, severity counts, whether it was read, the
department, the year of a scoring table).  Reading an item unpickles it afresh, so a
pass over 10,000 files holds one at a time.  ``locate(i)`` names the bytes of item ``i``
so that a worker process can read it itself (``load``) instead of receiving it pickled.
A worker sends its report the other way as a ``Record``, already pickled, which the
parent writes as it is.  The temporary file goes when the sequence is closed or collected.
"""
from __future__ import annotations

import os
import pickle
import tempfile
import weakref
from dataclasses import replace
from collections import Counter
from collections.abc import Sequence
from typing import Callable, Iterable, NamedTuple

from auditor.findings import Severity
from auditor.report import FileReport, Status

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


class Head(NamedTuple):
    """What a report's place in the run needs, kept in memory: enough to order and count
    the files (``count`` as ``FileReport.count``) without reading any."""

    path: str
    checked: bool
    department: str | None
    counts: tuple[int, int, int]   # errors, warnings, infos
    scored_year: int | None = None
    annotatable: bool = True   # as ``FileReport.annotatable``: a copy of it is made

    def count(self, severity: Severity) -> int:
        return self.counts[SEVERITIES.index(severity)]

    @property
    def status(self) -> Status:
        return Status.CHECKED if self.checked else Status.UNREADABLE


def head_of(report: FileReport) -> Head:
    return Head(report.path, report.checked, report.department, tuple(report.count(s) for s in SEVERITIES),
                report.scored_year, report.annotatable)


class Record(NamedTuple):
    """A report ready for the spill, made where the report was made (a batch's worker, so
    that the parent neither unpickles nor pickles it again): its ``Head``, the report
    pickled without its member, and the member (only the cohort reads it) pickled apart."""

    head: Head
    data: bytes
    member: bytes | None = None


def record(report: FileReport) -> Record:
    member = report.member
    data = pickle.dumps(replace(report, member=None) if member is not None else report, pickle.HIGHEST_PROTOCOL)
    return Record(head_of(report), data, None if member is None else pickle.dumps(member, pickle.HIGHEST_PROTOCOL))


def _remove(fh, name: str) -> None:
    fh.close()
    try:
        os.unlink(name)
    except OSError:
        pass


def load(where: tuple[str, int, int]) -> FileReport:
    """The report at ``where`` (``Spilled.locate``), read by whichever process holds it."""
    name, offset, size = where
    with open(name, "rb") as fh:
        fh.seek(offset)
        return pickle.loads(fh.read(size))


class PickleFile(Sequence):
    """Items pickled one after another into a temporary file (``_at``: the offset and size
    of each) and unpickled afresh when read; the file goes when ``close`` is called or the
    object is collected."""

    def __init__(self, prefix: str, directory: str | None = None):
        fd, self.name = tempfile.mkstemp(prefix=prefix, suffix=".pickle", dir=directory)
        self._fh = os.fdopen(fd, "w+b")
        self._closer = weakref.finalize(self, _remove, self._fh, self.name)
        self._end = 0
        self._at: list[tuple[int, int]] = []

    def __len__(self) -> int:
        return len(self._at)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return pickle.loads(self._read(self._at[i]))

    def _write(self, data: bytes) -> tuple[int, int]:
        self._fh.seek(self._end)
        self._fh.write(data)
        at = (self._end, len(data))
        self._end += len(data)
        return at

    def _read(self, at: tuple[int, int]) -> bytes:
        self._fh.flush()
        self._fh.seek(at[0])
        return self._fh.read(at[1])

    def close(self) -> None:
        self._closer()


class Spilled(PickleFile):
    """File reports in a temporary file, in the order appended (or ``reordered``)."""

    def __init__(self, items: Iterable[FileReport] = (), directory: str | None = None):
        super().__init__("auditor-reports-", directory)
        self._heads: list[Head] = []
        self._members: list[tuple[int, int] | None] = []   # (offset, size) of a record's member
        self._scored: Counter = Counter()   # year -> files of that year with a scoring table
        for item in items:
            self.append(item)

    # --- building -----------------------------------------------------------------------

    def append(self, report: FileReport) -> None:
        self.append_record(Record(head_of(report), pickle.dumps(report, pickle.HIGHEST_PROTOCOL)))

    def append_record(self, rec: Record) -> None:
        """A report as a ``Record``: its bytes are written as they are."""
        self._at.append(self._write(rec.data))
        self._members.append(None if rec.member is None else self._write(rec.member))
        self._heads.append(rec.head)
        if rec.head.scored_year is not None:
            self._scored[rec.head.scored_year] += 1

    def reordered(self, key: Callable[[Head], object] | None = None) -> "Spilled":
        """A view of the same reports sorted by ``key`` of each one's ``Head``, or else by
        path: no report is read."""
        keys = [h.path if key is None else key(h) for h in self._heads]
        view = object.__new__(Spilled)
        view.__dict__.update(self.__dict__)
        order = sorted(range(len(self)), key=keys.__getitem__)
        for attr in ("_at", "_heads", "_members"):
            setattr(view, attr, [getattr(self, attr)[i] for i in order])
        view._parent, view._index = self, None  # the file stays while a view of it is read
        return view

    def rewritten(self, change: Callable[[FileReport], FileReport]) -> "Spilled":
        """The reports, each as ``change`` returns it, in a spill of their own (this one closed)."""
        out = Spilled(directory=os.path.dirname(self.name))
        for report in self:
            out.append(change(report))
        self.close()
        return out

    # --- reading ------------------------------------------------------------------------

    def record(self, i: int) -> Record:
        """Item ``i`` as the bytes it is kept as, without its member."""
        return Record(self._heads[i], self._read(self._at[i]))

    def member(self, i: int):
        """The member (``report.Member``) item ``i`` came with as a ``Record``, else None."""
        at = self._members[i]
        return None if at is None else pickle.loads(self._read(at))

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def by_path(self, path: str) -> FileReport:
        if getattr(self, "_index", None) is None or len(self._index) != len(self):
            self._index = {h.path: i for i, h in enumerate(self._heads)}
        return self[self._index[path]]

    def locate(self, i: int) -> tuple[str, int, int]:
        self._fh.flush()
        return (self.name, *self._at[i])

    def heads(self) -> list[Head]:
        """Each report's ``Head``, without reading any."""
        return list(self._heads)

    def severity_count(self, severity: Severity) -> int:
        """Findings of ``severity`` over every report, without reading any."""
        k = SEVERITIES.index(severity)
        return sum(h.counts[k] for h in self._heads)

    def scored_years(self) -> Counter:
        """How many files of each year have a scoring table, without reading any (the rule
        pack the summary is laid out by is the most common year's)."""
        return Counter(self._scored)

    @property
    def unreadable(self) -> int:
        return sum(1 for h in self._heads if not h.checked)
