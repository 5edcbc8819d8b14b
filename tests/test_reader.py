"""The reader gives the same model whatever the drift, and every value knows its cell."""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from auditor.forms.department.read import read_workbook
from auditor.forms.department.vocabulary import PERCENT_COLUMNS
from auditor.forms.department.template import build_book, write_workbook
from tests.rules.base_data import base_data

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_workbooks"
sys.path.insert(0, str(ROOT / "scripts"))
import make_samples  # noqa: E402
import sample_data as D  # noqa: E402

TABLES = ("income", "expense_economic", "expense_nature", "sangong")


def projection(wb) -> dict:
    """What a workbook says, without where it says it: zeros and blanks dropped, amounts in 万元."""
    out = {"department": wb.department, "year": wb.year}
    for key in TABLES:
        table = getattr(wb, key)
        assert table is not None, key
        for line, ln in table.lines.items():
            for col, v in ln.values.items():
                if v.is_number and v.number != 0:
                    n = v.number if col in PERCENT_COLUMNS else (v.number * wb.wan_factor)
                    out[(key, line, col)] = n.quantize(Decimal("0.0001")).normalize()
    if wb.execution_rate is not None and wb.execution_rate.is_number:
        out["execution_rate"] = wb.execution_rate.number.normalize()
    for t in wb.targets:
        out[("target", t.name)] = (t.target.text, t.achieved.text, t.status.text)
    for leaf in wb.scoring.leaves():
        out[("score", leaf.path)] = (leaf.points.number.normalize(), leaf.score.number.normalize())
    out["total"] = wb.scoring.total_score.number.normalize()
    out["grade"] = wb.scoring.grade.text
    return out


def _standard(data: dict, tmp_path: Path, name="standard.xlsx"):
    path = tmp_path / name
    write_workbook(path, data)
    return read_workbook(str(path), "xlsx")


# --- drift forms, each applied alone to a consistent department -------------------------

def _copy(src: Path, dst: Path, cell=lambda ws, r, c, v: (r, c, v), sheet_name=lambda n: n,
          before=None, after=None) -> None:
    """Rewrite a workbook value by value (its formulas' cached values), through ``cell``."""
    wb = openpyxl.load_workbook(src, data_only=True)
    out = openpyxl.Workbook()
    out.remove(out.active)
    for ws in wb.worksheets:
        new = out.create_sheet(sheet_name(ws.title))
        if before:
            before(new)
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                placed = cell(ws, c.row, c.column, c.value)
                if placed is None:
                    continue
                r, col, v = placed[:3]
                target = new.cell(r, col, v)
                if isinstance(v, str) and v.startswith("="):
                    target.data_type = "s"
                if len(placed) > 3:
                    target.number_format = placed[3]
        if after:
            after(new)
    out.save(dst)


def _percent_col(ws, col) -> bool:
    header = "".join(str(ws.cell(r, col).value or "") for r in range(1, 40) if ws.cell(r, 1).value == "项目")
    return "%" in header or "％" in header


def _is_percent_cell(ws, r, c) -> bool:
    for rr in range(r, 0, -1):
        if ws.cell(rr, 1).value == "项目":
            return "%" in str(ws.cell(rr, c).value or "")
    return ws.cell(r, 1).value == "预算执行率（%）"


COVER_LABELS = {"评价年度", "部门名称", "部门编码", "填报人", "联系电话", "金额单位"}
FULL = str.maketrans("0123456789.-,", "０１２３４５６７８９．－，")

