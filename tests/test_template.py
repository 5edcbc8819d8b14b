"""The standard workbook writer: the blank form's contract and a filled form's arithmetic."""
from __future__ import annotations

import io

import openpyxl
import pytest

from auditor.forms.department import vocabulary as L
from auditor.forms.department.packs import for_year
from auditor.forms.department.template import write_template, write_workbook

PACK = for_year(2023)


def _load(target, data_only=False):
    if isinstance(target, io.BytesIO):
        target.seek(0)
    return openpyxl.load_workbook(target, data_only=data_only)


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    path = tmp_path_factory.mktemp("tpl") / "template.xlsx"
    write_template(path)
    return _load(path), _load(path, data_only=True)


SMALL = {
    "cover": {"year": 2023, "department": "测试局", "filler": "张三", "phone": "0751-1", "date": "2024. 8. 1"},
    "income": {
        "general_public": {"budget_initial": 3793.39, "budget_adjusted": 5219.91, "actual": 5199.03,
                           "change_rate": 37.3},
        "gov_fund": {"budget_initial": 888.56, "budget_adjusted": 0, "actual": 0},
    },
    "expense_economic": {
        "wages": {"budget_initial": 4420.47, "budget_adjusted": 5003.46, "actual": 4990.28},
        "goods_services": {"budget_initial": 215.08, "budget_adjusted": 181.20, "actual": 174.64},
        "household": {"budget_initial": 46.40, "budget_adjusted": 35.25, "actual": 34.11},
    },
    "expense_nature": {
        "personnel": {"budget_adjusted": 5019.35, "actual": 5010.12},
        "public_use": {"budget_adjusted": 74.36, "actual": 74.27},
        "project": {"budget_adjusted": 126.20, "actual": 114.64},
    },
    "sangong": {
        "vehicle_purchase": {"budget": 0, "actual": 0},
        "vehicle_running": {"budget": 12.00, "actual": 10.86},
        "reception": {"budget": 3.00, "actual": 2.15},
    },
    "targets": [{"level1": "履职效能", "level2": "整体效能", "name": "干部考察次数", "target": "≥20次",
                 "achieved": "26次", "status": "已完成", "deviation": ""}],
    "scoring": [{"level1": "履职效能", "level2": "整体效能", "name": f"指标{i}", "points": p, "criteria": "",
                 "score": p, "reason": "完成"} for i, p in enumerate([3, 4, 2, 3, 3, 3, 2, 3])]
    + [{"level1": "履职效能", "level2": "专项效能", "name": f"专项{i}", "points": p, "criteria": "",
        "score": p - (1 if i == 0 else 0), "reason": "扣1分" if i == 0 else "完成"}
       for i, p in enumerate([4, 5, 5, 2, 4, 3])],
    "scoring_standard": {"资产盘点情况": {"score": 0, "reason": "未进行资产盘点，不得分。"}},
    "grade": "优",
}


@pytest.fixture(scope="module")
def filled():
    buf = io.BytesIO()
    book = write_workbook(buf, SMALL)
    return book, _load(buf), _load(buf, data_only=True)


def _column(ws, col, first=1):
    return [ws.cell(row=r, column=col).value for r in range(first, ws.max_row + 1)]


def _find(ws, text):
    for row in ws.iter_rows():
        for c in row:
            if c.value == text:
                return c
    raise AssertionError(f"{text!r} not on {ws.title}")


# --- the blank form ------------------------------------------------------------------------

def test_blank_has_the_five_sheets_in_order(blank):
    wb, _ = blank
    assert wb.sheetnames == ["封面", "收支情况", "三公经费", "绩效目标完成情况", "自评评分表"]


def test_cover_labels_with_values_in_column_b(blank):
    wb, cached = blank
    ws = wb["封面"]
    labels = [ws.cell(row=3 + i, column=1).value for i in range(7)]
    assert labels == ["评价年度", "部门名称", "部门编码", "填报人", "联系电话", "填报日期", "金额单位"]
    assert ws["B3"].value == 2023 and ws["B9"].value == "万元"
    assert ws["B4"].value is None
    assert any(ws.cell(row=r, column=1).value == "填表说明" for r in range(10, 14))


@pytest.mark.parametrize("table", [L.INCOME, L.ECONOMIC, L.NATURE, L.SANGONG], ids=lambda t: t.key)
def test_tables_have_template_headers_and_rows(blank, table):
    ws = blank[0][table.sheet]
    if table.title:
        assert ws.cell(row=table.title_row + 1, column=1).value == table.title
    headers = [ws.cell(row=table.header_row + 1, column=c + 1).value for c in range(len(table.columns))]
    assert headers == [h for _, h in table.columns]
    labels = [ws.cell(row=table.row(k) + 1, column=1).value for k in table.line_keys]
    assert labels == [label for _, label in table.lines]


