"""N018, N019: a project report's words against its table (the project form's N011, N012).

Each case writes a report beside a bundled project workbook and checks the pair: the
words that contradict the table are found at their line and name their project; words
the table bears out, words on another project or on several, say nothing.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.api import check
from auditor.codes import render

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_workbooks"
ROADS = SAMPLES / "project-roads-2022.xlsx"  # 600 / 675.5 / 647.85, 95.91%; every indicator at full marks
THREE = SAMPLES / "project-three-2022.xlsx"  # 村卫生室: 配备设备的村卫生室 19 of 20; 学生资助 290 / 290
ROAD = "2022年农村公路养护工程"
CODES = {"N018", "N019"}


def _run(tmp_path, workbook: Path, report: str):
    book = tmp_path / workbook.name
    shutil.copy(workbook, book)
    path = tmp_path / "report.txt"
    path.write_text(report, "utf-8")
    return check(book, report=path)


def _found(result) -> list[tuple]:
    return sorted((f.code, f.location.line, f.location.project) for f in result.findings if f.code in CODES)


# --- N018: words on the spending and the rate -----------------------------------------------

@pytest.mark.parametrize("report", [
    "全年执行数647.85万元，比全年预算减少27.65万元，预算执行率达到90%以上。",
    "实际支出647.85万元，较预算节约27.65万元。",           # a bare 预算: 675.5 and 600, and 647.85 is below one
    "全年执行数647.85万元，比年初预算增加47.85万元。",       # against the 年初预算数 600 it did rise
    "项目执行率超过95%，没有达到100%。",
    "其中培训费支出10万元，比预算增加2万元。",               # a part's spending, not the project's
    "全年执行数比上年增加100万元。",                          # last year: the table holds nothing of it
    "绩效目标为预算执行率达到98%以上。",                      # a target, not what happened
    "中央补助资金执行率未达到90%。",                          # a part's rate
    "本部门全年执行数5000万元，比全年预算增加100万元。",      # the department's, not the project's
], ids=["decrease", "bare-budget", "initial-rose", "bounds-hold", "part", "last-year", "target", "part-rate",
        "department"])
def test_words_the_table_bears_out_are_silent(tmp_path, report):
    assert _found(_run(tmp_path, ROADS, report + "\n")) == []


def test_a_rise_where_the_spending_fell_is_n018_at_its_line_and_project(tmp_path):
    result = _run(tmp_path, ROADS, "一、项目资金\n全年执行数647.85万元，比全年预算增加27.65万元。\n")
    assert _found(result) == [("N018", 2, ROAD)]
    (f,) = [f for f in result.findings if f.code == "N018"]
    assert f.location.file.endswith("report.txt")
    assert render(f, "zh") == (f"报告第2行称项目“{ROAD}”的执行数较全年预算数“增加”，但项目表全年执行数 647.85万元、"
                               "全年预算数 675.5万元：“全年执行数647.85万元，比全年预算增加27.65万元。”")
    assert f.expected == "减少" and f.actual == "增加"
    assert {(r.sheet, r.cell) for r in f.related} >= {("农村公路养护", "F6"), ("农村公路养护", "E6")}
    assert render(f, "en").startswith(f"Report line 2 says project '{ROAD}' 执行数较全年预算数 “增加”")


def test_flat_is_contradicted_by_a_difference_and_a_bare_budget_by_both(tmp_path):
    assert _found(_run(tmp_path, ROADS, "实际支出与全年预算持平。\n")) == [("N018", 1, ROAD)]
    # 647.85 is above the 年初 600 and below the 全年 675.5: a bare 预算 may be either
    assert _found(_run(tmp_path, ROADS, "实际支出比预算增加。\n")) == []


def test_a_bound_the_rate_does_not_keep_is_n018(tmp_path):
    # 95.91% is below 96 and above 95: both true
    assert _found(_run(tmp_path, ROADS, "该项目预算执行率未达到96%。\n执行率达到95%以上。\n")) == []
    result = _run(tmp_path, ROADS, "该项目预算执行率未达到90%。\n执行率达到98%以上。\n")
    assert _found(result) == [("N018", 1, ROAD), ("N018", 2, ROAD)]
    messages = sorted(render(f) for f in result.findings if f.code == "N018")
    assert "执行率“未达到90%”，但项目表执行率为95.91%" in messages[0] + messages[1]


def test_a_wrong_figure_beside_its_word_is_one_finding_not_two(tmp_path):
    """The report's own 执行数 and budget call for its word: the figure is the mistake (N015)."""
    result = _run(tmp_path, ROADS, "全年预算数675.5万元，全年执行数700万元，比全年预算增加24.5万元。\n")
    assert _found(result) == []
    assert [f.code for f in result.findings if f.code.startswith("N")] == ["N015"]
    result = _run(tmp_path, ROADS, "预算执行率为85%，未达到90%。\n")
    assert _found(result) == [] and "N015" in {f.code for f in result.findings}


