"""Which files in a folder are workbooks to check."""
from __future__ import annotations

from pathlib import Path

from auditor.guards import is_lock_file

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}


def find_workbooks(paths, exclude: Path | None = None) -> list[Path]:
    """Workbooks among ``paths``, folders searched recursively, in a stable order."""
    found: list[Path] = []
    skip = exclude.resolve() if exclude is not None and exclude.exists() else None
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if skip is not None and (f.resolve() == skip or skip in f.resolve().parents):
                    continue
                if f.is_file() and f.suffix.lower() in WORKBOOK_SUFFIXES and not is_lock_file(f):
                    found.append(f)
        elif not is_lock_file(p):
            found.append(p)
    return found
