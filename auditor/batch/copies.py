"""A batch's annotated copies: written by worker processes while the parent writes the
reports, each copy under its file's own time and memory limits as its check was (the
supervised pool of ``auditor.processes.pool``, driven from a thread of the parent), none of them
ever stopping the batch (a copy that cannot be made is S033 on its file)."""
from __future__ import annotations

import queue
import threading
from pathlib import Path

from auditor.codes import unreadable as U
from auditor.findings import Finding, Location
from auditor.limits import Limits
from auditor.batch.manifest import CANNOT_WRITE, is_write_failure
from auditor.batch.progress import NoProgress
from auditor.report import FileReport
from auditor.reporters.safe_output import annotated_names
from auditor.report.spill import Spilled, load
from auditor.processes.workers import call_with_timeout, interruptible


def annotate_one(report: FileReport, name: str | None, out_dir, lang: str, limits: Limits = Limits(),
                 durable: bool = False) -> tuple[str, str | None]:
    """Write one annotated copy under the file's own time limit: (its name, None), or ("", why).

    Never raises: the copy is a convenience, and its failure is said (S033, the summary,
    stderr) without costing the file its findings."""
    from auditor.guards import stopped_by
    from auditor.reporters import REPORTERS

    try:
        # not fsynced one by one in a batch: a rerun regenerates a copy, and serialised
        # fsyncs would cost the parallel workers more than annotating (docs/performance.md)
        return call_with_timeout(limits.max_seconds, REPORTERS["annotated"](lang).save, report, out_dir,
                                 name=name, durable=durable).name, None
    except Exception as exc:
        stop = stopped_by(exc)  # the annotator wraps what stopped it
        if stop is not None:
            return "", _over(None if isinstance(stop, MemoryError) else stop.seconds)
        why = f"{type(exc).__name__}: {exc}"[:300]
        return "", (CANNOT_WRITE + why) if is_write_failure(exc, out_dir) else why


def annotate_each(reports: list[FileReport], out_dir, lang: str, limits: Limits = Limits(),
                  durable: bool = False) -> dict[str, str | None]:
    """Each report's copy (``annotate_one``) in a worker process the parent holds to the
    file's deadline and memory limit, as ``check`` holds its files (``auditor.processes.pool``):
    path -> None, or why there is no copy.  The copies are named as ``annotate_one`` names
    them when given no name."""
    from auditor.processes.pool import Lost, supervised

    by_path = {r.path: r for r in reports}
    why: dict[str, str | None] = {}
    for path, outcome in supervised(_annotate_item, list(by_path), 1, limits, (by_path, str(out_dir), lang, limits,
                                                                               durable), WARM):
        why[path] = _why_lost(outcome, limits) if isinstance(outcome, Lost) else outcome[1]
    return why


def _over(seconds: float | None) -> str:
    """Why a copy stopped at a limit, in the words S033 shows: its time (``seconds``), or memory (None)."""
    return "memory" if seconds is None else f"over {seconds:g} s"


def _why_lost(outcome, limits: Limits) -> str:
    """Why a supervised copy brought no result (``auditor.processes.pool.Lost``), in annotate_one's words."""
    if outcome.lost in ("time", "memory"):
        return _over(limits.max_seconds if outcome.lost == "time" else None)
    return f"{type(outcome.error).__name__}: {outcome.error}"[:300] if outcome.error else "worker died"


# What an annotating worker imports before its first copy's deadline starts: the writer,
# and the rules, whose declarations hold the messages the copy renders (a spawned worker
# has nothing registered that its parent had).
WARM = ("auditor.reporters.annotated.workbook", "auditor.rules")


def _annotate_item(path: str, reports: dict, out_dir: str, lang: str, limits: Limits, durable: bool):
    return annotate_one(reports[path], None, out_dir, lang, limits, durable)


def copy_not_made(report: FileReport, why: str) -> Finding:
    return U.CopyNotMade.at(Location(file=report.path), reason=why.removeprefix(CANNOT_WRITE))


def _annotate_planned(rel: str, plan: dict, out_dir: str, lang: str, limits: Limits) -> tuple[str, str | None]:
    # the report read here from where the parent spilled it: the plan is a few words a file
    name, where = plan[rel]
    return annotate_one(load(where), name, out_dir, lang, limits)


class Annotating:
    """The annotated copies being written: by supervised workers, or (``jobs`` 1 where this
    process's own alarm bounds each copy) in this process as ``collect`` asks.  ``names``
    are the names the copies will have; ``collect`` waits for them and says which were
    written and which failed."""

    def __init__(self, files: Spilled, out_dir: Path, jobs: int, lang: str, limits: Limits, progress=None,
                 taken: set[str] = frozenset()):
        self.progress = progress or NoProgress()
        heads = files.heads()
        self.names = annotated_names(heads, taken)
        items = [(a.path, self.names[a.path], files.locate(i)) for i, a in enumerate(heads) if a.path in self.names]
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # each copy then fails to be written, and says why (exit 3)
        self.progress.start("annotate", len(items))
        self.thread: threading.Thread | None = None
        self._stop = threading.Event()
        plan = {rel: (name, where) for rel, name, where in items}
        extra = (plan, str(out_dir), lang, limits)
        if jobs <= 1 and interruptible():
            self.done = ((rel, *_annotate_planned(rel, *extra)) for rel in plan)
        else:
            # The supervisor keeps the deadlines and the memory limit as it does for the
            # checks; from a thread, so that the parent writes the reports meanwhile.
            self._done: queue.SimpleQueue = queue.SimpleQueue()
            self.thread = threading.Thread(target=self._supervise, args=(list(plan), max(1, jobs), limits, extra),
                                           name="annotating", daemon=True)
            self.thread.start()
            self.done = self._drain(len(plan))

    def _supervise(self, rels: list[str], jobs: int, limits: Limits, extra: tuple) -> None:
        from auditor.processes.pool import Lost, supervised

        left = set(rels)
        try:
            results = supervised(_annotate_planned, rels, jobs, limits, extra, WARM)
            try:
                for rel, outcome in results:
                    left.discard(rel)
                    self._done.put((rel, "", _why_lost(outcome, limits)) if isinstance(outcome, Lost)
                                   else (rel, *outcome))
                    if self._stop.is_set():
                        break
            finally:
                results.close()  # its workers stopped
        except Exception as exc:  # e.g. workers that die as they start: no copy for the rest
            why = f"{type(exc).__name__}: {exc}"[:300]
            for rel in rels:
                if rel in left:
                    self._done.put((rel, "", why))

    def _drain(self, n: int):
        for _ in range(n):
            yield self._done.get()

    def collect(self) -> tuple[dict[str, str], dict[str, str]]:
        written, failed = {}, {}
        for rel, name, error in self.done:
            if error is None:
                written[rel] = name
            else:
                failed[rel] = error
            self.progress.advance(None)
        self.progress.finish()
        return written, failed

    def abandon(self) -> None:
        """Stop writing copies (the batch was interrupted): the supervisor stops its workers
        once the copy it waits for is done; they die with this process in any case."""
        self._stop.set()
        if self.thread is not None:
            self.thread.join(timeout=5)