DRIFTS = {
    "renamed and reordered sheets, an extra sheet": dict(
        sheet_name=lambda n: {"封面": "基本信息", "收支情况": "1.收支表", "三公经费": "2.三公",
                              "绩效目标完成情况": "3.绩效目标", "自评评分表": "4.自评评分"}[n]),
    "inserted title, unit and blank rows": dict(
        cell=lambda ws, r, c, v: (r + 3, c, v),
        before=lambda ws: (ws.cell(1, 1, f"{ws.title}（表）"), ws.cell(2, 1, "单位：万元"))),
    "numbers typed as text with separators": dict(
        cell=lambda ws, r, c, v: (r, c, f"{v:,.2f}" if isinstance(v, float) and abs(v) >= 1000 else v)),
    "full-width digits": dict(
        cell=lambda ws, r, c, v: (r, c, (f"{v:.2f}".translate(FULL) if isinstance(v, float) and ws.title == "收支情况" else v))),
    "万元 typed into amount cells": dict(
        cell=lambda ws, r, c, v: (r, c, f"{v}万元" if isinstance(v, float) and ws.title == "三公经费" and c <= 3 else v)),
    "percentages as text with a % sign": dict(
        cell=lambda ws, r, c, v: (r, c, f"{v}%" if isinstance(v, (int, float)) and _is_percent_cell(ws, r, c) else v)),
    "percentages as fractions under a % format": dict(
        cell=lambda ws, r, c, v: ((r, c, float(Decimal(repr(v)) / 100), "0.00%")
                                  if isinstance(v, (int, float)) and _is_percent_cell(ws, r, c) else (r, c, v))),
    "negatives in brackets and dashes for nothing": dict(
        cell=lambda ws, r, c, v: (r, c, (f"（{abs(v)}）" if isinstance(v, float) and v < 0 else
                                         "—" if v == 0 and ws.title == "收支情况" and c >= 5 else v))),
    "the first column headed 科目名称 instead of 项目": dict(
        cell=lambda ws, r, c, v: (r, c, "科目名称" if v == "项目" else v)),
    "cover labels and values in one cell (部门名称：…)": dict(
        cell=lambda ws, r, c, v: (None if ws.title == "封面" and c == 2 and ws.cell(r, 1).value in COVER_LABELS
                                  else (r, c, f"{v}：{ws.cell(r, 2).value}") if ws.title == "封面" and c == 1
                                  and v in COVER_LABELS and ws.cell(r, 2).value is not None else (r, c, v))),
    "zero lines deleted": dict(
        cell=lambda ws, r, c, v: None if ws.title == "收支情况" and str(ws.cell(r, 1).value) in
        ("国有资本经营预算财政拨款收入", "上级补助收入", "事业收入", "经营收入", "资本性支出", "其他支出") else (r, c, v)),
}


@pytest.mark.parametrize("drift", list(DRIFTS))
def test_each_drift_form_reads_to_the_same_model(tmp_path, drift):
    standard = _standard(base_data(), tmp_path)
    drifted = tmp_path / "drift.xlsx"
    _copy(tmp_path / "standard.xlsx", drifted, **DRIFTS[drift])
    wb = read_workbook(str(drifted), "xlsx")
    assert [p.code for p in wb.problems if p.code not in ("S012",)] == []
    assert projection(wb) == projection(standard)


def test_merged_group_cells_carry_down(tmp_path):
    """一级/二级 written once and merged down, or written once and left blank below."""
    standard = _standard(base_data(), tmp_path)
    src = openpyxl.load_workbook(tmp_path / "standard.xlsx")
    ws = src["自评评分表"]
    for rng in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(rng))
    src.save(tmp_path / "unmerged.xlsx")  # formulas lose their cached values here: read scores only
    wb = read_workbook(str(tmp_path / "unmerged.xlsx"), "xlsx")
    assert [leaf.path for leaf in wb.scoring.leaves()] == [leaf.path for leaf in standard.scoring.leaves()]


# --- the samples --------------------------------------------------------------------------

def test_drift_sample_reads_as_its_standard_form(tmp_path):
    drift = read_workbook(str(SAMPLES / "science-assoc-drift-2023.xlsx"), "xlsx")
    standard = _standard(make_samples.resolve(D.SCIENCE), tmp_path)
    assert projection(drift) == projection(standard)


def test_legacy_xls_sample_reads_as_its_standard_form(tmp_path):
    legacy = read_workbook(str(SAMPLES / "forestry-legacy-2023.xls"), "xls")
    standard = _standard(make_samples.resolve(D.FORESTRY), tmp_path)
    assert projection(legacy) == projection(standard)


def test_yuan_sample_is_read_in_yuan_and_normalised_to_wan():
    wb = read_workbook(str(SAMPLES / "archives-yuan-2023.xlsx"), "xlsx")
    assert wb.unit == "元"
    total = wb.income.value("total", "actual")
    assert total.number > 10000 and wb.wan_factor == Decimal("0.0001")


