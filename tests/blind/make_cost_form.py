"""Build two workbooks of the 财预〔2021〕101号 / 专项债 project self-evaluation form.

The layout is the national 项目支出绩效自评表 as FORMS.md §1 prints it (a header, the funding
block 年初预算数 | 全年预算数(A) | 全年执行数(B) | 分值 | 执行率(B/A) | 得分, the overall target,
the indicator grid, 总分), with the 101号 indicator tree of §2: 成本 20 / 产出 40 / 效益 20 /
满意度 10, plus 执行率 10. Written from FORMS.md alone, not from any sample of the tool.

`build(path)` writes the consistent workbook (every figure right); `build(path, faulty=True)`
writes the same project with four planted faults and returns where each one is.

    python3 tests/blind/make_cost_form.py OUTDIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

SHEET = "城区道路改造"
TITLE = "项目支出绩效自评表"

# Funding rows: label, 年初预算数, 全年预算数(A), 全年执行数(B). The total is their sum.
FUND_PARTS = [
    ("其中：当年财政拨款", 800.00, 1000.00, 960.40),
    ("上年结转资金", 200.00, 150.00, 150.00),
    ("其他资金", 0.00, 50.00, 40.00),
]
EXECUTION_POINTS = 10

# Indicator grid: 一级 (with its points), 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因.
# The one missed target (道路长度 1.45 of ≥1.5 公里) scores 10 × 1.45 / 1.5 = 9.67 and says why.
INDICATORS = [
    ("成本指标", 20, [
        ("经济成本指标", "单位公里综合造价", "≤800万元/公里", "785万元/公里", 8, 8, ""),
        ("社会成本指标", "征地拆迁影响户数", "≤30户", "26户", 6, 6, ""),
        ("生态环境成本指标", "施工期环境影响", "符合环评要求", "符合环评要求", 6, 6, ""),
    ]),
    ("产出指标", 40, [
        ("数量指标", "新建道路长度", "≥1.5公里", "1.45公里", 10, 9.67,
         "一处路段征地滞后，剩余0.05公里顺延至次年一季度完工。"),
        ("数量指标", "配套排水管网长度", "≥3公里", "3.2公里", 10, 10, ""),
        ("质量指标", "工程验收合格率", "=100%", "100%", 10, 10, ""),
        ("时效指标", "按期完工率", "≥95%", "100%", 10, 10, ""),
    ]),
    ("效益指标", 20, [
        ("经济效益指标", "带动沿线就业人数", "≥200人", "230人", 5, 5, ""),
        ("社会效益指标", "沿线群众出行条件", "明显改善", "明显改善", 10, 10, ""),
        ("可持续影响指标", "道路设计使用年限", "≥15年", "15年", 5, 5, ""),
    ]),
    ("满意度指标", 10, [
        ("服务对象满意度指标", "沿线群众满意度", "≥90%", "93%", 10, 10, ""),
    ]),
]

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _rate(execution: float, budget: float) -> float:
    """执行率 as the form prints it: a fraction kept to two decimals of a percent."""
    return round(execution / budget, 4)


def _execution_score(rate: float) -> float:
    return round(min(rate, 1.0) * EXECUTION_POINTS, 2)


def build(path: str | Path, faulty: bool = False) -> dict[str, tuple[str, str]]:
    """Write the workbook; return {fault: (sheet, cell)} of the faults planted (none if consistent)."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    planted: dict[str, tuple[str, str]] = {}
    widths = {"A": 12, "B": 16, "C": 14, "D": 18, "E": 16, "F": 14, "G": 12, "H": 10, "I": 36}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width

    def put(cell: str, value, fmt: str | None = None) -> None:
        ws[cell] = value
        if isinstance(value, str) and value.startswith("="):
            # openpyxl takes a string starting with "=" for a formula (an uncached one, read as
            # blank): the target =100% is text, as a department types it
            ws[cell].data_type = "s"
        ws[cell].border = BOX
        ws[cell].alignment = Alignment(vertical="center", wrap_text=True)
        if fmt:
            ws[cell].number_format = fmt

    # Header
    ws["A1"] = TITLE
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A1:I1")
    ws["A2"] = "（2022年度）"
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A2:I2")
    put("A3", "项目名称")
    put("B3", "某县城区道路改造工程（地方政府专项债券项目）")
    ws.merge_cells("B3:I3")
    put("A4", "主管部门")
    put("B4", "某县交通运输局")
    ws.merge_cells("B4:D4")
    put("E4", "实施单位")
    put("F4", "某县公路事务中心")
    ws.merge_cells("F4:I4")

    # Funding block: rows 5 (headers) to 9; 分值 and 得分 only on the total row.
    put("A5", "项目资金（万元）")
    ws.merge_cells("A5:A9")
    for col, head in zip("BCDEFGH", ["", "年初预算数", "全年预算数（A）", "全年执行数（B）",
                                     "分值", "执行率（B/A）", "得分"]):
        put(f"{col}5", head)
    opening = round(sum(p[1] for p in FUND_PARTS), 2)
    budget = round(sum(p[2] for p in FUND_PARTS), 2)
    spent = round(sum(p[3] for p in FUND_PARTS), 2)
    rate = _rate(spent, budget)
    put("B6", "年度资金总额")
    put("C6", opening, "0.00")
    put("D6", budget, "0.00")
    put("E6", spent, "0.00")
    put("F6", EXECUTION_POINTS)
    printed_rate = rate
    if faulty:  # fault 1: the total's 执行率 does not follow from its own amounts
        printed_rate = 0.985
        planted["execution_rate"] = (SHEET, "G6")
    put("G6", printed_rate, "0.00%")
    put("H6", _execution_score(rate), "0.00")  # the score is right for the true rate
    for row, (label, o, b, s) in enumerate(FUND_PARTS, start=7):
        put(f"B{row}", label)
        put(f"C{row}", o, "0.00")
        put(f"D{row}", b, "0.00")
        put(f"E{row}", s, "0.00")
        put(f"F{row}", "—")
        put(f"G{row}", _rate(s, b), "0.00%")
        put(f"H{row}", "—")

    # Overall target
    put("A10", "年度总体目标")
    ws.merge_cells("A10:A11")
    put("B10", "预期目标")
    ws.merge_cells("B10:E10")
    put("F10", "实际完成情况")
    ws.merge_cells("F10:I10")
    put("B11", "完成城区道路改造1.5公里及配套排水管网3公里，改善沿线群众出行条件。")
    ws.merge_cells("B11:E11")
    put("F11", "完成道路改造1.45公里、排水管网3.2公里，工程验收合格，沿线出行条件明显改善。")
    ws.merge_cells("F11:I11")

    # Indicator grid
    first = 12
    put(f"A{first}", "绩效指标")
    for col, head in zip("BCDEFGHI", ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                                      "分值", "得分", "偏差原因分析及改进措施"]):
        put(f"{col}{first}", head)
    row = first + 1
    total_score = _execution_score(rate)
    for level1, level1_points, rows in INDICATORS:
        top = row
        put(f"B{row}", f"{level1}（{level1_points}分）")
        for level2, name, target, achieved, points, score, reason in rows:
            if faulty and name == "工程验收合格率":  # fault 2: a score above its points
                score = 12
                planted["score_above_points"] = (SHEET, f"H{row}")
            if faulty and name == "道路设计使用年限":  # fault 3: 效益 points 5+10+8 ≠ 20
                points, score = 8, 8
                planted["level1_points"] = (SHEET, f"B{top}")
            put(f"C{row}", level2)
            put(f"D{row}", name)
            put(f"E{row}", target)
            put(f"F{row}", achieved)
            put(f"G{row}", points)
            put(f"H{row}", score)
            put(f"I{row}", reason)
            total_score += score
            row += 1
        ws.merge_cells(f"B{top}:B{row - 1}")
        # 二级 labels are merged down over their rows where they repeat
        start = top
        for r in range(top + 1, row + 1):
            if r == row or ws[f"C{r}"].value != ws[f"C{start}"].value:
                if r - 1 > start:
                    for k in range(start + 1, r):
                        ws[f"C{k}"].value = None
                    ws.merge_cells(f"C{start}:C{r - 1}")
                start = r
    ws.merge_cells(f"A{first}:A{row - 1}")

    put(f"A{row}", "总分")
    ws.merge_cells(f"A{row}:F{row}")
    put(f"G{row}", 100)
    stated_total = round(total_score, 2)
    if faulty:  # fault 4: the total left at the figure before the edits, not the sum
        stated_total = 99.26
        planted["total"] = (SHEET, f"H{row}")
    put(f"H{row}", stated_total, "0.00")
    put(f"I{row}", "")
    wb.save(path)
    return planted


def consistent_total() -> float:
    """The consistent workbook's 总分 (execution score + indicator scores)."""
    spent = sum(p[3] for p in FUND_PARTS)
    budget = sum(p[2] for p in FUND_PARTS)
    return round(_execution_score(_rate(spent, budget))
                 + sum(r[5] for _, _, rows in INDICATORS for r in rows), 2)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    build(out / "cost-2021-consistent.xlsx")
    faults = build(out / "cost-2021-faulty.xlsx", faulty=True)
    for fault, (sheet, cell) in faults.items():
        print(f"{fault}: {sheet}!{cell}")
