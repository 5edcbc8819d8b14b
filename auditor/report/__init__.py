"""The one report model: what checking a file found (``FileReport``) and what a run found
(``RunReport``).  ``auditor.api.check`` makes a ``FileReport``; the batch keeps it (it is
small and picklable: the located model is not in it, only what the reporters and the
cohort checks need); every reporter (``auditor.reporters``) writes from a ``RunReport``.

Nothing here knows the rules, the reporters or any form's model: what a file's report
holds of its model is the form's ``summarise`` (auditor.forms).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from auditor.findings import Finding, Location, Severity


class Status(str, Enum):
    """Whether a file could be read at all.  A ``str``: the JSON says "checked"/"unreadable"."""

    CHECKED = "checked"
    UNREADABLE = "unreadable"

    def __str__(self) -> str:
        return self.value

    __format__ = str.__format__


@dataclass
class Indicator:
    """One 三级指标 of the scoring table, as the 指标得分 sheet needs it."""

    level1: str
    level2: str
    name: str
    points: Decimal | None
    score: Decimal | None
    points_at: Location | None = None   # the 分值 cell, where P011/D005 put their findings

    @property
    def key(self) -> str:
        """The name as indicators are matched by (“三公”经费 = "三公"经费 = 三公经费)."""
        from auditor.labels import indicator_key

        return indicator_key(self.name)


# A reason shorter than this is a stock phrase (得满分, 按计划完成) that many write unprompted;
# the copied-reason check (D001) compares only longer ones, so only those are kept.
MIN_REASON_CHARS = 15


def normalize_reason(text: str) -> str:
    # Copying survives re-typed spaces and line breaks; punctuation widths are kept apart.
    return re.sub(r"\s+", "", text or "")


@dataclass
class Member:
    """What the cohort checks (family D) need from one workbook."""

    path: str
    department: str = ""
    code: str = ""
    code_loc: Location | None = None
    department_loc: Location | None = None
    total: Decimal | None = None
    total_loc: Location | None = None
    # (indicator name, 得分说明 text, where it is)
    reasons: list[tuple[str, str, Location]] = field(default_factory=list)
    # the department's own (non-standard) indicators: (name, 分值, where the 分值 is)
    own_points: list[tuple[str, Decimal, Location]] = field(default_factory=list)
    # A department sends one department-wide workbook but many project tables: only the
    # former can be a duplicate submission (D002, D004).
    one_per_department: bool = True

    @property
    def who(self) -> str:
        return self.department or self.path


@dataclass
class FileReport:
    """Everything known about one checked (or unreadable) file."""

    path: str                          # as displayed: as given, or relative to a batch's folder
    status: Status
    findings: list[Finding] = field(default_factory=list)
    source: str | None = None          # where the bytes came from, to annotate; None for bytes
    report: str | None = None          # the narrative report checked with it
    form: str | None = None            # the form the workbook was read as ("department")
    department: str = ""
    year: int | None = None
    code: str = ""
    score_stated: Decimal | None = None
    score_recomputed: Decimal | None = None
    grade_stated: str | None = None
    grade_recomputed: str | None = None
    figures: dict[str, Decimal | None] = field(default_factory=dict)   # the form's key figures (forms.department.summary.FIGURES, in 万元)
    indicators: list[Indicator] = field(default_factory=list)
    member: Member | None = None       # for the cohort checks
    sheets: list[str] = field(default_factory=list)   # the workbook's sheet names: what a link can open
    projects: list = field(default_factory=list)   # reserved for the project form

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def checked(self) -> bool:
        return self.status == Status.CHECKED

    @property
    def annotatable(self) -> bool:
        """Checked, and of a kind that has an annotated copy: a workbook, or a report sent
        alone as a .docx (a .txt or a PDF has its findings in the summary and the notice)."""
        return self.checked and (self.form != "report" or self.path.lower().endswith(".docx"))

    @property
    def scored_year(self) -> int | None:
        """The year, for a file with a scoring table: the run's rule pack is the most common one's."""
        return self.year if self.indicators else None


@dataclass
class RunReport:
    """The files of one run, and what the run-level reporters need beside them."""

    files: list[FileReport] = field(default_factory=list)   # or any Sequence of them (auditor.report.spill)
    # the rule pack's standard indicators with their 分值 (no 得分): the 指标得分 sheet's first columns
    standard_indicators: list[Indicator] = field(default_factory=list)
    annotated: dict[str, str] = field(default_factory=dict)         # path -> annotated copy's name
    annotate_errors: dict[str, str] = field(default_factory=dict)   # path -> why there is none
    notices: dict[str, str] = field(default_factory=dict)           # path -> 审核意见书's name (--notices)
    # the files of an earlier run's report.json (--baseline), to say what each file fixed;
    # None: no baseline was given
    previous: list[dict] | None = None
    # a sheet its caller hands over whole ({"title", "head", "rows"}): the web server's roster of
    # a round's departments (auditor.reporters.summary.roster); None: no such sheet
    roster: dict | None = None
    # documents a batch found alone in its folder and left unchecked, their names not saying
    # they are reports (auditor.batch.discover: Discovery.passed_over), relative to the folder
    passed_over: list[str] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        # a batch's files may be on disk (auditor.report.spill), their counts kept beside them
        if hasattr(self.files, "severity_count"):
            return self.files.severity_count(severity)
        return sum(f.count(severity) for f in self.files)

    @property
    def unreadable(self) -> int:
        if hasattr(self.files, "unreadable"):
            return self.files.unreadable
        return sum(1 for f in self.files if not f.checked)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def infos(self) -> int:
        return self.count(Severity.INFO)


def execution_rate(spent: Decimal | None, budget: Decimal | None) -> Decimal | None:
    """An execution rate in percent, to 0.01; None when there is none, or when a Decimal cannot
    hold it (a tiny budget): a figure to show, never an exception that costs the file its digest."""
    if spent is None or not budget:
        return None
    try:
        return (spent / budget * 100).quantize(Decimal("0.01"))
    except ArithmeticError:
        return None
