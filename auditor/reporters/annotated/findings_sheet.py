"""The 审核意见 sheet: header block, legend, notes, then one row per finding.

Written as raw worksheet XML with inline strings only, so no text a department typed
(a department name such as ``=HYPERLINK(...)``) can become a formula or a link.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Sequence

from auditor.findings import Finding, Severity, by_paragraph
from auditor.ooxml.edit import NS_MAIN, xml_attr, xml_text
from auditor.ooxml.sheet import ref_of
from auditor.ooxml.styles import StylesXml
from auditor.codes import action, render
from auditor import forms
from auditor.words import heading, section

SHEET_NAME = "审核意见"

FILL = {Severity.ERROR: "FFFF7C80", Severity.WARNING: "FFFFC000", Severity.INFO: "FF9BC2E6"}
PALE = {Severity.ERROR: "FFFDE4E4", Severity.WARNING: "FFFFF2CC", Severity.INFO: "FFDDEBF7"}

def t(key, lang: str):
    return section("findings_sheet", lang)[getattr(key, "value", key)]


def report_place(loc, lang: str) -> str:
    """The 单元格 column of a finding in the report: its line, a .docx's paragraph."""
    if loc.line is None:
        return ""
    return t("paragraph" if by_paragraph(loc.file) else "line", lang).format(loc.line)


@dataclass
class Header:
    """What the findings sheet's header block shows about the department."""
    department: str
    year: int | None
    score_stated: str | None
    score_recomputed: str | None
    grade_stated: str | None
    grade_recomputed: str | None
    form: str | None = None  # the form's id: its title heads the sheet


@dataclass
class Placed:
    """A finding as the findings sheet lists it: where it points inside this workbook
    (sheet name and cell, after merge redirection) or elsewhere (file, line).
    ``link`` is False when the sheet it names is not in the workbook."""
    finding: Finding
    sheet: str | None
    cell: str | None
    in_workbook: bool
    link: bool = True


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def display_width(text: str) -> int:
    """How many columns ``text`` takes: a wide (CJK) character two."""
    if text.isascii():
        return len(text)
    return _short_width(text) if len(text) <= 64 else _width(text)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# Names, indicators and verdicts recur row after row of a summary; only short texts are
# kept, so the cache stays small whatever the run.
_short_width = functools.lru_cache(maxsize=4096)(_width)


class _Grid:
    def __init__(self):
        self.cells: dict[int, dict[int, str]] = {}
        self.heights: dict[int, float] = {}

    def put(self, row: int, col: int, value, style: int = 0) -> None:
        ref = ref_of(row, col)
        s = f' s="{style}"' if style else ""
        if value is None or value == "":
            xml = f'<c r="{ref}"{s}/>'
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            xml = f'<c r="{ref}"{s}><v>{value!r}</v></c>'
        else:
            xml = f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{xml_text(str(value))}</t></is></c>'
        self.cells.setdefault(row, {})[col] = xml

    def rows_xml(self) -> str:
        out = []
        for r in sorted(self.cells):
            ht = f' ht="{self.heights[r]:g}" customHeight="1"' if r in self.heights else ""
            out.append(f'<row r="{r}"{ht}>' + "".join(self.cells[r][c] for c in sorted(self.cells[r])) + "</row>")
        return "".join(out)


_NUMBER = re.compile(r"[-+]?\d+(?:\.(\d+))?")
LINE_PT, MAX_LINES = 15, 40


def shown_format(places: int, percent: bool = False) -> str:
    """The number format that shows a value with the decimals it was written with:
    ``0.00`` for 37.05, ``0.0%`` for 37.3%."""
    return "0" + ("." + "0" * places if places else "") + ("%" if percent else "")


