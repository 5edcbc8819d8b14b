"""Which files in a folder are workbooks to check, and which look like submissions that cannot be."""
from __future__ import annotations

from pathlib import Path

from auditor.guards import is_lock_file

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
# What a department sends instead of an .xlsx: WPS's own format and its template, ODF,
# Excel's binary format, a CSV export, Apple Numbers.  None can be audited; each is listed
# so that no department is left out unnoticed.
OTHER_SPREADSHEET_SUFFIXES = {".et", ".ett", ".ods", ".xlsb", ".csv", ".numbers"}
# A report in a format the narrative reader cannot read: listed when no workbook of the
# same stem stands beside it (with one, that workbook's check reports it, N002).
OTHER_REPORT_SUFFIXES = {".doc", ".wps"}


def _walk(paths, exclude: Path | None):
    skip = exclude.resolve() if exclude is not None and exclude.exists() else None
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if skip is not None and (f.resolve() == skip or skip in f.resolve().parents):
                    continue
                if f.is_file() and not is_lock_file(f):
                    yield f, True
        elif not is_lock_file(p):
            yield p, False


def find_workbooks(paths, exclude: Path | None = None) -> list[Path]:
    """Workbooks among ``paths``, folders searched recursively, in a stable order."""
    return [f for f, in_folder in _walk(paths, exclude) if not in_folder or f.suffix.lower() in WORKBOOK_SUFFIXES]


def find_unsupported(paths, exclude: Path | None = None) -> list[Path]:
    """Files found in the folders of ``paths`` that look like a submission but cannot be audited."""
    found = [f for f, in_folder in _walk(paths, exclude) if in_folder]
    stems = {(f.parent, f.stem.casefold()) for f in found if f.suffix.lower() in WORKBOOK_SUFFIXES}
    return [f for f in found if f.suffix.lower() in OTHER_SPREADSHEET_SUFFIXES
            or (f.suffix.lower() in OTHER_REPORT_SUFFIXES and (f.parent, f.stem.casefold()) not in stems)]
