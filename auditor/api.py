"""Checking one file end to end: guards, reader, rules.  Nothing here prints.

``check`` never raises for a bad input: whatever goes wrong becomes a finding and the
file's status says whether it could be read at all.  It takes a path, the file's bytes
or a binary file object, so a web request needs no temporary file of its own.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from auditor import forms
from auditor.forms.department import packs
from auditor.findings import Finding, Location
from auditor.guards import Limits, Timeout, classify_exception, stopped_by
from auditor.processes.pool import call_with_deadline
from auditor.processes.workers import fall_back_to, read_guarded
from auditor.report import FileReport, Indicator, RunReport, Status
from auditor.rules import run
from auditor.codes import selected
from auditor.rules.context import Context
from auditor.codes.unreadable import REPORT_SUFFIXES
from auditor.codes.unreadable import ReportNotWorkbook
from auditor.codes.structure import BlankForm, MisplacedCell, PackBorrowed, UnknownForm, YearNotAsked


def read_model(source, kind: str, limits: Limits | None = None, name: str | None = None,
               form: str = forms.AUTO, package=None):
    """(the form, its model) of a workbook; (None, the S015 finding) when ``form`` is auto
    and the workbook is in no known form.  ``package``: the .xlsx package the guard opened,
    read instead of opening ``source`` again."""
    limits = limits or Limits()
    name = str(name if name is not None else source)
    if package is not None:
        source = package
    index = forms.index(source, kind, limits.max_sheet_rows)
    if form == forms.AUTO:
        match = forms.detect(index)
        if not match.recognised:
            return None, _unknown_form(name, match)
        form = match.form
    chosen = forms.get(form)
    model = chosen.read(source, kind, limits, index, name=name)
    model.problems.extend(_misplaced(index.book, name))
    return chosen, model


def _misplaced(book, name: str) -> list[Finding]:
    """S016 for each sheet with cells the reader placed by position, their references
    naming no cell: at the first of them, with how many there are."""
    from auditor.ooxml.refs import cell_name

    out = []
    for g in book.sheets:
        if g.misplaced:
            r, c, written = g.misplaced[0]
            out.append(MisplacedCell.at(Location(name, g.name, cell_name(r, c)), ref=written[:30],
                                        cell=cell_name(r, c), count=str(len(g.misplaced))))
    return out


def _unknown_form(name: str, match: forms.Match) -> Finding:
    known = "、".join(f.title() for f in forms.FORMS.values() if f.workbook)
    closest = forms.get(match.form).title() if match.form else "—"
    lacking = "、".join(match.missing[:6]) + ("等" if len(match.missing) > 6 else "")
    return UnknownForm.at(Location(name), forms=known, closest=closest, seen="、".join(match.seen) or "—",
                          missing=lacking or "—")


def check(source, *, name: str | None = None, report=None, rules_file=None, select=(), ignore=(),
          limits: Limits | None = None, form: str = forms.AUTO, year: int | None = None) -> FileReport:
    """Check one workbook (and its narrative report, when given) and return its report.

    ``source`` is a path, the workbook's bytes or a binary file object; ``name`` is what
    the findings call it (default: the path; for bytes, give the name it was uploaded
    under, whose extension is compared with the content).  The time limit covers the
    whole check, reading and rules alike, on any thread: a file that goes over is reported
    (S028) and the batch goes on.  The report has a time budget of its own, once the
    workbook is checked (``Limits.max_report_seconds``): past it, or past the memory limit
    while the report is read, the report is N002 and the workbook keeps its findings.
    ``form`` is a form's id (``auditor.forms``), or auto: the form the workbook's content
    matches best.  ``year``: the year under review (``--year``); a workbook of another is S017.
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
                                    select, ignore, limits, form, year, limits=limits)
    except Timeout as exc:
        result = FileReport(name, Status.UNREADABLE, [classify_exception(name, exc)])
    except Exception as exc:  # the checking process died: the file, not the caller, pays
        result = FileReport(name, Status.UNREADABLE, [classify_exception(name, exc)])
    result.source = path
    return result


check_file = check  # the name the batch and older callers use

# what a checking worker imports before its first file's deadline starts
WARM = ("auditor.api", "auditor.forms", "auditor.rules", "auditor.narrative")


