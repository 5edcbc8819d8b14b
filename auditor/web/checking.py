"""The one place the server meets the library: an uploaded file checked, annotated and told as JSON.

Uploads arrive as private files named by a random token (never by the name they were sent
under); the worker hands the workbook's bytes to ``auditor.api.check`` with the name it was
sent under, so the JSON, the page and the annotated copy read as if the department had run
``auditor check`` on its own file.  The report is still read from its private file (the
narrative reader takes a path), and its findings are given back its sent name.  Checks run in a bounded pool of worker processes:
each file is held to the CLI's per-file limits (time, memory) in its worker's main thread,
and when every worker is busy and the queue is full a new check is refused at once instead
of piling up.
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from auditor.limits import Limits
from auditor.processes.pool import WorkerDied  # noqa: F401  (what Checker.run raises)

# the report's formats as the CLI pairs them (.doc and .wps are named as needing a resave)
from auditor.api import READABLE_REPORTS, REPORT_SUFFIXES  # noqa: F401
from auditor.findings import Finding, Location

DEFAULT_FORM = "部门整体支出绩效自评表"  # a round's form, as the bureau first sees it: a text it may change
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


@dataclass(frozen=True)
class Upload:
    """A file as stored for checking: ``path`` is ours, ``name`` the department's (display only)."""

    path: str
    name: str


def suffix_for(name: str, allowed: tuple[str, ...], default: str = ".bin") -> str:
    """The suffix a private file gets: one of ours, chosen by the upload's name; the guards
    still decide from the bytes (a mismatch is the CLI's own S023 warning)."""
    lower = name.lower()
    return next((s for s in allowed if lower.endswith(s)), default)


def _relocated(f: Finding, private: str, shown: str) -> Finding:
    def loc(x: Location) -> Location:
        return replace(x, file=shown) if x.file == private else x

    args = {k: v.replace(private, shown) if isinstance(v, str) else v for k, v in f.args.items()}
    return replace(f, location=loc(f.location), related=tuple(loc(r) for r in f.related), args=args)


def check_upload(workbook: Upload, report: Upload | None, out_dir: str | None, lang: str = "zh",
                 copy_name: str | None = None) -> dict:
    """Check one uploaded workbook (and report); write its annotated copy into ``out_dir``
    (named ``copy_name`` and the extension its content calls for; default: the workbook's stem).

    Returns ``{"report": <the CLI's JSON report>, "file": <its one file>, "stored": <the same with each finding's
    subject>, "form": <form name>, "annotated": <file name in out_dir or None>,
    "annotate_error": <why not or None>}``.  Runs in a worker.
    """
    from auditor.baseline import compare as baseline
    from auditor.api import check
    from auditor.report import RunReport
    from auditor.reporters.json_report import report_dict

    data = Path(workbook.path).read_bytes()
    # the workbook goes in as bytes under the name it was sent as: findings name that, never our file;
    # a report sent alone by its private file (the narrative reader takes a path), named the same
    alone = Path(workbook.path).suffix.lower() in READABLE_REPORTS
    result = check(workbook.path if alone else data, name=workbook.name, report=report.path if report else None)
    if report is not None:  # the report is read from its private file: its findings get its sent name
        result = replace(result, report=report.name,
                         findings=[_relocated(f, report.path, report.name) for f in result.findings])
    annotated, annotate_error = None, None
    if out_dir is not None and result.annotatable:
        annotated, annotate_error = _annotate(result, data, copy_name or Path(workbook.path).stem, out_dir, lang)
    whole = report_dict(RunReport([result]), lang)
    shown = whole["files"][0]
    return {"report": whole, "file": shown, "stored": baseline.with_subjects(shown, result.findings),
            "form": form_name(result, lang), "annotated": annotated, "annotate_error": annotate_error, "died": False}


def form_name(result, lang: str = "zh") -> str:
    """The detected form's name (``FileReport.form`` is its id), as the registry says it."""
    from auditor import forms

    return forms.title(getattr(result, "form", None), lang)


def _annotate(result, data: bytes, stem: str, out_dir: str, lang: str):
    from auditor.reporters.annotated.reporter import AnnotatedReporter

    try:
        return AnnotatedReporter(lang, data=data).save(result, out_dir, name=stem + ".xlsx").name, None
    except Exception as exc:  # the copy is a convenience: the findings stand without it
        return None, f"{type(exc).__name__}"


def summarise_round(in_dir: str, out_file: str, lang: str = "zh", roster: dict | None = None) -> None:
    """summary.xlsx for a folder of a round's latest versions (named by department), with
    ``roster`` as its first sheet (``RunReport.roster``). Runs in a worker."""
    import shutil
    import tempfile

    from auditor.batch.run import run_batch

    with tempfile.TemporaryDirectory(dir=os.path.dirname(out_file)) as out:
        # each file in a process of its own: a file that kills its reader is that file's S028,
        # never the summary's failure
        run_batch(in_dir, out, jobs=1, annotate=False, lang=lang, isolated=True, roster=roster)
        shutil.move(str(Path(out) / "summary.xlsx"), out_file)


