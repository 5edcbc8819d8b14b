"""The 项目 sheet: one row per project of every project-form file in the run (department,
project, budget, spending, rate, points, stated and recomputed score, its errors and
warnings, a link to the project's sheet in the annotated copy), so a bureau sees each
project as it sees each department.  Written only when the run has a project."""
from __future__ import annotations

from auditor.findings import Severity
from auditor.reporters.summary.book import Book
from auditor.words import section

_COLS = ["department", "project", "file", "where", "budget", "actual", "rate", "points", "score", "recomputed",
         "grade", "errors", "warnings", "copy"]


def _count(findings, project: str, severity: Severity) -> int:
    return sum(1 for f in findings if f.severity == severity and f.location.project == project)


class Projects:
    """The sheet exists only when the run has a project, which the measuring pass finds out."""

    def __init__(self, book: Book):
        self.book, self.row = book, 0
        self.on = book.measuring or book.known.get("projects", False)
        if self.on:
            self.w = section("summary.projects", book.lang)
            self.s = book.sheet("projects", self.w["sheet"])
            self.s.header([self.w[c] for c in _COLS])
            self.ix = {c: i for i, c in enumerate(_COLS)}

    def add(self, a, r) -> None:
        if not self.on:
            return
        book, s, ix = self.book, self.s, self.ix
        for p in a.projects:
            self.row = row = self.row + 1
            s.text(row, ix["department"], p["department"] or a.department)
            s.text(row, ix["project"], p["project"])
            s.text(row, ix["file"], a.path)
            s.text(row, ix["where"], p["sheet"])
            for key in ("budget", "actual", "rate"):
                s.number(row, ix[key], p[key], book.fmt["amount"])
            for key, name in (("points", "points"), ("score", "score"), ("recomputed", "score_recomputed")):
                s.number(row, ix[key], p[name], book.fmt["score"])
            s.text(row, ix["grade"], p["grade"] or "")
            s.number(row, ix["errors"], _count(a.findings, p["project"], Severity.ERROR))
            s.number(row, ix["warnings"], _count(a.findings, p["project"], Severity.WARNING))
            s.url(row, ix["copy"], book.link(a, p["sheet"]), self.w["open"])

    def end(self) -> None:
        if self.book.measuring:
            self.book.known["projects"] = self.row > 0
        if not self.on:
            return
        s = self.s
        s.fit()
        s.ws.freeze_panes(1, 2)
        s.print_setup()
        if self.row:
            s.ws.autofilter(0, 0, self.row, len(_COLS) - 1)
