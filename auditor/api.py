"""Checking one file end to end: guards, reader, rules.  Nothing here prints.

``check_file`` never raises for a bad input: whatever goes wrong becomes a finding and
the file's status says whether it could be read at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from auditor import packs
from auditor.findings import Finding, Location, Severity
from auditor.guards import Limits, Timeout, classify_exception
from auditor.workers import call_with_timeout, read_guarded
from auditor.model import Workbook, grade_of
from auditor.rules import run
from auditor.codes import selected
from auditor.rules.context import Context
from auditor.blank import is_blank_form, where as blank_where
from auditor.codes.structure import BlankForm, PackBorrowed

CHECKED, UNREADABLE = "checked", "unreadable"


@dataclass
class FileResult:
    path: str
    status: str
    findings: list[Finding] = field(default_factory=list)
    workbook: Workbook | None = None
    report: str | None = None
    score_stated: Decimal | None = None
    score_recomputed: Decimal | None = None
    grade_stated: str | None = None
    grade_recomputed: str | None = None

    @property
    def department(self) -> str:
        return self.workbook.department if self.workbook else ""

    @property
    def year(self) -> int | None:
        return self.workbook.year if self.workbook else None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def read_model(path, kind: str, limits: Limits | None = None) -> Workbook:
    from auditor.reader.build import read_workbook

    return read_workbook(str(path), kind, (limits or Limits()).max_sheet_rows)


def check_file(path, *, report=None, rules_file=None, select=(), ignore=(),
               limits: Limits | None = None) -> FileResult:
    """Check one workbook (and its narrative report, when given) and return its findings.

    The time limit covers the whole check, reading and rules alike: a file that goes over
    is reported (S028) and the batch goes on.
    """
    path = str(path)
    limits = limits or Limits()
    try:
        return call_with_timeout(limits.max_seconds, _check_file, path, report, rules_file, select, ignore, limits)
    except Timeout as exc:
        return FileResult(path, UNREADABLE, [classify_exception(path, exc)])


def _check_file(path: str, report, rules_file, select, ignore, limits: Limits) -> FileResult:
    # one timer for the whole check (SIGALRM is not reentrant): none inside the read
    untimed = replace(limits, max_seconds=0)
    wb, findings = read_guarded(path, lambda p, kind: read_model(p, kind, limits), untimed)
    if wb is None:
        return FileResult(path, UNREADABLE, _keep(findings, select, ignore))
    try:
        return _check(wb, findings, report, rules_file, select, ignore)
    except Timeout:
        raise
    except Exception as exc:  # a rule's bug must not stop a batch: say so, as a finding
        return FileResult(path, UNREADABLE, [classify_exception(path, exc)], wb)


def _check(wb: Workbook, findings, report, rules_file, select, ignore) -> FileResult:
    if is_blank_form(wb):  # one finding, no score: not two dozen findings and 自评得分 0
        return FileResult(wb.path, CHECKED, _keep([BlankForm.at(blank_where(wb))], select, ignore), wb)
    pack = packs.load_file(rules_file) if rules_file else packs.for_year(wb.year)
    findings = list(findings) + list(wb.problems)
    if pack.borrowed_for is not None:
        findings.append(PackBorrowed.at(Location(wb.path, "封面" if wb.cover.year is None else wb.cover.year.sheet,
                                                 wb.cover.year.cell if wb.cover.year else None),
                                        year=str(pack.borrowed_for), pack_year=str(pack.year)))
    narrative = _narrative(report, wb)
    if isinstance(narrative, Finding):
        findings.append(narrative)
        narrative = None
    findings.extend(run(Context(wb, pack, narrative, report_given=bool(report))))
    findings = _dedupe(_keep(findings, select, ignore))
    result = FileResult(wb.path, CHECKED, findings, wb, report=str(report) if report else None)
    _scores(result, pack)
    return result


def _narrative(report, wb):
    if not report:
        return None
    from auditor.narrative import read_report
    from auditor.rules.narrative import unreadable

    try:
        return read_report(report)
    except Exception as exc:  # ReportUnreadable or worse: the workbook is still checked
        return unreadable(report, exc)


def _keep(findings, select, ignore) -> list[Finding]:
    codes = set(selected({f.code for f in findings}, select, ignore))
    return [f for f in findings if f.code in codes]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in sorted(findings, key=Finding.sort_key):
        key = (f.code, f.location, tuple(sorted(map(str, f.args.items()))))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _scores(result: FileResult, pack) -> None:
    sc = result.workbook.scoring
    if sc is None:
        return
    if sc.total_score is not None and sc.total_score.is_number:
        result.score_stated = sc.total_score.number
    scores = [leaf.score for leaf in sc.leaves()]
    if scores and all(s is not None and (s.is_number or s.is_blank) for s in scores):
        result.score_recomputed = sum((s.amount() for s in scores), Decimal(0))
        result.grade_recomputed = pack.grade_for(result.score_recomputed)
    if sc.grade is not None and sc.grade.text:
        result.grade_stated = grade_of(sc.grade)


# What a workbook's report is looked for as, beside it: the readable formats, then the
# unreadable ones a department may still send (so that it hears why, N002, rather than
# that none was found).
REPORT_SUFFIXES = (".docx", ".txt", ".pdf", ".doc", ".wps")


def pair_report(workbook: Path) -> Path | None:
    """The narrative report beside a workbook: same stem, .docx, .txt or .pdf (or .doc, .wps)."""
    for ext in REPORT_SUFFIXES:
        candidate = workbook.with_suffix(ext)
        if candidate.is_file():
            return candidate
    return None
