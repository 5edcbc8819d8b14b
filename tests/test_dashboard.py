"""The reviewer's dashboard on the bundled samples: who needs the reviewer first, links that
open each finding's cell, one column per indicator, notices, and a resubmission compared
with --baseline."""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils.cell import coordinate_from_string, range_boundaries

from auditor.cli import main
from auditor.labels import indicator_key

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
REFERENCE = "renhua-zuzhibu-2023"
# every sample but the two with planted faults and the reference (its 37.3%)
CONSISTENT_FILES = {"audit-bureau-2023.xlsx", "archives-yuan-2023.xlsx", "science-assoc-drift-2023.xlsx",
                    "forestry-legacy-2023.xls", "project-roads-2022.xlsx", "project-three-2022.xlsx",
                    "project-hubei-clinics-2022.xlsx", "project-yunnan-clinics-2022.xlsx",
                    "project-sichuan-schools-2022.xls", "project-sichuan-printed-2022.xlsx",
                    "project-hubei-printed-2022.xlsx"} | {
    f"described-{form}-2023.xlsx" for form in ("guizhou-dept", "chongqing-dept", "jiangxi-unit", "hunan-dept",
                                               "national-method")}


def batch(folder, out, *args):
    result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(out), "--jobs", "1", *args])
    assert result.exit_code == 0, result.output
    return result


def rows(ws, head_row=1) -> list[dict]:
    head = [c.value for c in ws[head_row]]
    return [dict(zip(head, row), _cells=dict(zip(head, row)))
            for row in ws.iter_rows(min_row=head_row + 1) if row[0].value and not str(row[0].value).startswith(("合计", "注意"))]


def value_rows(ws) -> list[dict]:
    return [{k: c.value for k, c in r["_cells"].items()} for r in rows(ws)]


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    for p in SAMPLES.iterdir():
        if p.suffix in (".xlsx", ".xls", ".txt"):
            shutil.copy(p, folder / p.name)
    out = tmp_path_factory.mktemp("out")
    batch(folder, out, "--notices")
    return folder, out


def test_the_department_with_most_errors_comes_first_and_consistent_ones_pass(samples):
    _, out = samples
    summary = value_rows(openpyxl.load_workbook(out / "summary.xlsx")["汇总"])
    first = summary[0]
    assert first["部门名称"] == "仁化县水务局" and first["审核结论"] == "退回修改"
    assert first["错误"] == max(r["错误"] for r in summary)
    # the weightiest first: the grade wrong, then 三公 over budget (not the first three cells)
    problems = first["主要问题"].split("\n")
    assert len(problems) == 3 and problems[0].startswith("自评评分表!D38：")
    assert problems[1].startswith("三公经费!C6：") and "超过预算" in problems[1]
    assert {r["文件"] for r in summary if r["审核结论"] == "通过"} == CONSISTENT_FILES
    reference = next(r for r in summary if r["文件"] == f"{REFERENCE}.xlsx")
    assert reference["审核结论"] == "退回修改" and "37.3%" in reference["主要问题"]


def test_every_finding_opens_its_cell_in_the_annotated_copy(samples):
    _, out = samples
    findings = rows(openpyxl.load_workbook(out / "summary.xlsx")["问题清单"])
    copies: dict[str, openpyxl.Workbook] = {}
    opened = 0
    for r in findings:
        link = r["_cells"]["位置"].hyperlink
        assert link is not None, (r["代码"].value, r["位置"].value)
        target = unquote(link.target.replace("\\", "/"))
        assert target.startswith("annotated/") and link.location
        sheet, cell = link.location.rsplit("!", 1)
        sheet = sheet.strip("'").replace("''", "'")
        if target not in copies:
            copies[target] = openpyxl.load_workbook(out / target)
        ws = copies[target][sheet]
        coordinate_from_string(cell)                       # a real cell reference
        where = r["位置"].value
        if "!" in where:   # a cell of the workbook: the copy marks it (or its merged range) with a note
            assert where == f"{sheet}!{cell}"
            merged = next((m for m in ws.merged_cells.ranges if cell in m), None)
            marked = ws[cell] if merged is None else ws.cell(*range_boundaries(str(merged))[1::-1])
            assert marked.comment is not None, where
            opened += 1
        else:              # the report's line: the copy's findings sheet lists it
            assert sheet == "审核意见"
    assert opened >= 30


def test_no_indicator_appears_twice(samples):
    _, out = samples
    ws = openpyxl.load_workbook(out / "summary.xlsx")["指标得分"]
    header = [c.value for c in ws[2]]
    standard = header[4:header.index(None, 4)]
    keys = [indicator_key(h.rsplit("（", 1)[0]) for h in standard]
    assert len(keys) == len(set(keys)) == 21
    assert ws.max_column < 40   # the departments' own indicators are rows, not columns


