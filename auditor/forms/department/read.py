"""Build the located model from raw grids, by label."""
from __future__ import annotations

import re
from decimal import Decimal

from auditor.findings import Location
from auditor.values import Value
from auditor.forms.department.model import Cover, Line, Table, Workbook
from auditor.numbers import NUMBER
from auditor import labels as L
from auditor.forms.department import vocabulary as V
from auditor.reader.cells import CellReader
from auditor.reader.grid import GridBook, Grid, cell_name
from auditor.forms.base import Index
from auditor.forms.department.scoring import read_scoring, read_targets
from auditor.codes.structure import (DuplicateRow, HiddenSheet, MissingColumn, MissingCoverField,
                                     MissingSheet, MissingTable, MissingTotalRow, UnknownUnit)

def part_of(name: str) -> str | None:
    """The part of the form a sheet of this name is, by the keyword in its name."""
    n = L.norm(name)
    for part, spec in V.SHEET_MATCH.items():
        if any(k in n for k in spec["keywords"]):
            return part
    return None


def assign_sheets(index: Index) -> dict[str, Grid]:
    """Which sheet holds which part: by keyword in the name, then, for the parts still
    missing, by the labels the small sheets hold (a renamed sheet)."""
    sheets = _by_name(index.book)
    if len(sheets) < len(V.SHEETS):
        sheets.update(_by_markers(index.peek(), sheets))
    return sheets


def read_workbook(path, kind: str, row_limit: int = 100_000, name: str | None = None,
                  index: Index | None = None) -> Workbook:
    """Read a workbook of the sniffed ``kind`` ('xlsx' or 'xls') into the located model.

    ``path`` may be the file's bytes; ``name`` is what its locations call the file."""
    if index is None:
        index = Index(path, kind, lambda n: part_of(n) is not None, row_limit)
    sheets = index.memo.get("department")
    if sheets is None:
        sheets = index.memo["department"] = assign_sheets(index)
    book = index.book
    wb = Workbook(path=str(name if name is not None else path), sheet_names=[g.name for g in book.sheets])
    _hidden(book, sheets, wb)
    for part, title in V.SHEETS.items():
        if part not in sheets:
            wb.problems.append(MissingSheet.at(Location(wb.path, title), sheet=title))
    if "cover" in sheets:
        _read_cover(sheets["cover"], wb)
    if "budget" in sheets:
        _read_budget(sheets["budget"], wb)
    if "sangong" in sheets:
        cr = _reader(sheets["sangong"], wb)
        wb.sangong = _read_table(cr, V.SANGONG, 1, cr.grid.max_row, wb)
    if "targets" in sheets:
        wb.targets_sheet = sheets["targets"].name
        wb.targets = read_targets(_reader(sheets["targets"], wb), wb)
    if "scoring" in sheets:
        wb.scoring = read_scoring(_reader(sheets["scoring"], wb), wb)
    return wb


def _by_name(book: GridBook) -> dict[str, Grid]:
    found: dict[str, Grid] = {}
    for grid in sorted(book.sheets, key=lambda g: g.state != "visible"):  # visible first
        part = part_of(grid.name)
        if part and part not in found and grid.name in book.parsed and grid.cells:
            found[part] = grid
    return found


def _by_markers(book: GridBook, found: dict[str, Grid]) -> dict[str, Grid]:
    used = {g.name for g in found.values()}
    out: dict[str, Grid] = {}
    for grid in sorted(book.sheets, key=lambda g: g.state != "visible"):
        if grid.name in used or grid.name not in book.parsed:
            continue
        texts = {L.norm(c.value) for c in grid.cells.values() if isinstance(c.value, str)}
        for part, spec in V.SHEET_MATCH.items():
            if part in found or part in out:
                continue
            if all(any(m in t for t in texts) for m in spec["markers"]):
                out[part] = grid
                used.add(grid.name)
                break
    return out


def _hidden(book: GridBook, sheets: dict[str, Grid], wb: Workbook) -> None:
    for grid in book.sheets:
        if grid.state == "visible":
            continue
        if grid.name in book.parsed:
            used = f"{len(grid.cells)} cells" if grid.cells else ""
        else:
            dim = book.dimensions.get(grid.name, "A1")
            used = "" if dim in ("A1", "") else dim
        if used:
            wb.problems.append(HiddenSheet.at(Location(wb.path, grid.name), sheet=grid.name, used=used))


def _reader(grid: Grid, wb: Workbook) -> CellReader:
    return CellReader(grid, wb.path, wb.problems, wb.unit)


_TITLE_YEAR = re.compile(r"(?:19|20)\d{2}年度")


def _read_cover(grid: Grid, wb: Workbook) -> None:
    cr = _reader(grid, wb)
    cover = Cover()
    for (row, col), cell in sorted(grid.cells.items()):
        if not isinstance(cell.value, str):
            continue
        n = L.norm(cell.value)
        key = V.COVER.get(n)
        if key is None and cover.title is None and _TITLE_YEAR.search(n):
            cover.title = cr.value(row, col, "年度", number=False)  # （2023年度）: the year the title says
            continue
        if key is not None and getattr(cover, key) is None:
            setattr(cover, key, cr.right_of(row, col, n, number=(key == "year")))
            continue
        label, colon, rest = cell.value.replace("：", ":").partition(":")
        key = V.COVER.get(L.norm(label))
        if colon and rest.strip() and key is not None and getattr(cover, key) is None:
            # "部门名称：中共仁化县委组织部" in one cell: the value is what follows the colon
            setattr(cover, key, cr.after_colon(row, col, rest.strip(), L.norm(label), number=(key == "year")))
    wb.cover = cover
    for key in V.REQUIRED_COVER:
        label = V.COVER_LABELS[key]
        v = getattr(cover, key)
        if v is None or not v.text:
            where = v.loc if v is not None else Location(wb.path, grid.name)
            wb.problems.append(MissingCoverField.at(where, field=label))
    if cover.unit is not None and cover.unit.text:
        unit = L.norm(cover.unit.text).replace("单位", "")
        if unit in ("万元", "元"):
            wb.unit = unit
        else:
            wb.problems.append(UnknownUnit.at(cover.unit, text=cover.unit.text))