def as_number(text):
    """A stated or expected value as Excel should hold it: ``37.05`` a number, ``37.3%``
    the number 0.373 (shown as a percentage, to the decimals it was written with),
    anything else (``< 3``, ``未完成``) text.  Returns (value, the percentage's number
    format, or None)."""
    s = str(text if text is not None else "").strip()
    if _NUMBER.fullmatch(s):
        return float(s), None
    m = _NUMBER.fullmatch(s[:-1].strip()) if s.endswith("%") else None
    if m:
        places = len(m.group(1) or "")
        return float(Decimal(s[:-1].strip()) / 100), shown_format(places, percent=True)
    return text, None


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide."""
    per_line = max(width - 2, 1)
    return sum(max(1, -(-display_width(line) // int(per_line))) for line in str(text).split("\n"))


def _fit_heights(g: _Grid, wrapped: dict[int, list[tuple[str, float]]]) -> None:
    # Wrapped text in merged cells never grows its row, and LibreOffice does not grow
    # rows on opening either: heights are set from the text, 14 pt a line.
    for row, texts in wrapped.items():
        lines = max(_lines(text, width) for text, width in texts)
        if lines > 1:
            g.heights[row] = LINE_PT * min(lines, MAX_LINES)


def build(placed: Sequence[Placed], header: Header, notes: Sequence[str], styles: StylesXml,
          lang: str) -> tuple[str, str]:
    """The sheet XML and the autofilter range (for the _FilterDatabase name)."""
    bold = styles.font(bold=True)
    st = {
        "title": styles.new_xf(font=styles.font(bold=True, size=14)),
        "label": styles.new_xf(font=bold, valign="top"),
        "head": styles.new_xf(font=bold, fill=styles.solid_fill("FFD9D9D9"), wrap=True, valign="center"),
        "wrap": styles.new_xf(wrap=True, valign="top"),
        "top": styles.new_xf(valign="top"),
        "link": styles.new_xf(font=styles.font(color="FF0563C1", underline=True), valign="top"),
        "differs": styles.new_xf(font=bold, fill=styles.solid_fill(FILL[Severity.WARNING])),
        "pale": styles.new_xf(fill=styles.solid_fill(PALE[Severity.WARNING])),
    }
    percent: dict[str, int] = {}   # a percentage's number format -> its cell style

    def percent_style(code: str) -> int:
        if code not in percent:
            percent[code] = styles.new_xf(valign="top", num_fmt=styles.number_format(code))
        return percent[code]
    for sev in Severity:
        st[sev] = styles.new_xf(font=bold, fill=styles.solid_fill(FILL[sev]), valign="top")

    g = _Grid()
    merges = ["A1:G1"]
    g.put(1, 1, heading(section("findings_sheet", lang), forms.title(header.form, lang)), st["title"])
    g.put(2, 1, t("department", lang), st["label"])
    g.put(2, 2, header.department, st["top"])
    merges.append("B2:G2")
    g.put(3, 1, t("year", lang), st["label"])
    g.put(3, 2, header.year if header.year is not None else "", st["top"])
    for row, key, stated, recomputed in ((4, "score", header.score_stated, header.score_recomputed),
                                         (5, "grade", header.grade_stated, header.grade_recomputed)):
        g.put(row, 1, t(key, lang), st["label"])
        g.put(row, 2, t("stated", lang))
        g.put(row, 3, as_number(stated)[0] if stated is not None else "", st["top"])
        g.put(row, 4, t("recomputed", lang))
        differs = stated is not None and recomputed is not None and str(stated) != str(recomputed)
        g.put(row, 5, as_number(recomputed)[0] if recomputed is not None else "",
              st["differs"] if differs else st["top"])
    counts = {sev: sum(1 for p in placed if p.finding.severity is sev) for sev in Severity}
    g.put(6, 1, t("counts", lang), st["label"])
    for i, sev in enumerate(Severity):
        g.put(6, 2 + 2 * i, t(sev, lang), st[sev])
        g.put(6, 3 + 2 * i, counts[sev])
    g.put(7, 1, t("legend", lang), st["label"])
    for i, sev in enumerate(Severity):
        g.put(7, 2 + i, t(sev, lang), st[sev])
    g.put(7, 5, t("related", lang), st["pale"])
    row = 8
    note_rows: dict[int, str] = {}
    for note in notes:
        note_rows[row] = note
        g.put(row, 1, t("note", lang), st["label"])
        g.put(row, 2, note, st["wrap"])
        merges.append(f"B{row}:G{row}")
        row += 1
    head_row = row + 1
    columns = t("columns", lang)
    for c, title in enumerate(columns, 1):
        g.put(head_row, c, title, st["head"])
    widths = [display_width(c) + 2 for c in columns]
    links = []
    table_rows: dict[int, list] = {}
    r = head_row
    for p in placed:
        r += 1
        f = p.finding
        if p.in_workbook:
            where = p.sheet or ""
            cell = p.cell or ""
        else:
            where = Path(f.location.file).name if f.location.file else ""
            cell = report_place(f.location, lang)
        values = [t(f.severity, lang), f.code, where, cell, render(f, lang), f.expected or "", f.actual or ""]
        styles_row = [st[f.severity], st["top"], st["top"], st["top"], st["wrap"], st["wrap"], st["wrap"]]
        for c in (5, 6):   # numbers as numbers: no "stored as text" triangles
            values[c], shown = as_number(values[c])
            if shown:
                styles_row[c] = percent_style(shown)
        if p.in_workbook and p.sheet and p.link:
            styles_row[3] = st["link"]
            links.append((ref_of(r, 4), f"{quote_sheet(p.sheet)}!{p.cell or 'A1'}", cell or p.sheet))
        table_rows[r] = values
        for c, (value, style) in enumerate(zip(values, styles_row), 1):
            g.put(r, c, value, style)
            widths[c - 1] = max(widths[c - 1], display_width(str(value)) + 2)
    if not placed:
        r += 1
        g.put(r, 1, t("none", lang))
    caps = [10, 10, 24, 12, 70, 30, 30]
    widths = [min(w, cap) for w, cap in zip(widths, caps)]
    widths[0] = max(widths[0], display_width(t("counts", lang)) + 4)
    wrapped = {row: [(text, sum(widths[1:]))] for row, text in note_rows.items()}
    for row, values in table_rows.items():
        wrapped[row] = [(values[c], widths[c]) for c in (4, 5, 6)]
    _fit_heights(g, wrapped)
    filter_ref = f"A{head_row}:G{r}"
    return _sheet_xml(g, widths, merges, links, head_row, filter_ref), filter_ref


def _sheet_xml(g: _Grid, widths, merges, links, head_row: int, filter_ref: str) -> str:
    top = f"A{head_row + 1}"
    # Freezing a tall header block would leave no room for the table on a small screen.
    pane = (f'<pane ySplit="{head_row}" topLeftCell="{top}" activePane="bottomLeft" state="frozen"/>'
            f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>') if head_row <= 20 else ""
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
    hyperlinks = "".join(f'<hyperlink ref="{ref}" location={xml_attr(loc)} display={xml_attr(disp)}/>'
                         for ref, loc, disp in links)
    merge_xml = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{NS_MAIN}" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheetPr><tabColor rgb="FFC00000"/><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="A1:G{max(g.cells)}"/>'
            f'<sheetViews><sheetView tabSelected="1" workbookViewId="0">{pane}</sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            f'<cols>{cols}</cols>'
            f'<sheetData>{g.rows_xml()}</sheetData>'
            f'<autoFilter ref="{filter_ref}"/>'
            f'<mergeCells count="{len(merges)}">{merge_xml}</mergeCells>'
            + (f"<hyperlinks>{hyperlinks}</hyperlinks>" if links else "")
            + '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
            '<pageSetup orientation="landscape" paperSize="9" fitToHeight="0"/>'
            '</worksheet>')


def comment_runs(findings: Sequence[Finding], lang: str) -> list[tuple[str, bool]]:
    """The note on one cell: each finding's code and severity in bold, then its message
    and expected/actual values."""
    runs: list[tuple[str, bool]] = []
    for i, f in enumerate(sorted(findings, key=lambda f: (f.severity.rank, f.code))):
        lead = "\n\n" if i else ""
        runs.append((f"{lead}{f.code} [{t(f.severity, lang)}]\n", True))
        body = render(f, lang)
        todo = action(f, lang)
        if todo:
            body += "\n" + todo
        if f.expected is not None:
            body += "\n" + t("expected", lang) + f.expected
        if f.actual is not None:
            body += "\n" + t("actual", lang) + f.actual
        runs.append((body, False))
    return runs