def test_a_notice_per_department_in_the_findings_sheets_words(samples):
    _, out = samples
    names = sorted(p.name for p in (out / "notices").iterdir())
    assert names == sorted(p.stem + ".docx" for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".xls"))
    notice = docx.Document(out / "notices" / f"{REFERENCE}.docx")
    text = "\n".join(p.text for p in notice.paragraphs)
    facts = {row.cells[0].text: row.cells[1].text for row in notice.tables[0].rows}
    assert facts["部门"] == "中共仁化县委组织部" and facts["评价年度"] == "2023" and facts["审核结论"] == "退回修改"
    assert facts["自评总分与等级"] == "填报 95分/优；重新加总 95分/优" and "复核" not in text and "审核人" in text and "日期" in text
    table = [[c.text for c in row.cells] for row in notice.tables[1].rows]
    assert table[0] == ["序号", "类别", "位置", "问题及处理办法", "应为", "填报为"]
    sheet = {r["位置"]: r["问题"] for r in value_rows(openpyxl.load_workbook(out / "summary.xlsx")["问题清单"])
             if r["文件"] == f"{REFERENCE}.xlsx"}
    assert table[1][2] == "收支情况!G3" and table[1][3].startswith(sheet["收支情况!G3"])
    assert table[1][4:] == ["37.05", "37.30"]
    summary = value_rows(openpyxl.load_workbook(out / "summary.xlsx")["汇总"])
    assert all(r["审核意见书"] == "打开" for r in summary)


def test_a_resubmission_with_the_37_3_corrected_shows_it_fixed(samples, tmp_path):
    folder, out = samples
    again = tmp_path / "in"
    again.mkdir()
    for name in (f"{REFERENCE}.xlsx", f"{REFERENCE}.txt"):
        shutil.copy(folder / name, again / name)
    wb = openpyxl.load_workbook(again / f"{REFERENCE}.xlsx")
    wb["收支情况"].insert_rows(1)       # a row inserted above: every cell moves, the problems do not
    assert wb["收支情况"]["G4"].value == 37.3
    wb["收支情况"]["G4"] = 37.05
    wb.save(again / f"{REFERENCE}.xlsx")
    out2 = tmp_path / "out"
    batch(again, out2, "--notices", "--baseline", str(out / "report.json"))
    book = openpyxl.load_workbook(out2 / "summary.xlsx")
    row = next(r for r in value_rows(book["汇总"]) if r["文件"] == f"{REFERENCE}.xlsx")
    assert row["已整改"] >= 1 and "37.30%" in row["已整改的问题"] and "收支情况!G3" in row["已整改的问题"]
    marks = {(r["代码"], r["对比上次"]) for r in value_rows(book["问题清单"]) if r["文件"] == f"{REFERENCE}.xlsx"}
    assert ("B012", "已整改") in marks
    assert ("N012", "仍存在") in marks            # the report's own problem was not touched
    notice = docx.Document(out2 / "notices" / f"{REFERENCE}.docx")
    text = "\n".join(p.text for p in notice.paragraphs)
    assert "上次报送后已整改的问题" in text and "已整改" in text
    fixed = [[c.text for c in row.cells] for row in notice.tables[-1].rows]
    assert any(r[2] == "收支情况!G3" and "37.30%" in r[3] for r in fixed[1:])


def test_check_compares_one_file_with_a_baseline_and_writes_its_notice(samples, tmp_path):
    folder, out = samples
    renamed = tmp_path / "组织部-重报.xlsx"
    shutil.copy(folder / f"{REFERENCE}.xlsx", renamed)
    result = CliRunner().invoke(main, ["check", str(renamed), "--baseline", str(out / "report.json"),
                                       "--notices", str(tmp_path / "n")])
    assert result.exit_code == 1   # the 37.3% is still there
    notice = docx.Document(tmp_path / "n" / "组织部-重报.docx")
    table = [[c.text for c in row.cells] for row in notice.tables[1].rows]
    assert table[0][-1] == "对比上次" and table[1][2] == "收支情况!G3" and table[1][-1] == "仍存在"


def test_a_baseline_that_is_not_a_report_is_a_usage_error(samples, tmp_path):
    folder, _ = samples
    bad = tmp_path / "report.json"
    bad.write_text('{"files": 3}', "utf-8")
    result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(tmp_path / "o"), "--baseline", str(bad)])
    assert result.exit_code == 2 and "report.json" in result.output and not (tmp_path / "o").exists()


def test_notices_are_owned_like_the_copies(samples, tmp_path):
    folder, _ = samples
    out = tmp_path / "out"
    batch(folder, out, "--notices")
    mine = out / "notices" / "审核人的意见.docx"
    mine.write_bytes(b"a reviewer's own")
    (out / "notices" / "audit-bureau-2023.docx").write_bytes(b"edited by the reviewer")
    batch(folder, out, "--notices")
    assert mine.read_bytes() == b"a reviewer's own"                       # never ours to remove
    assert (out / "notices" / "audit-bureau-2023.docx").read_bytes() == b"edited by the reviewer"
    again = {p.name for p in (out / "notices").iterdir() if p.name.startswith("audit-bureau-2023")}
    assert len(again) == 2                                                  # the new one takes another name
