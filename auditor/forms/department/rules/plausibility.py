"""B020–B029, T010 and G010: figures that add up and are still implausible: 支出 above the
adjusted budget, 三公 larger than the expenditure lines that pay for it, a target beaten by far.  The judgements are
``auditor.rules.plausibility``'s; here, only which cells."""
from __future__ import annotations

from decimal import Decimal

from auditor import precision as P
from auditor.codes import ERROR, WARNING, Rule, register
from auditor.forms.department.rules.lines import column_values, value_at
from auditor.forms.department.vocabulary import ECONOMIC_CLASSES, line_name
from auditor.rules.arith import amount, amounts, sum_mismatch
from auditor.forms.department.rules.scoring import below_full
from auditor.labels import indicator_key
from auditor.rules.plausibility import LESS_UNITS, above, deviation, excess, setting
from auditor.rules.targets import parse_goal


def _number(v) -> bool:
    return v is not None and v.is_number


def totals_sound(wb) -> bool:
    """本年支出合计 is the sum of its lines, in 决算 and 调整后预算, in both expenditure tables:
    a figure judged from it is judged from a right figure."""
    for t, parts in ((wb.expense_economic, ECONOMIC_CLASSES), (wb.expense_nature, ("basic", "project"))):
        for col in ("actual", "budget_adjusted"):
            if t is not None and t.has("total") and sum_mismatch(value_at(t, "total", col), column_values(t, parts, col)):
                return False
    return True


@register
class SpentOverBudget(Rule):
    """本年支出合计 决算数 is not above its 调整后预算数: money spent beyond the budget needs a source.

    The 调整后预算 already holds every adjustment of the year, so spending above it asks
    where the money came from (上年结转, 非财政资金) and a warning, not an error: the
    department may have a good answer.
    Bad: 调整后预算数 5220.00, 决算数 5399.03.
    Good: 决算数 5199.03.
    """
    code, name, severity, tags = "B020", "spent-over-budget", WARNING, ("expenditure", "plausibility")
    message = {"zh": "本年支出合计决算数 {actual} 超过调整后预算数 {expected}（超出 {excess} {unit}），请说明超出部分的资金来源",
               "en": "本年支出合计: 决算 {actual} exceeds the adjusted budget {expected} (by {excess} {unit}); say where the money came from"}

    def check(self, ctx):
        wb = ctx.wb
        for t in (wb.expense_economic, wb.expense_nature):
            actual, budget = value_at(t, "total", "actual"), value_at(t, "total", "budget_adjusted")
            if _number(actual) and _number(budget):
                if not totals_sound(wb):
                    return  # the total is itself wrong (B003, B004): nothing is judged from it
                if above(amount(actual), amount(budget)):
                    yield self.at(actual, expected=budget.text, actual=actual.text, related=[budget],
                                  excess=excess(amount(actual), amount(budget)), unit=wb.unit)
                return  # one table says it; the other is the same total (B008)


# (三公 lines, the expenditure line that pays for them): 三公 is spent out of 本年支出; 出国,
# 接待 and 公车运行维护 are 商品和服务支出; buying a car is 资本性支出.
_WITHIN = (
    (("total",), "total"),
    (("abroad", "reception", "vehicle_running"), "goods_services"),
    (("vehicle_purchase",), "capital"),
)


@register
class SangongWithinExpenditure(Rule):
    """三公经费 fit inside the expenditure lines that pay for them, in 决算.

    三公 合计 ≤ 本年支出合计; 因公出国（境）费 + 公务接待费 + 公务用车运行维护费 ≤ 商品和服务支出;
    公务用车购置费 ≤ 资本性支出.  Judged only where the workbook has both lines.
    Bad: 三公 出国 0 + 接待 1.50 + 公车运维 4.20 = 5.70, 商品和服务支出 决算 4.64.
    Good: 商品和服务支出 174.64.
    """
    code, name, severity, tags = "T010", "sangong-within-expenditure", ERROR, ("sangong", "plausibility")
    message = {"zh": "三公经费中{items}决算合计 {actual}，超过支出表{whole}决算数 {expected}",
               "en": "三公: {items} spent {actual} in all, more than {whole} in the expenditure table ({expected})"}

    def check(self, ctx):
        s, e = ctx.wb.sangong, ctx.wb.expense_economic
        if s is None or e is None:
            return
        for parts, whole_line in _WITHIN:
            whole = value_at(e, whole_line, "actual")
            values = [value_at(s, p, "actual") for p in parts if s.has(p)]
            if whole is None or not (_number(whole) or whole.is_blank) or not any(_number(v) for v in values):
                continue  # the line is not in the table, or holds text (the reader said so)
            spent = amounts(values)
            if above(spent, amount(whole)):
                # the largest part is where to look first; the others and the whole come along
                first = max((v for v in values if _number(v)), key=lambda v: v.number)
                yield self.at(first, expected=whole.text or "0", actual=P.show(spent.mid),
                              related=[v for v in values if v is not first] + [whole],
                              items="、".join(line_name("sangong", p) for p in parts if s.has(p)),
                              whole=line_name("expense_economic", whole_line))


# The 一体化 system's 指标偏离 line: 30% beyond the target (the pack's [checks] deviation_above).
DEVIATION_ABOVE = 30


@register
class TargetSetLow(Rule):
    """A quantitative target beaten by more than the pack's line (30%) has a 偏差原因分析, or its indicator loses points.

    偏离度 is 实际/目标 − 1 for a more-is-better target, 1 − 实际/目标 for a less-is-better
    one; 财预〔2020〕10号 asks that a value far above its target be explained and, where the
    target was set too low, points be reduced by the deviation.  The indicator scoring the
    target is found by name; one already below full marks is an answer, as is a stated reason.
    Bad: 干部考察次数 指标值 ``≥20次``, 实际完成值 ``40次``, no 偏差原因分析, full marks.
    Good: 实际完成值 ``25次``; or a 偏差原因分析 (``年中增加换届考察任务``).
    """
    code, name, severity, tags = "G010", "target-set-low", WARNING, ("targets", "plausibility")
    message = {"zh": "绩效目标“{target}”完成值 {achieved} 超出指标值 {goal} {share}%，请分析是否指标值设置偏低；如是，按偏离度调减得分",
               "en": "Target '{target}' achieved {achieved}, {share}% beyond its target {goal}; was the target set too low? If so, reduce the score by the deviation"}

    def check(self, ctx):
        line = Decimal(str(setting(ctx.pack, "deviation_above", DEVIATION_ABOVE))) / 100
        leaves = ctx.wb.scoring.leaves() if ctx.wb.scoring else []
        for t in ctx.wb.targets:
            if t.deviation.text:
                continue
            d = deviation(parse_goal(t.target.raw), t.achieved.raw, setting(ctx.pack, "deviation_less_units", LESS_UNITS))
            if d is None or d <= line:
                continue
            key = indicator_key(t.name)
            scored = [leaf for leaf in leaves if key and (k := indicator_key(leaf.name)) and (k in key or key in k)]
            if any(below_full(leaf) for leaf in scored):
                continue  # points were taken off: the deviation may be what they were taken for
            yield self.at(t.achieved, related=[t.target] + [leaf.score for leaf in scored if leaf.score is not None],
                          target=t.name, achieved=t.achieved.text, goal=t.target.text, share=P.show(d * 100, 1))
