"""summary.xlsx: the reviewer's dashboard of a run.

Sheets, one module each, written in this order (``SHEETS``): 汇总 (``overview``: who needs
the reviewer and why, one row per file, most errors first, with the verdict and the main
problems), 问题清单 (``findings``: every finding, linked to its cell in the annotated copy),
指标得分 (``scores``), 项目 (``projects``), 规则统计 (``rules``) and 图表 (``charts``).  A sheet
is a class over a ``Book`` (the run, its files in the 汇总's order, their reviews): made,
it adds its worksheet; ``add(file, review)`` writes what it shows of one file; ``end()``
what follows the files.  Every sheet is fed from one pass over the files, since a batch's
files are read from disk (``auditor.report.spill``); adding a sheet is a module and a line
here.  It judges nothing itself: the verdicts are ``auditor.report.verdict``'s, what a
resubmission fixed ``auditor.baseline.compare``'s, what it marks are findings.  The output depends
on nothing but its inputs: rows are sorted and the document's created date is fixed.
"""
from __future__ import annotations

import datetime
from typing import BinaryIO

import xlsxwriter

from auditor.report import RunReport
from auditor.reporters.base import Reporter, register
from auditor.reporters.review import reviews
from auditor.reporters.summary import charts, findings, overview, projects, roster, rules, scores
from auditor.reporters.summary.book import CUT, MAX_TEXT, MEASURING, Book, clip, order  # noqa: F401
from auditor.reporters.summary.overview import duplicates  # noqa: F401
from auditor.reporters.summary.scores import points_off  # noqa: F401

FIXED_DATE = datetime.datetime(2000, 1, 1)
SHEETS = (roster.Roster, overview.Overview, findings.Findings, scores.Scores, projects.Projects, rules.Rules,
          charts.Charts)


@register
class SummaryReporter(Reporter):
    name, writes, binary = "summary", "summary.xlsx: the run at a glance, one row per file", True

    def write(self, report: RunReport, fh: BinaryIO) -> None:
        write_summary(fh, report, lang=self.lang)


def write_summary(target: BinaryIO | str, report: RunReport, *, lang: str = "zh") -> None:
    """Write summary.xlsx for a run: measured first, then written a row at a time (see
    ``auditor.reporters.summary.book``), so that its size in memory does not grow with the run."""
    files, by_path = order(report.files), reviews(report, lang)
    measured = Book(MEASURING(), _formats(MEASURING()), lang, report, files, by_path, measuring=True)
    _write(measured)
    wb = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_urls": False,
                                      "strings_to_numbers": False, "constant_memory": True})
    wb.set_properties({"title": "部门整体支出绩效自评 审核汇总", "created": FIXED_DATE, "author": "auditor"})
    book = Book(wb, _formats(wb), lang, report, files, by_path, layouts=measured.layouts, known=measured.known)
    _write(book)
    wb.close()


def _write(book: Book) -> None:
    """Every sheet, from one pass over the files: constant memory keeps a row order per
    worksheet, not across them, so the sheets' rows can be written interleaved."""
    sheets = [sheet(book) for sheet in SHEETS]
    for a in book.files:
        r = book.reviews.of(a)
        for sheet in sheets:
            sheet.add(a, r)
    for sheet in sheets:
        sheet.end()


def _formats(wb) -> dict:
    f = wb.add_format
    return {
        "head": f({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}),
        "amount": f({"num_format": "#,##0.00", "valign": "top"}),
        "score": f({"num_format": "General", "valign": "top"}),
        "bold": f({"bold": True}),
        "bold_amount": f({"bold": True, "num_format": "#,##0.00", "top": 1}),
        "bold_top": f({"bold": True, "top": 1}),
        "red": f({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
        "amber": f({"bg_color": "#FFEB9C", "font_color": "#9C5700"}),
        "green": f({"bg_color": "#C6EFCE", "font_color": "#006100"}),
        "pale_green": f({"bg_color": "#E2F0D9"}),
        "grey": f({"font_color": "#808080"}),
        "link": f({"font_color": "#0563C1", "underline": 1, "valign": "top"}),
        "wrap": f({"text_wrap": True, "valign": "top"}),
        "top": f({"valign": "top"}),
    }
