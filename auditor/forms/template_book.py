"""The workbook as cells in memory, and its writer.

The template writer builds every sheet here first (values, formulas with their cached
results, merges, validations), then ``emit`` hands it to xlsxwriter.  Keeping the
whole book in memory lets formulas carry the value Excel would compute, lets tests plant
a fault over any cell, and lets the sample generator ask where a figure landed.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol

# Fixed document metadata: the same input must give the same bytes.
_CREATED = dt.datetime(2024, 1, 1)

_BASE = {"font_name": "宋体", "font_size": 11, "valign": "vcenter"}
_BOX = {**_BASE, "border": 1}
_CALC = {"bg_color": "#F2F2F2"}  # formula cells are shaded, as the instructions say
STYLES: dict[str, dict] = {
    "title": {**_BASE, "bold": True, "font_size": 16, "align": "center"},
    "subtitle": {**_BASE, "align": "center"},
    "table_title": {**_BASE, "bold": True, "font_size": 12},
    "header": {**_BOX, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#DDEBF7"},
    "label": {**_BOX, "text_wrap": True},
    "label_total": {**_BOX, "bold": True},
    "group": {**_BOX, "bold": True, "align": "center", "text_wrap": True},
    "text": {**_BOX, "text_wrap": True},
    "center": {**_BOX, "align": "center", "text_wrap": True},
    "num": {**_BOX, "num_format": "0.00"},
    "num_calc": {**_BOX, "num_format": "0.00", **_CALC},
    "points": {**_BOX, "align": "center"},
    "points_calc": {**_BOX, "align": "center", "bold": True, **_CALC},
    "pct": {**_BOX, "num_format": "0.00%"},
    "pct_calc": {**_BOX, "num_format": "0.00%", **_CALC},
    "cover_label": {**_BOX, "bold": True, "bg_color": "#DDEBF7"},
    "cover_value": {**_BOX, "align": "left"},
    "cover_year": {**_BOX, "align": "left", "num_format": "0"},
    "cover_date": {**_BOX, "align": "left", "num_format": "yyyy-mm-dd"},
    "note_title": {**_BASE, "bold": True},
    "note": {**_BASE, "font_size": 10, "text_wrap": True, "valign": "top"},
}


@dataclass
class Cell:
    value: Any = None           # what was typed, or a formula's cached value
    formula: str | None = None
    style: str = "text"


@dataclass
class Sheet:
    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    validations: list[tuple[str, dict]] = field(default_factory=list)
    freeze: tuple[int, int] | None = None

    def put(self, row: int, col: int, value: Any = None, style: str = "text") -> None:
        self.cells[(row, col)] = Cell(value, None, style)

    def formula(self, row: int, col: int, text: str, cached: Any, style: str) -> None:
        self.cells[(row, col)] = Cell(cached, text, style)

    def merge(self, r1: int, c1: int, r2: int, c2: int, value: Any, style: str) -> None:
        if (r1, c1) != (r2, c2):
            self.merges.append((r1, c1, r2, c2))
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    self.put(r, c, None, style)
        self.put(r1, c1, value, style)

    def value(self, row: int, col: int) -> Any:
        cell = self.cells.get((row, col))
        return cell.value if cell else None


@dataclass
class TemplateBook:
    """A workbook the template writer builds in memory, cell by cell, before writing it."""
    sheets: list[Sheet]
    # Where named figures landed, e.g. ("scoring", "资产盘点情况", "score") -> "自评评分表!F30".
    anchors: dict[tuple, str] = field(default_factory=dict)
    title: str = "部门整体支出绩效自评表"  # the document property the writer sets

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)

    def cell(self, ref: str) -> Cell | None:
        sheet, addr = ref.split("!")
        return self.sheet(sheet).cells.get(xl_cell_to_rowcol(addr))

    def set(self, ref: str, raw: Any) -> None:
        """Type ``raw`` over a cell, as a department would, keeping the cell's style."""
        sheet, addr = ref.split("!")
        sh = self.sheet(sheet)
        row, col = xl_cell_to_rowcol(addr)
        old = sh.cells.get((row, col))
        sh.put(row, col, raw, old.style if old else "text")


def emit(book: TemplateBook, target) -> None:
    buffer = io.BytesIO()
    _emit(book, buffer)
    data = _empty_results_as_strings(buffer.getvalue())
    if hasattr(target, "write"):
        target.write(data)
    else:
        Path(target).write_bytes(data)


_EMPTY_RESULT_RE = re.compile(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?)(><f>[^<]*</f><v></v></c>)')


def _empty_results_as_strings(xlsx: bytes) -> bytes:
    """Mark formulas whose cached result is "" as string results (t="str").

    xlsxwriter leaves such a formula as <v></v> with no type, which is how writers that
    do not calculate leave a formula, and readers rightly take it for "never calculated".
    The form's guarded formulas (IF(x=0,"",…)) have a result: the empty string.
    """
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = _EMPTY_RESULT_RE.sub(rb'\1 t="str"\2', data)
            dst.writestr(info, data)
    return out.getvalue()


def _emit(book: TemplateBook, target) -> None:
    wb = xlsxwriter.Workbook(target, {"in_memory": True})
    wb.set_properties({"title": book.title, "author": "auditor", "created": _CREATED})
    fmt = {k: wb.add_format(v) for k, v in STYLES.items()}
    for sh in book.sheets:
        ws = wb.add_worksheet(sh.name)
        for col, width in sh.widths.items():
            ws.set_column(col, col, width)
        for row, height in sorted(sh.heights.items()):
            ws.set_row(row, height)
        if sh.freeze:
            ws.freeze_panes(*sh.freeze)
        for r1, c1, r2, c2 in sh.merges:
            ws.merge_range(r1, c1, r2, c2, None, fmt[sh.cells[(r1, c1)].style])
        for (r, c), cell in sorted(sh.cells.items()):
            _write_cell(ws, r, c, cell, fmt[cell.style], fmt["cover_date"])
        for rng, options in sh.validations:
            ws.data_validation(rng, options)
        ws.set_paper(9)       # A4
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
    wb.close()


def _write_cell(ws, r: int, c: int, cell: Cell, f, date_fmt) -> None:
    v = cell.value
    if cell.formula is not None:
        cached = float(v) if isinstance(v, Decimal) else v
        ws.write_formula(r, c, cell.formula, f, cached)
    elif v is None or v == "":
        ws.write_blank(r, c, None, f)
    elif isinstance(v, str):
        ws.write_string(r, c, v, f)
    elif isinstance(v, (dt.date, dt.datetime)):
        ws.write_datetime(r, c, v if isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day),
                          date_fmt)
    elif isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
        ws.write_number(r, c, float(v), f)
    else:
        ws.write_string(r, c, str(v), f)
