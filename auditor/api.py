"""Checking one file end to end: guards, reader, rules.  Nothing here prints.

``check`` never raises for a bad input: whatever goes wrong becomes a finding and the
file's status says whether it could be read at all.  It takes a path, the file's bytes
or a binary file object, so a web request needs no temporary file of its own.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from auditor import packs
from auditor.findings import Finding, Location
from auditor.guards import Limits, Timeout, classify_exception
from auditor.workers import call_with_deadline, read_guarded
from auditor.model import Workbook, grade_of
from auditor.report import (FileReport, Indicator, Member, RunReport, Status, department_figures,
                            scoring_indicators)
from auditor.rules import run
from auditor.rules.cohort import MIN_REASON_CHARS, normalize_reason
from auditor.codes import selected
from auditor.rules.context import Context
from auditor.blank import is_blank_form, where as blank_where
from auditor.codes.structure import BlankForm, PackBorrowed

# The form every workbook is read as until the forms registry decides it.
DEPARTMENT_FORM = "department"


def read_model(source, kind: str, limits: Limits | None = None, name: str | None = None) -> Workbook:
    from auditor.reader.build import read_workbook

    return read_workbook(source, kind, (limits or Limits()).max_sheet_rows, name=name)


def check(source, *, name: str | None = None, report=None, rules_file=None, select=(), ignore=(),
          limits: Limits | None = None) -> FileReport:
    """Check one workbook (and its narrative report, when given) and return its report.

    ``source`` is a path, the workbook's bytes or a binary file object; ``name`` is what
    the findings call it (default: the path; for bytes, give the name it was uploaded
    under, whose extension is compared with the content).  The time limit covers the
    whole check, reading and rules alike, on any thread: a file that goes over is reported
    (S028) and the batch goes on.
    """
    limits = limits or Limits()
    if hasattr(source, "read"):
        source = source.read()
    if isinstance(source, (bytes, bytearray, memoryview)):
        source, path, name = bytes(source), None, str(name or "workbook.xlsx")
    else:
        path = str(source)
        source, name = path, str(name) if name is not None else path
    try:
        result = call_with_deadline(limits.max_seconds, _check_file, source, name, report, rules_file,
                                    select, ignore, limits)
    except Timeout as exc:
        result = FileReport(name, Status.UNREADABLE, [classify_exception(name, exc)])
    except Exception as exc:  # the checking process died: the file, not the caller, pays
        result = FileReport(name, Status.UNREADABLE, [classify_exception(name, exc)])
    result.source = path
    return result


check_file = check  # the name the batch and older callers use


def _check_file(source, name: str, report, rules_file, select, ignore, limits: Limits) -> FileReport:
    # one timer for the whole check (SIGALRM is not reentrant): none inside the read
    untimed = replace(limits, max_seconds=0)
    wb, findings = read_guarded(source, lambda s, kind: read_model(s, kind, limits, name), untimed, name)
    if wb is None:
        return FileReport(name, Status.UNREADABLE, _keep(findings, select, ignore))
    try:
        return _check(wb, findings, report, rules_file, select, ignore)
    except Timeout:
        raise
    except Exception as exc:  # a rule's bug must not stop a batch: say so, as a finding
        return FileReport(name, Status.UNREADABLE, [classify_exception(name, exc)],
                          department=wb.department, year=wb.year)


def _check(wb: Workbook, findings, report, rules_file, select, ignore) -> FileReport:
    pack = packs.load_file(rules_file) if rules_file else packs.for_year(wb.year)
    if is_blank_form(wb):  # one finding, no score: not two dozen findings and 自评得分 0
        return _report(wb, _keep([BlankForm.at(blank_where(wb))], select, ignore), None, pack, scored=False)
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
    return _report(wb, findings, report, pack)


def _report(wb: Workbook, findings: list[Finding], report, pack, scored: bool = True) -> FileReport:
    result = FileReport(wb.path, Status.CHECKED, findings, report=str(report) if report else None,
                        form=DEPARTMENT_FORM, department=wb.department, year=wb.year,
                        code=wb.cover.code.text if wb.cover.code is not None else "",
                        figures=department_figures(wb), indicators=scoring_indicators(wb),
                        sheets=list(wb.sheet_names))
    if scored:
        _scores(result, wb, pack)
    result.member = _member(result, wb, pack)
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


def _scores(result: FileReport, wb: Workbook, pack) -> None:
    sc = wb.scoring
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


def _member(result: FileReport, wb: Workbook, pack) -> Member:
    """What the cohort checks need of this workbook, located in it."""
    at = lambda v: v.loc if v is not None else None  # noqa: E731
    member = Member(result.path, result.department, result.code.strip(), at(wb.cover.code), at(wb.cover.department))
    sc = wb.scoring
    if sc is None:
        return member
    member.total = result.score_stated if result.score_stated is not None else result.score_recomputed
    member.total_loc = at(sc.total_score) or Location(result.path, sc.sheet)
    standard = {i.name for i in pack.standard_indicators()}
    for leaf in sc.leaves():
        # only what the copied-reason check could match: short texts cost pickling, nothing more
        if leaf.reason is not None and len(normalize_reason(leaf.reason.text)) >= MIN_REASON_CHARS:
            member.reasons.append((leaf.name, leaf.reason.text, at(leaf.reason)))
        if leaf.name not in standard and leaf.points is not None and leaf.points.is_number:
            member.own_points.append((leaf.name, leaf.points.number, leaf.points.loc))
    return member


def run_report(files: list[FileReport], *, rules_file=None, annotated: dict | None = None,
               annotate_errors: dict | None = None, previous: list[dict] | None = None) -> RunReport:
    """The run's report: its files, and the standard indicators of the rule pack the
    指标得分 sheet is laid out by (``rules_file``'s, else the most common year's)."""
    if rules_file:
        pack = packs.load_file(rules_file)
    else:
        years: dict[int, int] = {}
        for f in files:
            if f.indicators and f.year is not None:
                years[f.year] = years.get(f.year, 0) + 1
        pack = packs.for_year(min(years, key=lambda y: (-years[y], y)) if years else None)
    standard = [Indicator(i.level1, i.level2, i.name, Decimal(str(i.points)), None) for i in pack.standard_indicators()]
    return RunReport(list(files), standard, dict(annotated or {}), dict(annotate_errors or {}), previous=previous)


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
