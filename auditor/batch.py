"""A folder of workbooks checked at once: in parallel, one file never stopping the rest.

``run_batch`` finds the workbooks, checks them in worker processes, adds the findings
that need every department at once (family D, ``auditor.rules.cohort``), then writes
``report.json``, ``summary.xlsx`` and the annotated copies, each atomically.  Workers
send back an ``Audited``, a small picklable digest of a ``FileResult``: the located model
of a workbook is large and the summary needs only a few figures of it.  Nothing here
prints; the caller passes a progress object (``auditor.progress``).
"""
from __future__ import annotations

import json
import os
import re
import signal
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from auditor import processes
from auditor.findings import Finding, Location, Severity
from auditor.guards import Limits, classify_exception
from auditor.workers import limit_worker, run_isolated
from auditor.model import Value, Workbook
from auditor.codes import selected
from auditor.rules.cohort import MIN_REASON_CHARS, Member, cohort_findings, normalize_reason
from auditor.codes import unreadable as U
from auditor.outputs import CANNOT_WRITE, MANIFEST, NothingToAudit, Owned, is_write_failure, write_or_note
from auditor.safe_output import unique_names

CHECKED, UNREADABLE = "checked", "unreadable"
SUMMARY, REPORT, ANNOTATED = "summary.xlsx", "report.json", "annotated"
# Enough chunks per worker to keep both busy to the end, few enough that 1,000 small
# files cost tens of submissions rather than a thousand.
CHUNKS_PER_WORKER, MAX_CHUNK = 4, 32


@dataclass
class Indicator:
    """One 三级指标 of the scoring table, as the 指标得分 sheet needs it."""

    level1: str
    level2: str
    name: str
    points: Decimal | None
    score: Decimal | None


@dataclass
class Audited:
    """What the batch keeps of one checked file.  Reads like a ``FileResult`` for the
    reporters (path, status, department, year, report, scores, findings, count)."""

    path: str                      # relative to the batch folder, with "/"
    source: str                    # absolute path, to annotate
    status: str
    findings: list[Finding] = field(default_factory=list)
    report: str | None = None
    department: str = ""
    year: int | None = None
    code: str = ""
    score_stated: Decimal | None = None
    score_recomputed: Decimal | None = None
    grade_stated: str | None = None
    grade_recomputed: str | None = None
    # 万元, whatever unit the workbook used
    income_total: Decimal | None = None
    expense_total: Decimal | None = None
    expense_budget: Decimal | None = None
    execution_stated: Decimal | None = None
    sangong_budget: Decimal | None = None
    sangong_actual: Decimal | None = None
    indicators: list[Indicator] = field(default_factory=list)
    member: Member | None = None   # for the cohort checks

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def execution_recomputed(self) -> Decimal | None:
        if self.expense_total is None or not self.expense_budget:
            return None
        return (self.expense_total / self.expense_budget * 100).quantize(Decimal("0.01"))


@dataclass
class Options:
    rules_file: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)


@dataclass
class BatchResult:
    root: Path
    out: Path
    files: list[Audited]
    annotated: dict[str, str]          # relative path -> annotated file name
    annotate_errors: dict[str, str]    # relative path -> why no copy was written
    outputs: list[Path]
    write_errors: dict[str, str] = field(default_factory=dict)  # output path -> why it was not written

    @property
    def errors(self) -> int:
        return sum(a.count(Severity.ERROR) for a in self.files)


class NoProgress:
    """The progress protocol: ``start(label, total)``, ``advance(item)``, ``finish()``."""

    def start(self, label: str, total: int) -> None: ...

    def advance(self, item=None) -> None: ...

    def finish(self) -> None: ...


# --- one file ---------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def relative(file: str | None, root: Path) -> str | None:
    """``file`` relative to ``root`` with "/", or as it is when outside ``root``.
    Cached: every located value of a workbook names the same file, and resolving is a syscall."""
    if not file:
        return file
    try:
        return Path(file).resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return file


def _relocate(f: Finding, root: Path) -> Finding:
    def loc(x: Location) -> Location:
        return replace(x, file=relative(x.file, root)) if x.file else x
    # Some messages name the file itself (N001): the same batch elsewhere must read the same.
    prefix = str(root) + os.sep
    args = {k: v.replace(prefix, "") if isinstance(v, str) else v for k, v in f.args.items()}
    return replace(f, location=loc(f.location), related=tuple(loc(r) for r in f.related), args=args)


def _number(v: Value | None) -> Decimal | None:
    return v.number if v is not None and v.is_number else None


def _amount(wb: Workbook, table, line: str, column: str) -> Decimal | None:
    v = table.value(line, column) if table is not None else None
    n = _number(v)
    return None if n is None else n * wb.wan_factor