def _read_budget(grid: Grid, wb: Workbook) -> None:
    cr = _reader(grid, wb)
    if wb.cover.unit is None or not wb.cover.unit.text:
        _unit_line(grid, wb)
        cr.unit = wb.unit
    titles: list[tuple[int, str]] = []
    rate_row = None
    for (row, col), cell in sorted(grid.cells.items()):
        if not isinstance(cell.value, str):
            continue
        n = L.norm(cell.value)
        if n.startswith("预算执行率") and rate_row is None:
            rate_row = row
            wb.execution_rate = cr.right_of(row, col, "预算执行率（%）", number=True)
            _percent_column([wb.execution_rate])
            continue
        if len(n) > 30:
            continue
        for table in V.BUDGET_TABLES:
            if all(w in n for w in table.title_words) and table.key not in [k for _, k in titles]:
                titles.append((row, table.key))
                break
    titles.sort()
    bounds = [r for r, _ in titles] + ([rate_row] if rate_row else []) + [grid.max_row + 1]
    for i, (row, key) in enumerate(titles):
        end = min(b for b in bounds if b > row) - 1
        table = V.TABLES[key]
        setattr(wb, key, _read_table(cr, table, row, end, wb))
    for table in (V.INCOME, V.ECONOMIC, V.NATURE):
        if getattr(wb, table.key) is None:
            wb.problems.append(MissingTable.at(Location(wb.path, grid.name), table=table.title))


def _unit_line(grid: Grid, wb: Workbook) -> None:
    for cell in grid.cells.values():
        if isinstance(cell.value, str) and "单位" in cell.value and "元" in cell.value:
            n = L.norm(cell.value)
            wb.unit = "万元" if "万元" in n else "元"
            return


def _read_table(cr: CellReader, spec: V.Table, start: int, end: int, wb: Workbook) -> Table | None:
    grid, key, title = cr.grid, spec.key, spec.title or spec.sheet
    header_row = None
    for row in range(start, end + 1):
        texts = [L.norm(cr.text(row, c)) for c in _cols(grid, row)]
        if any(t.startswith(V.LABEL_HEADERS) for t in texts) and any("决算" in t or "预算" in t for t in texts):
            header_row = row
            break
    if header_row is None:
        wb.problems.append(MissingTable.at(Location(wb.path, grid.name), table=title))
        return None
    headers = {c: cr.text(header_row, c) for c in _cols(grid, header_row)}
    columns = L.match_columns(headers, V.COLUMN_PATTERNS)
    label_col = columns.pop("label", min(headers))
    title_cell = cr.value(start, min(_cols(grid, start) or [1]), title, number=False)
    table = Table(key, grid.name, title_cell, {k: cell_name(header_row, c)[:-len(str(header_row))] for k, c in columns.items()})
    needed = ("budget", "actual") if key == "sangong" else ("budget_adjusted", "actual")
    for col_key in needed:
        if col_key not in columns:
            wb.problems.append(MissingColumn.at(Location(wb.path, grid.name, cell_name(header_row, label_col)),
                                                table=title, column=V.COLUMN_NAMES[col_key]))
    for row in range(header_row + 1, end + 1):
        label_text = cr.text(row, label_col)
        line_key = L.match_line(label_text, spec.patterns)
        if line_key is None:
            continue
        label = cr.value(row, label_col, label_text, number=False)
        line = Line(line_key, label)
        named = L.norm(label_text)
        for col_key, col in columns.items():
            line.values[col_key] = cr.value(row, col, f"{named} {V.COLUMN_NAMES.get(col_key, col_key)}")
        if line_key in table.lines:
            wb.problems.append(DuplicateRow.at(label, table=title, row=label_text))
            continue
        table.lines[line_key] = line
    for col_key in V.PERCENT_COLUMNS & set(columns):
        _percent_column([ln.values[col_key] for ln in table.lines.values()])
    for total in spec.totals:
        if total not in table.lines:
            wb.problems.append(MissingTotalRow.at(Location(wb.path, grid.name), table=title, row=spec.names[total]))
    return table


def _cols(grid: Grid, row: int) -> list[int]:
    return grid.row_cols(row)


def _percent_column(values: list[Value]) -> None:
    """A （%） column of bare fractions (0.9598 for 95.98%) is rescaled as a whole.

    A single figure cannot tell 0.66 (percent) from 0.66 (a fraction), but a column can:
    shares and rates written as fractions never exceed 1.5, and percents of one total do.
    """
    bare = [v for v in values if v is not None and v.kind == NUMBER and not v.percent_marked]
    if not bare or any(abs(v.number) > Decimal("1.5") for v in bare):
        return
    if all(v.number == 0 for v in bare):
        return
    for v in bare:
        v.number = v.number.scaleb(2)
        v.decimals = max(0, (v.decimals or 0) - 2)
        v.percent_marked = True
