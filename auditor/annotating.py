"""A batch's annotated copies: written by a pool of workers in chunks while the parent
writes the reports, each copy under its file's own time limit, none of them ever
stopping the batch (a copy that cannot be made is S033 on its file)."""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from auditor import processes
from auditor.codes import unreadable as U
from auditor.findings import Finding, Location
from auditor.limits import Limits
from auditor.outputs import CANNOT_WRITE, is_write_failure
from auditor.progress import NoProgress
from auditor.report import FileReport
from auditor.safe_output import annotated_names
from auditor.spill import Spilled, load
from auditor.workers import call_with_timeout, init_worker

# Enough chunks per worker to keep both busy to the end, few enough that 1,000 small
# files cost tens of submissions rather than a thousand.
CHUNKS_PER_WORKER, MAX_CHUNK = 4, 32


def chunks(items: list, jobs: int) -> list[list]:
    size = max(1, min(MAX_CHUNK, -(-len(items) // max(1, jobs * CHUNKS_PER_WORKER))))
    return [items[i:i + size] for i in range(0, len(items), size)]


class _Pool:
    """Every chunk submitted at once; the results collected later, as they complete, so
    the parent can do its own work (writing the reports) while the workers run."""

    def __init__(self, fn, work: list[list], jobs: int, limits: Limits, extra: tuple):
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=processes.context(), initializer=init_worker,
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
                # popped: a finished future holds its results for as long as it is referenced,
                # and 10,000 files' reports held so were most of the parent's memory
                yield self.futures.pop(fut), results
        finally:
            self.close()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def annotate_one(report: FileReport, name: str | None, out_dir, lang: str, limits: Limits = Limits(),
                 durable: bool = False) -> tuple[str, str | None]:
    """Write one annotated copy under the file's own time limit: (its name, None), or ("", why).

    Never raises: the copy is a convenience, and its failure is said (S033, the summary,
    stderr) without costing the file its findings."""
    from auditor.guards import Timeout
    from auditor.reporters import REPORTERS

    try:
        # not fsynced one by one in a batch: a rerun regenerates a copy, and serialised
        # fsyncs would cost the parallel workers more than annotating (docs/performance.md)
        return call_with_timeout(limits.max_seconds, REPORTERS["annotated"](lang).save, report, out_dir,
                                 name=name, durable=durable).name, None
    except Exception as exc:
        cause = exc.__cause__ if isinstance(exc.__cause__, (Timeout, MemoryError)) else exc  # annotate wraps
        if isinstance(cause, Timeout):
            return "", f"over {cause.seconds:g} s"
        if isinstance(cause, MemoryError):
            return "", "memory"
        why = f"{type(exc).__name__}: {exc}"[:300]
        return "", (CANNOT_WRITE + why) if is_write_failure(exc, out_dir) else why


def annotate_each(reports: list[FileReport], out_dir, lang: str, limits: Limits = Limits(),
                  durable: bool = False) -> dict[str, str | None]:
    """Each report's copy (``annotate_one``) in a worker process the parent holds to the
    file's deadline and memory limit, as ``check`` holds its files (``auditor.pool``):
    path -> None, or why there is no copy.  The copies are named as ``annotate_one`` names
    them when given no name."""
    from auditor.pool import Lost, supervised

    by_path = {r.path: r for r in reports}
    why: dict[str, str | None] = {}
    for path, outcome in supervised(_annotate_item, list(by_path), 1, limits, (by_path, str(out_dir), lang, limits,
                                                                               durable), WARM):
        if not isinstance(outcome, Lost):
            why[path] = outcome[1]
        elif outcome.lost in ("time", "memory"):
            why[path] = f"over {limits.max_seconds:g} s" if outcome.lost == "time" else "memory"
        else:
            why[path] = f"{type(outcome.error).__name__}: {outcome.error}"[:300] if outcome.error else "worker died"
    return why


# what an annotating worker imports before its first copy's deadline starts
WARM = ("auditor.reporters.annotate",)


def _annotate_item(path: str, reports: dict, out_dir: str, lang: str, limits: Limits, durable: bool):
    return annotate_one(reports[path], None, out_dir, lang, limits, durable)


def copy_not_made(report: FileReport, why: str) -> Finding:
    return U.CopyNotMade.at(Location(file=report.path), reason=why.removeprefix(CANNOT_WRITE))


def _annotate_chunk(items: list[tuple], out_dir: str, lang: str, limits: Limits) -> list[tuple[str, str, str | None]]:
    # each report read here from where the parent spilled it: the items are a few words each
    return [(rel, *annotate_one(load(where), name, out_dir, lang, limits)) for rel, name, where in items]


class Annotating:
    """The annotated copies being written: by the pool's workers (``jobs`` > 1), or at
    once in this process.  ``names`` are the names the copies will have; ``collect``
    waits for them and says which were written and which failed."""

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
        self.pool: _Pool | None = None
        if jobs <= 1:
            self.batches = ((c, _annotate_chunk(c, str(out_dir), lang, limits)) for c in ([i] for i in items))
        else:
            self.pool = _Pool(_annotate_chunk, chunks(items, jobs), jobs, limits, (str(out_dir), lang, limits))
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
