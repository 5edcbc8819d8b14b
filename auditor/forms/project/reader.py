"""Read project tables (项目支出绩效自评表) into ``ProjectBook``: every sheet that holds one.

A sheet is a project table when it has a 项目名称 label and an indicator header (三级指标 …
得分); a list or 汇总 sheet in front has 项目名称 only as a column header and is passed
over.  Everything is found by label, never by address: the funding block by its header
row (… 执行数 … 执行率 …), 年度总体目标 by its label, each indicator block by its header
row, and 总分 by its label.  The indicator table is read in ``indicators``.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from auditor.codes.structure import HiddenSheet, MissingColumn, MissingTable
from auditor.findings import Location
from auditor.forms.project import labels as PL
from auditor.forms.project.indicators import own_texts, read_indicators, shown
from auditor.forms.project.model import FundLine, Project, ProjectBook
from auditor.values import Value
from auditor.numbers import NUMBER, parse_number
from auditor.reader.cells import CellReader
from auditor.reader.grid import GridBook, Grid, cell_name, parse_ref, read_book
from auditor.labels import match_columns, norm, points_in_label

_SCAN_ROWS = 80  # the head of a sheet: title, header fields, funds, goal


def read_projects(source, kind: str, row_limit: int = 100_000, book: GridBook | None = None,
                  name: str | None = None) -> ProjectBook:
    """Every visible project table of the workbook (``source``: a path or the file's bytes;
    ``book``: its grids, when already parsed; ``name``: what locations call the file)."""
    if book is None:
        book = read_book(source, kind, lambda sheet: True, row_limit)
    path = name if name is not None else (str(source) if not isinstance(source, (bytes, bytearray)) else "workbook.xlsx")
    pb = ProjectBook(path=path, sheet_names=[g.name for g in book.sheets])
    for grid in book.sheets:
        if grid.name not in book.parsed or not is_project_sheet(grid):
            continue
        if grid.state == "visible":
            pb.projects.append(read_project(grid, pb))
        else:  # a hidden project table is not checked: the reviewer should know it is there
            pb.problems.append(HiddenSheet.at(Location(pb.path, grid.name), sheet=grid.name,
                                              used=f"{len(grid.cells)} cells"))
    if not pb.projects:
        pb.problems.append(MissingTable.at(Location(pb.path), table="项目支出绩效自评表"))
    by_sheet = {p.sheet: p.title for p in pb.projects}
    pb.problems = [_named(f, by_sheet) for f in pb.problems]
    return pb


def _named(finding, by_sheet: dict[str, str]):
    """A reader's finding in a project table names its project, as the rules' findings do."""
    project = by_sheet.get(finding.location.sheet)
    if project is None:
        return finding
    return replace(finding, location=replace(finding.location, project=project))


def parts_seen(grid: Grid) -> tuple[str, ...]:
    """Which parts of a project table a sheet shows (for recognising the form): the text
    cells of its first rows that no merge from elsewhere covers (``own_texts``).

    Every workbook's every sheet is asked, so the cells are walked once in any order
    (what is seen is a set), not row by row, and the walk stops once all parts are seen."""
    head = _SCAN_ROWS + 60
    last = None  # the head's last filled row, when the sheet has more rows than the head
    if len(grid.cells) > head:
        rows = grid.rows()
        last = rows[head - 1] if len(rows) > head else None
    anchors = grid.merge_anchor()
    seen: set[str] = set()
    for at, cell in grid.cells.items():
        text = cell.value
        if not isinstance(text, str) or at in anchors or (last is not None and at[0] > last):
            continue
        text = text.strip()
        if not text:
            continue
        n = norm(text)
        if n.startswith(PL.NAME_LABELS):
            seen.add("项目名称")
        elif "三级指标" in n or n.startswith("指标名称"):
            seen.add("绩效指标")
        elif "执行率" in n:
            seen.add("项目资金")
        elif n.startswith(PL.TOTAL_WORDS[0]) or n == PL.TOTAL_WORDS[1]:  # Sichuan prints 合计
            seen.add("总分")
        else:
            continue
        if len(seen) == len(PARTS):
            break
    return tuple(p for p in PARTS if p in seen)


PARTS = ("项目名称", "项目资金", "绩效指标", "总分")


def is_project_sheet(grid: Grid) -> bool:
    """A 项目名称 label and an indicator header: a list sheet in front has only the first."""
    seen = parts_seen(grid)
    return "项目名称" in seen and "绩效指标" in seen


def read_project(grid: Grid, pb: ProjectBook) -> Project:
    unit = _unit(grid)
    cr = CellReader(grid, pb.path, pb.problems, unit=unit)
    p = Project(sheet=grid.name, file=pb.path, unit=unit)
    rows = grid.rows()
    head = {r: own_texts(grid, cr.anchors, r) for r in rows[:_SCAN_ROWS]}
    _header_fields(cr, head, p)
    fund_row = _funds(cr, head, p, pb)
    _header_total(cr, head, p, fund_row)
    _goal(cr, head, p)
    read_indicators(cr, p, pb)
    _text_fields(cr, p, rows)
    return p


def _unit(grid: Grid) -> str:
    for (row, _), cell in grid.cells.items():
        if row <= 15 and isinstance(cell.value, str):
            n = norm(cell.value)
            if ("(元)" in n or "单位:元" in n) and "万元" not in n:
                return "元"
    return "万元"


def _is_label(text: str) -> bool:
    return PL.starts_any(text, PL.NAME_LABELS + PL.DEPARTMENT_LABELS + PL.IMPLEMENTER_LABELS + PL.HEADER_LINE_LABELS)


def _field(cr: CellReader, head: dict, words: tuple[str, ...], what: str, number: bool = False) -> Value | None:
    for row, texts in head.items():
        for col, text in texts.items():
            n = norm(text)
            word = next((w for w in words if n.startswith(w)), None)
            if word is None:
                continue
            rest = n[len(word):].lstrip(":")
            if rest.startswith("及代码"):
                rest = rest[3:].lstrip(":")
            if rest and (":" in n or "：" in text):
                return cr.after_colon(row, col, text.split("：", 1)[-1].split(":", 1)[-1].strip(), what,
                                      number=number)
            v = cr.right_of(row, col, what)
            if v.text and _is_label(v.text):  # the field is empty: the next label is not its value
                c = col + 1
                while cr.anchors.get((row, c)) == (row, col):
                    c += 1
                return Value(cr.sheet, cell_name(row, c), file=cr.file)
            return cr.value(*parse_ref(v.cell), what) if number and v.text else v
    return None


def _header_fields(cr: CellReader, head: dict, p: Project) -> None:
    p.name = _field(cr, head, PL.NAME_LABELS, "项目名称")
    p.department = _field(cr, head, PL.DEPARTMENT_LABELS, "主管部门")
    p.implementer = _field(cr, head, PL.IMPLEMENTER_LABELS, "实施单位")
    for row in list(head)[:4]:
        for col, text in head[row].items():
            m = PL.YEAR_RE.search(text)
            if m and ("年度" in text or PL.has_any(text, PL.TITLE_WORDS)):
                p.year_cell, p.year = cr.value(row, col, "年度", number=False), int(m.group(1))
                return
    for row, texts in head.items():
        for col, text in texts.items():
            n = norm(text)
            if n == "年度" or n.startswith(("评价年度", "自评年度")):
                v = cr.right_of(row, col, "年度", number=False)
                m = PL.YEAR_RE.search(v.text + "年")
                if m:
                    p.year_cell, p.year = v, int(m.group(1))
                return


def _header_total(cr: CellReader, head: dict, p: Project, fund_row: int | None) -> None:
    """Hubei prints 总分 in its header line, beside 单位名称 and 填报日期, above the funding block."""
    above = {r: t for r, t in head.items() if fund_row is not None and r < fund_row}
    total = _field(cr, above, PL.TOTAL_WORDS[:1], "总分", number=True)
    if total is not None and total.cell:
        p.total_score = total
    date = _field(cr, above, PL.FILL_DATE_LABELS, "填报日期")
    if date is not None and date.cell:
        p.fill_date = date


def _fund_label_columns(cr: CellReader, header_row: int) -> set[int]:
    """The columns the funding rows' labels stand in: each row's first text, where it names a
    fund line.  (Sichuan heads that column 年度预算数（万元）: a header over labels, not an amount.)"""
    out = set()
    for row in range(header_row + 1, header_row + 9):
        texts = own_texts(cr.grid, cr.anchors, row)
        if texts:
            col = min(texts)
            if PL.match_fund_line(texts[col]) is None:
                break  # past the funding rows: an indicator named 其他… is no fund line
            out.add(col)
    return out


def _funds(cr: CellReader, head: dict, p: Project, pb: ProjectBook) -> int | None:
    """The funding block; returns its header row (None where there is none)."""
    found = None
    for row, texts in head.items():
        normed = [norm(t) for t in texts.values()]
        if any("执行率" in n for n in normed) and any("执行数" in n or "支出数" in n for n in normed):
            found = row, texts
            break
    if found is None:
        pb.problems.append(MissingTable.at(Location(pb.path, cr.sheet), table="项目资金（预算执行情况）"))
        return None
    header_row, texts = found
    label_cols = _fund_label_columns(cr, header_row)
    amounts = {c: t for c, t in texts.items() if c not in label_cols and PL.match_fund_line(t) is None}
    cols = match_columns(amounts, PL.FUND_COLUMNS)
    first = min(cols.values(), default=0)
    for key in ("budget", "actual"):
        if key not in cols:
            pb.problems.append(MissingColumn.at(Location(pb.path, cr.sheet), table="项目资金",
                                                column=PL.FUND_COLUMN_NAMES[key]))
    block = [(c, t) for c, t in texts.items() if c < first and PL.has_any(t, PL.FUND_BLOCK_WORDS)]
    if block:
        col, text = block[0]
        p.fund_header = cr.value(header_row, col, "项目资金", number=False)
        points = points_in_label(text)[1]
        if points is not None:
            p.execution_declared = _label_number(p.fund_header, points)
        # Sichuan's execution block: 预算执行情况 over 调整后预算数 and a 原因 column
        if ("预算执行" in norm(text) and "reason" in cols and "budget" in cols
                and "调整" in norm(texts[cols["budget"]])):
            p.variant = "sichuan"
    for row in range(header_row + 1, header_row + 9):
        labels = [t for c, t in own_texts(cr.grid, cr.anchors, row).items() if c < first]
        label = " ".join(labels)
        key = PL.match_fund_line(label) if label else None
        if label and key is None:
            break
        if key is None:
            if "total" in p.funds or not any(cr.raw(row, c) is not None for c in cols.values()):
                break
            key = "total"  # Hubei's single execution row has no label of its own
        if key in p.funds:
            continue
        label_col = next((c for c, t in own_texts(cr.grid, cr.anchors, row).items() if c < first), first)
        line = FundLine(key, cr.value(row, label_col, PL.FUND_LINE_NAMES[key], number=False))
        for ck, col in cols.items():
            what = f"{PL.FUND_LINE_NAMES[key]} {PL.FUND_COLUMN_NAMES[ck]}"
            line.values[ck] = cr.value(row, col, what, number=ck != "reason")
        p.funds[key] = line
    total = p.funds.get("total")
    if total is not None and "points" not in cols and p.execution_declared is not None:
        total.values["points"] = p.execution_declared
    _rates_as_percent(p)
    return header_row


def _label_number(v: Value, points: str) -> Value:
    """A Value at the label's cell whose number is the points written in the label."""
    parsed = parse_number(points)
    return Value(v.sheet, v.cell, v.raw, parsed.kind, parsed.number, parsed.decimals, file=v.file)