def test_budget_rows_are_those_of_template_md(blank):
    ws = blank[0]["收支情况"]
    col = _column(ws, 1)
    income = col[col.index("一般公共预算财政拨款收入"):col.index("收入总计") + 1]
    assert income == ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
                      "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入", "本年收入合计",
                      "年初结转和结余", "收入总计"]
    assert col.index("支出情况（按经济分类）") < col.index("支出情况（按支出性质）") < col.index("预算执行率（%）")


def test_scoring_tree_from_the_pack(blank):
    wb, _ = blank
    ws = wb["自评评分表"]
    assert [c.value for c in ws[1]] == [h for _, h in L.SCORING_COLUMNS]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    standard = [(r[2], r[3]) for r in rows if r[2]]
    assert [n for n, _ in standard] == [i.name for i in PACK.standard_indicators()]
    assert len(standard) == 21 and sum(p for _, p in standard) == 54
    # 整体效能 8 and 专项效能 6 blank rows for the department, 二级 merged over them.
    merged = {str(m) for m in ws.merged_cells.ranges}
    overall, special = _find(ws, "整体效能").row, _find(ws, "专项效能").row
    assert f"B{overall}:B{overall + 7}" in merged and f"B{special}:B{special + 5}" in merged
    assert special == overall + 8
    assert f"A{overall}:A{special + 5}" in merged       # 履职效能 over both groups
    assert all(ws.cell(row=r, column=c).value is None for r in range(overall, special + 6) for c in (3, 4, 6))
    # 合计 then 自评等级, last.
    assert ws.cell(row=ws.max_row - 1, column=1).value == "合计"
    assert ws.cell(row=ws.max_row, column=1).value == "自评等级"


def test_blank_formulas_carry_cached_values(blank):
    wb, cached = blank
    ws, wc = wb["自评评分表"], cached["自评评分表"]
    total = ws.max_row - 1
    assert str(ws.cell(row=total, column=4).value).startswith("=SUM(")
    assert wc.cell(row=total, column=4).value == 54          # only the standard points are prefilled
    budget, bc = wb["收支情况"], cached["收支情况"]
    assert budget["D11"].value == "=SUM(D3:D10)" and bc["D11"].value == 0
    assert budget["B13"].value == "=SUM(B11:B12)" and bc["B13"].value == 0
    assert budget["C26"].value == "=SUM(C27:C28)"
    assert budget["E3"].value.startswith('=IF(OR(N(D11)=0')    # a guarded division


