"""The 审核意见书: a printable notice to one department of what the review found (.docx).

Who and which year, the scores stated and recomputed, the verdict and what to do, the
findings in a table (location, problem, 应为, 实为) in the words of the summary's findings
sheet, against a baseline what was fixed, and blanks for the reviewer's name and the date.
Built from a file of the JSON report, so the batch (``write_review``, from a ``Review``)
and the bureau's web service (``write_notice``, from its stored version and the one
before) send the same notice.  Everything from the workbook goes in as plain text runs,
with what XML 1.0 cannot hold replaced.
"""
from __future__ import annotations

import datetime
import re
from copy import deepcopy
from decimal import Decimal
from typing import BinaryIO, Mapping

from auditor import forms
from auditor.report import verdict
from auditor.baseline import compare as baseline
from auditor.words import heading, section, words
from auditor.report import FileReport
from auditor.reporters.base import Reporter, register
from auditor.reporters.review import Review, review
from auditor.report.verdict import place

FIXED_DATE = datetime.datetime(2000, 1, 1)
# what XML 1.0 cannot hold (a workbook's text may carry control characters)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BREAKS = re.compile("([\t\r\n])")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TC, _P, _R, _T, _TAB, _BR = (_W + tag for tag in ("tc", "p", "r", "t", "tab", "br"))
_PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"


@register
class NoticeReporter(Reporter):
    """One file's notice; ``previous`` is its earlier version's file of a report.json,
    ``compared`` whether there was a baseline at all."""

    name, writes, binary, per_file = "notice", "a 审核意见书 (.docx) to each department", True, True

    def __init__(self, lang: str = "zh", *, color: bool = False, previous: dict | None = None,
                 compared: bool = False, settings: Mapping | None = None):
        super().__init__(lang, color=color)
        self.previous, self.compared, self.settings = previous, compared, settings

    def write(self, report: FileReport, fh: BinaryIO) -> None:
        write_review(fh, review(report, self.lang, self.previous, self.compared), self.lang, self.settings)


def write_review(fh: BinaryIO, r: Review, lang: str = "zh", settings: Mapping | None = None) -> None:
    """The notice of one file's ``Review`` (the batch's, check's); ``settings``: the bureau's
    (``auditor.reporters.notice_settings``)."""
    _write(fh, dict(r.data, sheets=list(r.file.sheets)), r.marks, r.fixed, lang, settings=settings)


def write_notice(fh: BinaryIO, file: Mapping, *, department: str, year: int | None, version: int,
                 submitted: str, comparison: baseline.Comparison | None = None, lang: str = "zh",
                 settings: Mapping | None = None) -> None:
    """The notice of a stored version of a submission (the web service's): ``file`` a file of
    the JSON report, ``comparison`` with the version before (shown from the second on)."""
    compared = comparison is not None and version > 1
    _write(fh, dict(file, department=department, year=year),
           [m for _, m in comparison.marked] if compared else None, list(comparison.fixed) if compared else [],
           lang, version=(version, submitted), settings=settings)


def own_findings(data: Mapping, marks: list[str] | None) -> list[tuple[dict, str | None]]:
    """The findings a notice to this department may show, in the order of its form (its
    sheets as the workbook has them, row by row; the report's lines after), each with its
    mark.  The cohort's findings (family D) name other departments: they are the bureau's,
    in the summary only."""
    sheets = {name: i for i, name in enumerate(data.get("sheets") or ())}
    rows = [(f, m) for f, m in zip(data.get("findings", ()), marks or [None] * len(data.get("findings", ())))
            if not str(f.get("code", "")).startswith(COHORT)]

    def order(item):
        loc = item[0].get("location") or {}
        sheet, cell, line = loc.get("sheet"), loc.get("cell"), loc.get("line")
        if sheet:
            where = (0, sheets.get(sheet, len(sheets)), sheet if sheet not in sheets else "", *_cell_order(cell))
        elif line is not None:
            where = (1, int(line), "", 0, 0)
        else:
            where = (2, 0, "", 0, 0)
        return (*where, _RANK.get(item[0].get("severity"), 3))
    return sorted(rows, key=order)


def _cell_order(cell) -> tuple[int, int]:
    from auditor.ooxml.refs import col_number

    if not cell:
        return (0, 0)
    letters = "".join(c for c in str(cell) if c.isalpha())
    digits = "".join(c for c in str(cell) if c.isdigit())
    try:
        return int(digits or 0), col_number(letters) if letters else 0
    except ValueError:
        return int(digits or 0), 0


COHORT = "D"
_RANK = {"error": 0, "warning": 1, "info": 2}


