"""The indicator table of a project table: 一级 / 二级 / 三级, target, achieved, 分值, 得分, reason.

One header row opens each block (Hubei has two, under 年度绩效目标1（40分） and
年度绩效目标2（40分）).  一级 and 二级 cells merged down over their rows are read through
the merge; 一级 labels may carry their points (``产出指标（50分）``).  Rows left as ``/``
are not indicators.  The table ends at 总分, where the 等级 may follow.
"""
from __future__ import annotations

from auditor.codes.structure import MissingColumn, MissingTable
from auditor.findings import Location
from auditor.forms.project import labels as PL
from auditor.forms.project.model import Group, Indicator, Project, ProjectBook
from auditor.values import Value
from auditor.numbers import BLANK, NOT_APPLICABLE, NUMBER, format_info, parse_number, parse_text
from auditor.reader.cells import CellReader
from auditor.labels import match_columns, norm, points_in_label


def own_texts(grid, anchors: dict, row: int) -> dict[int, str]:
    """The row's text cells that are not covered by a merge from elsewhere, by column."""
    out = {}
    for col in grid.row_cols(row):
        if (row, col) in anchors:
            continue
        v = grid.cells[(row, col)].value
        if isinstance(v, str) and v.strip():
            out[col] = v.strip()
    return out


def shown(cr: CellReader, row: int, col: int, what: str) -> Value:
    """A text cell as it reads on screen: 0.95 in a percent format is ``95%``; a plain
    number is also kept as a number (a split target's 指标值, a bare 实际完成值)."""
    v = cr.value(row, col, what, number=False)
    cell = cr.raw(row, col)
    if cell is not None and isinstance(cell.value, float):
        percent, decimals = format_info(cell.number_format)
        parsed = parse_number(cell.value, percent_format=percent, format_decimals=decimals)
        if parsed.kind == NUMBER:
            v.raw = f"{parsed.number}%" if percent else v.raw
            v.kind, v.number, v.decimals, v.percent_marked = NUMBER, parsed.number, parsed.decimals, percent
        return v
    parsed = parse_text(v.text)
    if parsed.kind == NOT_APPLICABLE:
        v.kind = NOT_APPLICABLE
    elif parsed.kind == NUMBER and parsed.unit is None and not parsed.percent_sign:
        v.kind, v.number, v.decimals = NUMBER, parsed.number, parsed.decimals
    return v


def _headers(cr: CellReader) -> list[tuple[int, dict[str, int]]]:
    out = []
    for row in cr.grid.rows():
        texts = own_texts(cr.grid, cr.anchors, row)
        if not any("指标" in norm(t) for t in texts.values()):
            continue
        cols = match_columns(texts, PL.INDICATOR_COLUMNS)
        if "name" in cols and "score" in cols and ("points" in cols or "target" in cols):
            out.append((row, cols))
    return out


def read_indicators(cr: CellReader, p: Project, pb: ProjectBook) -> None:
    headers = _headers(cr)
    if not headers:
        pb.problems.append(MissingTable.at(Location(pb.path, cr.sheet), table="绩效指标"))
        return
    last = cr.grid.max_row
    for i, (header, cols) in enumerate(headers):
        end = headers[i + 1][0] - 1 if i + 1 < len(headers) else last
        block = _block_label(cr, header)
        if block is not None:
            p.variant = "hubei"
            name, points = points_in_label(norm(block.text))
            group = Group(name, block, _points_value(block, points), rows_have_points="points" in cols)
            p.groups.append(group)
        else:
            group = None
        for key, title in (("points", "分值"), ("target", "年度指标值"), ("achieved", "实际完成值")):
            # Hubei as printed has no 分值 column: its block's label carries the points
            if key not in cols and not (key == "points" and group is not None and group.declared_points):
                pb.problems.append(MissingColumn.at(Location(pb.path, cr.sheet), table="绩效指标", column=title))
        if not _rows(cr, p, header, end, cols, group):
            break


def _block_label(cr: CellReader, header: int) -> Value | None:
    """年度绩效目标N: as printed, the first cell of its block's header row (merged down over the
    block); in other hands, a row of its own above the header."""
    for row in (header, header - 1, header - 2):
        for col, text in own_texts(cr.grid, cr.anchors, row).items():
            if PL.TARGET_BLOCK_RE.match(norm(text)):
                return cr.value(row, col, "年度绩效目标", number=False)
    return None


def _points_value(label: Value, points: str | None) -> Value | None:
    if points is None:
        return None
    parsed = parse_number(points)
    return Value(label.sheet, label.cell, label.raw, parsed.kind, parsed.number, parsed.decimals, file=label.file)


