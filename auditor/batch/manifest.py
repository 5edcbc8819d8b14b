"""What a batch owns under --out, and what it does when an output cannot be written.

A reviewer works in the output folder: opens summary.xlsx in Excel or WPS, writes remarks
into an annotated copy, saves another workbook beside them.  The batch may replace or
remove only what it wrote itself, so it keeps a manifest (``.auditor-outputs.json``) of
each output with the size and modification time it left it with.  A file not in the
manifest, or changed since, belongs to someone else: it is never removed or overwritten,
and a copy that would take its name is given another.  An output that cannot be written
(open in Excel on Windows, disk full) is named with what to do, and the rest still are.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

MANIFEST = ".auditor-outputs.json"
# What a failed copy's reason starts with when the copy could not be written (rather than
# built): the batch then exits with WRITE_FAILED_EXIT.
CANNOT_WRITE = "cannot write: "
WRITE_FAILED_EXIT = 3


class NothingToAudit(Exception):
    """The folder holds no workbook and nothing that looks like a submission."""


class OutputUnwritable(Exception):
    """--out cannot be created or written at all (read-only, full, a file in its place)."""

    def __init__(self, path: str, why: str):
        super().__init__(path, why)
        self.path, self.why = path, why


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns] if path.is_file() else None


class Owned:
    """The outputs an earlier run (and this one) wrote, by their path relative to ``out``."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.files: dict[str, list[int]] = {}
        try:
            data = json.loads((self.out / MANIFEST).read_text("utf-8"))
            self.files = {str(k): list(v) for k, v in data.get("files", {}).items()}
        except (OSError, ValueError, AttributeError, TypeError):
            pass  # no manifest (a first run, or an older version's folder): nothing is ours

    def ours(self, rel: str) -> bool:
        """Written by a run and unchanged since: what we may replace or remove."""
        return rel in self.files and _stat(self.out / rel) == self.files[rel]

    def record(self, rel: str) -> None:
        st = _stat(self.out / rel)
        if st is not None:
            self.files[rel] = st

    def foreign(self, folder: str) -> set[str]:
        """Names (case-folded) in ``folder`` that are someone else's: kept, and not reused."""
        d = self.out / folder
        if not d.is_dir():
            return set()
        return {p.name.casefold() for p in d.iterdir() if not self.ours(f"{folder}/{p.name}")}

    def remove_stale(self, folder: str, kept: set[str]) -> list[str]:
        """Remove our copies in ``folder`` that this run did not write again (their files are
        gone or now unreadable); a copy changed since we wrote it is left, and no longer ours."""
        removed = []
        for rel in [r for r in self.files if r.startswith(folder + "/")]:
            name = rel[len(folder) + 1:]
            if name in kept:
                continue
            if self.ours(rel):
                try:
                    (self.out / rel).unlink()
                    removed.append(rel)
                except OSError:
                    continue  # still ours, still on disk: the next run tries again
            del self.files[rel]
        return removed

    def save(self) -> str | None:
        """Write the manifest; the reason when that failed."""
        from auditor.reporters.safe_output import atomic_write

        data = json.dumps({"version": 1, "files": dict(sorted(self.files.items()))}, ensure_ascii=False, indent=1)
        try:
            atomic_write(self.out / MANIFEST, data.encode("utf-8"))
        except OSError as exc:
            return reason(exc)
        return None


def reason(exc: OSError) -> str:
    return f"{type(exc).__name__}: {exc.strerror or exc}"


def write_or_note(path: Path, content, failures: dict[str, str], **kwargs) -> bool:
    """``atomic_write`` that notes a failure in ``failures`` (path -> why) instead of raising:
    one output that cannot be replaced must not stop the others from being written."""
    from auditor.reporters.safe_output import atomic_write

    try:
        atomic_write(path, content, **kwargs)
        return True
    except OSError as exc:
        failures[str(path)] = reason(exc)
        return False


def is_write_failure(exc: BaseException, out_dir) -> bool:
    """Whether an annotated copy failed because it could not be written (not built): an
    error naming a file outside ``out_dir`` was about reading the source."""
    if not isinstance(exc, OSError):
        return False
    names = [n for n in (exc.filename, exc.filename2) if n]
    return not names or any(Path(os.fsdecode(n)) == Path(out_dir) or Path(os.fsdecode(n)).parent == Path(out_dir)
                            for n in names)


def advice(path: str, why: str, lang: str) -> str:
    from auditor.words import words

    return words(lang)("msg.cannot_write", path=path, why=why.removeprefix(CANNOT_WRITE))
