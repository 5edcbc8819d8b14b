"""The 审核意见书 a bureau can send: only this department's business, in the form's order,
what to do with each item, the bureau's own particulars, and a table per project."""
from __future__ import annotations

import io
from pathlib import Path

import docx
from click.testing import CliRunner

from auditor.api import check_file
from auditor.cli import main
from auditor.findings import Finding, Location, Severity
from auditor.reporters import REPORTERS

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
SETTINGS = """[notice]
bureau = "仁化县财政局"
number = "仁财绩〔2024〕12号"
basis = "《仁化县2023年度部门整体支出绩效自评工作方案》"
deadline = "2024年9月30日"
contact = "张三"
phone = "0751-6300000"
"""


def _text(report, **kw) -> tuple[str, list[list[list[str]]]]:
    out = io.BytesIO()
    REPORTERS["notice"](**kw).write(report, out)
    d = docx.Document(io.BytesIO(out.getvalue()))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]
    return "\n".join(p.text for p in d.paragraphs), tables


def test_a_notice_never_names_another_department():
    report = check_file(SAMPLES / "renhua-zuzhibu-2023.xlsx")
    report.findings.append(Finding("D001", Severity.INFO, Location(report.path, "自评评分表", "G20"),
                                   args={"indicator": "财务管理合规性", "count": 1, "others": "仁化县档案馆"}))
    text, tables = _text(report)
    every = text + str(tables)
    assert "档案馆" not in every and "D001" not in every


def test_findings_follow_the_form_and_say_what_kind_they_are():
    text, tables = _text(check_file(SAMPLES / "planted-faults-2023.xlsx"))
    rows = tables[1]
    assert rows[0] == ["序号", "类别", "位置", "问题及处理办法", "应为", "填报为"]
    sheets = [r[2].split("!")[0] for r in rows[1:] if "!" in r[2]]
    order = ["收支情况", "三公经费", "绩效目标完成情况", "自评评分表"]
    assert sheets == sorted(sheets, key=order.index)
    assert {r[1] for r in rows[1:]} <= {"须更正", "请核实", "供参考"}
    assert "上表" in text and "下表" not in text


def test_the_bureaus_particulars_come_from_its_settings(tmp_path):
    settings = tmp_path / "notice.toml"
    settings.write_text(SETTINGS, "utf-8")
    result = CliRunner().invoke(main, ["check", str(SAMPLES / "planted-faults-2023.xlsx"), "--notices",
                                       str(tmp_path / "n"), "--notice-settings", str(settings)])
    assert result.exit_code == 1, result.output
    d = docx.Document(tmp_path / "n" / "planted-faults-2023.docx")
    text = "\n".join(p.text for p in d.paragraphs)
    for said in ("仁化县财政局", "仁财绩〔2024〕12号", "根据《仁化县2023年度部门整体支出绩效自评工作方案》",
                 "请于2024年9月30日前", "联系人：张三，联系电话：0751-6300000", "仁化县财政局（盖章）"):
        assert said in text


def test_a_misspelt_setting_is_a_usage_error(tmp_path):
    settings = tmp_path / "notice.toml"
    settings.write_text('[notice]\nbureu = "仁化县财政局"\n', "utf-8")
    result = CliRunner().invoke(main, ["check", str(SAMPLES / "planted-faults-2023.xlsx"), "--notices",
                                       str(tmp_path / "n"), "--notice-settings", str(settings)])
    assert result.exit_code == 2 and "bureu" in result.output


def test_a_project_workbook_gets_a_table_of_its_projects():
    text, tables = _text(check_file(SAMPLES / "project-three-2022.xlsx"))
    projects = next(t for t in tables if t[0][0] == "项目名称")
    assert projects[1][0] == "2022年农村公路养护工程" and projects[1][3] == "95.91%"
    assert "自评总分" not in str(tables[0])   # no 填报 — 复核 — for a project book


def test_a_deadline_that_is_not_a_date_or_an_overlong_value_is_a_usage_error(tmp_path, monkeypatch):
    """The file goes through the same check as the web's form (auditor.reporters.notice_settings)."""
    monkeypatch.delenv("AUDITOR_LANG", raising=False)
    for line, said in (('deadline = "9月底"', "报送期限应为日期"), (f'number = "{"号" * 61}"', "文号过长")):
        settings = tmp_path / "notice.toml"
        settings.write_text(f"[notice]\n{line}\n", "utf-8")
        result = CliRunner().invoke(main, ["check", str(SAMPLES / "planted-faults-2023.xlsx"), "--notices",
                                           str(tmp_path / "n"), "--notice-settings", str(settings)])
        assert result.exit_code == 2 and said in result.output, result.output