def digest(result, source: Path, root: Path) -> Audited:
    """The ``Audited`` of a ``FileResult``, every location relative to ``root``."""
    rel = relative(str(source), root)
    a = Audited(rel, str(source), result.status, [_relocate(f, root) for f in result.findings],
                relative(result.report, root), result.department, result.year,
                score_stated=result.score_stated, score_recomputed=result.score_recomputed,
                grade_stated=result.grade_stated, grade_recomputed=result.grade_recomputed)
    wb = result.workbook
    if wb is None or result.status != CHECKED:
        return a
    a.code = wb.cover.code.text if wb.cover.code is not None else ""
    a.income_total = _amount(wb, wb.income, "total", "actual")
    expense = wb.expense_economic if wb.expense_economic is not None and wb.expense_economic.has("total") \
        else wb.expense_nature
    a.expense_total = _amount(wb, expense, "total", "actual")
    a.expense_budget = _amount(wb, expense, "total", "budget_adjusted")
    a.execution_stated = _number(wb.execution_rate)
    a.sangong_budget = _amount(wb, wb.sangong, "total", "budget")
    a.sangong_actual = _amount(wb, wb.sangong, "total", "actual")
    member = Member(rel, a.department, a.code.strip())
    at = lambda v: _relocate_loc(v.loc, root) if v is not None else None  # noqa: E731
    member.code_loc, member.department_loc = at(wb.cover.code), at(wb.cover.department)
    sc = wb.scoring
    if sc is not None:
        member.total = result.score_stated if result.score_stated is not None else result.score_recomputed
        member.total_loc = at(sc.total_score) or Location(rel, sc.sheet)
        for leaf in sc.leaves():
            l1 = leaf.parent.parent.name if leaf.parent and leaf.parent.parent else ""
            l2 = leaf.parent.name if leaf.parent else ""
            a.indicators.append(Indicator(l1, l2, leaf.name, _number(leaf.points), _number(leaf.score)))
            # only what the copied-reason check could match: short texts cost pickling, nothing more
            if leaf.reason is not None and len(normalize_reason(leaf.reason.text)) >= MIN_REASON_CHARS:
                member.reasons.append((leaf.name, leaf.reason.text, at(leaf.reason)))
    a.member = member
    return a


def _relocate_loc(loc: Location, root: Path) -> Location:
    return replace(loc, file=relative(loc.file, root)) if loc.file else loc


def audit_one(path: str, root: str, options: Options) -> Audited:
    """Check one workbook; whatever happens, an ``Audited`` comes back."""
    from auditor.api import check_file, pair_report

    source, base = Path(path), Path(root)
    try:
        result = check_file(source, report=pair_report(source), rules_file=options.rules_file,
                            select=options.select, ignore=options.ignore, limits=options.limits)
        return digest(result, source, base)
    except Exception as exc:  # check_file does not raise; a digest bug must not stop the batch either
        return unreadable(source, base, classify_exception(path, exc))


def unreadable(source: Path, root: Path, finding: Finding) -> Audited:
    return Audited(relative(str(source), root), str(source), UNREADABLE, [_relocate(finding, root)])


def _audit_chunk(paths: list[str], root: str, options: Options) -> list[Audited]:
    return [audit_one(p, root, options) for p in paths]


class _Isolated:
    """``run_isolated``'s reader: the whole check of one file, in a process of its own."""

    def __init__(self, root: str, options: Options):
        self.root, self.options = root, options

    def __call__(self, path, kind):
        return audit_one(str(path), self.root, self.options)


def _audit_isolated(path: str, root: str, options: Options) -> Audited:
    result, findings = run_isolated(path, _Isolated(root, options), options.limits)
    if result is not None:
        return result
    finding = findings[0] if findings else U.ReadFailed.at(Location(path), error="WorkerDied", detail="")
    return unreadable(Path(path), Path(root), finding)


# --- many files ---------------------------------------------------------------------------

def _init_worker(limits: Limits) -> None:
    # Ctrl-C is the parent's to handle: it cancels what has not started and lets running
    # chunks finish their atomic writes, so a worker never dies halfway through one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_worker(limits)


