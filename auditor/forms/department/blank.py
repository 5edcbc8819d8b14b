"""Whether a workbook is the standard form with nothing filled in.

The template carries labels, 分值 and 评分标准 of its own; what a department fills in is
the cover's 部门名称/填报人/联系电话, the amounts, the 预算执行率, the achieved targets and
the 自评得分.  When every one of those is empty, the findings a filled form would get
(every score missing, a total of 0, grade 差) all say one thing, and say it badly.
"""
from __future__ import annotations

from auditor.findings import Location
from auditor.values import Value
from auditor.forms.department.model import Workbook


def _empty(v: Value | None) -> bool:
    # The template's own formulas (totals, shares) show 0 over empty inputs: not filled in.
    return v is None or v.is_blank or bool(v.formula)


def _tables(wb: Workbook):
    return [t for t in (wb.income, wb.expense_economic, wb.expense_nature, wb.sangong) if t is not None]


def is_blank_form(wb: Workbook) -> bool:
    """The form was recognised (its scoring table and 收入 table found) and nothing is filled in."""
    if wb.scoring is None or wb.income is None:
        return False
    cover = wb.cover
    if not all(_empty(v) for v in (cover.department, cover.filler, cover.phone, cover.code)):
        return False
    for t in _tables(wb):
        for line in list(t.lines.values()) + list(t.extra_lines):
            if not all(_empty(v) for v in line.values.values()):
                return False
    if not _empty(wb.execution_rate) or not _empty(wb.scoring.total_score):
        return False
    if any(not _empty(t.achieved) for t in wb.targets):
        return False
    return all(_empty(leaf.score) and _empty(leaf.reason) for leaf in wb.scoring.leaves())


def where(wb: Workbook) -> Location:
    v = wb.cover.department
    return v.loc if v is not None else Location(wb.path)