def _write(fh: BinaryIO, data: Mapping, marks: list[str] | None, fixed: list, lang: str,
           version: tuple[int, str] | None = None, settings: Mapping | None = None) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    w = section("notice", lang)
    en = lang == "en"
    settings = dict(settings or {})
    score = data.get("score") or {}
    rows = own_findings(data, marks)
    shown = [f for f, _ in rows]
    # the verdict of what this notice shows: a cohort remark is no reason to return a file
    decision = verdict.verdict(dict(data, findings=shown))
    doc = Document()
    _page(doc, Cm, Pt)
    heading_text = heading(w, forms.title(data.get("form"), lang))
    doc.core_properties.title, doc.core_properties.author = heading_text, "auditor"
    doc.core_properties.created = doc.core_properties.modified = FIXED_DATE
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(heading_text)
    run.bold, run.font.size = True, Pt(16)
    if settings.get("bureau"):
        _centred(doc, _s(settings["bureau"]), WD_ALIGN_PARAGRAPH)
    if settings.get("number"):
        _centred(doc, _s(settings["number"]), WD_ALIGN_PARAGRAPH)
    who, path = _s(data.get("department")), _s(data.get("path"))
    doc.add_paragraph(w["greeting"].format(who=who or path))
    form = forms.title(data.get("form"), "en" if en else "zh")
    v = verdict.WORDS_EN.get(decision, decision) if en else decision
    sent = w["version"].format(version=version[0], submitted=_s(version[1])) if version else ""
    basis = w["basis"].format(basis=_s(settings["basis"])) if settings.get("basis") else ""
    doc.add_paragraph(basis + w["intro"].format(form=form, file=path, version=sent, verdict=v))

    facts = [(w["department"], who), (w["year"], _s(data.get("year"))), (w["file"], path), (w["form"], form)]
    if score.get("stated") is not None or score.get("recomputed") is not None:  # a project book scores per project
        # each grade beside the score it goes with: the stated one's, the re-added one's
        facts.append((w["score"], w["scores"].format(
            stated=_plain(score.get("stated")), grade=score.get("grade") or "—",
            recomputed=_plain(score.get("recomputed")), grade_recomputed=score.get("grade_recomputed") or "—")))
    facts.append((w["verdict"], v))
    grid = doc.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    for label, value in facts:
        cells = grid.add_row().cells
        cells[0].text, cells[1].text = label, _s(value)
        cells[0].paragraphs[0].runs[0].bold = True
    _widths(grid, (Cm(3.2), Cm(13.3)))
    if data.get("projects"):
        _heading(doc, w["projects"], Pt)
        _projects(doc, w, data["projects"], Cm)

    counts = {k: sum(1 for f in shown if f.get("severity") == sev)
              for k, sev in (("errors", "error"), ("warnings", "warning"), ("infos", "info"))}
    _heading(doc, w["findings"], Pt)
    doc.add_paragraph(w["counts"].format(**counts))
    if marks is not None:
        kept = [m for _, m in rows]
        doc.add_paragraph(w["since"].format(added=kept.count(baseline.ADDED), kept=kept.count(baseline.KEPT),
                                            fixed=len(fixed)))
    if rows:
        _table(doc, w, lang, rows, marks is not None, Cm)
    else:
        doc.add_paragraph(w["none"])
    if fixed:
        _heading(doc, w["fixed"], Pt)
        _table(doc, w, lang, [(f, baseline.FIXED) for f in fixed if not str(f.get("code", "")).startswith(COHORT)],
               False, Cm)

    _heading(doc, w["todo"], Pt)
    doc.add_paragraph(verdict.ACTIONS.get(lang, verdict.ACTIONS["zh"])[decision])
    if settings.get("deadline") and decision in (verdict.RETURN, verdict.VERIFY):
        doc.add_paragraph(w["deadline"].format(deadline=_s(settings["deadline"])))
    if settings.get("contact") or settings.get("phone"):
        doc.add_paragraph(w["contact"].format(contact=_s(settings.get("contact", "")),
                                              phone=_s(settings.get("phone", ""))).strip("，, "))
    doc.add_paragraph()
    if settings.get("bureau"):
        stamp = doc.add_paragraph(w["stamp"].format(bureau=_s(settings["bureau"])))
        stamp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign = doc.add_paragraph(w["reviewer"] + "＿" * 8)
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date = doc.add_paragraph(w["date"])
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(fh)


def _centred(doc, text: str, align) -> None:
    p = doc.add_paragraph(text)
    p.alignment = align.CENTER