def check_each(paths, *, reports: dict | None = None, limits: Limits | None = None, **options) -> list[FileReport]:
    """``check`` of each path (``reports``: path -> its narrative report) in a worker process,
    as a batch checks its files: the parent keeps each file's deadline, and its memory
    limit where the OS caps none (the worker's ``RLIMIT_AS`` where it does), on every
    platform.  A file that goes over either is S028 and the next goes on; ``options`` are
    ``check``'s."""
    from auditor.processes.pool import Lost, lost_finding, supervised

    limits, reports = limits or Limits(), {str(p): r for p, r in (reports or {}).items()}
    done = {}
    for path, outcome in supervised(_check_one, [str(p) for p in paths], 1, limits, (reports, limits, options), WARM):
        if isinstance(outcome, Lost):
            outcome = outcome.fallback or FileReport(path, Status.UNREADABLE, [lost_finding(path, outcome)])
            outcome.source = path
        done[path] = outcome
    return [done[str(p)] for p in paths]


def _check_one(path: str, reports: dict, limits: Limits, options: dict) -> FileReport:
    return check(path, report=reports.get(path), limits=limits, **options)


def _check_file(source, name: str, report, rules_file, select, ignore, limits: Limits, form: str,
                year: int | None = None) -> FileReport:
    # one timer for the whole check (SIGALRM is not reentrant): none inside the read
    untimed = replace(limits, max_seconds=0)
    read, findings = read_guarded(source, lambda s, kind, package: read_model(s, kind, limits, name, form, package),
                                  untimed, name)
    if read is None and report_alone(source, findings):
        return _check_report(source, name, rules_file, select, ignore, limits)
    if read is None:
        return FileReport(name, Status.UNREADABLE, _keep(findings, select, ignore))
    chosen, wb = read
    if chosen is None:  # in no known form: that one finding, nothing to check
        return FileReport(name, Status.CHECKED, _keep(findings + [wb], select, ignore))
    try:
        return _check(chosen, wb, findings, report, rules_file, select, ignore, limits, year)
    except Timeout:
        raise
    except Exception as exc:  # a rule's bug must not stop a batch: say so, as a finding
        return FileReport(name, Status.UNREADABLE, [classify_exception(name, exc)], form=chosen.id,
                          department=wb.department, year=wb.year)


def _check(form, wb, findings, report, rules_file, select, ignore, limits: Limits | None = None,
           year: int | None = None) -> FileReport:
    pack = form.pack(wb.year, getattr(wb, "region", None), rules_file=rules_file)  # a province's own pack
    blank = form.blank(wb)
    if blank is not None:  # one finding, no score: not two dozen findings and 自评得分 0
        return _report(form, wb, _keep([BlankForm.at(blank)], select, ignore), None, pack, scored=False)
    findings = list(findings) + list(wb.problems)
    if pack.borrowed_for is not None:
        findings.append(PackBorrowed.at(form.year_at(wb), year=str(pack.borrowed_for), pack_year=str(pack.year)))
    if year is not None and wb.year is not None and wb.year != year:
        findings.append(YearNotAsked.at(form.year_at(wb), year=str(wb.year), asked=str(year)))
    if not report:
        findings.extend(run(Context(wb, pack, None, form)))
        return _report(form, wb, _dedupe(_keep(findings, select, ignore)), None, pack)
    # The workbook's own findings first: whatever the report then costs, they are kept
    findings.extend(run(Context(wb, pack, None, form, report_given=True), about_report=False))
    kept = _report(form, wb, _dedupe(_keep(findings + [_over_limits(report, limits)], select, ignore)), report, pack)
    fall_back_to(kept, limits.max_report_seconds)
    try:
        narrative = _narrative(report, limits)
        if isinstance(narrative, Finding):
            findings.append(narrative)
            narrative = None
        findings.extend(run(Context(wb, pack, narrative, form, report_given=True), about_report=True))
    except MemoryError:  # the report's, where the OS caps memory (RLIMIT_AS)
        return kept
    return replace(kept, findings=_dedupe(_keep(findings, select, ignore)))


