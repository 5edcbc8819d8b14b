"""N015–N017: a project's narrative report against its tables, on the bundled project workbooks.

Each case writes a report beside a sample workbook and checks the pair, as a clerk would
with ``check FILE --report REPORT``: the findings the report's figures earn, each at its
line and naming its project, and none where the report agrees with the table.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.api import check
from auditor.codes import render

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_workbooks"
ROADS = SAMPLES / "project-roads-2022.xlsx"      # one project: 675.5 / 647.85 / 95.91%, 99.59 优
THREE = SAMPLES / "project-three-2022.xlsx"      # 农村公路养护, 村卫生室 (200 / 189.2), 学生资助 (290 / 290)
PLANTED = SAMPLES / "project-planted-faults-2022.xlsx"
CODES = {"N015", "N016", "N017"}

ROADS_REPORT = """2022年农村公路养护工程项目支出绩效自评报告

一、项目基本情况
项目年初预算数600万元，全年预算数675.5万元，全年实际支出647.85万元，预算执行率95.91%。

二、绩效目标完成情况
产出指标：该指标分值50分，自评得分50分。
（1）数量指标：完成农村公路养护里程≥300公里，实际完成320公里，得20分。

三、自评结论
经自评，该项目自评得分为99.59分，评价等级为优。
"""

THREE_REPORT = """某县2022年度项目支出绩效自评报告

一、2022年农村公路养护工程
项目全年预算数675.5万元，实际支出647.85万元，预算执行率95.91%。该项目自评得分99.59分，等级为优。

二、基层医疗卫生机构能力提升
全年预算数200万元，实际执行189.2万元，执行率94.6%。
自评得分为98.46分，评价等级为优。

三、学生资助补助经费
年初预算275万元，调整后预算290万元，实际支出290万元，执行率100%，自评得分100分。

