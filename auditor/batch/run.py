"""A folder of workbooks checked at once: in parallel, one file never stopping the rest.

``run_batch`` finds the workbooks, checks them in worker processes, adds the findings
that need every department at once (family D, ``auditor.rules.cohort``), then writes
``report.json``, ``summary.xlsx`` and the annotated copies, each atomically.  Workers
send back each file's ``FileReport`` (``auditor.report``), its locations relative to the
folder: small and picklable, the located model is not in it.  Nothing here prints; the
caller passes a progress object (``auditor.batch.progress``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from auditor.processes import start as processes
from auditor.findings import Finding, Location
from auditor.guards import Limits, classify_exception
from auditor.processes.pool import Lost, run_isolated, supervised
from auditor.processes.workers import interruptible
from auditor.codes import selected
from auditor.report import FileReport, RunReport, Status
from auditor.batch.collect import Collected
from auditor.report.spill import Record, record
from auditor.codes import unreadable as U
from auditor.batch.notices import NOTICES, notice_names, write_notices
from auditor.batch.outlock import LOCK, OutputLock, refuse_out
from auditor.batch.manifest import (CANNOT_WRITE, MANIFEST, NothingToAudit, OutputUnwritable, Owned, reason, write_or_note)
from auditor.batch.progress import NoProgress

SUMMARY, REPORT, ANNOTATED = "summary.xlsx", "report.json", "annotated"


@dataclass
class Options:
    rules_file: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    form: str = "auto"  # a form's id (auditor.forms), or auto: each workbook's content decides
    year: int | None = None  # the year under review (--year): a workbook of another is S017


@dataclass
class BatchResult:
    root: Path
    out: Path
    files: list[FileReport]
    annotated: dict[str, str]          # relative path -> annotated file name
    annotate_errors: dict[str, str]    # relative path -> why no copy was written
    outputs: list[Path]
    write_errors: dict[str, str] = field(default_factory=dict)  # output path -> why it was not written
    passed_over: list[str] = field(default_factory=list)       # documents not named as reports, unchecked

    # counted as a run's report counts them: a batch's files on disk are not read for it
    @property
    def errors(self) -> int:
        return RunReport(self.files).errors

    @property
    def warnings(self) -> int:
        return RunReport(self.files).warnings

    @property
    def unreadable(self) -> int:
        return RunReport(self.files).unreadable


# --- one file ---------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def relative(file: str | None, root: Path) -> str | None:
    """``file`` relative to ``root`` with "/", or as it is when outside ``root``.  Not resolved:
    discovery spells every file from the (resolved) root, and an entry it skipped (a link
    out, a loop) must keep its own name.  Cached: every located value names the same file."""
    if not file:
        return file
    try:
        return Path(os.path.abspath(file)).relative_to(root).as_posix()
    except (ValueError, OSError):
        return file


def _relocate(f: Finding, root: Path) -> Finding:
    # Some messages name the file itself (N001): the same batch elsewhere must read the same.
    prefix = str(root) + os.sep
    args = {k: v.replace(prefix, "") if isinstance(v, str) else v for k, v in f.args.items()}
    return replace(f, location=_relocate_loc(f.location, root), related=tuple(_relocate_loc(r, root) for r in f.related),
                   args=args)


def digest(result: FileReport, source: Path, root: Path) -> FileReport:
    """``result`` as the batch keeps it: every location relative to ``root``.  Its indicators
    are moved in place (the result is the batch's own, just made, and they are many)."""
    loc = lambda x: _relocate_loc(x, root) if x is not None else None  # noqa: E731
    rel = relative(str(source), root)
    member = result.member
    if member is not None:
        member = replace(member, path=rel, code_loc=loc(member.code_loc), department_loc=loc(member.department_loc),
                         total_loc=loc(member.total_loc),
                         reasons=[(n, text, loc(at)) for n, text, at in member.reasons],
                         own_points=[(n, points, loc(at)) for n, points, at in member.own_points])
    return replace(result, path=rel, source=str(source), findings=[_relocate(f, root) for f in result.findings],
                   report=relative(result.report, root), member=member,
                   indicators=[_moved(i, loc(i.points_at)) for i in result.indicators])


def _moved(indicator, points_at):
    indicator.points_at = points_at
    return indicator


def _relocate_loc(loc: Location, root: Path) -> Location:
    return loc.moved_to(relative(loc.file, root)) if loc.file else loc


def audit_one(path: str, root: str, options: Options) -> FileReport:
    """Check one workbook; whatever happens, a ``FileReport`` comes back."""
    from auditor.api import check_file, pair_report
    from auditor.codes.unreadable import REPORT_SUFFIXES

    source, base = Path(path), Path(root)
    try:
        paired = None if source.suffix.lower() in REPORT_SUFFIXES else pair_report(source, base)  # a report is its own
        result = check_file(source, report=paired, rules_file=options.rules_file,
                            select=options.select, ignore=options.ignore, limits=options.limits,
                            form=options.form, year=options.year)
        return digest(result, source, base)
    except Exception as exc:  # check_file does not raise; a digest bug must not stop the batch either
        return unreadable(source, base, classify_exception(path, exc))


def audit_record(path: str, root: str, options: Options) -> Record:
    """``audit_one`` in a worker: its report made ready for the spill there, so that the
    parent, which takes every worker's results in turn, copies bytes instead of
    unpickling and pickling each report again."""
    return record(audit_one(path, root, options))


def unreadable(source: Path, root: Path, finding: Finding) -> FileReport:
    return FileReport(relative(str(source), root), Status.UNREADABLE, [_relocate(finding, root)], str(source))


class _Isolated:
    """``run_isolated``'s reader: the whole check of one file, in a process of its own."""

    def __init__(self, root: str, options: Options):
        self.root, self.options = root, options

    def __call__(self, path, kind, package=None):
        return audit_one(str(path), self.root, self.options)


def _audit_isolated(path: str, root: str, options: Options) -> FileReport:
    result, findings = run_isolated(path, _Isolated(root, options), options.limits)
    if result is not None:
        return result
    finding = findings[0] if findings else U.ReadFailed.at(Location(path), error="WorkerDied", detail="")
    return unreadable(Path(path), Path(root), finding)


# --- many files ---------------------------------------------------------------------------

def audit_all(paths: list[Path], root: Path, jobs: int, options: Options, progress=None,
              done: "Collected | None" = None, isolated: bool = False) -> "Collected":
    """Every path checked, into ``done`` as each arrives (a fresh ``Collected`` by default).
    ``isolated``: in worker processes even with one job, for a caller that must outlive any
    file (the web server's summary runs in a worker that serves other checks)."""
    from auditor.api import WARM

    progress = progress or NoProgress()
    todo = [str(p) for p in paths]
    done = done if done is not None else Collected()
    progress.start("check", len(todo))
    # In this process only where its own alarm bounds each file: elsewhere (Windows) every
    # file would need a worker of its own for its deadline, and one worker serves them all.
    if jobs <= 1 and interruptible() and not isolated:
        for p in todo:
            done[p] = audit_one(p, str(root), options)
            progress.advance(done.last)
    else:
        # The parent keeps each file's deadline and, where the OS caps no memory, the
        # memory limit: a worker past either is killed and replaced (auditor.processes.pool).  A
        # worker that dies of itself is tried again with the file in a process of its own.
        died = []
        for p, outcome in supervised(audit_record, todo, jobs, options.limits, (str(root), options), WARM):
            if isinstance(outcome, Lost):
                if outcome.fallback is not None:  # stopped reading its report: the workbook's findings
                    outcome = digest(outcome.fallback, Path(p), root)
                elif outcome.lost == "died":
                    died.append(p)
                    continue
                else:
                    outcome = unreadable(Path(p), root, outcome.finding)
            done[p] = outcome
            progress.advance(done.last)
        for p in died:
            done[p] = _audit_isolated(p, str(root), options)
            progress.advance(done.last)
    progress.finish()
    return done


# --- the whole batch ----------------------------------------------------------------------

def remove_temp_files(out: Path) -> None:
    """Temp files ``atomic_write`` left behind when a process was killed mid-write."""
    for folder in (out, out / ANNOTATED, out / NOTICES):
        if folder.is_dir():
            for tmp in folder.glob(".tmp-*.part"):
                try:
                    tmp.unlink()
                except OSError:
                    pass


def find(root: Path, out: Path) -> tuple[list[Path], list[FileReport], list[Path], list[str]]:
    """The workbooks under ``root`` (lock files left out, no link followed out of it); a row
    for every entry that cannot be audited: a file that looks like a submission in another
    format (.et, .csv …, S030/S031), an entry not read at all (a link out, a FIFO …, S032);
    every path found, for ``refuse_out``; and the documents passed over as not named
    reports (``Discovery.passed_over``), relative to ``root``."""
    from auditor.batch.discover import discover

    found = discover([root], exclude=out)
    others = [unreadable(p, root, U.not_auditable(p)) for p in found.unsupported]
    others += [unreadable(s.path, root, U.entry_skipped(s.path, s.why, s.detail)) for s in found.skipped]
    passed_over = [relative(str(p), root) for p in found.passed_over]
    return found.workbooks, others, [f for f, _ in found.files] + [s.path for s in found.skipped], passed_over


def run_batch(root, out, *, jobs: int | None = None, annotate: bool = True, lang: str = "zh",
              options: Options | None = None, progress=None, notices: bool = False,
              previous: list[dict] | None = None, isolated: bool = False, roster: dict | None = None,
              notice_settings: dict | None = None) -> BatchResult:
    """Check every workbook under ``root`` and write the outputs into ``out``.  ``notices``:
    write each file's 审核意见书 into notices/, with ``notice_settings`` (the bureau's name,
    文号 …: ``auditor.reporters.notice_settings``) on each; ``previous``: the files of an earlier
    run's report.json, to mark what each file fixed (``--baseline``); ``isolated``: every file
    read in a worker process, even with one job (``audit_all``); ``roster``: a sheet for
    summary.xlsx (``RunReport.roster``).

    Raises NothingToAudit, OutputRefused (``out`` would write over inputs), OutputInUse
    (another batch holds ``out``) or OutputUnwritable (``out`` cannot be created or
    written) before anything is written."""
    root, out = Path(root).resolve(), Path(out).resolve()
    options = options or Options()
    jobs = processes.max_workers(jobs or os.cpu_count() or 1)
    paths, others, found, passed_over = find(root, out)
    for copies in (ANNOTATED, NOTICES):
        refuse_out(root, out, found, (REPORT, SUMMARY, MANIFEST, LOCK), copies)
    if not paths and not others:
        raise NothingToAudit(str(root))  # before anything is written: an earlier run's outputs stay
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = OutputLock(out).acquire()
    except OSError as exc:  # read-only, full, or a file where the folder should be
        raise OutputUnwritable(str(out), reason(exc)) from exc
    try:
        return _run(root, out, paths, others, jobs, annotate, lang, options, progress, notices, previous, isolated,
                    roster, notice_settings, passed_over)
    finally:
        lock.release()


def _run(root: Path, out: Path, paths, others, jobs: int, annotate: bool, lang: str, options: Options,
         progress, notices: bool, previous, isolated: bool = False, roster: dict | None = None,
         notice_settings: dict | None = None, passed_over: list[str] = ()) -> BatchResult:
    from auditor.api import run_report
    from auditor.reporters import REPORTERS

    remove_temp_files(out)
    owned, write_errors = Owned(out), {}
    pending, written, notes = None, {}, []
    try:
        done = Collected()
        for a in others:
            done.add(a)
        files = audit_all(paths, root, jobs, options, progress, done, isolated).final(options)
        run = run_report(files, rules_file=options.rules_file, previous=previous)
        run.roster, run.passed_over = roster, list(passed_over)
        if notices:
            run.notices = notice_names(files.heads(), owned.foreign(NOTICES))

        def summary(written: dict, failed: dict) -> None:
            run.annotated, run.annotate_errors = written, failed
            write_or_note(out / SUMMARY, lambda fh: REPORTERS["summary"](lang).write(run, fh), write_errors)

        # The reports are written while the workers annotate: the summary links every copy
        # by the name it will have, and is written again only if some copy then failed.
        if annotate:  # the annotating machinery (threads, the supervised pool): only for a batch that annotates
            from auditor.batch.copies import Annotating, copy_not_made
        pending = Annotating(files, out / ANNOTATED, jobs, lang, options.limits, progress,
                             taken=owned.foreign(ANNOTATED)) if annotate else None
        write_or_note(out / REPORT, lambda fh: REPORTERS["json"](lang).write(run, fh), write_errors)
        if notices:
            notes = write_notices(run, out, owned, lang, write_errors, notice_settings)
        expected = pending.names if pending is not None else {}
        summary(expected, {})
        if pending is not None:
            written, failed = pending.collect()
            for name in written.values():
                owned.record(f"{ANNOTATED}/{name}")
            owned.remove_stale(ANNOTATED, set(written.values()))
            if failed:  # each copy that could not be made is a finding on its file (S033)
                keep = bool(list(selected(["S033"], options.select, options.ignore)))
                if keep:
                    def add(a: FileReport) -> FileReport:
                        if a.path in failed:
                            a.findings = sorted(a.findings + [copy_not_made(a, failed[a.path])], key=Finding.sort_key)
                        return a
                    files = run.files = files.rewritten(add)
                    write_or_note(out / REPORT, lambda fh: REPORTERS["json"](lang).write(run, fh), write_errors)
            if written != expected or failed:
                summary(written, failed)
        else:
            failed = {}
    except BaseException:
        if pending is not None:
            pending.abandon()
            _record_finished(owned, out, pending.names.values())
        remove_temp_files(out)
        owned.save()
        raise
    for name in (REPORT, SUMMARY):
        if str(out / name) not in write_errors:
            owned.record(name)
    why = owned.save()
    if why:
        write_errors[str(out / MANIFEST)] = why
    write_errors.update({str(out / ANNOTATED / expected.get(rel, Path(rel).name)): e
                         for rel, e in failed.items() if e.startswith(CANNOT_WRITE)})
    outputs = [out / REPORT, out / SUMMARY] + [out / ANNOTATED / n for n in sorted(written.values())] \
        + [out / NOTICES / n for n in sorted(notes)]
    return BatchResult(root, out, files, written, failed, outputs, write_errors, list(passed_over))


def _record_finished(owned: Owned, out: Path, names) -> None:
    """An interrupted run's copies that were written whole are ours all the same."""
    for name in names:
        owned.record(f"{ANNOTATED}/{name}")