def annotated_copy(workbook: Upload, report: Upload | None, out_dir: str, copy_name: str, lang: str = "zh"):
    """The annotated copy of a file checked earlier, made when it is first asked for:
    (its file name in ``out_dir`` or None, why not or None).  Runs in a worker."""
    out = check_upload(workbook, report, out_dir, lang, copy_name)
    return out["annotated"], out["annotate_error"]


def notice_bytes(file: dict, previous: dict | None, department: str, year: int, version: int,
                 submitted: str, lang: str = "zh", settings: dict | None = None,
                 seconds: float | None = None) -> bytes | None:
    """A version's 审核意见通知书 (.docx) as bytes, compared with ``previous`` (the JSON's file of
    the version before, or None), in ``lang``, with the round's ``settings`` (the bureau's name,
    文号 …: ``auditor.reporters.notice_settings``); None past ``seconds`` (default: the per-file
    time limit).
    Runs in a worker: a notice of 20,000 findings takes seconds of CPU and memory that are no
    request thread's to spend.  The limit holds on every platform (``call_with_deadline``):
    the alarm in the worker's main thread where there is SIGALRM; elsewhere (Windows) the
    notice is written in a child of the worker, killed at the deadline."""
    from auditor.guards import Timeout
    from auditor.processes.pool import call_with_deadline

    seconds = Limits().max_seconds if seconds is None else seconds
    try:
        return call_with_deadline(seconds, write_notice_bytes, file, previous, department, year, version, submitted,
                                  lang, settings)
    except Timeout:
        return None


def write_notice_bytes(file: dict, previous: dict | None, department: str, year: int, version: int,
                       submitted: str, lang: str = "zh", settings: dict | None = None) -> bytes:
    """The notice itself, unbounded (module level: a child process must be able to run it)."""
    import io

    from auditor.baseline import compare as baseline
    from auditor.reporters.notice import write_notice

    buf = io.BytesIO()
    write_notice(buf, file, department=department, year=year, version=version, submitted=submitted,
                 comparison=baseline.compare(previous, file), lang=lang, settings=settings)
    return buf.getvalue()


def worker_died(workbook: Upload, lang: str = "zh") -> dict:
    """What a check that killed its worker (a native crash, the OOM killer) reports: the
    file, unreadable, saying so, as ``check_upload`` would."""
    from auditor.codes import unreadable as U
    from auditor.report import FileReport, RunReport, Status
    from auditor.reporters.json_report import report_dict

    finding = U.ResourceLimit.at(Location(workbook.name), limit="memory")
    whole = report_dict(RunReport([FileReport(workbook.name, Status.UNREADABLE, [finding])]), lang)
    data = whole["files"][0]
    return {"report": whole, "file": data, "stored": dict(data, findings=[dict(d, subject="") for d in data["findings"]]),
            "form": DEFAULT_FORM, "annotated": None, "annotate_error": None, "died": True}


class Busy(Exception):
    """Every worker is busy and the queue is full: try again shortly."""


class Checker:
    """A bounded pool: ``workers`` processes, at most ``queue`` more checks waiting."""

    def __init__(self, workers: int | None = None, queue: int = 32):
        self.workers = max(1, workers or min(4, os.cpu_count() or 1))
        self.slots = threading.BoundedSemaphore(self.workers + max(0, queue))
        self.alone = threading.BoundedSemaphore(self.workers)
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                import multiprocessing

                from auditor.processes.workers import init_worker

                # spawn, not fork: the server runs threads, and Windows has nothing else
                self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=init_worker, initargs=(Limits(),))
            return self._pool

    def run(self, fn, *args):
        """``fn(*args)`` in a worker; raises Busy at once when the queue is full.

        A worker that dies (a native crash, the OOM killer) breaks the whole pool, and every
        check then in flight with it: each is tried again alone, in a process of its own, so
        that only the check that kills its worker again fails (WorkerDied)."""
        if not self.slots.acquire(blocking=False):
            raise Busy()
        try:
            pool = self._executor()
            try:
                return pool.submit(fn, *args).result()
            except BrokenProcessPool:
                with self._lock:
                    if self._pool is pool:
                        self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
            from auditor.processes.pool import call_alone

            # the memory cap of the pool's workers; no deadline beyond the check's own; and
            # no more retries at once than there are workers (each is a process starting)
            with self.alone:
                return call_alone(fn, *args, limits=replace(Limits(), max_seconds=0))
        finally:
            self.slots.release()

    def warm(self) -> None:
        """Start the workers now, not on the first department's upload."""
        pool = self._executor()
        for f in [pool.submit(os.getpid) for _ in range(self.workers)]:
            f.result()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
