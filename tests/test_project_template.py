"""`auditor template --form project`: the blank national form, with validations, formulas
carrying cached values, number formats, widths and its instructions, read back cleanly."""
from __future__ import annotations

import io

import openpyxl
from click.testing import CliRunner

from auditor.cli import main
from auditor.forms.project.reader import read_projects
from auditor.forms.project.template import write_template


def _blank(tmp_path):
    path = tmp_path / "blank.xlsx"
    with open(path, "wb") as fh:
        write_template(fh, year=2023)
    return path


def test_blank_form_has_formulas_validations_formats_and_instructions(tmp_path):
    path = _blank(tmp_path)
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == "项目支出绩效自评表" and ws["A2"].value == "（2023年度）"
    assert ws["E6"].value == "=SUM(E7:E9)"                    # 年度资金总额 全年预算数
    assert ws["H6"].value.startswith("=IF(N(E6)=0") and ws["H6"].number_format == "0.00%"
    assert "MIN(H6,1)*G6" in ws["I6"].value                    # execution score, capped
    total = next(r for r in range(1, 40) if ws.cell(r, 1).value == "总分")
    assert ws.cell(total, 7).value.startswith("=SUM(G6,")
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert {"decimal", "list"} <= kinds
    assert ws.column_dimensions["I"].width > 20
    notes = [ws.cell(r, 1).value for r in range(total, total + 12) if ws.cell(r, 1).value]
    assert "填表说明" in notes and any("产出指标50分" in str(n) for n in notes)


def test_blank_form_carries_cached_values(tmp_path):
    import zipfile

    xml = zipfile.ZipFile(_blank(tmp_path)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>SUM(E7:E9)</f><v>0.0</v>" in xml            # a total, calculated
    assert "<f>IF(N(E6)=0,\"\",ROUND(N(F6)/E6,4))</f><v></v>" in xml and "t=\"str\"><f>IF(N(E6)" in xml


def test_blank_form_reads_back_without_structure_findings(tmp_path):
    pb = read_projects(str(_blank(tmp_path)), "xlsx")
    assert pb.problems == []
    p = pb.projects[0]
    assert p.year == 2023 and set(p.funds) == {"total", "fiscal", "carryover", "other"}
    assert p.indicators == []  # blank rows are not indicators


def test_cli_writes_the_project_form(tmp_path):
    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(main, ["template", "--form", "project", "--year", "2022", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_projects(str(out), "xlsx").projects[0].year == 2022
    bad = CliRunner().invoke(main, ["template", "--form", "nosuch", "-o", str(tmp_path / "x.xlsx")])
    assert bad.exit_code != 0 and "nosuch" in bad.output
