"""The scoring table (自评评分表) and the targets table (绩效目标完成情况).

一级/二级 cells are usually merged down over their rows; some departments instead write
the group name once and leave the cells below blank, so both are carried down.  Group
points may be written into the label (``履职效能（46分）``) and/or on 小计 rows.
"""
from __future__ import annotations

from auditor.findings import Location
from auditor.values import Value
from auditor.forms.department.model import Indicator, Scoring, Target, Workbook
from auditor.numbers import parse_number
from auditor import labels as L
from auditor.forms.department import vocabulary as V
from auditor.reader.cells import CellReader
from auditor.codes.structure import MissingColumn, MissingScoreCell, MissingTable


def _header(cr: CellReader, must: tuple[str, ...], spec) -> tuple[int, dict[str, int]] | None:
    for row in cr.grid.rows()[:200]:
        headers = {c: cr.text(row, c) for c in cr.grid.row_cols(row)}
        normed = [L.norm(t) for t in headers.values()]
        if all(any(m in t for t in normed) for m in must):
            return row, L.match_columns(headers, spec)
    return None


def _carried(text: str | None, last: str) -> tuple[str, str | None]:
    """(text, points-in-label) of a group cell, carried down from above when blank (or
    when the table has no such column: ``text`` None)."""
    if not text:
        return last, None
    return L.points_in_label(text)


def read_scoring(cr: CellReader, wb: Workbook) -> Scoring | None:
    found = _header(cr, ("分值", "得分"), V.SCORING_PATTERNS)
    sheet = cr.grid.name
    if found is None:
        wb.problems.append(MissingTable.at(Location(wb.path, sheet), table="自评评分表"))
        return None
    header_row, cols = found
    for key, title in (("points", "分值"), ("score", "自评得分"), ("name", "三级指标")):
        if key not in cols:
            wb.problems.append(MissingColumn.at(Location(wb.path, sheet), table="自评评分表", column=title))
    if "points" not in cols or "score" not in cols:
        return None
    sc = Scoring(sheet)
    label_cols = [cols[k] for k in ("level1", "level2", "name") if k in cols]
    l1_name = l2_name = ""
    l1 = l2 = None
    last_row = max(r for r, _ in cr.grid.cells)
    grade_labels = _grade_labels(cr)
    for row in range(header_row + 1, last_row + 1):
        texts = {c: cr.text(row, c) for c in label_cols}
        normed = {c: L.norm(t) for c, t in texts.items()}
        if any(n.startswith("合计") or n == "总分" for n in normed.values()):
            sc.total_points = cr.value(row, cols["points"], "合计 分值")
            sc.total_score = cr.value(row, cols["score"], "合计 自评得分")
            continue
        grade_col = grade_labels.get(row)
        if grade_col is not None:
            sc.grade = cr.right_of(row, grade_col, "自评等级")
            continue
        subtotal = next((c for c, n in normed.items() if "小计" in n), None)
        if subtotal is not None:
            group = _subtotal_group(normed[subtotal], subtotal, cols, l1, l2)
            if group is not None:
                group.subtotal_points = cr.value(row, cols["points"], f"{group.name} 小计 分值")
                group.subtotal_score = cr.value(row, cols["score"], f"{group.name} 小计 自评得分")
            continue
        name_l1, pts1 = _carried(texts.get(cols.get("level1")), l1_name)
        name_l2, pts2 = _carried(texts.get(cols.get("level2")), l2_name)
        if name_l1 != l1_name or l1 is None:
            if not name_l1:
                continue
            l1 = Indicator(1, name_l1, cr.value(row, cols["level1"], name_l1, number=False) if "level1" in cols else None)
            sc.roots.append(l1)
            l1_name, l2_name, l2 = name_l1, "", None
        if pts1 and l1.declared_points is None:
            l1.declared_points = _label_points(cr, row, cols["level1"], pts1)
        if name_l2 != l2_name or l2 is None:
            if name_l2:
                l2 = Indicator(2, name_l2, cr.value(row, cols["level2"], name_l2, number=False), parent=l1)
                l1.children.append(l2)
                l2_name = name_l2
        if pts2 and l2 is not None and l2.declared_points is None:
            l2.declared_points = _label_points(cr, row, cols["level2"], pts2)
        name = texts.get(cols.get("name")) if "name" in cols else ""
        points = cr.value(row, cols["points"], "分值")
        score = cr.value(row, cols["score"], "自评得分")
        if not name:
            continue  # a group row with nothing of its own to score
        leaf = Indicator(3, L.points_in_label(name)[0], cr.value(row, cols["name"], name, number=False),
                         points=points, score=score, parent=l2 or l1)
        if "criteria" in cols:
            leaf.criteria = cr.value(row, cols["criteria"], "评分标准", number=False)
        if "reason" in cols:
            leaf.reason = cr.value(row, cols["reason"], "得分说明", number=False)
        (l2 or l1).children.append(leaf)
        for v, what in ((points, "分值"), (score, "自评得分")):
            if v.is_blank:
                wb.problems.append(MissingScoreCell.at(v, indicator=leaf.name, what=what))
    return sc


