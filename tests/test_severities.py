"""Severities a reviewer would give: what contradicts itself is an error, a rounding slip a warning."""
from __future__ import annotations

from auditor.api import check_file
from auditor.findings import Severity
from tests.rules.harness import build


def _one(path, code):
    found = [f for f in check_file(path, select=[code]).findings if f.code == code]
    assert len(found) == 1, found
    return found[0]


def test_a_share_one_unit_off_is_a_warning_that_says_how_to_round(tmp_path):
    f = _one(build({"cells": {"收支情况!E18": 3.37}}, tmp_path), "B009")  # 174.64 of 5199.03 is 3.359…
    assert f.severity == Severity.WARNING and f.args["variant"] == "rounding"


def test_a_share_further_off_stays_an_error(tmp_path):
    assert _one(build({"cells": {"收支情况!E18": 3.46}}, tmp_path), "B009").severity == Severity.ERROR


def test_full_marks_with_a_stated_deduction_is_an_error(tmp_path):
    path = build({"indicator": {"资产配置合规性": {"reason": "个别设备超标准配置，扣0.5分"}}}, tmp_path)
    f = _one(path, "P008")
    assert f.severity == Severity.ERROR and f.args["word"] == "扣0.5分"


def test_full_marks_admitting_work_not_done_is_still_a_question(tmp_path):
    path = build({"indicator": {"采购内控制度建设": {"reason": "已建立政府采购内部控制制度，但尚未报财政部门备案"}}}, tmp_path)
    assert _one(path, "P008").severity == Severity.WARNING


def test_a_missed_target_keeping_full_marks_is_an_error(tmp_path):
    path = build({"cells": {"绩效目标完成情况!E2": "15次", "绩效目标完成情况!F2": "未完成",
                            "绩效目标完成情况!G2": "机构改革"}}, tmp_path)
    assert _one(path, "X003").severity == Severity.ERROR


def test_a_workbook_without_its_report_is_asked_for_it_as_a_warning():
    from pathlib import Path

    sample = Path(__file__).resolve().parent.parent / "sample_workbooks" / "audit-bureau-2023.xlsx"
    f = _one(sample, "N001")
    assert f.severity == Severity.WARNING
    from auditor.codes import render

    assert "audit-bureau-2023.docx" in render(f) and "自评报告" in render(f)
