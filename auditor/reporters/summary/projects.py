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


def write(book: Book) -> None:
    if not book.once("projects", lambda: any(a.projects for a in book.files)):
        return
    w = section("summary.projects", book.lang)
    s = book.sheet("projects", w["sheet"])
    s.header([w[c] for c in _COLS])
    ix = {c: i for i, c in enumerate(_COLS)}
    row = 0
    for a in book.files:
        for p in a.projects:
            row += 1
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
            s.url(row, ix["copy"], book.link(a, p["sheet"]), w["open"])
    s.fit()
    s.ws.freeze_panes(1, 2)
    s.print_setup()
    if row:
        s.ws.autofilter(0, 0, row, len(_COLS) - 1)