def test_in_a_workbook_of_three_a_word_goes_to_the_project_its_heading_names(tmp_path):
    report = ("一、学生资助补助经费\n全年执行数290万元，与全年预算持平。\n"
              "二、基层医疗卫生机构能力提升\n全年执行数189.2万元，与全年预算持平。\n"
              "三、总体情况\n各项目执行数均与预算持平，执行率均未达到90%。\n")
    assert _found(_run(tmp_path, THREE, report)) == [("N018", 4, "基层医疗卫生机构能力提升")]


# --- N019: an admission while the table keeps full marks -----------------------------------

def test_an_admitted_miss_at_full_marks_is_n019_naming_the_indicator(tmp_path):
    result = _run(tmp_path, ROADS, "（二）绩效目标完成情况\n沿线群众满意度未达到95%的目标，扣1分。\n")
    assert _found(result) == [("N019", 2, ROAD)]
    (f,) = [f for f in result.findings if f.code == "N019"]
    assert render(f, "zh") == (f"报告第2行称项目“{ROAD}”的指标“沿线群众满意度”“未达到”，但项目表该指标仍为满分10分："
                               "“沿线群众满意度未达到95%的目标，扣1分。”")
    assert [(r.sheet, r.cell) for r in f.related] == [("农村公路养护", "H20")]


def test_points_taken_off_in_words_go_to_the_indicator_of_the_clause_before(tmp_path):
    result = _run(tmp_path, ROADS, "路况优良率为83.6%，扣2分。\n")
    assert _found(result) == [("N019", 1, ROAD)]
    assert "“路况优良率”“扣2分”" in render(next(f for f in result.findings if f.code == "N019"))


@pytest.mark.parametrize("report", [
    "沿线群众满意度达到96%，不存在未完成的情况。",              # a denied fault is praise
    "各项指标均已完成，未出现扣分情况。",
    "县乡道日常养护里程没有未完成的路段。",
    "部分路段养护未按计划完成。",                                  # names no indicator
    "部门整体工作中，档案整理未完成。",                            # the department's, not an indicator
    "路况优良率和沿线群众满意度未达到预期。",                      # two indicators: which one lost points?
    "沿线群众满意度达到95%以上得10分，未达到不得分；沿线群众满意度每降低1%扣1分。",  # how points are given
    "沿线群众满意度低于90%扣2分。",
    "辖区安全事故未完成整改。",                                    # 安全事故 is not 公路通行安全事故下降
    "沿线群众满意度：该指标分值10分，自评得分10分，未扣分。",
], ids=["not-exists", "no-deduction", "none-missed", "no-indicator", "department", "two", "scoring-rule",
        "threshold-rule", "part-of-a-name", "not-docked"])
def test_admissions_that_are_not_an_indicator_s_miss_are_silent(tmp_path, report):
    assert _found(_run(tmp_path, ROADS, report + "\n")) == []


def test_a_miss_the_table_also_docks_is_fine_and_words_on_another_project_are_not_its(tmp_path):
    # 配备设备的村卫生室 is at 19 of 20 in its table: the report and the table agree
    report = ("一、基层医疗卫生机构能力提升\n配备设备的村卫生室未完成年度目标，扣1分。\n"
              "二、学生资助补助经费\n资金发放及时率达到100%。\n"
              "三、总体情况\n村民满意度调查显示村民满意度未达到目标。\n")
    assert _found(_run(tmp_path, THREE, report)) == []
    # the same admission under the heading of a project whose indicator keeps full marks
    report = "一、学生资助补助经费\n资金发放及时率未达到100%，扣1分。\n二、基层医疗卫生机构能力提升\n村民满意度较高。\n"
    assert _found(_run(tmp_path, THREE, report)) == [("N019", 2, "学生资助补助经费")]


