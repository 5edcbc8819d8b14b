"""B020–B029, T010 and G010: figures that add up and are still implausible: 支出 above the
adjusted budget, 三公 larger than the expenditure lines that pay for it, a target beaten by far.  The judgements are
``auditor.rules.plausibility``'s; here, only which cells."""
from __future__ import annotations

from decimal import Decimal

from auditor import precision as P
from auditor.codes import ERROR, INFO, WARNING, Rule, register
from auditor.forms.department.rules.lines import column_values, value_at
from auditor.forms.department.vocabulary import COLUMN_NAMES, ECONOMIC_CLASSES, line_name
from auditor.rules.arith import amount, amounts, sum_mismatch
from auditor.forms.department.rules.scoring import below_full
from auditor.labels import indicator_key
from auditor.rules.plausibility import LESS_UNITS, above, deviation, excess, repeated, setting
from auditor.rules.targets import parse_goal


def _number(v) -> bool:
    return v is not None and v.is_number


def _nil(v) -> bool:
    return v.is_blank or (v.is_number and v.number == 0)


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
    action = {"zh": "请说明超出调整后预算部分的资金来源，或核对决算数",
              "en": "Say where the money beyond the adjusted budget came from, or check the 决算"}
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
    action = {"zh": "请核对三公经费与支出表中的商品和服务支出",
              "en": "Check the 三公 figures against 商品和服务支出"}
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
    action = {"zh": "请分析指标值是否设置偏低，并按偏离度调减得分或说明原因",
              "en": "Say whether the target was set too low, and lower the score by the deviation or give the reason"}
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


# Where nothing is spent on projects, every class of spending is 基本支出: 人员经费 is paid
# as wages and household transfers, 公用经费 as goods, services and capital.
_BASIC_CLASSES = (("personnel", ("wages", "household")), ("public_use", ("goods_services", "capital")))


@register
class BasicAgainstClasses(Rule):
    """With no 项目支出, 人员经费 = 工资福利支出 + 对个人和家庭的补助 and 公用经费 = 商品和服务支出 + 资本性支出.

    Judged in each column both tables have, only where 项目支出 is 0 and 其他支出 is 0 there
    (otherwise the split between the two views is not fixed).
    Bad: 项目支出 0; 工资福利 4990.28 + 对个人和家庭 34.11 = 5024.39, 人员经费 5010.12.
    Good: 人员经费 5024.39.
    """
    code, name, severity, tags = "B021", "basic-against-classes", WARNING, ("expenditure", "plausibility")
    action = {"zh": "请核对该行，使其等于所含各类支出之和",
              "en": "Check the line so that it is the sum of its classes"}
    message = {"zh": "项目支出为 0，{line}（{column}）应等于{classes}之和 {expected}，填报为 {actual}，请核对该行",
               "en": "With no 项目支出, {line} ({column}) should equal {classes}, {expected}; it is {actual}: check that line"}

    def check(self, ctx):
        n, e = ctx.wb.expense_nature, ctx.wb.expense_economic
        if n is None or e is None:
            return
        for col in ("budget_adjusted", "actual"):
            if col not in n.columns or col not in e.columns:
                continue
            project, other = value_at(n, "project", col), value_at(e, "other", col)
            if project is None or not _nil(project) or not (other is None or _nil(other)):
                continue  # some 项目支出 (or 其他支出): the classes are shared between the lines
            for line, classes in _BASIC_CLASSES:
                stated = value_at(n, line, col)
                if stated is None:
                    continue
                miss = sum_mismatch(stated, column_values(e, classes, col))
                if miss:
                    yield self.at(stated, expected=miss[0], actual=miss[1],
                                  related=[value_at(e, c, col) for c in classes],
                                  line=line_name("expense_nature", line), column=COLUMN_NAMES[col],
                                  classes="、".join(line_name("expense_economic", c) for c in classes))


# 收入合计 at or above this many 万元 (10 亿元) is no county department's: the pack's
# [checks] yuan_size_income.
YUAN_SIZE_INCOME = 100000