@pytest.mark.parametrize("name", list(make_samples.XLSX))
def test_every_sample_value_is_read_at_the_cell_it_was_written_to(name):
    """The writer's record of where each figure landed against where the reader found it."""
    book = build_book(make_samples.resolve(make_samples.XLSX[name]))
    wb = read_workbook(str(SAMPLES / name), "xlsx")
    checked = 0
    for key, ref in book.anchors.items():
        if key[0] in TABLES:
            table, line, col = key
            v = getattr(wb, table).value(line, col)
            assert v is not None and f"{v.sheet}!{v.cell}" == ref, key
        elif key[0] == "scoring":
            _, name_, col = key
            leaf = next(l for l in wb.scoring.leaves() if l.name == name_.strip())
            v = {"points": leaf.points, "score": leaf.score, "reason": leaf.reason,
                 "criteria": leaf.criteria}.get(col)
            if v is None:
                continue
            assert f"{v.sheet}!{v.cell}" == ref, key
        elif key[0] == "execution_rate":
            assert f"{wb.execution_rate.sheet}!{wb.execution_rate.cell}" == ref
        elif key[0] == "cover":
            v = getattr(wb.cover, key[1])
            assert v is not None and f"{v.sheet}!{v.cell}" == ref, key
        else:
            continue
        checked += 1
    assert checked > 100


def test_blank_template_reads_back_with_every_part_found(tmp_path):
    path = tmp_path / "blank.xlsx"
    write_workbook(path, None)
    wb = read_workbook(str(path), "xlsx")
    located = {"S001", "S002", "S003", "S004", "S005", "S006", "S008", "S009", "S013"}
    assert [p for p in wb.problems if p.code in located] == []
    assert len(list(wb.scoring.leaves())) == 21  # the standard ones; 履职效能 rows are blank
    assert all(getattr(wb, t) is not None for t in TABLES)


def test_formula_without_cached_value_is_not_zero(tmp_path):
    path = tmp_path / "base.xlsx"
    write_workbook(path, base_data())
    wb = openpyxl.load_workbook(path)
    wb.save(path)  # openpyxl keeps formulas and drops their results
    model = read_workbook(str(path), "xlsx")
    total = model.income.value("total", "actual")
    assert total.uncached and total.number is None
    assert any(p.code == "S006" and p.location.cell == total.cell for p in model.problems)


def test_a_quantity_typed_with_a_leading_equals_is_read_as_typed(tmp_path):
    # openpyxl (and xlsxwriter) save any string typed with a leading "=" as a formula with no
    # result: "=100%" is a target, not a blank; "=5" in a number cell is 5, known uncalculated.
    from auditor.reader.cells import CellReader
    from auditor.reader.grid import read_xlsx

    path = tmp_path / "typed.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "表"
    for row, typed in enumerate(["=100%", "= 100 %", "=3个", "=5", "=SUM(A1:A2)"], start=1):
        sheet.cell(row, 1, typed)
        sheet.cell(row, 2, typed)
    book.save(path)
    (grid,) = read_xlsx(str(path), lambda name: True).sheets
    problems = []
    cr = CellReader(grid, str(path), problems)
    texts = [cr.value(row, 1, "指标值", number=False) for row in range(1, 6)]
    assert [(v.text, v.kind) for v in texts[:3]] == [("=100%", "text"), ("=100 %", "text"), ("=3个", "text")]
    assert [cr.text(row, 1) for row in (1, 5)] == ["=100%", ""]
    assert texts[4].uncached and texts[4].text == ""  # a real formula is still not read
    five, total = cr.value(4, 2, "得分"), cr.value(5, 2, "合计")
    assert five.is_number and five.number == 5 and five.cell == "B4"
    # typed, so no formula: a blank template's own totals are formulas, these are filled in
    assert five.formula is None and texts[0].formula is None and total.formula == "SUM(A1:A2)"
    assert total.uncached and total.number is None
    assert [p.location.cell for p in problems] == ["B5"]  # S006 for the real formula only