def _rates_as_percent(p: Project) -> None:
    """A bare 执行率 such as 0.9598 is a fraction when, times 100, it is nearer what the
    amounts give than it is itself (a rate written as 95.98 is left as it is)."""
    for line in p.funds.values():
        rate = line.get("rate")
        if rate is None or rate.kind != NUMBER or rate.percent_marked or abs(rate.number) > Decimal("1.5"):
            continue
        ratio = _ratio(line)
        if ratio is None or abs(rate.number * 100 - ratio) < abs(rate.number - ratio):
            rate.number = rate.number.scaleb(2)
            rate.decimals = max(0, (rate.decimals or 0) - 2)
            rate.percent_marked = True


def _ratio(line: FundLine) -> Decimal | None:
    actual = line.get("actual")
    for key in ("budget", "budget_initial"):
        base = line.get(key)
        if actual is not None and base is not None and actual.is_number and base.is_number and base.number:
            return actual.number / base.number * 100
    return None


def _goal(cr: CellReader, head: dict, p: Project) -> None:
    rows = list(head)
    for i, row in enumerate(rows):
        col = next((c for c, t in head[row].items() if PL.starts_any(t, PL.GOAL_WORDS)), None)
        if col is None:
            continue
        near = rows[i:i + 3]
        spans = cr.anchors.get((row + 1, col)) == (row, col)  # the goal's label covers the row below
        p.goal_expected = _below_label(cr, head, near, PL.GOAL_EXPECTED, spans)
        p.goal_actual = _below_label(cr, head, near, PL.GOAL_ACTUAL, spans)
        if p.goal_expected is None:
            p.goal_expected = shown(cr, *_right_cell(cr, row, col), "预期目标")
            if p.goal_actual is None and p.goal_expected.cell:
                r, c = _right_cell(cr, row, _col_of(p.goal_expected.cell))
                p.goal_actual = shown(cr, r, c, "实际完成情况")
        return
    for row in rows:  # Sichuan: 年度目标完成情况, what was achieved, and no 预期目标
        col = next((c for c, t in head[row].items() if PL.starts_any(t, PL.GOAL_DONE_WORDS)), None)
        if col is not None:
            p.goal_actual = shown(cr, *_right_cell(cr, row, col), "年度目标完成情况")
            return


