"""The one place the server meets the library: an uploaded file checked, annotated and told as JSON.

Uploads arrive as private files named by a random token (never by the name they were sent
under); the check runs on that path and every location is then given back the upload's
display name, so the JSON, the page and the annotated copy read as if the department had
run ``auditor check`` on its own file.  Checks run in a bounded pool of worker processes:
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

# the report's formats as the CLI pairs them (.doc and .wps are named as needing a resave)
from auditor.api import REPORT_SUFFIXES  # noqa: F401
from auditor.findings import Finding, Location

DEFAULT_FORM = "部门整体支出绩效自评表"
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


def _relocated(f: Finding, names: dict[str, str]) -> Finding:
    def loc(x: Location) -> Location:
        return replace(x, file=names.get(x.file, x.file)) if x.file else x

    args = dict(f.args)
    for k, v in args.items():
        if isinstance(v, str):
            for private, shown in sorted(names.items(), key=lambda kv: -len(kv[0])):  # whole paths first
                v = v.replace(private, shown)
            args[k] = v
    return replace(f, location=loc(f.location), related=tuple(loc(r) for r in f.related), args=args)


def check_upload(workbook: Upload, report: Upload | None, out_dir: str | None, lang: str = "zh") -> dict:
    """Check one uploaded workbook (and report); write its annotated copy into ``out_dir``.

    Returns ``{"file": <the CLI's JSON file>, "stored": <the same with each finding's
    subject>, "form": <form name>, "annotated": <file name in out_dir or None>,
    "annotate_error": <why not or None>, "header": {...scores...}}``.  Runs in a worker.
    """
    from auditor import baseline
    from auditor.api import check_file
    from auditor.reporters.json_report import file_dict

    result = check_file(workbook.path, report=report.path if report else None)
    report_names = {report.path: report.name} if report else {}
    # the annotated copy is made while the workbook finding still name the private file
    # (that is how the annotator knows they are on this workbook); report findings show
    # the report's own name in its findings sheet
    for_copy = [_relocated(f, report_names) for f in result.findings]
    annotated, annotate_error = None, None
    if out_dir is not None and result.status == "checked":
        annotated, annotate_error = _annotate(result, for_copy, workbook, out_dir, lang)
    names = dict(report_names, **{workbook.path: workbook.name})
    # a message may name the workbook's stem with another extension (N001: the report it looked for)
    names[str(Path(workbook.path).with_suffix(""))] = workbook.name.rpartition(".")[0] or workbook.name
    shown = replace(result, path=workbook.name, report=report.name if report else None,
                    findings=[_relocated(f, names) for f in result.findings])
    data = file_dict(shown, lang)
    return {"file": data, "stored": baseline.with_subjects(data, shown.findings),
            "form": form_name(result, lang), "annotated": annotated, "annotate_error": annotate_error}


def form_name(result, lang: str = "zh") -> str:
    """The detected form's name; the department form until the forms registry says otherwise."""
    form = getattr(result, "form", None)
    name = getattr(form, "name", None)
    if isinstance(name, dict):
        return name.get(lang) or name.get("zh") or DEFAULT_FORM
    return str(form) if isinstance(form, str) and form else DEFAULT_FORM


def _annotate(result, findings, workbook: Upload, out_dir: str, lang: str):
    from auditor.reporters.annotate import Header, write_annotated

    s = lambda x: None if x is None else str(x)  # noqa: E731
    header = Header(result.department, result.year, s(result.score_stated), s(result.score_recomputed),
                    result.grade_stated, result.grade_recomputed)
    token = Path(workbook.path).stem
    try:
        return Path(write_annotated(workbook.path, out_dir, findings, header, lang, name=token + ".xlsx")).name, None
    except Exception as exc:  # the copy is a convenience: the findings stand without it
        return None, f"{type(exc).__name__}"


def summarise_round(in_dir: str, out_file: str, lang: str = "zh") -> None:
    """summary.xlsx for a folder of a round's latest versions (named by department). Runs in a worker."""
    import shutil
    import tempfile

    from auditor.batch import run_batch

    with tempfile.TemporaryDirectory(dir=os.path.dirname(out_file)) as out:
        run_batch(in_dir, out, jobs=1, annotate=False, lang=lang)
        shutil.move(str(Path(out) / "summary.xlsx"), out_file)


def worker_died(workbook: Upload, lang: str = "zh") -> dict:
    """What a check that killed its worker (a native crash, the OOM killer) reports: the
    file, unreadable, saying so, as ``check_upload`` would."""
    from auditor.codes import unreadable as U
    from auditor.reporters.json_report import file_dict
    from auditor.api import FileResult, UNREADABLE

    finding = U.ResourceLimit.at(Location(workbook.name), limit="memory")
    data = file_dict(FileResult(workbook.name, UNREADABLE, [finding]), lang)
    return {"file": data, "stored": dict(data, findings=[dict(d, subject="") for d in data["findings"]]),
            "form": DEFAULT_FORM, "annotated": None, "annotate_error": None}


class Busy(Exception):
    """Every worker is busy and the queue is full: try again shortly."""


class Checker:
    """A bounded pool: ``workers`` processes, at most ``queue`` more checks waiting."""

    def __init__(self, workers: int | None = None, queue: int = 32):
        self.workers = max(1, workers or min(4, os.cpu_count() or 1))
        self.slots = threading.BoundedSemaphore(self.workers + max(0, queue))
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                import multiprocessing

                from auditor.batch import _init_worker
                from auditor.limits import Limits

                # spawn, not fork: the server runs threads, and Windows has nothing else
                self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_init_worker, initargs=(Limits(),))
            return self._pool

    def run(self, fn, *args):
        """``fn(*args)`` in a worker; raises Busy at once when the queue is full."""
        if not self.slots.acquire(blocking=False):
            raise Busy()
        try:
            pool = self._executor()
            try:
                return pool.submit(fn, *args).result()
            except BrokenProcessPool:  # a worker died (OOM killer, native crash): a fresh pool
                with self._lock:
                    if self._pool is pool:
                        self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
                raise
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