@register
class YuanSizedAmounts(Rule):
    """A workbook in 万元 does not hold amounts of 元 size: 本年收入合计 below the pack's line (100,000 万元).

    A county department's income is some hundreds or thousands of 万元; ten 亿元 and more
    says the amounts were typed in 元 under a 万元 heading.  The line is the pack's
    ``[checks] yuan_size_income``, for a province or city whose departments are larger.
    Bad: 金额单位 万元, 本年收入合计 决算数 51,990,300.00.
    Good: 5,199.03 万元, or 金额单位 元.
    """
    code, name, severity, tags = "B022", "yuan-sized-amounts", WARNING, ("income", "units", "plausibility")
    action = {"zh": "请核对金额单位，统一按万元或元填写",
              "en": "Check the unit: fill in every amount in 万元 or all in 元"}
    message = {"zh": "金额单位为万元，但本年收入合计为 {actual} 万元，疑为元/万元混用，请核对金额单位",
               "en": "The amounts are in 万元, yet 本年收入合计 is {actual} 万元: 元 and 万元 look mixed up; check the unit"}

    def check(self, ctx):
        wb = ctx.wb
        if wb.unit != "万元":
            return
        line = Decimal(str(setting(ctx.pack, "yuan_size_income", YUAN_SIZE_INCOME)))
        for col in ("actual", "budget_adjusted", "budget_initial"):
            v = value_at(wb.income, "total", col)
            if _number(v):
                if v.number >= line:
                    yield self.at(v, actual=f"{v.number:,.2f}", related=[wb.cover.unit])
                return


@register
class AdjustedEqualsActual(Rule):
    """调整后预算数 is not 决算数 on every expenditure line: an adjusted budget copied from the accounts.

    The department form's analogue of J005: an adjusted budget equal to what was spent on
    every line, to the cent, makes execution read 100% and looks taken from the 决算, not
    from the budget approvals.  Info: it can be true.
    Bad: 工资福利 4990.28 / 4990.28, 商品和服务 174.64 / 174.64, 对个人和家庭 34.11 / 34.11.
    Good: any line where the adjusted budget and the spending differ.
    """
    code, name, severity, tags = "B023", "adjusted-equals-actual", INFO, ("expenditure", "plausibility")
    action = {"zh": "请按预算批复填写调整后预算数",
              "en": "Fill in the adjusted budget from the budget approval"}
    message = {"zh": "支出表各行调整后预算数均与决算数相同（{lines} 行），请核实调整后预算数是否取自预算批复而非决算",
               "en": "Every expenditure line's adjusted budget equals its 决算 ({lines} lines): was the adjusted budget taken from the budget approvals, not from the accounts?"}

    def check(self, ctx):
        pairs = []
        for t in (ctx.wb.expense_economic, ctx.wb.expense_nature):
            if t is None:
                continue
            for line in t.lines.values():
                budget, actual = line.get("budget_adjusted"), line.get("actual")
                if _number(budget) and _number(actual) and (budget.number or actual.number):
                    pairs.append((budget, actual))
        if pairs and all(b.number == a.number for b, a in pairs):
            total = value_at(ctx.wb.expense_economic, "total", "budget_adjusted") or pairs[-1][0]
            yield self.at(total, lines=len(pairs), related=[a for _, a in pairs[:3]])


# The same explanation on this many indicators that lost points, at least this long: the
# pack's [checks] copied_min_count and copied_min_chars.
COPIED_MIN_COUNT, COPIED_MIN_CHARS = 3, 15


@register
class CopiedReasons(Rule):
    """Indicators that lost points do not share one pasted explanation.

    The same 得分说明 of 15 characters or more on three or more indicators below full marks
    says the reasons were not written for each; info, for the reviewer to read them.  The
    counts are the pack's ``[checks] copied_min_count`` and ``copied_min_chars``.
    Bad: three indicators at 3 of 4 points, each ``工作推进不够及时，部分任务未按计划完成``.
    Good: each says what was missed there.
    """
    code, name, severity, tags = "P020", "copied-reasons", INFO, ("scoring", "plausibility")
    action = {"zh": "请逐项写明各指标的扣分原因",
              "en": "Give each indicator its own reason"}
    message = {"zh": "{count} 个扣分指标的得分说明完全相同（“{text}”），请逐项说明扣分原因",
               "en": "{count} indicators that lost points share one explanation (“{text}”); explain each"}

    def check(self, ctx):
        leaves = ctx.wb.scoring.leaves() if ctx.wb.scoring else []
        docked = [(leaf.reason, leaf.reason.text) for leaf in leaves if below_full(leaf) and leaf.reason is not None]
        for group in repeated(docked, setting(ctx.pack, "copied_min_chars", COPIED_MIN_CHARS),
                              setting(ctx.pack, "copied_min_count", COPIED_MIN_COUNT)):
            yield self.at(group[0], related=group[1:], count=len(group), text=group[0].text)
