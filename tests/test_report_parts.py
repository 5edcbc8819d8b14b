"""N030–N034: the report's parts, goals copied from functions, its year and cover, and
amounts in the other unit, on a consistent department (tests/rules/base_data.py) beside a
small report written here."""
from __future__ import annotations

from auditor.api import check_file
from tests.rules.harness import build_department_case

FUNCTIONS = ("（一）部门职能。\n"
             "（1）贯彻执行中央和省、市、县委有关组织工作的路线、方针、政策和决议，并组织实施。\n"
             "（2）调查掌握县属各级党组织、党员状况，指导基层组织做好党员管理、教育工作。\n"
             "（3）负责全县干部信息库、党员信息库和各地党建网建设，并做好维护、更新和应用工作。\n")
OWN_GOALS = ("（二）部门整体支出绩效目标。\n"
             "1. 完成全县公务员初任培训等班次培训，公务员培训覆盖率达到100%。\n"
             "2. 全年开展干部考察不少于20次，按期完成年度考察任务。\n")
COPIED_GOALS = ("（二）部门整体支出绩效目标。\n"
                "1. 贯彻执行中央和省、市、县委有关组织工作的路线、方针、政策和决议，并组织实施。\n"
                "2. 调查掌握县属各级党组织、党员状况，指导基层组织做好党员管理、教育工作。\n"
                "3. 全年开展干部考察不少于20次。\n")
PARTS = ("三、存在问题及改进意见。\n"
         "年中追加预算较多，预算编制的前瞻性不足。下一步将加强预算编制，提高年初预算到位率。\n")


def report(title="仁化县测试局2023年度部门整体支出绩效自评报告", cover="填报人：张三\n填报日期：2024-08-01\n",
           goals=OWN_GOALS, parts=PARTS, figures="") -> str:
    return f"{title}\n\n{cover}\n一、部门基本情况\n{FUNCTIONS}{goals}二、绩效自评情况\n{figures}\n{parts}"


def run(tmp_path, text, code, **case):
    book = build_department_case(case, tmp_path)
    path = tmp_path / "case.txt"
    path.write_text(text, encoding="utf-8")
    return [(f.code, f.location.line, f.severity.value) for f in check_file(book, report=path, select=[code]).findings]


def test_a_consistent_report_gets_none_of_these(tmp_path):
    assert run(tmp_path, report(), "N03") == []


def test_n030_missing_parts(tmp_path):
    assert run(tmp_path, report(parts=""), "N030") == [("N030", None, "warning"), ("N030", None, "warning")]
    empty = "三、存在问题\n四、改进措施\n加强预算编制，提高年初预算到位率，减少年中追加。\n"
    found = run(tmp_path, report(parts=empty), "N030")
    assert [c for c, *_ in found] == ["N030"] and found[0][1] is not None  # at the empty heading
    split = "三、存在问题\n年中追加预算较多，预算编制的前瞻性不足。\n四、改进措施\n加强预算编制，提高年初预算到位率。\n"
    assert run(tmp_path, report(parts=split), "N030") == []


def test_n031_goals_copied_from_functions(tmp_path):
    found = run(tmp_path, report(goals=COPIED_GOALS), "N031")
    assert found == [("N031", 11, "warning")]
    assert run(tmp_path, report(), "N031") == []


def test_n032_report_year(tmp_path):
    found = run(tmp_path, report(title="仁化县测试局2022年度部门整体支出绩效自评报告"), "N032")
    assert found == [("N032", 1, "error")]
    assert run(tmp_path, report(title="部门整体支出绩效自评报告"), "N032") == []  # a title with no year


def test_n033_report_cover(tmp_path):
    found = run(tmp_path, report(cover="填报人：李四\n填报日期：2024. 7. 1\n"), "N033")
    assert found == [("N033", 3, "warning"), ("N033", 4, "warning")]
    assert run(tmp_path, report(cover="填报人：张三\n填报日期：2024年8月1日\n"), "N033") == []


def test_n034_report_amount_in_the_other_unit(tmp_path):
    wrong = "2023年决算收入51990300万元，其中：一般公共预算财政拨款收入决算51990300万元。\n"
    found = run(tmp_path, report(figures=wrong), "N034")
    assert found and {c for c, *_ in found} == {"N034"}
    right = "2023年决算收入51990300元，其中：一般公共预算财政拨款收入决算5199.03万元。\n"
    assert run(tmp_path, report(figures=right), "N034") == []


def test_n035_perfect_satisfaction_without_a_survey(tmp_path):
    perfect = {"绩效目标完成情况!E4": "100%"}
    assert run(tmp_path, report(), "N035", cells=perfect) == [("N035", None, "info")]
    surveyed = report(figures="党员满意度调查发放问卷200份，回收196份，满意率100%。\n")
    assert run(tmp_path, surveyed, "N035", cells=perfect) == []
    assert run(tmp_path, report(), "N035") == []  # 92%: nothing to ask


def test_n035_on_a_project_table(tmp_path):
    from tests.rules.project_harness import build_project_case

    book = build_project_case({"indicator": {"受益群众满意度": {"achieved": "100%"}}}, tmp_path)
    text = tmp_path / "case.txt"
    text.write_text("2022年度项目支出绩效自评报告\n一、项目概况\n完成改厕512户。\n", encoding="utf-8")
    found = check_file(book, report=text, select=["N035"]).findings
    assert [(f.code, f.location.sheet, f.location.cell) for f in found] == [("N035", "项目1", "F21")]


def test_n030_a_part_named_under_arabic_numbering_is_there(tmp_path):
    arabic = "3. 存在问题：年中追加预算较多。\n4. 改进措施：加强预算编制。\n"
    assert run(tmp_path, report(parts=arabic), "N030") == []


def test_n032_the_evaluated_year_is_the_one_said_with_年度(tmp_path):
    title = "仁化县测试局2024年开展2023年度部门整体支出绩效自评报告"
    assert run(tmp_path, report(title=title), "N032") == []