四、总体情况
三个项目全年预算共1165.5万元，执行率均在94%以上，平均得分99.35分。
"""


def _run(tmp_path, workbook: Path, report: str, **kw):
    book = tmp_path / workbook.name
    shutil.copy(workbook, book)
    path = tmp_path / "report.txt"
    path.write_text(report, "utf-8")
    return check(book, report=path, **kw)


def _found(result) -> list[tuple]:
    return sorted((f.code, f.location.line, f.location.project) for f in result.findings if f.code in CODES)


# --- reports that agree with their tables: nothing --------------------------------------

@pytest.mark.parametrize("workbook, report", [
    (ROADS, ROADS_REPORT),
    (THREE, THREE_REPORT),
    # rounded as a reviewer rounds: 95.9% and 99.6 for 95.91% and 99.59
    (ROADS, ROADS_REPORT.replace("95.91%", "95.9%").replace("99.59分", "99.6分")),
    # the parts of the money, other years and targets are not the project's total
    (ROADS, ROADS_REPORT + "其中当年财政拨款预算640万元，上年结转资金35.5万元。上年预算数500万元。"
                           "绩效目标为预算执行率≥90%，执行率达到90%以上。中央补助资金执行率100%。\n"),
    # an item's budget, money added in the year, spending on a part: not the project's
    (ROADS, "培训费预算10万元，年中追加预算75.5万元，设备购置实际支出30万元，材料费支出率80%。\n"),
    # in a workbook of three, figures whose project is not named are not anyone's
    (THREE, "项目支出绩效自评报告\n全年预算数100万元，实际支出90万元，执行率80%，自评得分60分。\n"),
    # a paragraph naming two projects is about neither alone
    (THREE, "二、基层医疗卫生机构能力提升和学生资助补助经费\n两个项目全年预算数共490万元，自评得分98分。\n"),
], ids=["one-project", "three-projects", "rounded", "parts-years-targets", "items", "no-project-named",
         "two-named"])
def test_a_report_that_agrees_with_its_tables_has_no_finding(tmp_path, workbook, report):
    assert _found(_run(tmp_path, workbook, report)) == []


def test_the_right_total_is_not_blamed_where_the_table_left_it_at_zero(tmp_path):
    """项目A's 年度资金总额 全年预算数 is 0 over parts of 640 + 35.5 (J001 says so at E6): a
    report giving 675.5 is right."""
    result = _run(tmp_path, PLANTED, "农村公路养护（资金）\n全年预算数675.5万元，实际支出647.85万元，执行率95.91%。\n")
    assert _found(result) == []
    assert ("J001", "项目A", "E6") in {(f.code, f.location.sheet, f.location.cell) for f in result.findings}


# --- reports that do not ------------------------------------------------------------------

def test_two_tables_of_one_name_are_told_apart_by_neither():
    from auditor.narrative.projects import extract_projects
    from auditor.narrative.read import Report

    lines = ["一、学生资助", "全年预算数290万元。", "二、村卫生室", "全年预算数200万元。"]
    facts = extract_projects(Report("r.txt", lines), ["学生资助", "学生资助", "村卫生室"])
    assert [[c.figure.value for c in f.claims] for f in facts] == [[], [], [200]]


def test_a_mistyped_amount_is_n015_at_its_line_and_project(tmp_path):
    result = _run(tmp_path, ROADS, ROADS_REPORT.replace("647.85万元", "674.85万元"))
    # one mistake, one finding: the rate beside it is the table's, so not N017 too
    assert _found(result) == [("N015", 4, "2022年农村公路养护工程")]
    (f,) = [f for f in result.findings if f.code == "N015"]
    assert f.location.file.endswith("report.txt") and f.location.sheet is None
    assert render(f, "zh") == ("报告第4行所述项目“2022年农村公路养护工程”的全年执行数为674.85万元，项目表为全年执行数 647.85："
                               "“项目年初预算数600万元，全年预算数675.5万元，全年实际支出674.85万元，预算执行率95.91%。”")
    assert render(f, "en").startswith("Report line 4 gives project '2022年农村公路养护工程' 全年执行数 as 674.85万元")
    assert [(r.sheet, r.cell) for r in f.related][:1] == [("农村公路养护", "F6")]


def test_a_figure_after_its_project_s_name_is_that_project_s(tmp_path):
    result = _run(tmp_path, ROADS, "2022年农村公路养护工程项目全年预算数650万元。\n")
    assert _found(result) == [("N015", 1, "2022年农村公路养护工程")]


def test_a_bare_budget_is_held_against_both_budgets(tmp_path):
    assert _found(_run(tmp_path, ROADS, "该项目预算600万元。\n")) == []  # the 年初预算数
    result = _run(tmp_path, ROADS, "该项目预算650万元。\n")
    assert _found(result) == [("N015", 1, "2022年农村公路养护工程")]
    assert "全年预算数 675.5、年初预算数 600万元" in render(next(f for f in result.findings if f.code == "N015"))


def test_a_rate_that_is_not_the_table_s_is_n015(tmp_path):
    result = _run(tmp_path, ROADS, "该项目预算执行率为97.5%。\n")
    assert _found(result) == [("N015", 1, "2022年农村公路养护工程")]
    assert "项目表为95.91%" in render(next(f for f in result.findings if f.code == "N015"))


def test_a_rate_its_own_amounts_do_not_give_is_n017(tmp_path):
    result = _run(tmp_path, ROADS, ROADS_REPORT.replace("预算执行率95.91%", "预算执行率97.5%"))
    assert _found(result) == [("N017", 4, "2022年农村公路养护工程")]
    (f,) = [f for f in result.findings if f.code == "N017"]
    assert "按报告自身的数字应为95.91%" in render(f, "zh")


def test_a_score_or_grade_other_than_the_table_s_is_n016(tmp_path):
    result = _run(tmp_path, ROADS, ROADS_REPORT.replace("99.59分，评价等级为优", "98分，评价等级为良"))
    assert _found(result) == [("N016", 11, "2022年农村公路养护工程")] * 2
    messages = sorted(render(f) for f in result.findings if f.code == "N016")
    assert "自评得分为98分，项目表为99.59" in messages[0] + messages[1]
    assert "等级为良，项目表为优" in messages[0] + messages[1]


def test_in_a_workbook_of_three_each_figure_goes_to_the_project_its_heading_names(tmp_path):
    report = THREE_REPORT.replace("189.2万元", "198.2万元").replace("自评得分100分", "自评得分99分")
    assert _found(_run(tmp_path, THREE, report)) == [("N015", 7, "基层医疗卫生机构能力提升"),
                                                     ("N016", 11, "学生资助补助经费")]


def test_an_indicator_s_items_must_add_up_in_a_project_report_too(tmp_path):
    """N010 is the report's own arithmetic: it runs on a project's report as on a department's."""
    adds = "数量指标：该指标分值20分，自评得分20分。里程达标，得15分；防护工程完成，得5分。\n"
    assert [f.code for f in _run(tmp_path, ROADS, adds).findings] == []
    result = _run(tmp_path, ROADS, adds.replace("得5分", "得4分"))
    assert [(f.code, f.location.line, f.location.file.endswith("report.txt")) for f in result.findings] == [
        ("N010", 1, True)]