def test_the_consistent_samples_stay_silent():
    book = SAMPLES / "project-three-2022.xlsx"
    result = check(book, report=book.with_suffix(".txt"))
    assert [f.code for f in result.findings] == []


# --- N020: the report repeats the table's wrong 执行率 ---------------------------------------

@pytest.mark.parametrize("report", ["该项目预算执行率为97.5%。", "全年预算数340万元，实际支出324万元，预算执行率97.5%。"],
                         ids=["rate-alone", "beside-its-amounts"])
def test_a_rate_copied_from_a_wrong_cell_is_one_error_at_the_cell_and_n020_in_the_report(tmp_path, report):
    """执行率 97.5% typed in the table over 324 ÷ 340 = 95.29% (J002 at H6): the report that
    repeats it is pointed out as a warning, not a second error (N015, N017)."""
    from tests.rules.project_harness import build_project_case

    book = build_project_case({"form": "project", "cells": {"项目1!H6": 0.975}}, tmp_path)
    path = tmp_path / "report.txt"
    path.write_text(report + "\n", "utf-8")
    result = check(book, report=path)
    assert sorted(f.code for f in result.findings) == ["J002", "N020"]
    (f,) = [f for f in result.findings if f.code == "N020"]
    assert (f.location.line, f.location.project, f.severity.value) == (1, "农村人居环境整治专项", "warning")
    assert render(f, "zh") == ("报告第1行所述项目“农村人居环境整治专项”的执行率97.5%照抄了项目表中有误的数字，应为95.29%，"
                               f"请一并更正：“{report}”")
    assert [(r.sheet, r.cell) for r in f.related] == [("项目1", "H6")]
    # the right rate in the report: the table alone is wrong
    path.write_text(report.replace("97.5%", "95.29%") + "\n", "utf-8")
    assert [f.code for f in check(book, report=path).findings] == ["J002"]


# --- N021: an indicator the project's table does not have ---------------------------------

@pytest.mark.parametrize("report", [
    "路况优良率：该指标分值10分，自评得分10分。",
    "日常养护里程：该指标分值15分，自评得分15分。",             # a part of one name: 县乡道日常养护里程
    "（1）数量指标：完成养护里程320公里，得15分。",              # its 二级 name
    "产出指标：该指标分值50分，自评得分50分。",                  # its 一级 name
    "经济效益指标：本项目不涉及，不设分值。",                    # a category the table does not use
    "预算执行率：该指标分值10分，自评得分9.59分。",              # the execution block
    "自评结论：该项目自评得分99.59分，评价等级为优。",            # a part of the report
], ids=["same", "contained", "level2", "level1", "category", "execution", "conclusion"])
def test_indicators_the_table_has_are_silent(tmp_path, report):
    result = _run(tmp_path, ROADS, report + "\n")
    assert [f.code for f in result.findings if f.code == "N021"] == []


def test_an_indicator_the_table_lacks_is_n021_under_its_project(tmp_path):
    report = ("一、学生资助补助经费\n桥梁检测合格率：该指标分值10分，自评得分10分。\n资助学生人次：该指标分值20分，自评得分20分。\n"
              "二、基层医疗卫生机构能力提升\n资助学生人次：该指标分值20分，自评得分20分。\n"
              "三、总体情况\n道路通行率：该指标分值10分，自评得分10分。\n")
    result = _run(tmp_path, THREE, report)
    found = sorted((f.location.line, f.location.project, f.severity.value) for f in result.findings if f.code == "N021")
    # 资助学生人次 is 学生资助's, not 村卫生室's; under 总体情况 no project is named
    assert found == [(2, "学生资助补助经费", "info"), (5, "基层医疗卫生机构能力提升", "info")]
    f = next(f for f in result.findings if f.code == "N021")
    assert render(f, "zh") == "报告第2行所述项目“学生资助补助经费”的指标“桥梁检测合格率”在项目表中未找到"
