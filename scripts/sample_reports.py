"""A short 自评报告 for each consistent sample department, written from its data: the
figures a report states (收入, 支出, 执行率, 三公, 总分 and 等级), all agreeing with the
workbook, and the 存在问题 and 改进措施 every report must have (N030), so that the narrative rules have a right report to pass and N001 (no report)
does not fire on a sample that is meant to be consistent."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

_CENT = Decimal("0.01")


def _d(x) -> Decimal:
    return Decimal(repr(x)) if isinstance(x, float) else Decimal(x or 0)


def _wan(x: Decimal, unit: str) -> str:
    value = x / 10000 if unit == "元" else x
    return f"{value.quantize(_CENT, ROUND_HALF_UP)}万元"


def _sum(table: dict, lines, column: str) -> Decimal:
    return sum((_d(table.get(k, {}).get(column)) for k in lines), Decimal(0))


def report_text(data: dict) -> str:
    cover, unit = data["cover"], data["cover"].get("unit", "万元")
    income = _sum(data["income"], [k for k in data["income"] if k not in ("carryover", "total", "grand_total")],
                  "actual")
    economic = data["expense_economic"]
    spent = _sum(economic, [k for k in economic if k != "total"], "actual")
    sg = data["sangong"]
    parts = ("abroad", "vehicle_purchase", "vehicle_running", "reception") if "vehicle_running" in sg \
        else ("abroad", "vehicles", "reception")
    sg_actual, sg_budget = _sum(sg, parts, "actual"), _sum(sg, parts, "budget")
    score = sum((_d(r["score"]) for r in data["scoring"]), Decimal(0))
    score_text = f"{score.normalize():f}"
    lines = [
        f"{cover['department']}{cover['year']}年度部门整体支出绩效自评报告",
        "一、部门基本情况",
        f"{cover['department']}按照年度工作计划履行职责，完成各项工作任务。",
        "二、部门整体支出情况",
        f"{cover['year']}年度本年收入合计{_wan(income, unit)}，本年支出合计{_wan(spent, unit)}。",
        f"“三公”经费预算{_wan(sg_budget, unit)}，实际支出{_wan(sg_actual, unit)}，未超过预算。",
        "三、自评结论",
        f"按照部门整体支出绩效评价指标体系对照打分，自评得分为{score_text}分，等级为“{data['grade']}”。",
        "四、存在问题",
        "部分绩效指标设置偏重过程，量化程度不够，个别项目资金支付进度前松后紧。",
        "五、改进措施",
        "下一年度细化量化绩效指标，按月跟踪资金支付进度，及时分析原因并督促整改。",
    ]
    return "\n".join(lines) + "\n"


def write_report(path: Path, data: dict) -> Path:
    path.write_text(report_text(data), encoding="utf-8")
    return path