def _below_label(cr: CellReader, head: dict, rows: list[int], words, spans: bool) -> Value | None:
    for row in rows:
        for col, text in head[row].items():
            if PL.starts_any(text, words) and not PL.has_any(text, ("值",)):
                below = row + 1
                # a label over its text (预期目标 above, the goal below), unless the row below is another block
                if spans or own_texts(cr.grid, cr.anchors, below) or cr.raw(below, col) is not None:
                    return shown(cr, below, col, text)
                return shown(cr, *_right_cell(cr, row, col), text)
    return None


def _right_cell(cr: CellReader, row: int, col: int) -> tuple[int, int]:
    v = cr.right_of(row, col, "")
    return row, _col_of(v.cell)


def _col_of(cell: str) -> int:
    return parse_ref(cell)[1]


def _text_fields(cr: CellReader, p: Project, rows: list[int]) -> None:
    """The text rows after the grid (评价结论, 存在问题, 改进措施; Hubei's 偏差大或目标未完成原因分析
    and 改进措施及结果应用方案): a row whose first text is such a label, its text beside it.
    Where the grid has no reason column, the 原因分析 row is each indicator's reason."""
    for row in rows:
        texts = own_texts(cr.grid, cr.anchors, row)
        if not texts:
            continue
        col = min(texts)
        key = PL.text_field(texts[col])
        if key is not None and key not in p.texts:
            p.texts[key] = shown(cr, *_right_cell(cr, row, col), PL.TEXT_FIELD_NAMES[key])
    deviation = p.texts.get("deviation")
    if deviation is not None:
        for ind in p.indicators:
            if not ind.reason.cell:
                ind.reason = deviation
