"""Which files in a folder are workbooks to check, which look like submissions that cannot be,
and which entries were not read at all, with why.

A folder a batch is given is walked without ever leaving it: a link whose target lies
outside is not followed (an outside workbook would be read, copied into annotated/ and
its path written into the report); a link inside it is read once, as the file it leads
to; a loop of links, a link to nothing, a FIFO (opening one blocks), a device or socket,
and a folder that cannot be listed are each skipped and named (``Skipped``), so that no
department's file disappears from the summary unnoticed.
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from auditor.guards import inside, is_lock_file

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
# What a department sends instead of an .xlsx: WPS's own format and its template, ODF,
# Excel's binary format, a CSV export, Apple Numbers.  None can be audited; each is listed
# so that no department is left out unnoticed.
OTHER_SPREADSHEET_SUFFIXES = {".et", ".ett", ".ods", ".xlsb", ".csv", ".numbers"}
# A report in a format the narrative reader cannot read: listed when no workbook of the
# same stem stands beside it (with one, that workbook's check reports it, N002).
OTHER_REPORT_SUFFIXES = {".doc", ".wps"}
# A report the narrative reader reads: with no workbook of its stem beside it, a file of
# its own, checked as a report (with one, it is that workbook's report).  Alone, it must
# say in its name that it is one (仁化县委组织部2023年度自评报告.docx): a folder's notes,
# instructions and scans are .txt, .docx and .pdf too, and are no department's submission.
READABLE_REPORT_SUFFIXES = {".docx", ".txt", ".pdf"}
REPORT_NAME_WORDS = ("自评", "报告", "绩效")

# Why an entry was skipped (``Skipped.why``), said in both languages by ``auditor.codes.unreadable``.
LINK_OUTSIDE, LINK_LOOP, LINK_BROKEN, DUPLICATE, SPECIAL, UNLISTABLE = (
    "link-outside", "link-loop", "link-broken", "duplicate", "special", "unlistable")


@dataclass(frozen=True)
class Skipped:
    """An entry of the folder that was not read: its path (as found), why, and what it is."""

    path: Path
    why: str
    detail: str = ""


@dataclass
class Discovery:
    files: list[tuple[Path, bool]] = field(default_factory=list)   # (file, found in a folder)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def workbooks(self) -> list[Path]:
        """What is checked: the workbooks, each file given by name, and each report (named
        as one) with no workbook of its stem beside it."""
        alone = set(self._documents_alone())
        return [f for f, in_folder in self.files if not in_folder or f.suffix.lower() in WORKBOOK_SUFFIXES
                or (f in alone and _named_report(f))]

    @property
    def passed_over(self) -> list[Path]:
        """Reports the narrative reader could read, alone in the folder, whose names do not say
        they are reports: not checked (most are a folder's notes), but named to the user, so
        that a department's report sent as 农业局2023.docx is not left out unnoticed."""
        return [f for f in self._documents_alone() if not _named_report(f)]

    def _documents_alone(self) -> list[Path]:
        """The folder's documents the narrative reader reads with no workbook of their stem."""
        stems = self._workbook_stems()
        return [f for f, in_folder in self.files if in_folder and f.suffix.lower() in READABLE_REPORT_SUFFIXES
                and (f.parent, f.stem.casefold()) not in stems]

    @property
    def unsupported(self) -> list[Path]:
        stems = self._workbook_stems()
        return [f for f, in_folder in self.files if in_folder and (
            f.suffix.lower() in OTHER_SPREADSHEET_SUFFIXES
            or (f.suffix.lower() in OTHER_REPORT_SUFFIXES and (f.parent, f.stem.casefold()) not in stems))]

    def _workbook_stems(self) -> set[tuple[Path, str]]:
        return {(f.parent, f.stem.casefold()) for f, in_folder in self.files
                if in_folder and f.suffix.lower() in WORKBOOK_SUFFIXES}


def _named_report(f: Path) -> bool:
    return any(w in f.stem for w in REPORT_NAME_WORDS)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


class _Walk:
    def __init__(self, root: Path, exclude: Path | None, out: Discovery):
        self.root, self.out = root, out
        self.top = os.path.realpath(root)
        self.exclude = os.path.realpath(exclude) if exclude is not None else None
        self.seen: dict[str, Path] = {}           # real path of a folder or file -> as found
        self.links: list[Path] = []               # links inside the folder, followed last

    def run(self) -> None:
        start = len(self.out.files)
        self.folder(self.root)
        # Whatever a link inside leads to is read as itself, once; the link is named.
        while self.links:
            self.link(self.links.pop(0))
        self.out.files[start:] = sorted(self.out.files[start:])

    def found_as(self, real: str) -> Path:
        """A real path inside the folder, spelt from the folder as it was given."""
        return self.root / os.path.relpath(real, self.top)

    def skip(self, path: Path, why: str, detail: str = "") -> None:
        self.out.skipped.append(Skipped(path, why, detail))

    def folder(self, path: Path) -> None:
        real = os.path.realpath(path)
        if real == self.exclude or real in self.seen:
            return
        self.seen[real] = path
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            return self.skip(path, UNLISTABLE, exc.strerror or type(exc).__name__)
        for entry in entries:
            self.entry(entry)

    def entry(self, entry: os.DirEntry) -> None:
        path = Path(entry.path)
        try:
            if entry.is_symlink():
                return self.links.append(path)
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as exc:
            return self.skip(path, UNLISTABLE, exc.strerror or type(exc).__name__)
        if stat.S_ISDIR(mode):
            self.folder(path)
        elif stat.S_ISREG(mode):
            self.file(path, os.path.realpath(path))
        else:
            self.skip(path, SPECIAL, _kind(mode))

    def file(self, path: Path, real: str) -> None:
        self.seen[real] = path
        if not is_lock_file(path):
            self.out.files.append((path, True))

    def link(self, path: Path) -> None:
        try:
            mode = os.stat(path).st_mode   # follows the link, and fails on a loop
        except OSError as exc:
            return self.skip(path, LINK_LOOP if exc.errno == errno.ELOOP else LINK_BROKEN)
        real = os.path.realpath(path)
        if not inside(real, self.top) or (self.exclude and inside(real, self.exclude)):
            return self.skip(path, LINK_OUTSIDE)   # the target's path is not ours to say
        if stat.S_ISDIR(mode) and inside(path.parent, real):
            return self.skip(path, LINK_LOOP)      # a folder that holds itself
        if real in self.seen:
            return self.skip(path, DUPLICATE, str(self.seen[real]))
        if stat.S_ISDIR(mode):
            self.folder(self.found_as(real))
        elif stat.S_ISREG(mode):
            self.file(self.found_as(real), real)
        else:
            self.skip(path, SPECIAL, _kind(mode))


def discover(paths, exclude: Path | None = None) -> Discovery:
    """Walk ``paths`` (files as given, folders recursively, in a stable order) without leaving
    each folder; ``exclude`` (the output folder) is not entered."""
    found = Discovery()
    for p in map(Path, paths):
        if p.is_dir():
            _Walk(p, exclude, found).run()
        elif not is_lock_file(p):
            found.files.append((p, False))
    return found