def report_alone(source, findings) -> bool:
    """The guard found a narrative report where a workbook was expected (S031), in a format
    the narrative reader reads: it is checked as a report of its own."""
    return (isinstance(source, str) and len(findings) == 1 and findings[0].code == ReportNotWorkbook.code
            and Path(source).suffix.lower() in READABLE_REPORTS)


def _check_report(source: str, name: str, rules_file, select, ignore, limits: Limits) -> FileReport:
    """A report with no workbook: its own arithmetic (the report form's rules)."""
    from auditor.forms.department.rules.narrative import unreadable
    from auditor.narrative import read_report

    form = forms.get("report")
    try:
        model = form.read(read_report(source, limits), None, limits, name=name)
    except Exception as exc:  # ReportUnreadable or worse: said as N002, as beside a workbook
        stop = stopped_by(exc)
        if stop is not None:
            raise stop
        return FileReport(name, Status.UNREADABLE, _keep([unreadable(name, exc)], select, ignore), form=form.id)
    pack = form.pack(model.year, rules_file=rules_file)
    ctx = Context(model, pack, model.report, form, report_given=True)
    findings = run(ctx)
    facts = ctx.facts
    return FileReport(name, Status.CHECKED, _dedupe(_keep(findings, select, ignore)), report=name, form=form.id,
                      department=model.department, year=model.year,
                      score_stated=facts.total_score.value if facts.total_score else None, grade_stated=facts.grade)


def _report(form, wb, findings: list[Finding], report, pack, scored: bool = True) -> FileReport:
    return FileReport(wb.path, Status.CHECKED, findings, report=str(report) if report else None,
                      form=form.id, department=wb.department, year=wb.year, sheets=list(wb.sheet_names),
                      **form.summarise(wb, pack, scored))


def _narrative(report, limits: Limits):
    from auditor.narrative import read_report
    from auditor.forms.department.rules.narrative import unreadable

    try:
        return read_report(report, limits)
    except Exception as exc:  # ReportUnreadable or worse: the workbook is still checked
        stop = stopped_by(exc)
        if stop is not None:  # its budget or the memory limit: the fallback answers
            raise stop
        return unreadable(report, exc)


def _over_limits(report, limits: Limits) -> Finding:
    """N002 for a report stopped by its time budget or the memory limit."""
    from auditor.narrative.read import over_limits
    from auditor.forms.department.rules.narrative import unreadable

    return unreadable(report, over_limits(limits.max_report_seconds))


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


def run_report(files: list[FileReport], *, rules_file=None, annotated: dict | None = None,
               annotate_errors: dict | None = None, previous: list[dict] | None = None) -> RunReport:
    """The run's report: its files, and the standard indicators of the rule pack the
    指标得分 sheet is laid out by (``rules_file``'s, else the most common year's)."""
    if rules_file:
        pack = packs.load_file(rules_file)
    else:
        if hasattr(files, "scored_years"):   # a batch's files on disk (auditor.report.spill): not read for it
            years = files.scored_years()
        else:
            years = Counter(f.scored_year for f in files if f.scored_year is not None)
        pack = packs.for_year(min(years, key=lambda y: (-years[y], y)) if years else None)
    standard = [Indicator(i.level1, i.level2, i.name, Decimal(str(i.points)), None) for i in pack.standard_indicators()]
    # a batch's files on disk (auditor.report.spill) stay there
    kept = files if hasattr(files, "locate") else list(files)
    return RunReport(kept, standard, dict(annotated or {}), dict(annotate_errors or {}), previous=previous)


# What the narrative reader reads (a .doc or .wps is named as needing a resave, S031)
READABLE_REPORTS = (".docx", ".txt", ".pdf")


def pair_report(workbook: Path, root: Path | None = None) -> Path | None:
    """The narrative report beside a workbook: same stem, .docx, .txt or .pdf (or .doc, .wps).

    Only a regular file within ``root`` (default: the workbook's folder) is taken: a link
    leading out of it is never followed, and a FIFO would block the reader."""
    import stat

    from auditor.guards import inside

    workbook = Path(workbook)
    for ext in REPORT_SUFFIXES:
        candidate = workbook.with_suffix(ext)
        try:
            regular = stat.S_ISREG(os.stat(candidate).st_mode)
        except (OSError, ValueError):
            continue
        if regular and inside(candidate, root if root is not None else workbook.parent):
            return candidate
    return None