def test_validations(blank):
    wb, _ = blank

    def rules(ws):
        return [(dv.type, str(dv.sqref), dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation]
    scoring = rules(wb["自评评分表"])
    last = wb["自评评分表"].max_row
    assert ("decimal", f"F2:F{last - 2}", "0", "$D2") in scoring
    assert ("list", f"D{last}", '"优,良,中,差"', None) in scoring
    assert any(t == "list" and f == '"已完成,未完成"' for t, _, f, _ in rules(wb["绩效目标完成情况"]))
    assert ("list", "B9", '"万元,元"', None) in rules(wb["封面"])


def test_formats_and_frozen_headers(blank):
    wb, _ = blank
    budget = wb["收支情况"]
    assert budget["D3"].number_format == "0.00"       # amount
    assert budget["E3"].number_format == "0.00"       # a （%） column: plain number
    assert wb["三公经费"].freeze_panes == "A2"
    assert wb["自评评分表"].freeze_panes == "A2"
    assert wb["绩效目标完成情况"].freeze_panes == "A2"
    assert wb["自评评分表"].column_dimensions["G"].width > 30


def test_same_input_same_bytes(tmp_path):
    a, b = io.BytesIO(), io.BytesIO()
    write_workbook(a, SMALL)
    write_workbook(b, SMALL)
    assert a.getvalue() == b.getvalue()
    write_template(tmp_path / "x.xlsx")
    write_template(tmp_path / "y.xlsx")
    assert (tmp_path / "x.xlsx").read_bytes() == (tmp_path / "y.xlsx").read_bytes()


def test_another_year_borrows_the_pack_and_says_its_year(tmp_path):
    write_template(tmp_path / "t.xlsx", year=2024)
    assert _load(tmp_path / "t.xlsx")["封面"]["B3"].value == 2024


# --- a filled form -------------------------------------------------------------------------

def test_filled_totals_shares_changes_and_rates(filled):
    _, wb, cached = filled
    c = cached["收支情况"]
    assert c[L.INCOME.cell("total", "actual")].value == pytest.approx(5199.03)
    assert c[L.INCOME.cell("total", "budget_initial")].value == pytest.approx(4681.95)
    assert c[L.INCOME.cell("general_public", "change")].value == pytest.approx(1405.64)
    assert c[L.INCOME.cell("gov_fund", "change_rate")].value == -100
    assert c[L.INCOME.cell("total", "change_rate")].value == pytest.approx(11.04)
    shares = [c[L.ECONOMIC.cell(k, "share")].value for k in ("wages", "goods_services", "household")]
    assert shares == [95.98, 3.36, 0.66]
    assert c[L.NATURE.cell("basic", "actual")].value == pytest.approx(5084.39)
    assert c[L.NATURE.cell("total", "budget_adjusted")].value == pytest.approx(5219.91)
    assert c[L.NATURE.cell("project", "share")].value == 2.21
    assert c[L.execution_ref().split("!")[1]].value == 99.60
    s = cached["三公经费"]
    assert s[L.SANGONG.cell("vehicles", "actual")].value == pytest.approx(10.86)
    assert s[L.SANGONG.cell("total", "budget")].value == 15
    assert s[L.SANGONG.cell("total", "rate")].value == pytest.approx(86.73)
    assert s[L.SANGONG.cell("reception", "change")].value == pytest.approx(-0.85)


def test_typed_values_replace_formulas(filled):
    _, wb, cached = filled
    rate = L.INCOME.cell("general_public", "change_rate")
    assert wb["收支情况"][rate].value == 37.3                # typed, as the department did
    assert str(wb["收支情况"][L.INCOME.cell("general_public", "change")].value).startswith("=")


def test_every_filled_formula_has_a_cached_value(filled):
    _, wb, cached = filled
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert cached[ws.title][cell.coordinate].value is not None, f"{ws.title}!{cell.coordinate}"


def test_filled_scoring_uses_the_standard_rows(filled):
    book, wb, cached = filled
    ws = wb["自评评分表"]
    row = _find(ws, "资产盘点情况").row
    assert ws.cell(row=row, column=6).value == 0
    assert ws.cell(row=row, column=7).value == "未进行资产盘点，不得分。"
    assert ws.cell(row=_find(ws, "数据质量").row, column=6).value is None   # no score given: left blank
    total = cached["自评评分表"][book.anchors[("scoring_total", "total_points")].split("!")[1]]
    assert total.value == 100
    assert cached["自评评分表"][book.anchors[("grade",)].split("!")[1]].value == "优"


def test_a_typed_total_flows_into_the_shares_as_in_excel():
    data = {"expense_economic": {"wages": {"actual": 100}, "goods_services": {"actual": 100},
                                 "total": {"actual": 400}}}
    buf = io.BytesIO()
    write_workbook(buf, data)
    c = _load(buf, data_only=True)["收支情况"]
    assert c[L.ECONOMIC.cell("total", "actual")].value == 400
    assert c[L.ECONOMIC.cell("wages", "share")].value == 25
    assert c[L.ECONOMIC.cell("total", "share")].value == 100


def test_overrides_land_at_their_cell_and_recompute_nothing():
    buf = io.BytesIO()
    write_workbook(buf, SMALL, overrides={"收支情况!D3": 999, "自评评分表!F2": "满分", "三公经费!E6": 250.5})
    wb, c = _load(buf), _load(buf, data_only=True)
    assert wb["收支情况"]["D3"].value == 999
    assert c["收支情况"]["D11"].value == pytest.approx(5199.03)   # the total keeps its cached value
    assert wb["自评评分表"]["F2"].value == "满分"
    assert wb["三公经费"]["E6"].value == 250.5
    assert wb["收支情况"]["D3"].number_format == "0.00"           # the cell keeps its format


def test_unit_yuan_and_dates(tmp_path):
    import datetime as dt
    data = {"cover": {"year": 2023, "unit": "元", "date": dt.date(2024, 8, 1)}}
    write_workbook(tmp_path / "y.xlsx", data)
    ws = _load(tmp_path / "y.xlsx")["封面"]
    assert ws["B9"].value == "元"
    assert ws["B8"].value == dt.datetime(2024, 8, 1)