def _grade_labels(cr: CellReader) -> dict[int, int]:
    """Row -> the first column whose cell says 自评等级, found in one pass over the sheet."""
    out: dict[int, int] = {}
    for (row, col), cell in cr.grid.cells.items():
        value = cell.value
        if isinstance(value, str) and "自评等级" in L.norm(value):
            out[row] = min(col, out.get(row, col))
    return out


def _subtotal_group(text: str, col: int, cols: dict, l1, l2):
    """The group a 小计 row totals: the one it names, else by the column it stands in.

    A bare 小计 in the 三级 column closes a 二级 group; in the 二级 (or 一级) column it
    closes the 一级 group above it.
    """
    name = L.points_in_label(text.replace("小计", ""))[0].strip(":()")
    for group in (l2, l1):
        if group is not None and name and (name in group.name or group.name in name):
            return group
    if col == cols.get("name") and l2 is not None:
        return l2
    return l1


def _label_points(cr: CellReader, row: int, col: int, pts: str) -> Value:
    anchor = cr.anchors.get((row, col), (row, col))
    v = cr.value(*anchor, "分值", number=False)
    parsed = parse_number(pts)
    v.kind, v.number, v.decimals = parsed.kind, parsed.number, parsed.decimals
    return v


def _text_at(cr: CellReader, row: int, col: int | None) -> str | None:
    return None if col is None else cr.text(row, col)


def read_targets(cr: CellReader, wb: Workbook) -> list[Target]:
    found = _header(cr, ("三级指标", "指标值"), V.TARGET_PATTERNS)
    sheet = cr.grid.name
    if found is None:
        wb.problems.append(MissingTable.at(Location(wb.path, sheet), table="绩效目标完成情况"))
        return []
    header_row, cols = found
    for key, title in (("achieved", "实际完成值"), ("status", "完成情况")):
        if key not in cols:
            wb.problems.append(MissingColumn.at(Location(wb.path, sheet), table="绩效目标完成情况", column=title))
    out: list[Target] = []
    l1 = l2 = ""
    last_row = max(r for r, _ in cr.grid.cells)
    for row in range(header_row + 1, last_row + 1):
        l1 = _carried(_text_at(cr, row, cols.get("level1")), l1)[0]
        l2 = _carried(_text_at(cr, row, cols.get("level2")), l2)[0]
        name = cr.text(row, cols["name"]) if "name" in cols else ""
        if not name:
            continue

        def text_value(key: str, what: str) -> Value:
            if key not in cols:
                return Value(sheet, "", file=wb.path)
            return cr.value(row, cols[key], what, number=False)

        out.append(Target(l1, l2, name, cr.value(row, cols["name"], name, number=False),
                          text_value("target", "指标值"), text_value("achieved", "实际完成值"),
                          text_value("status", "完成情况"), text_value("deviation", "偏差原因分析")))
    return out
