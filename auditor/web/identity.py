"""Whose workbook it is: what a submitted workbook says of itself (its 填报单位 and year)
against the department whose code sent it and its round's year.

The server does not refuse a mismatch (a department may send its workbook under a
shorter or longer name, or a clerk the wrong file): it marks it, on the clerk's result
page, the dashboard, the department's page and the export, and the bureau decides.
"""
from __future__ import annotations

import re

_SPACE = re.compile(r"[\s\u3000]+")


def _plain(name: str) -> str:
    return _SPACE.sub("", str(name or "")).replace("（", "(").replace("）", ")")


def same_department(stated: str, expected: str) -> bool:
    """Whether the workbook's 填报单位 names the department: the same once spaces are
    dropped, or one within the other (仁化县审计局 for 审计局, and the reverse)."""
    a, b = _plain(stated), _plain(expected)
    return bool(a and b) and (a in b or b in a)


def mismatches(file: dict | None, department: str, year: int) -> list[str]:
    """The marks for a stored result (the JSON's file) sent under ``department``'s code in a
    round of ``year``: none when the workbook names neither another department nor another year."""
    if not file:
        return []
    marks = []
    stated = file.get("department")
    if stated and not same_department(stated, department):
        marks.append(f"工作簿填报单位为{stated}，与提交码所属单位{department}不一致")
    stated_year = file.get("year")
    if isinstance(stated_year, int) and stated_year != year:
        marks.append(f"工作簿年度为{stated_year}，与本轮报送年度{year}不一致")
    return marks
