"""A batch's file reports kept on disk, not in memory: a province's 10,000 workbooks would
otherwise keep 20–50 KB each in the parent, and every worker forked from it after.

``Spilled`` is a sequence of ``FileReport`` pickled one after another into a temporary
file; in memory it keeps, per file, where its report is and what the run's totals need
(its severity counts, whether it was read).  Reading an item unpickles it afresh, so a
pass over 10,000 files holds one at a time.  ``locate(i)`` names the bytes of item ``i``
so that a worker process can read it itself (``load``) instead of receiving it pickled.
The temporary file goes when the sequence is closed or collected.
"""
from __future__ import annotations

import os
import pickle
import tempfile
import weakref
from collections import Counter
from collections.abc import Sequence
from typing import Callable, Iterable, NamedTuple

from auditor.findings import Finding, Severity
from auditor.report import FileReport

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


class Head(NamedTuple):
    """What a report's place in the run needs, kept in memory: enough to order the files
    (``count`` as ``FileReport.count``) without reading any."""

    path: str
    checked: bool
    department: str | None
    counts: tuple[int, int, int]   # errors, warnings, infos

    def count(self, severity: Severity) -> int:
        return self.counts[SEVERITIES.index(severity)]


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


class Spilled(Sequence):
    """File reports in a temporary file, in the order appended (or ``reordered``)."""

    def __init__(self, items: Iterable[FileReport] = (), directory: str | None = None):
        fd, self.name = tempfile.mkstemp(prefix="auditor-reports-", suffix=".pickle", dir=directory)
        self._fh = os.fdopen(fd, "w+b")
        self._closer = weakref.finalize(self, _remove, self._fh, self.name)
        self._at: list[tuple[int, int]] = []       # (offset, size) of each item
        self._paths: list[str] = []
        self._counts: list[tuple[int, int, int]] = []
        self._read: list[bool] = []
        self._departments: list[str | None] = []
        self._scored: Counter = Counter()   # year -> files of that year with a scoring table
        self._end = 0
        for item in items:
            self.append(item)

    # --- building -----------------------------------------------------------------------

    def append(self, report: FileReport) -> None:
        data = pickle.dumps(report, pickle.HIGHEST_PROTOCOL)
        self._fh.seek(self._end)
        self._fh.write(data)
        self._at.append((self._end, len(data)))
        self._end += len(data)
        self._paths.append(report.path)
        self._counts.append(tuple(report.count(s) for s in SEVERITIES))
        self._read.append(report.checked)
        self._departments.append(report.department)
        if report.scored_year is not None:
            self._scored[report.scored_year] += 1

    def reordered(self, key: Callable[[FileReport], object] | None = None, *,
                  by_head: Callable[[Head], object] | None = None) -> "Spilled":
        """A view of the same reports sorted by ``key`` (computed one report at a time), by
        ``by_head`` of each one's ``Head`` without reading any, or else by path."""
        if by_head is not None:
            keys = [by_head(h) for h in self.heads()]
        else:
            keys = self._paths if key is None else [key(r) for r in self]
        view = object.__new__(Spilled)
        view.__dict__.update(self.__dict__)
        order = sorted(range(len(self)), key=keys.__getitem__)
        for attr in ("_at", "_paths", "_counts", "_read", "_departments"):
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

    def __len__(self) -> int:
        return len(self._at)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        offset, size = self._at[i]
        self._fh.flush()
        self._fh.seek(offset)
        return pickle.loads(self._fh.read(size))

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def by_path(self, path: str) -> FileReport:
        if getattr(self, "_index", None) is None or len(self._index) != len(self):
            self._index = {p: i for i, p in enumerate(self._paths)}
        return self[self._index[path]]

    def locate(self, i: int) -> tuple[str, int, int]:
        self._fh.flush()
        return (self.name, *self._at[i])

    def heads(self) -> list[Head]:
        """Each report's ``Head``, without reading any."""
        return [Head(*h) for h in zip(self._paths, self._read, self._departments, self._counts)]

    def severity_count(self, severity: Severity) -> int:
        """Findings of ``severity`` over every report, without reading any."""
        k = SEVERITIES.index(severity)
        return sum(c[k] for c in self._counts)

    def scored_years(self) -> Counter:
        """How many files of each year have a scoring table, without reading any (the rule
        pack the summary is laid out by is the most common year's)."""
        return Counter(self._scored)

    @property
    def unreadable(self) -> int:
        return sum(1 for r in self._read if not r)

    def close(self) -> None:
        self._closer()


# --- a batch's results as they arrive ------------------------------------------------------

class Collected:
    """The batch's results as they arrive: each report on disk (``auditor.spill``), its
    member in the cohort's index, in memory only which sources are done.  ``final`` gives
    them sorted by path with their D findings added, still on disk."""

    def __init__(self):
        from auditor.rules.cohort import Cohort

        self.spilled, self.cohort, self.sources, self.last = Spilled(), Cohort(), set(), None

    def __setitem__(self, source: str, report: FileReport) -> None:
        if report.member is not None:
            self.cohort.add(report.member)
        self.spilled.append(report)
        self.sources.add(source)
        self.last = report

    def __contains__(self, source: str) -> bool:
        return source in self.sources

    def add(self, report: FileReport) -> None:
        self[report.source or report.path] = report

    def final(self, options) -> Spilled:
        out = Spilled()
        for a in self.spilled.reordered():
            out.append(with_cohort(a, self.cohort, options))
        self.spilled.close()
        return out


def with_cohort(a: FileReport, cohort, options) -> FileReport:
    """``a`` with its D findings (subject to --select/--ignore), without its member: the
    cohort was its only reader."""
    from auditor.codes import selected

    extra = cohort.findings(a.member) if a.member is not None else []
    if extra:
        codes = set(selected({f.code for f in extra}, options.select, options.ignore))
        extra = [f for f in extra if f.code in codes]
    if extra:
        a.findings = sorted(a.findings + extra, key=Finding.sort_key)
    a.member = None
    return a
