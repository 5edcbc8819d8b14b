"""The 问题清单 sheet: every finding, in the 汇总's order of files, each with a link that
opens its cell in the annotated copy; with a baseline, each marked 新增 or 仍存在, and the
earlier run's findings that are gone listed after a file's own as 已整改."""
from __future__ import annotations

from auditor.baseline import compare as baseline
from auditor.codes import render
from auditor.findings import by_paragraph
from auditor.words import code_title as title
from auditor.reporters.summary.book import FINDINGS_SHEET, SEVERITY_WORDS, Book
from auditor.reporters.summary.overview import mark_word

COLUMNS = ("department", "file", "severity", "rule", "rule_name", "where", "message", "expected", "actual")


def where(book: Book, loc) -> str:
    """sheet!cell, the sheet alone, or the report's line."""
    if loc.get("sheet") and loc.get("cell"):
        return f"{loc['sheet']}!{loc['cell']}"
    if loc.get("sheet"):
        return str(loc["sheet"])
    if loc.get("line") is not None:
        return book.w["report_paragraph" if by_paragraph(loc.get("file")) else "report_line"].format(loc["line"])
    return ""


def target(book: Book, a, loc) -> str | None:
    """Where a finding's link opens the copy: its cell, or its sheet; a finding about no
    sheet of the workbook (the report, a missing sheet) opens the copy's 审核意见 sheet."""
    sheet = loc.get("sheet")
    if sheet and loc.get("line") is None:  # a line is the narrative report's
        real = sheet if sheet in a.sheets else next((s for s in a.sheets if s.casefold() == sheet.casefold()), None)
        if real is not None:
            return book.link(a, real, loc.get("cell") or "A1")
    return book.link(a, FINDINGS_SHEET, "A1")


class Findings:
    def __init__(self, book: Book):
        self.book, self.s = book, book.sheet("findings")
        self.cols = list(COLUMNS) + (["mark"] if book.compared else [])
        self.s.header([book.w[c] for c in self.cols])
        self.words = SEVERITY_WORDS.get(book.lang, SEVERITY_WORDS["zh"])
        self.row = 0

    def add(self, a, r) -> None:
        book, s, words = self.book, self.s, self.words
        marks = r.marks or [None] * len(a.findings)
        rows = [(f.code, f.severity.value, f.location.as_dict(), render(f, book.lang), f.expected, f.actual, m, True)
                for f, m in zip(a.findings, marks)]
        rows += [(f.get("code", ""), f.get("severity", ""), f.get("location") or {}, f.get("message", ""),
                  f.get("expected"), f.get("actual"), baseline.FIXED, False) for f in r.fixed]
        for code, severity, loc, message, expected, actual, mark, current in rows:
            self.row = row = self.row + 1
            s.text(row, 0, a.department)
            s.text(row, 1, a.path)
            s.text(row, 2, words.get(severity, severity))
            s.text(row, 3, code)
            s.text(row, 4, title(code, book.lang))
            # a fixed finding's cell is the earlier version's: nothing to open in this copy
            s.url(row, 5, target(book, a, loc) if current else None, where(book, loc))
            s.text(row, 6, message, book.fmt["wrap"])
            s.value(row, 7, expected)
            s.value(row, 8, actual)
            if mark:
                s.text(row, 9, mark_word(book, mark))

    def end(self) -> None:
        book, s, row, fmt = self.book, self.s, self.row, self.book.fmt
        s.fit({0: 20, 1: 26, 6: 70, 7: 14, 8: 14})
        s.ws.freeze_panes(1, 1)
        s.print_setup()
        if row:
            s.ws.autofilter(0, 0, row, len(self.cols) - 1)
            for word, colour in ((self.words["error"], "red"), (self.words["warning"], "amber")):
                s.ws.conditional_format(1, 2, row, 2, {"type": "cell", "criteria": "==", "value": f'"{word}"',
                                                       "format": fmt[colour]})
            if book.compared:
                for mark, colour in ((baseline.FIXED, "green"), (baseline.ADDED, "amber")):
                    s.ws.conditional_format(1, 9, row, 9, {"type": "cell", "criteria": "==",
                                                           "value": f'"{mark_word(book, mark)}"', "format": fmt[colour]})
