"""What the reviewer's outputs say about each file: its verdict, its main problems, and,
against an earlier run (``--baseline``), what it fixed.

The summary and the notices read one ``Review`` per file, made here from the JSON
report's file (``json_report.file_dict``) by the library's ``auditor.verdict`` and
``auditor.baseline``, so they say what the bureau's web dashboard says about the same file.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from auditor import baseline, verdict
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


def reviews(run: RunReport, lang: str = "zh") -> dict[str, Review]:
    """Every file's review, by path, against ``run.previous`` when there is one."""
    compared = run.previous is not None
    earlier = pair_previous(run.files, run.previous or [])
    return {f.path: review(f, lang, earlier.get(f.path), compared) for f in run.files}


def pair_previous(files: list[FileReport], previous: list[dict]) -> dict[str, dict]:
    """Which earlier file each file is a new version of: the one at the same path, else the
    one of the same department and year (a resubmission is often renamed), else, when one
    file of each is left, that one (``check new.xlsx --baseline old/report.json``)."""
    out: dict[str, dict] = {}
    left = list(previous)

    def take(f: FileReport, match) -> None:
        hits = [p for p in left if match(p)]
        if len(hits) == 1:
            out[f.path] = hits[0]
            left.remove(hits[0])

    for f in files:
        take(f, lambda p: p.get("path") == f.path)
    for f in files:
        if f.path not in out and f.department:
            take(f, lambda p: p.get("department") == f.department and p.get("year") == f.year)
    unpaired = [f for f in files if f.path not in out]
    if len(unpaired) == 1 and len(left) == 1:
        out[unpaired[0].path] = left[0]
    return out