def chunks(items: list, jobs: int) -> list[list]:
    size = max(1, min(MAX_CHUNK, -(-len(items) // max(1, jobs * CHUNKS_PER_WORKER))))
    return [items[i:i + size] for i in range(0, len(items), size)]


class _Pool:
    """Every chunk submitted at once; the results collected later, as they complete, so
    the parent can do its own work (writing the reports) while the workers run."""

    def __init__(self, fn, work: list[list], jobs: int, limits: Limits, extra: tuple):
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=processes.context(), initializer=_init_worker,
                                        initargs=(limits,))
        try:
            self.futures = {self.pool.submit(fn, chunk, *extra): chunk for chunk in work}
        except BaseException:
            self.close()
            raise

    def results(self):
        """(chunk, results or None) as each completes.  None means the pool broke under that
        chunk (a worker killed or crashed natively); the caller retries its items elsewhere."""
        try:
            for fut in as_completed(self.futures):
                try:
                    results = fut.result()
                except (BrokenProcessPool, Exception):  # e.g. a result that would not pickle
                    results = None
                yield self.futures[fut], results
        finally:
            self.close()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _pooled(fn, work: list[list], jobs: int, limits: Limits, extra: tuple):
    return _Pool(fn, work, jobs, limits, extra).results()


def audit_all(paths: list[Path], root: Path, jobs: int, options: Options, progress=None) -> list[Audited]:
    progress = progress or NoProgress()
    todo = [str(p) for p in paths]
    done: dict[str, Audited] = {}
    progress.start("check", len(todo))
    if jobs <= 1:
        for p in todo:
            done[p] = audit_one(p, str(root), options)
            progress.advance(done[p])
    else:
        # A worker that dies takes its chunk and every pending one with it: those are
        # tried again one file per task, then each survivor in a process of its own.
        for work in (chunks(todo, jobs), [[p] for p in todo]):
            work = [[p for p in c if p not in done] for c in work]
            work = [c for c in work if c]
            if not work:
                break
            for _, results in _pooled(_audit_chunk, work, jobs, options.limits, (str(root), options)):
                for a in results or ():
                    done[a.source] = a
                    progress.advance(a)
        for p in todo:
            if p not in done:
                done[p] = _audit_isolated(p, str(root), options)
                progress.advance(done[p])
    progress.finish()
    return sorted(done.values(), key=lambda a: a.path)


def add_cohort(files: list[Audited], options: Options) -> None:
    """Add the D findings (subject to --select/--ignore) to the files they are about."""
    found = cohort_findings(a.member for a in files if a.member is not None)
    for a in files:
        extra = found.get(a.path, [])
        codes = set(selected({f.code for f in extra}, options.select, options.ignore))
        extra = [f for f in extra if f.code in codes]
        if extra:
            a.findings = sorted(a.findings + extra, key=Finding.sort_key)


# --- annotated copies -------------------------------------------------------------------

def annotated_names(files: Sequence[Audited], taken: set[str] = frozenset()) -> dict[str, str]:
    """The name each copy is written under: its own file name, or its relative path
    flattened when two files in different folders share a name; then made unique as the
    copy will really be named (sanitised, .xls become .xlsx), and kept off ``taken``
    (case-folded names of files in the folder that are not ours)."""
    checked = [a for a in files if a.status == CHECKED]
    stems: dict[str, int] = {}
    for a in checked:
        key = Path(a.path).stem.casefold()
        stems[key] = stems.get(key, 0) + 1
    names = {a.path: (Path(a.path).name if stems[Path(a.path).stem.casefold()] == 1 else a.path.replace("/", "__"))
             for a in checked}
    # The summary links to each copy by a relative URL, where # and % would mean something.
    return unique_names({rel: re.sub(r"[#%]", "_", name) for rel, name in names.items()}, taken)


def _annotate_one(source: str, name: str, findings, header, out_dir: str, lang: str) -> tuple[str, str | None]:
    from auditor.reporters.annotate import write_annotated

    try:
        # not fsynced one by one: a rerun regenerates a copy, and serialised fsyncs
        # would cost the parallel workers more than annotating (docs/performance.md)
        return Path(write_annotated(source, out_dir, findings, header, lang, name=name,
                                    durable=False)).name, None
    except Exception as exc:  # the copy is a convenience; its failure is named in the summary
        why = f"{type(exc).__name__}: {exc}"[:300]
        return "", (CANNOT_WRITE + why) if is_write_failure(exc, out_dir) else why


def _annotate_chunk(items: list[tuple], out_dir: str, lang: str) -> list[tuple[str, str, str | None]]:
    return [(rel, *_annotate_one(source, name, findings, header, out_dir, lang))
            for rel, source, name, findings, header in items]


def _header(a: Audited):
    from auditor.reporters.annotate import Header

    s = lambda x: None if x is None else str(x)  # noqa: E731
    return Header(a.department, a.year, s(a.score_stated), s(a.score_recomputed), a.grade_stated, a.grade_recomputed)


class Annotating:
    """The annotated copies being written: by the pool's workers (``jobs`` > 1), or at
    once in this process.  ``names`` are the names the copies will have; ``collect``
    waits for them and says which were written and which failed."""

    def __init__(self, files: list[Audited], out_dir: Path, jobs: int, lang: str, limits: Limits, progress=None,
                 taken: set[str] = frozenset()):
        self.progress = progress or NoProgress()
        self.names = annotated_names(files, taken)
        items = [(a.path, a.source, self.names[a.path], a.findings, _header(a)) for a in files
                 if a.path in self.names]
        out_dir.mkdir(parents=True, exist_ok=True)
        self.progress.start("annotate", len(items))
        self.pool: _Pool | None = None
        if jobs <= 1:
            self.batches = ((c, _annotate_chunk(c, str(out_dir), lang)) for c in ([i] for i in items))
        else:
            self.pool = _Pool(_annotate_chunk, chunks(items, jobs), jobs, limits, (str(out_dir), lang))
            self.batches = self.pool.results()

    def collect(self) -> tuple[dict[str, str], dict[str, str]]:
        written, failed = {}, {}
        for chunk, results in self.batches:
            if results is None:
                results = [(item[0], "", "worker died") for item in chunk]
            for rel, name, error in results:
                if error is None:
                    written[rel] = name
                else:
                    failed[rel] = error
                self.progress.advance(None)
        self.progress.finish()
        return written, failed

    def abandon(self) -> None:
        if self.pool is not None:
            self.pool.close()


# --- the whole batch ----------------------------------------------------------------------

def remove_temp_files(out: Path) -> None:
    """Temp files ``atomic_write`` left behind when a process was killed mid-write."""
    for folder in (out, out / ANNOTATED):
        if folder.is_dir():
            for tmp in folder.glob(".tmp-*.part"):
                try:
                    tmp.unlink()
                except OSError:
                    pass


def find(root: Path, out: Path) -> list[Path]:
    from auditor.discover import find_workbooks

    return [p.resolve() for p in find_workbooks([root], exclude=out)]  # lock files already left out


def not_auditable(root: Path, out: Path) -> list[Audited]:
    """A row for every file that looks like a submission but cannot be audited (.et, .csv …)."""
    from auditor.discover import find_unsupported

    return [unreadable(p.resolve(), root, U.not_auditable(p)) for p in find_unsupported([root], exclude=out)]


def run_batch(root, out, *, jobs: int | None = None, annotate: bool = True, lang: str = "zh",
              options: Options | None = None, progress=None) -> BatchResult:
    from auditor import packs
    from auditor.reporters.json_report import report_dict
    from auditor.reporters.summary import write_summary
    from auditor.safe_output import atomic_write

    root, out = Path(root).resolve(), Path(out).resolve()
    options = options or Options()
    jobs = processes.max_workers(jobs or os.cpu_count() or 1)
    paths, others = find(root, out), not_auditable(root, out)
    if not paths and not others:
        raise NothingToAudit(str(root))  # before anything is written: an earlier run's outputs stay
    out.mkdir(parents=True, exist_ok=True)
    remove_temp_files(out)
    owned, write_errors = Owned(out), {}
    pending, written = None, {}
    try:
        files = sorted(audit_all(paths, root, jobs, options, progress) + others, key=lambda a: a.path)
        add_cohort(files, options)
        pack = packs.load_file(options.rules_file) if options.rules_file else None

        def summary(written: dict, failed: dict) -> None:
            write_or_note(out / SUMMARY, lambda fh: write_summary(fh, files, lang=lang, annotated=written,
                                                                   annotate_errors=failed, pack=pack), write_errors)

        # The reports are written while the workers annotate: the summary links every copy
        # by the name it will have, and is written again only if some copy then failed.
        pending = Annotating(files, out / ANNOTATED, jobs, lang, options.limits, progress,
                             taken=owned.foreign(ANNOTATED)) if annotate else None
        report = json.dumps(report_dict(files, lang), ensure_ascii=False, indent=2) + "\n"
        write_or_note(out / REPORT, report.encode("utf-8"), write_errors)
        expected = pending.names if pending is not None else {}
        summary(expected, {})
        if pending is not None:
            written, failed = pending.collect()
            for name in written.values():
                owned.record(f"{ANNOTATED}/{name}")
            owned.remove_stale(ANNOTATED, set(written.values()))
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
    outputs = [out / REPORT, out / SUMMARY] + [out / ANNOTATED / n for n in sorted(written.values())]
    return BatchResult(root, out, files, written, failed, outputs, write_errors)


def _record_finished(owned: Owned, out: Path, names) -> None:
    """An interrupted run's copies that were written whole are ours all the same."""
    for name in names:
        owned.record(f"{ANNOTATED}/{name}")