def test_the_project_rules_leave_a_department_workbook_alone(tmp_path):
    sample = SAMPLES / "renhua-zuzhibu-2023.xlsx"
    result = check(sample, report=sample.with_suffix(".txt"))
    assert {f.code for f in result.findings} == {"B012", "N014", "N012", "N031"}
    assert _found(_run(tmp_path, ROADS, ROADS_REPORT, select=("N",))) == []


# --- properties ---------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = ["年初预算", "全年预算数", "预算", "执行数", "实际支出", "执行率", "自评得分", "总分", "等级为", "优", "良",
          "万元", "元", "%", "分", "其中", "，", "。", "：", "\n", "一、", "（一）", "2022年农村公路养护工程",
          "基层医疗卫生机构能力提升", "≥", "以上", "项目"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.decimals(0, 100000, places=2).map(str), st.text(max_size=5)),
                max_size=60))
def test_any_text_is_read_without_error(pieces):
    from auditor.narrative.projects import extract_projects
    from auditor.narrative.read import Report

    text = "".join(pieces)
    for titles in (["2022年农村公路养护工程"], ["2022年农村公路养护工程", "基层医疗卫生机构能力提升", "学生资助补助经费"]):
        facts = extract_projects(Report("r.txt", text.splitlines()), titles)
        assert len(facts) == len(titles)
        assert all(c.sentence.line >= 1 for f in facts for c in f.claims)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(budget=st.decimals(1, 50000, places=2), spent=st.integers(40, 100), carried=st.decimals(0, 500, places=2))
def test_a_report_written_from_a_table_s_own_figures_agrees_with_it(tmp_path, budget, spent, carried):
    """Whatever the money, the report project_samples writes from a table's data is not
    flagged: the rules' rounding is the writer's."""
    import copy
    import sys
    from decimal import ROUND_HALF_UP, Decimal

    from auditor.forms.template_book import emit
    from auditor.forms.project.template import build_projects

    sys.path.insert(0, str(ROOT / "scripts"))
    import project_samples as S

    actual = (budget * spent / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    p = copy.deepcopy(S.ROADS)
    p["funds"] = S._funds(float(budget), float(budget), float(actual), carry=(0, float(carried), float(carried)))
    book = tmp_path / f"p{budget}-{spent}-{carried}.xlsx"
    emit(build_projects([p]), book)
    report = tmp_path / "r.txt"
    report.write_text(S.three_projects_report([p]), "utf-8")
    result = check(book, report=report)
    assert [f for f in result.findings if f.code.startswith(("N", "J"))] == []
    from auditor.narrative import read_report
    from auditor.narrative.projects import extract_projects

    (said,) = extract_projects(read_report(report), [p["name"]])  # and the figures were compared
    assert {c.what for c in said.claims} == {"budget", "actual", "rate", "score", "grade"}
