"""A workbook laid out from a description: blank (``auditor template --form ID``), or filled
with a department's figures (the samples, the rule cases).

The layout is the form's as its description prints it: the title and year; the header
fields, two to a row; the funding block with its label merged down the first column, the
single cells (分值, 得分, 得分计算方法, 原因) merged over the fund rows; the overall target
with its texts under their labels; the indicator grid with 一级 (and its 权重) and 二级 merged
over their rows; the total row; the grade and the text fields.  ``anchors`` says where
each figure landed (``("fund", key, role)``, ``("row", i, role)``, ``("field", key)`` …).
"""
from __future__ import annotations

from auditor.forms.described.description import Description
from auditor.forms.template_book import Sheet, TemplateBook
from xlsxwriter.utility import xl_rowcol_to_cell

_LEVELS = ("level1", "level1_points", "level2", "level2_points")
_NUMBERS = {"level2_points", "opening", "adjusted", "execution", "points", "score", "coefficient", "level1_points"}


def _style(role: str, value) -> str:
    if role == "rate":
        return "num"
    if role in _NUMBERS:
        return "points" if role in ("points", "score", "coefficient", "level1_points", "level2_points") else "num"
    return "text"


def build(desc: Description, year: int = 2023, data: dict | None = None) -> TemplateBook:
    data = data or {}
    sheet = Sheet(data.get("sheet", desc.title[:31]))
    book = TemplateBook([sheet], title=desc.name["zh"])
    grid_cols = [r for r, _ in desc.grid.columns] if desc.grid else []
    fund_cols = [r for r, _ in desc.funds.columns] if desc.funds else []
    width = max(len(grid_cols), len(fund_cols) + 1, 6)
    def anchor(key, r, c, on=None):
        book.anchors[key] = f"{(on or sheet).name}!{xl_rowcol_to_cell(r, c)}"


    sheet.merge(0, 0, 0, width - 1, desc.title, "title")
    sheet.merge(1, 0, 1, width - 1, f"（{year}年度）", "subtitle")
    row = 2
    fields = [(f.key, f.printed) for f in desc.fields]
    if desc.total and not (desc.grid and desc.grid.total):
        fields.append(("total", desc.total[0]))
    values = dict(data.get("fields", {}))
    for i in range(0, len(fields), 2):
        for j, (key, label) in enumerate(fields[i:i + 2]):
            c = j * (width // 2)
            sheet.put(row, c, label, "cover_label")
            sheet.merge(row, c + 1, row, c + width // 2 - 1, values.get(key), "cover_value")
            anchor(("field", key), row, c + 1)
        row += 1
    if desc.funds is not None:
        row = _funds(desc, sheet, row, data.get("funds", {}), anchor) + 1
    if desc.goal_labels:
        texts = data.get("goal", {})
        span = max(1, (width - 1) // max(1, len(desc.goal)))
        sheet.merge(row, 0, row + 1, 0, desc.goal_labels[0], "group")
        for i, t in enumerate(desc.goal):
            c1, c2 = 1 + i * span, (width - 1 if i == len(desc.goal) - 1 else i * span + span)
            sheet.merge(row, c1, row, c2, t.printed, "header")
            sheet.merge(row + 1, c1, row + 1, c2, texts.get(t.key), "text")
            anchor(("goal", t.key), row + 1, c1)
        row += 3
    if desc.tables:
        tables = sheet
        if desc.grid is not None and len(desc.titles) > 1:   # printed as two tables, each with its title
            sheet = Sheet(desc.titles[1][:31])
            book.sheets.append(sheet)
            sheet.merge(0, 0, 0, width - 1, desc.titles[1], "title")
            sheet.merge(1, 0, 1, width - 1, f"（{year}年度）", "subtitle")
        for table in desc.tables:
            row = _block(tables, row, table.printed, table.columns, table.rows, data.get("tables", {}).get(
                table.key, {}), lambda key, r, c: anchor((table.key,) + key[1:], r, c, tables), "table") + 1
        if sheet is not tables:
            row = 2
    if desc.grid is not None:
        row = _grid(desc, sheet, row, data, anchor) + 1
    if desc.grade:
        sheet.put(row, 0, desc.grade[0], "cover_label")
        sheet.merge(row, 1, row, width - 1, data.get("grade"), "cover_value")
        anchor(("grade",), row, 1)
        row += 1
    for t in desc.texts:
        sheet.put(row, 0, t.printed, "label")
        text = data.get("texts", {}).get(t.key, t.instruction[0] if t.instruction else None)
        sheet.merge(row, 1, row, width - 1, text, "text")
        anchor(("text", t.key), row, 1)
        row += 1
    for c in range(width):
        sheet.widths[c] = 14
    return book


def _funds(desc, sheet: Sheet, row: int, funds: dict, anchor) -> int:
    spec = desc.funds
    return _block(sheet, row, spec.labels[0] if spec.labels else "", spec.columns, spec.rows, funds, anchor, "fund")


def _block(sheet: Sheet, row: int, title: str, columns, lines, values: dict, anchor, kind: str) -> int:
    """A block of labelled rows under a header row, its title merged down the first column; the
    single cells (分值, 得分, 得分计算方法, 原因) merged over the rows.  Returns the next free row."""
    roles = [r for r, _ in columns]
    cols, c = {}, 1
    if "label" not in roles and any(r.labels for r in lines):
        sheet.put(row, c, "", "header")
        c += 1
    for role, words in columns:
        cols[role] = c
        sheet.put(row, c, words[0], "header")
        c += 1
    last = row + len(lines)
    sheet.merge(row, 0, last, 0, title, "group")
    label_col = cols.get("label", 1)
    single = [r for r in ("points", "score", "method", "reason") if r in cols and kind == "fund"]
    for i, line in enumerate(lines, start=1):
        if line.labels:
            sheet.put(row + i, label_col, line.printed, "label_total" if line.role == "total" else "label")
        for role, col in cols.items():
            if role == "label" or role in single:
                continue
            sheet.put(row + i, col, values.get(line.key, {}).get(role), _style(role, None))
            anchor((kind, line.key, role), row + i, col)
    total = next((ln.key for ln in lines if ln.role == "total"), None)
    for role in single:
        value = values.get(total, {}).get(role)
        sheet.merge(row + 1, cols[role], last, cols[role], value, _style(role, value))
        anchor((kind, total, role), row + 1, cols[role])
    return last + 1


def _grid(desc, sheet: Sheet, row: int, data: dict, anchor) -> int:
    cols = {role: c for c, (role, _) in enumerate(desc.grid.columns)}
    for role, words in desc.grid.columns:
        sheet.put(row, cols[role], words[0], "header")
    rows = data.get("rows") or [{"name": ""}]
    start = row + 1
    for i, ind in enumerate(rows):
        r = start + i
        for role, c in cols.items():
            if role in _LEVELS:
                continue
            sheet.put(r, c, ind.get(role), _style(role, ind.get(role)))
            anchor(("row", i, role), r, c)
    for role in _LEVELS:
        if role not in cols:
            continue
        key = role[:6]   # level1_points is merged as its level1, level2_points as its level2
        i = 0
        while i < len(rows):
            j = i
            while j + 1 < len(rows) and rows[j + 1].get(key) == rows[i].get(key) and \
                    (key == "level1" or rows[j + 1].get("level1") == rows[i].get("level1")):
                j += 1
            sheet.merge(start + i, cols[role], start + j, cols[role], rows[i].get(role), "group")
            anchor(("level", i, role), start + i, cols[role])
            i = j + 1
    row = start + len(rows)
    if desc.grid.total:
        total = data.get("total", {})
        sheet.put(row, 0, desc.grid.total[0], "label_total")
        for role in ("points", "score"):
            if role in cols:
                sheet.put(row, cols[role], total.get(role), "points")
                anchor(("total", role), row, cols[role])
        row += 1
    return row
