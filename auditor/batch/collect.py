"""A batch's results as they arrive: each report kept on disk (``auditor.report.spill``), its
member in the cohort's index (``auditor.rules.cohort``), and the D findings added at the end."""
from __future__ import annotations

import pickle

from auditor.findings import Finding
from auditor.report import FileReport
from auditor.report.spill import Record, Spilled, record


class Collected:
    """The batch's results as they arrive: each report on disk (``auditor.report.spill``), its
    member in the cohort's index, in memory only which sources are done.  A result is a
    ``FileReport`` or, from a worker, its ``Record``.  ``final`` gives them sorted by path
    with their D findings added, still on disk."""

    def __init__(self):
        from auditor.rules.cohort import Cohort

        self.spilled, self.cohort, self.sources, self.last = Spilled(), Cohort(), set(), None

    def __setitem__(self, source: str, result: "FileReport | Record") -> None:
        if isinstance(result, Record):
            rec, member = result, (None if result.member is None else pickle.loads(result.member))
        else:
            rec, member = record(result), result.member
        if member is not None:
            self.cohort.add(member)
        self.spilled.append_record(rec)
        self.sources.add(source)
        self.last = rec.head   # what the progress line says of it

    def __contains__(self, source: str) -> bool:
        return source in self.sources

    def add(self, report: FileReport) -> None:
        self[report.source or report.path] = report

    def final(self, options) -> Spilled:
        """Most files get no D finding: their bytes are copied as they are, unread."""
        out, by_path = Spilled(), self.spilled.reordered()
        for i in range(len(by_path)):
            member = by_path.member(i)
            extra = cohort_findings_of(member, self.cohort, options) if member is not None else []
            if extra:
                a = by_path[i]
                a.findings = sorted(a.findings + extra, key=Finding.sort_key)
                out.append(a)
            else:
                out.append_record(by_path.record(i))
        self.spilled.close()
        return out


def cohort_findings_of(member, cohort, options) -> list[Finding]:
    """``member``'s D findings, subject to --select/--ignore."""
    from auditor.codes import selected

    extra = cohort.findings(member)
    if extra:
        codes = set(selected({f.code for f in extra}, options.select, options.ignore))
        extra = [f for f in extra if f.code in codes]
    return extra


def with_cohort(a: FileReport, cohort, options) -> FileReport:
    """``a`` with its D findings (subject to --select/--ignore), without its member: the
    cohort was its only reader."""
    extra = cohort_findings_of(a.member, cohort, options) if a.member is not None else []
    if extra:
        a.findings = sorted(a.findings + extra, key=Finding.sort_key)
    a.member = None
    return a
