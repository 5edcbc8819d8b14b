"""What the reviewer's outputs say about each file: its verdict, its main problems, and,
against an earlier run (``--baseline``), what it fixed.

The summary and the notices read one ``Review`` per file, made here from the JSON
report's file (``json_report.file_dict``) by the library's ``auditor.report.verdict`` and
``auditor.baseline.compare``, so they say what the bureau's web dashboard says about the same file.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from auditor.report import verdict
from auditor.baseline import compare as baseline
from auditor.report import FileReport, RunReport
from auditor.reporters.json_report import file_dict

MAIN_PROBLEMS = 3


@dataclass
class Review:
    file: FileReport
    data: dict                          # the JSON report's file: findings rendered, with subjects
    verdict: str                        # 退回修改 / 需核实 / 通过 / 无法审核
    problems: list[str]                 # the first few problems in words
    # with a baseline: each of ``file.findings``' mark (新增 / 仍存在), and the earlier
    # version's findings that are gone (已整改); without one, None and []
    marks: list[str] | None = None
    fixed: list[dict] = field(default_factory=list)

    @property
    def compared(self) -> bool:
        return self.marks is not None

    def count(self, mark: str) -> int:
        return len(self.fixed) if mark == baseline.FIXED else sum(1 for m in self.marks or () if m == mark)


def review(file: FileReport, lang: str = "zh", previous: dict | None = None, compared: bool = False) -> Review:
    """``file``'s review; ``compared``: against ``previous`` (None: a department that had
    no file in the earlier run, all of whose findings are new)."""
    data = file_dict(file, lang)
    out = Review(file, data, verdict.verdict(data), verdict.main_problems(data, MAIN_PROBLEMS))
    if compared:
        c = baseline.compare(previous, data)
        out.marks, out.fixed = [m for _, m in c.marked], list(c.fixed)
    return out


def reviews(run: RunReport, lang: str = "zh") -> Mapping[str, Review]:
    """Every file's review, by path, against ``run.previous`` when there is one.  For a
    batch's files on disk (``auditor.report.spill``), each made when asked for, not all at once."""
    compared = run.previous is not None
    earlier = pair_previous(run.files, run.previous or [])
    if hasattr(run.files, "by_path"):
        return _Reviews(run.files, lambda f: review(f, lang, earlier.get(f.path), compared))
    return _Made({f.path: review(f, lang, earlier.get(f.path), compared) for f in run.files})


class _Made(dict):
    """Every file's review, made at once (the files are in memory)."""

    def of(self, file: FileReport) -> Review:
        return self[file.path]


class _Reviews(Mapping):
    """Reviews of spilled files, made on demand; the last one kept, as a sheet asks for
    the review of the file it has just read."""

    def __init__(self, files, make):
        self.files, self.make, self.last = files, make, (None, None)

    def __getitem__(self, path: str) -> Review:
        if self.last[0] != path:
            self.last = (path, self.make(self.files.by_path(path)))
        return self.last[1]

    def of(self, file: FileReport) -> Review:
        """The review of ``file``, a report just read: made from it, not read again."""
        if self.last[0] != file.path:
            self.last = (file.path, self.make(file))
        return self.last[1]

    def __iter__(self):
        return (h.path for h in self.files.heads())

    def __len__(self) -> int:
        return len(self.files)


def pair_previous(files: list[FileReport], previous: Sequence[dict]) -> Mapping[str, dict]:
    """Which earlier file each file is a new version of: the one at the same path, else the
    one of the same department and year (a resubmission is often renamed), else, when one
    file of each is left, that one (``check new.xlsx --baseline old/report.json``).

    A match counts only when it is the one earlier file left that matches.  The earlier
    files are indexed by path and by department and year, so that a province's run against
    its last one stays linear; and of ``files`` (a batch's on disk) only paths are kept."""
    out = _Paired(previous)
    if not previous:
        return out
    # what pairing reads of each earlier file; an earlier run kept on disk
    # (``auditor.baseline.earlier``) gives it without reading a file
    pairings = previous.pairings() if hasattr(previous, "pairings") else [
        (p.get("path"), p.get("department"), p.get("year")) for p in previous]
    left = set(range(len(pairings)))            # the earlier files not yet paired
    by_path, by_department = defaultdict(list), defaultdict(list)
    for i, (path, department, year) in enumerate(pairings):
        by_path[path].append(i)
        by_department[(department, year)].append(i)

    def take(path: str, candidates: list[int]) -> None:
        hits = [i for i in candidates if i in left]
        if len(hits) == 1:
            left.discard(hits[0])
            out.at[path] = hits[0]

    for f in files:
        take(f.path, by_path.get(f.path, []))
    for f in files:
        if f.path not in out and f.department:
            take(f.path, by_department.get((f.department, f.year), []))
    unpaired = [f.path for f in files if f.path not in out]
    if len(unpaired) == 1 and len(left) == 1:
        out.at[unpaired[0]] = left.pop()
    return out


class _Paired(Mapping):
    """Path -> the earlier file paired with it, read from ``previous`` when asked for."""

    def __init__(self, previous):
        self.previous, self.at = previous, {}

    def __getitem__(self, path: str) -> dict:
        return self.previous[self.at[path]]

    def __contains__(self, path) -> bool:  # without reading the file
        return path in self.at

    def __iter__(self):
        return iter(self.at)

    def __len__(self) -> int:
        return len(self.at)
