"""审核意见通知书: one department's findings as a Word document the bureau can send back.

Built from a file of the JSON report, its verdict and (for a resubmission) the comparison
with the version before, so it says what was fixed as well as what is left.  Everything
from the workbook goes in as plain text runs.
"""
from __future__ import annotations

import re
from typing import BinaryIO, Mapping

from auditor import baseline, verdict

# what XML 1.0 cannot hold (a workbook's text may carry control characters)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def write_notice(fh: BinaryIO, file: Mapping, *, department: str, year: int | None, version: int,
                 submitted: str, comparison: baseline.Comparison | None = None) -> None:
    from docx import Document

    doc = Document()
    doc.core_properties.title = "审核意见通知书"
    doc.add_heading(f"{_s(department)}：{year or ''}年度部门整体支出绩效自评审核意见", level=1)
    decision = verdict.verdict(file)
    doc.add_paragraph(f"报送文件：{_s(file.get('path'))}（第 {version} 版，{submitted} 报送）")
    doc.add_paragraph(f"审核结论：{decision}")
    score = file.get("score") or {}
    if score.get("stated") is not None or score.get("recomputed") is not None:
        doc.add_paragraph(f"自评总分 {_s(score.get('stated'))}，复核总分 {_s(score.get('recomputed'))}；"
                          f"自评等级 {_s(score.get('grade'))}，复核等级 {_s(score.get('grade_recomputed'))}")
    if comparison is not None and version > 1:
        c = comparison.counts()
        doc.add_paragraph(f"与上一版相比：已整改 {c[baseline.FIXED]} 项，仍存在 {c[baseline.KEPT]} 项，"
                          f"新增 {c[baseline.ADDED]} 项。")
    findings = [f for f in file.get("findings", ()) if f.get("severity") in ("error", "warning")]
    marks = {id(f): m for f, m in comparison.marked} if comparison is not None else {}
    if findings:
        doc.add_heading("需修改或核实的问题", level=2)
        table = doc.add_table(rows=1, cols=6)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("序号", "位置", "问题", "应为", "实为", "类别")):
            cell.text = text
        for n, f in enumerate(findings, 1):
            kind = SEVERITY.get(f.get("severity"), "")
            if id(f) in marks and version > 1:
                kind += f"（{marks[id(f)]}）"
            row = table.add_row().cells
            for cell, text in zip(row, (str(n), _s(verdict.place(f)), _s(f.get("message")), _s(f.get("expected")),
                                        _s(f.get("actual")), kind)):
                cell.text = text
    else:
        doc.add_paragraph("未发现需修改或核实的问题。")
    if comparison is not None and comparison.fixed and version > 1:
        doc.add_heading("已整改的问题", level=2)
        for f in comparison.fixed:
            doc.add_paragraph(_s(f"{verdict.place(f)}：{f.get('message', '')}"), style="List Bullet")
    doc.add_paragraph("请按上述意见修改后重新报送。" if decision == verdict.RETURN else "")
    doc.save(fh)


def _s(x) -> str:
    return "" if x is None else _NOT_XML.sub("\ufffd", str(x))
