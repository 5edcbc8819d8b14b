"""Family T: the three public expenses (三公经费)."""
from __future__ import annotations

from auditor.forms.department.vocabulary import COLUMN_NAMES, line_name
from auditor.forms.department.rules.lines import column_values, value_at
from auditor.rules.arith import amount, money
from auditor.codes import ERROR, register
from auditor.rules.kinds import DifferenceRule, RatioRule, SumRule, unit_of

_ITEMS = ("abroad", "vehicles", "reception")
_COLUMNS = ("budget", "actual", "change")


def over_budget(t):
    """(line, budget, actual) of every 三公 item, and the 合计, spent over its budget.

    Item by item: one item over breaks the budget law's control of 三公经费 even when the
    total stays under.  公务用车购置及运行维护费 counts through its parts when it has them."""
    if t is None:
        return
    for line in ("abroad", "vehicle_purchase", "vehicle_running", "vehicles", "reception", "total"):
        if line == "vehicles" and (t.has("vehicle_purchase") or t.has("vehicle_running")):
            continue  # its parts are judged one by one
        budget, actual = value_at(t, line, "budget"), value_at(t, line, "actual")
        if budget is None or actual is None or not actual.is_number:
            continue
        b, a = amount(budget), amount(actual)
        if b is not None and a is not None and a.lo > b.hi:
            yield line, budget, actual


@register
class OverBudget(SumRule):
    """Each 三公 item's 决算数 is at most its 预算数, and so is the 合计.

    An error, not a remark: spending one item over its budget breaks the control of
    三公经费 even when the total stays under.
    Bad: 公务接待费 预算 2.00, 决算 2.35.
    Good: 决算 1.50.
    """
    code, name, severity, tags = "T001", "sangong-over-budget", ERROR, ("sangong",)
    action = {"zh": "请核实超支原因；三公经费决算不得超过预算",
              "en": "Explain the overspending: 三公 spending may not exceed its budget"}
    message = {"zh": "{item}决算数 {actual}{unit}，超过预算数 {budget}{unit}，超支 {over}{unit}",
               "en": "{item}: 决算 {actual} {unit} exceeds the budget of {budget} {unit} by {over} {unit}"}

    def check(self, ctx):
        unit = unit_of(ctx)
        for line, budget, actual in over_budget(ctx.wb.sangong):
            b = budget.number if budget.is_number else 0
            over = money(actual.number - b)
            # never an 应为 that invites changing the 决算: at most the budget, and by how much it is over
            yield self.at(actual, expected=f"≤ {money(b)}（超支 {over}{unit}）", actual=money(actual.number),
                          related=[budget], item=line_name("sangong", line), budget=money(b), over=over, unit=unit)


@register
class SangongTotal(SumRule):
    """三公 合计 equals 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费, in every column.

    Bad: 0 + 4.20 + 1.50, 合计 5.90.
    Good: 合计 5.70.
    """
    code, name, severity, tags = "T002", "sangong-total", ERROR, ("sangong", "total")
    action = {"zh": "请把三公经费合计改为三项之和", "en": "Make the 三公 total the sum of the three items"}
    level = 2
    message = {"zh": "三公经费合计（{column}）应为三项之和 {expected}{unit}，填报为 {actual}{unit}",
               "en": "三公 合计 ({column}) should be the sum of the three items, {expected} {unit}; it is {actual} {unit}"}

    def equations(self, ctx):
        t = ctx.wb.sangong
        if t is None:
            return
        for col in _COLUMNS:
            if col in t.columns:
                yield value_at(t, "total", col), column_values(t, _ITEMS, col), {"column": COLUMN_NAMES[col]}


@register
class VehicleSubtotal(SumRule):
    """公务用车购置及运行维护费 equals 公务用车购置费 + 公务用车运行维护费.

    Bad: 购置费 0 + 运行维护费 4.20, 公务用车购置及运行维护费 4.00.
    Good: 4.20.
    """
    code, name, severity, tags = "T003", "vehicle-subtotal", ERROR, ("sangong", "total")
    action = {"zh": "请把公务用车购置及运行维护费改为购置费与运行维护费之和", "en": "Make 公务用车购置及运行维护费 the sum of its two parts"}
    level = 1
    message = {"zh": "公务用车购置及运行维护费（{column}）应为购置费与运行维护费之和 {expected}{unit}，填报为 {actual}{unit}",
               "en": "公务用车购置及运行维护费 ({column}) should be the sum of 购置费 and 运行维护费, {expected} {unit}; it is {actual} {unit}"}

    def equations(self, ctx):
        t = ctx.wb.sangong
        if t is None or not (t.has("vehicle_purchase") or t.has("vehicle_running")):
            return
        for col in _COLUMNS:
            if col in t.columns:
                yield (value_at(t, "vehicles", col), column_values(t, ["vehicle_purchase", "vehicle_running"], col),
                       {"column": COLUMN_NAMES[col]})


@register
class SangongChange(DifferenceRule):
    """Each 三公 决算较预算增减额 equals 决算数 − 预算数.

    Bad: 预算 5.00, 决算 4.20, 增减额 -0.50.
    Good: -0.80.
    """
    code, name, severity, tags = "T004", "sangong-change", ERROR, ("sangong", "change")
    action = {"zh": "请按决算数减预算数重新填写增减额", "en": "Fill in the change as 决算数 minus 预算数"}
    message = {"zh": "{item}增减额应为决算数减预算数 {expected}{unit}，填报为 {actual}{unit}",
               "en": "{item}: the change should be 决算 less 预算, {expected} {unit}; it is {actual} {unit}"}

    def differences(self, ctx):
        t = ctx.wb.sangong
        if t is None or "change" not in t.columns or "budget" not in t.columns:
            return  # no 预算 column (already reported): nothing to subtract
        for line in t.lines:
            yield (value_at(t, line, "change"), value_at(t, line, "actual"), value_at(t, line, "budget"),
                   {"item": line_name("sangong", line)})


@register
class SangongRate(RatioRule):
    """Each 三公 执行率 equals 决算数 ÷ 预算数.

    Bad: 决算 4.20 of 预算 5.00 stated as 82.00.
    Good: 84.00.
    """
    code, name, severity, tags = "T005", "sangong-rate", ERROR, ("sangong", "rate")
    action = {"zh": "请按决算数除以预算数重新计算执行率", "en": "Recompute the rate as 决算数 divided by 预算数"}
    message = {"zh": "{what}应为 {expected}%，填报为 {actual}%",
               "en": "{what} should be {expected}%; it is {actual}%"}

    def ratios(self, ctx):
        t = ctx.wb.sangong
        if t is None or "rate" not in t.columns:
            return
        for line in t.lines:
            stated, budget, actual = (value_at(t, line, c) for c in ("rate", "budget", "actual"))
            if stated is None or budget is None or actual is None:
                continue
            yield (stated, ctx.corrections.amount(actual), ctx.corrections.amount(budget),
                   {"what": line_name("sangong", line) + "·执行率"}, [actual, budget])
