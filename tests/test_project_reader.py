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