def _projects(doc, w, projects, Cm) -> None:
    """A project workbook's tables, one row each: its figures and both totals."""
    rows = []
    for p in projects:
        rate = p.get("rate")
        rows.append([p.get("project"), _amount(p.get("budget")), _amount(p.get("actual")),
                     "—" if rate is None else f"{Decimal(str(rate)):.2f}%", _plain(p.get("score")),
                     _plain(p.get("score_recomputed")), p.get("grade") or "—"])
    _grid(doc, w["project_columns"], rows, [Cm(x) for x in (4.6, 2.2, 2.2, 1.8, 1.8, 1.8, 1.6)])


def _amount(x) -> str:
    return "—" if x is None else f"{Decimal(str(x)):,.2f}"


def _table(doc, w, lang, rows, marked: bool, Cm) -> None:
    heads = [w["no"], w["severity"], w["where"], w["problem"], w["expected"], w["actual"]] + \
        ([w["mark"]] if marked else [])
    kinds = w["kinds"]  # what the department is to do with it: correct, verify, note

    def values(i, f, mark):
        sev = f.get("severity", "")
        problem = f.get("message", "") + (f"\n{f['action']}" if f.get("action") else "")
        out = [str(i), kinds.get(sev, sev), place(f) or "—", problem, f.get("expected") or "",
               f.get("actual") or ""]
        if marked:
            out.append((baseline.MARKS_EN.get(mark, mark) if lang == "en" else mark) or "")
        return out
    widths = [1.0, 1.7, 2.4, 7.5, 2.0, 1.9] if not marked else [1.0, 1.7, 2.2, 6.4, 1.7, 1.6, 1.8]
    _grid(doc, heads, (values(i, f, mark) for i, (f, mark) in enumerate(rows, start=1)),
          [Cm(x) for x in widths])


def _grid(doc, heads, rows, widths) -> None:
    """A "Table Grid" table: a bold header row of ``heads``, then one row per list of values
    (each through ``_s``), every column ``widths`` wide.

    python-docx makes the header and one empty row with its widths; every other row is a deep
    copy of that row with its runs' text put in.  Going through python-docx for each row
    (``add_row``, ``cells``, ``cell.text``, ``cell.width``) cost about 1 ms a finding, more the
    longer the table (40,000 findings took minutes); a copy costs the same for every row.
    """
    t = doc.add_table(rows=1, cols=len(heads))
    t.style = "Table Grid"
    _widths(t, widths)
    for cell, text in zip(t.rows[0].cells, heads):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    # the pattern row: each cell with the grid's width and an empty run
    pattern = t.add_row()
    for cell in pattern.cells:
        cell.text = ""
    tr, tbl = pattern._tr, t._tbl
    tbl.remove(tr)
    runs = [tc.find(_P).find(_R) for tc in tr.iterfind(_TC)]
    for row in rows:
        for r, text in zip(runs, row):
            _run_text(r, _s(text))
        tbl.append(deepcopy(tr))
        for r in runs:
            del r[:]


def _run_text(r, text: str) -> None:
    """``text`` into the empty run ``r`` as python-docx's ``run.text`` puts it: a tab a
    ``<w:tab/>``, a line break (\\r or \\n) a ``<w:br/>``, the rest in ``<w:t>`` elements (lxml
    escapes them), ``xml:space="preserve"`` on those with space at either end."""
    for part in _BREAKS.split(text):
        if part == "\t":
            r.append(r.makeelement(_TAB))
        elif part in ("\r", "\n"):
            r.append(r.makeelement(_BR))
        elif part:
            t = r.makeelement(_T)
            t.text = part
            r.append(t)
            if len(part.strip()) < len(part):
                t.set(_PRESERVE, "preserve")


def _widths(table, widths) -> None:
    # the grid's columns for LibreOffice and WPS, each cell's width for Word (a row added
    # after this takes the grid's widths: python-docx's add_row copies them)
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _heading(doc, text, Pt) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(10)
    run = p.add_run(text)
    run.bold, run.font.size = True, Pt(12)


def _page(doc, Cm, Pt) -> None:
    """A4 portrait with a Chinese body font (宋体, or what the reader's machine has for it)."""
    from docx.oxml.ns import qn

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.2)
    for name in ("Normal", "Table Grid"):
        style = doc.styles[name]
        style.font.size = Pt(10.5)
        style.font.name = "Times New Roman"
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")


def _plain(x) -> str:
    if x is None:
        return "—"
    return str(int(x)) if x == int(x) else str(x)


def _s(x) -> str:
    return "" if x is None else _NOT_XML.sub("\ufffd", str(x))