def _rows(cr, p: Project, header: int, end: int, cols: dict, block: Group | None) -> bool:
    """Read one block's rows; False once 总分 is passed (nothing after it is an indicator)."""
    label_cols = [cols[k] for k in ("level1", "level2", "name") if k in cols]
    first = min(label_cols + [1])
    group = block
    last_l2 = ""
    for row in range(header + 1, end + 1):
        texts = own_texts(cr.grid, cr.anchors, row)
        left = {c: t for c, t in texts.items() if c <= max(label_cols)}
        if any(PL.starts_any(t, PL.TOTAL_WORDS) for t in left.values()):
            _total(cr, p, row, cols, min(c for c, t in left.items() if PL.starts_any(t, PL.TOTAL_WORDS)))
            _grade(cr, p, row + 1, min(end, row + 4))
            return False
        if any(PL.TARGET_BLOCK_RE.match(norm(t)) for t in texts.values()):
            return True  # the next block's label: its header follows
        if texts and PL.text_field(texts[min(texts)]) is not None:
            return False  # the text rows after the grid (偏差…原因分析, 改进措施): no more indicators
        if any(PL.SUBTOTAL_WORD in norm(t) for t in left.values()):
            if group is not None:
                group.subtotal_points = cr.value(row, cols["points"], "小计 分值") if "points" in cols else None
                group.subtotal_score = cr.value(row, cols["score"], "小计 得分")
            continue
        name = cr.text(row, cols["name"])
        if not name or parse_text(name).kind == NOT_APPLICABLE:
            continue
        l1_text = cr.text(row, cols["level1"]) if "level1" in cols else ""
        l1, l1_points = points_in_label(norm(l1_text)) if l1_text else ("", None)
        l2 = points_in_label(norm(cr.text(row, cols["level2"])))[0] if "level2" in cols else ""
        # written once and left blank below (not merged): carried down, as a reader would
        l1 = l1 or (group.name if group is not None and block is None else "")
        l2 = last_l2 = l2 or last_l2
        ind = _indicator(cr, row, cols, l1, l2, name)
        if _left_blank(ind):
            continue
        if block is None and (group is None or group.name != (l1 or group.name)):
            anchor = cr.anchors.get((row, cols["level1"]), (row, cols["level1"])) if "level1" in cols else (row, first)
            label = cr.value(*anchor, "一级指标", number=False)
            group = Group(l1, label, _points_value(label, l1_points))
            p.groups.append(group)
        ind.group = group.name
        group.indicators.append(ind)
    return True


def _indicator(cr, row: int, cols: dict, l1: str, l2: str, name: str) -> Indicator:
    def text(key: str, what: str) -> Value | None:
        return shown(cr, row, cols[key], what) if key in cols else None

    def number(key: str, what: str) -> Value:
        if key not in cols:
            return Value(cr.sheet, "", file=cr.file)
        return cr.value(row, cols[key], f"{name} {what}")

    blank = Value(cr.sheet, "", file=cr.file)
    return Indicator(
        group=l1, level1=l1, level2=l2, name=points_in_label(name)[0],
        label=cr.value(row, cols["name"], name, number=False),
        target=text("target", "年度指标值") or blank, achieved=text("achieved", "实际完成值") or blank,
        points=number("points", "分值"), score=number("score", "得分"),
        reason=text("reason", "偏差原因") or blank, nature=text("nature", "指标性质"), unit=text("unit", "度量单位"))


def _left_blank(ind: Indicator) -> bool:
    """A row kept in the form but not used: its target, value and points all ``/`` or empty."""
    return all(v.kind in (BLANK, NOT_APPLICABLE) for v in (ind.target, ind.achieved, ind.points, ind.score))


def _total(cr, p: Project, row: int, cols: dict, label_col: int) -> None:
    if "points" in cols:
        p.total_points = cr.value(row, cols["points"], "总分 分值")
    p.total_score = cr.value(row, cols["score"], "总分 得分")
    if (p.total_points is None or p.total_points.is_blank) and p.total_score.is_blank:
        # the label merged across the 分值 column: the figures are the filled cells after it
        first = cr.right_of(row, label_col, "总分", number=True)
        if first.is_number:
            p.total_score = first
    _grade(cr, p, row, row)


def _grade(cr, p: Project, start: int, end: int) -> None:
    """自评等级 on the 总分 row or in the few rows after it."""
    for row in range(start, end + 1):
        for col, text in own_texts(cr.grid, cr.anchors, row).items():
            if PL.has_any(text, PL.GRADE_WORDS) and p.grade is None:
                p.grade = cr.right_of(row, col, "自评等级", number=False)
