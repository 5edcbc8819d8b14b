"""The report rules read the figure they name: a change is not a 决算, last year's figure
is not this year's, a group's score is not the total, and a change against last year is
still checked against the report's own figures."""
from __future__ import annotations

import shutil
from pathlib import Path

from auditor.api import check_file

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def _check(tmp_path, text: str):
    workbook = tmp_path / "组织部.xlsx"
    shutil.copy(SAMPLES / "renhua-zuzhibu-2023.xlsx", workbook)
    report = tmp_path / "组织部.txt"
    report.write_text("一、部门概况\n中共仁化县委组织部2023年度部门整体支出绩效自评报告。\n" + text + "\n", "utf-8")
    # the report's figures only: these short reports lack 存在问题 and 改进措施 (N030) on purpose
    return [(f.code, f.location.line) for f in check_file(workbook, report=report).findings
            if f.code.startswith("N") and f.code != "N030"]


def test_an_amount_after_a_change_word_is_neither_the_actual_nor_the_budget(tmp_path):
    # 公务接待费 决算 2.15, 预算 3.00 in the workbook
    assert _check(tmp_path, "公务接待费2.15万元，比上年减少0.1万元。\n公务接待费预算执行减少0.1万元。") == []


def test_last_years_figure_is_not_this_years(tmp_path):
    assert _check(tmp_path, "上年公务接待费为5.31万元。") == []


def test_a_change_against_last_year_is_checked_on_the_reports_own_figures(tmp_path):
    # 0.1 on a base of 2.15 − 0.1 = 2.05 is 4.88%, not 0.006%
    assert _check(tmp_path, "公务接待费2.15万元，比上年增加0.1万元，增长0.006%。") == [("N008", 3)]


def test_a_groups_score_is_not_the_total(tmp_path):
    text = "整体效能指标共8项，分值23分，自评得分22分。\n对照打分得出结果为95分，等级为“优”。"
    assert _check(tmp_path, text) == []
