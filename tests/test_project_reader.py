"""The project reader: every variant's layout read to the same model, and the reading habits
(full-width, %, 万元, text numbers, `/`, cached formulas, .xls, a list sheet in front)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from auditor import forms
from auditor.forms.template_book import emit
from auditor.forms.project.reader import read_projects
from auditor.forms.project.template import build_projects
from tests.rules.project_base import base_in

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
LAYOUTS = ["national", "split", "county", "sichuan", "hubei"]


def _read(tmp_path, projects, **kw):
    path = tmp_path / "p.xlsx"
    emit(build_projects(projects, **kw), path)
    return read_projects(str(path), "xlsx")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_reads_to_the_same_model(tmp_path, layout):
    pb = _read(tmp_path, [base_in(layout)])
    assert pb.problems == []
    p = pb.projects[0]
    assert (p.title, p.department.text, p.implementer.text, p.year) == \
        ("农村人居环境整治专项", "某县农业农村局", "某县农村能源站", 2022)
    total = p.total
    assert (total.get("budget").number, total.get("actual").number) == (340, 324)
    assert total.get("rate").number == Decimal("95.29")
    assert [i.name for i in p.indicators][:2] == ["改造农村户厕数量", "清运农村生活垃圾"]
    assert len(p.indicators) == 9
    targets = [(i.target_text, i.achieved_text) for i in p.indicators]
    assert targets[0] == ("≥500户", "512户") and targets[2] == ("≥95%", "98%")
    assert p.indicators[1].reason.text.startswith("部分乡镇")
    assert p.total_points.number == 100
    if layout == "hubei":
        assert p.variant == "hubei" and pb.region == "hubei"
        assert [g.name for g in p.groups] == ["年度绩效目标1", "年度绩效目标2"]
        assert [g.declared_points.number for g in p.groups] == [40, 40]
        assert p.execution("points").number == 20 and p.execution("score").number == Decimal("19.06")
    else:
        assert [g.name for g in p.groups] == ["产出指标", "效益指标", "满意度指标"]
        assert [g.declared_points.number for g in p.groups] == [50, 30, 10]
        assert p.execution("points").number == 10 and p.execution("score").number == Decimal("9.53")
        assert p.goal_expected.text.startswith("完成农村户厕改造")
        assert (total.get("budget_initial") is None) == (layout == "county")


def test_sichuan_funding_rows_by_their_names(tmp_path):
    p = _read(tmp_path, [base_in("sichuan")]).projects[0]
    assert set(p.funds) == {"total", "fiscal", "special", "unit_funds", "other"}
    assert p.funds["special"].get("actual").number == 20
    assert "reason" in p.total.values


def test_split_target_reads_nature_value_and_unit(tmp_path):
    p = _read(tmp_path, [base_in("split")]).projects[0]
    ind = p.indicators[0]
    assert (ind.nature.text, ind.target.number, ind.unit.text, ind.achieved.number) == ("≥", 500, "户", 512)
    assert p.indicators[7].qualitative


def test_reading_habits(tmp_path):
    project = base_in()
    project["funds"]["total"].update(budget_initial="３００万元", rate="95.29%")
    project["indicators"][0].update(target="＞＝500户", points="１５", score="15分")
    project["indicators"].append({"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "/",
                                  "target": "/", "achieved": "/", "points": "/", "score": "/"})
    project["indicators"].append({"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "预留指标",
                                  "target": "—", "achieved": "—", "points": "—", "score": "—"})
    p = _read(tmp_path, [project]).projects[0]
    assert p.total.get("budget_initial").number == 300
    assert p.total.get("rate").number == Decimal("95.29")
    assert (p.indicators[0].points.number, p.indicators[0].score.number) == (15, 15)
    assert len(p.indicators) == 9  # rows left as / or — are not indicators


def test_a_bare_fraction_rate_is_a_percent(tmp_path):
    path = tmp_path / "p.xlsx"
    book = build_projects([base_in()])
    book.set("项目1!H6", "0.9529")   # text, no percent format
    book.set("项目1!H7", "95")      # already a percent
    emit(book, path)
    p = read_projects(str(path), "xlsx").projects[0]
    assert p.total.get("rate").number == Decimal("95.29")
    assert p.funds["fiscal"].get("rate").number == 95


def test_several_projects_and_a_list_sheet(tmp_path):
    a, b = base_in(), base_in()
    b.update(sheet="项目2", name="第二个项目")
    pb = _read(tmp_path, [a, b], with_list=True)
    assert pb.sheet_names == ["项目清单", "项目1", "项目2"]
    assert [p.title for p in pb.projects] == ["农村人居环境整治专项", "第二个项目"]


def test_legacy_xls_sample_reads_through_cached_values():
    pb = read_projects(str(SAMPLES / "project-sichuan-schools-2022.xls"), "xls")
    p = pb.projects[0]
    assert p.total.get("actual").number == 290 and p.total_score.number == 100


def test_the_form_is_recognised_by_content():
    from auditor.forms import detect, index

    for name, want in (("project-roads-2022.xlsx", "project"), ("project-three-2022.xlsx", "project"),
                       ("renhua-zuzhibu-2023.xlsx", "department"), ("forestry-legacy-2023.xls", "department")):
        kind = "xls" if name.endswith(".xls") else "xlsx"
        m = detect(index(str(SAMPLES / name), kind))
        assert (m.form, m.recognised) == (want, True), name
    m = forms.get("project").recognise(index(str(SAMPLES / "renhua-zuzhibu-2023.xlsx"), "xlsx"))
    assert not m.recognised


def test_a_sheet_with_no_indicator_table_is_not_a_project(tmp_path):
    path = tmp_path / "list.xlsx"
    from auditor.forms.project.template import list_sheet
    from auditor.forms.template_book import TemplateBook

    book = TemplateBook([])
    list_sheet(book, [{"name": "某项目", "department": "某局", "sheet": "项目1"}])
    emit(book, path)
    pb = read_projects(str(path), "xlsx")
    assert pb.projects == [] and [f.code for f in pb.problems] == ["S002"]


def test_reader_findings_name_their_project(tmp_path):
    path = tmp_path / "p.xlsx"
    book = build_projects([base_in()])
    book.set("项目1!G13", "十五")
    emit(book, path)
    pb = read_projects(str(path), "xlsx")
    assert [(f.code, f.location.cell, f.location.project) for f in pb.problems] == \
        [("S005", "G13", "农村人居环境整治专项")]


def test_group_labels_written_once_and_left_blank_below_are_carried_down(tmp_path):
    book = build_projects([base_in()])
    sheet = book.sheets[0]
    sheet.merges = [m for m in sheet.merges if not (m[1] in (1, 2) and m[0] >= 12)]  # 一级/二级 unmerged
    path = tmp_path / "p.xlsx"
    emit(book, path)
    p = read_projects(str(path), "xlsx").projects[0]
    assert [g.name for g in p.groups] == ["产出指标", "效益指标", "满意度指标"]
    assert [len(g.indicators) for g in p.groups] == [5, 3, 1]
    assert (p.indicators[1].level1, p.indicators[1].level2) == ("产出指标", "数量指标")


def test_a_hidden_project_table_is_named_not_checked(tmp_path):
    from tests.rules.harness import _hide

    a, b = base_in(), base_in()
    b.update(sheet="旧表", name="旧项目")
    path = tmp_path / "p.xlsx"
    emit(build_projects([a, b]), path)
    _hide(path, ["旧表"])
    pb = read_projects(str(path), "xlsx")
    assert [p.sheet for p in pb.projects] == ["项目1"]
    assert [(f.code, f.location.sheet) for f in pb.problems] == [("S009", "旧表")]


def test_header_fields_written_after_their_label_in_one_cell(tmp_path):
    book = build_projects([base_in()])
    book.set("项目1!A3", "项目名称：乡村道路硬化")
    book.set("项目1!B3", "")
    book.set("项目1!A4", "主管部门及代码：某县交通运输局 412001")
    book.set("项目1!B4", "")
    path = tmp_path / "p.xlsx"
    emit(book, path)
    p = read_projects(str(path), "xlsx").projects[0]
    assert p.title == "乡村道路硬化" and p.department.text == "某县交通运输局 412001"
    assert p.name.cell == "A3"


# --- Sichuan's and Hubei's forms as FORMS.md §2 prints them (scripts/printed_project_samples.py)

def _printed(name: str):
    pb = read_projects(str(SAMPLES / name), "xlsx")
    assert pb.problems == []  # no S005 on 总额, no S003 for the 分值 column Hubei does not print
    return pb.projects[0]


def test_sichuan_as_printed_reads_its_label_column_and_its_total_row():
    """年度预算数（万元） heads the row-label column (not an amount column); the total row is 总额."""
    p = _printed("project-sichuan-printed-2022.xlsx")
    assert p.variant == "sichuan" and p.region == "sichuan"
    assert set(p.funds) == {"total", "fiscal", "special", "unit_funds"}
    total = p.total
    assert (total.label.cell, total.label.text) == ("B6", "总额")
    assert {k: total.get(k).cell for k in ("budget_initial", "budget", "actual", "rate", "points", "score")} == \
        {"budget_initial": "C6", "budget": "D6", "actual": "E6", "rate": "F6", "points": "G6", "score": "H6"}
    assert total.get("rate").number == Decimal("97.41") and p.execution("points").number == 10
    # 原因: one cell merged over the fund rows, every line reads it
    assert {ln.get("reason").cell for ln in p.funds.values()} == {"I6"}


def test_sichuan_as_printed_reads_its_grid_its_total_and_its_text_fields():
    p = _printed("project-sichuan-printed-2022.xlsx")
    assert [g.name for g in p.groups] == ["产出指标", "效益指标", "满意度指标"]
    first = p.indicators[0]
    assert (first.target_text, first.achieved_text, first.points.cell, first.score.cell, first.reason.cell) == \
        ("≥5600人", "5680人", "I12", "J12", "K12")
    assert p.indicators[5].qualitative
    # 合计: the points total right after its label, the score under 得分
    assert (p.total_points.cell, p.total_points.number) == ("B20", 100)
    assert (p.total_score.cell, p.total_score.number) == ("J20", Decimal("99.52"))
    assert p.goal_expected is None and p.goal_actual.cell == "B10"
    assert {k: v.cell for k, v in p.texts.items()} == {"conclusion": "B21", "problems": "B22", "measures": "B23"}


def test_hubei_as_printed_takes_its_points_from_the_block_labels():
    p = _printed("project-hubei-printed-2022.xlsx")
    assert p.variant == "hubei" and p.region == "hubei"
    assert p.department.text == "某县卫生健康局"  # 单位名称, in the header line
    assert (p.total_score.cell, p.total_score.number) == ("E3", Decimal("98.42"))  # 总分 beside it
    assert p.total_points is None
    # the label of each block is the first cell of its header row, merged down over the block
    assert [(g.name, g.label.cell, g.declared_points.number) for g in p.groups] == \
        [("年度绩效目标1", "A8", 40), ("年度绩效目标2", "A13", 40)]
    assert all(not g.rows_have_points and g.label_points is not None for g in p.groups)
    assert [len(g.indicators) for g in p.groups] == [4, 3]
    assert (p.execution("points").cell, p.execution("points").number) == ("A6", 20)
    assert p.execution("rate").number == Decimal("94.6")  # printed as the fraction 0.946


def test_hubei_as_printed_reads_its_text_rows_and_they_are_no_indicators():
    p = _printed("project-hubei-printed-2022.xlsx")
    assert {k: v.cell for k, v in p.texts.items()} == {"deviation": "B17", "measures": "B18"}
    assert "偏差大" not in " ".join(i.name for i in p.indicators)
    # no reason column: the 原因分析 row is each indicator's reason
    assert {i.reason.cell for i in p.indicators} == {"B17"}


def test_a_text_field_is_its_whole_label():
    from auditor.forms.project.labels import text_field

    assert text_field("改进措施（200字以内）") == "measures"
    assert text_field("改进措施及结果应用方案") == "measures"
    assert text_field("偏差大或目标未完成原因分析") == "deviation"
    assert text_field("评价结论：") == "conclusion"
    assert text_field("存在问题整改率") is None  # an indicator's name
    assert text_field("偏差原因分析及改进措施") is None  # the national grid's reason column


def test_what_a_field_holds_before_it_is_filled_in():
    from auditor.forms.project.labels import unfilled

    assert unfilled("预算执行率<90%或年中有调整的须说明原因") == "instruction"
    assert unfilled("针对存在的问题提出改进措施（200字以内）") == "instruction"
    assert unfilled("同上") == unfilled("—") == unfilled("无。") == "placeholder"
    assert unfilled("年中追加秋季学期营养膳食补助资金20万元") is None
    assert unfilled("无需调整") is None and unfilled("") is None


def test_hubei_s_header_line_with_its_total_left_blank(tmp_path):
    """总分 left blank: the next label (填报日期) is not its value, and nothing is misread."""
    from tests.rules.project_harness import build_project_case

    pb = read_projects(str(build_project_case({"printed": "hubei", "data": {"total_score": ""}}, tmp_path)), "xlsx")
    assert pb.problems == []
    p = pb.projects[0]
    assert (p.total_score.cell, p.total_score.text) == ("E3", "")
