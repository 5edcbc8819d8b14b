"""J001–J019: the funding block (项目资金 / 预算执行情况): totals, the execution rate and its score."""
from __future__ import annotations

from auditor import precision as P
from auditor.codes.bilingual import Bilingual
from auditor.codes import ERROR, WARNING, register
from auditor.forms.project.labels import FUND_COLUMN_NAMES, FUND_LINE_NAMES, says_something
from auditor.forms.project.model import AMOUNT_COLUMNS
from auditor.rules.folding import fold_same_cell
from auditor.rules.arith import amount, execution_score, execution_shares, money, sum_mismatch
from auditor.rules.kinds import Truncated, stated_rate
from auditor.forms.project.rules.base import ProjectRule, number
from auditor.rules.variants import variant


@register
class FundTotal(ProjectRule):
    """年度资金总额 equals the sum of its 其中 rows, in each amount column.

    Bad: 年度资金总额 全年预算数 ``0`` under 当年财政拨款 320 and 上年结转资金 20.
    Good: 年度资金总额 340.00.
    """
    code, name, severity, tags = "J001", "fund-total", ERROR, ("project", "funds")
    action = {"zh": "请核对其中各项资金，使年度资金总额等于各项之和", "en": "Check the fund lines so that the total is their sum"}
    message = {"zh": "项目“{project}”年度资金总额（{column}）应为其中各项之和 {expected}{unit}，填报为 {actual}{unit}",
               "en": "Project '{project}': 年度资金总额 ({column}) should be the sum of its parts, {expected} {unit}; it is {actual} {unit}"}

    def check_project(self, p, pack):
        total = p.total
        parts = [ln for k, ln in p.funds.items() if k != "total"]
        if total is None or not parts:
            return
        for col in AMOUNT_COLUMNS:
            values = [ln.get(col) for ln in parts]
            if not any(number(v) for v in values):
                continue
            miss = sum_mismatch(total.get(col), values)
            if miss:
                yield self.at(total.get(col), expected=miss[0], actual=miss[1], related=values,
                              project=p.title, column=FUND_COLUMN_NAMES[col], unit=p.unit)


@register
class ExecutionRate(ProjectRule):
    """A stated 执行率 is 执行数 ÷ the budget the form divides by (the pack's denominator).

    Judged on the intervals the printed figures stand for (precision.py).
    Bad: 全年预算数 340, 全年执行数 324, 执行率 ``97.50%``.
    Good: ``95.29%`` (324 ÷ 340 = 95.294…%).
    """
    code, name, severity, tags = "J002", "execution-rate", ERROR, ("project", "funds", "precision")
    action = {"zh": "请按执行数除以预算数重新计算执行率", "en": "Recompute the rate as 执行数 divided by the budget"}
    message = {"zh": "项目“{project}”{line}执行率应为执行数除以{base}，即 {expected}%，填报为 {actual}%",
               "en": "Project '{project}': the {line} execution rate should be spent divided by {base}, {expected}%; it is {actual}%"}

    def check_project(self, p, pack):
        for key, line in p.funds.items():
            rate, actual, base = line.get("rate"), line.get("actual"), line.get(pack.denominator)
            if not number(rate) or not number(actual) or not number(base):
                continue
            found = stated_rate(self, rate, actual, base, project=p.title, line=FUND_LINE_NAMES[key],
                                base=FUND_COLUMN_NAMES[pack.denominator], what=f"{p.title} {FUND_LINE_NAMES[key]}执行率")
            if found is not None:
                yield found


def execution_allowed(p, pack) -> P.Interval | None:
    """The execution 得分 the rule allows: min(执行率, 100%) × 分值, from the amounts when
    they are given, else from the stated rate."""
    total = p.total
    points = p.execution("points")
    if total is None or not number(points) or variant(pack, "execution_steps"):
        return None  # no points, or a pack that scores execution in steps (J071)
    shares = execution_shares(total.get("actual"), total.get(pack.denominator), total.get("rate"))
    return execution_score(shares, points.number, cap=pack.cap)


@register
class ExecutionScore(ProjectRule):
    """The execution 得分 is 执行率 × 分值, never above the 分值 (a rate over 100% scores full).

    Bad: 执行率 95.29%, 分值 10, 得分 ``10``.
    Good: 得分 ``9.53``; at 103% execution 得分 ``10``, not 10.3.
    """
    code, name, severity, tags = "J003", "execution-score", ERROR, ("project", "funds", "points")
    action = {"zh": "请按执行率乘以分值重新计算得分，执行率超过100%的按满分计",
              "en": "Recompute the score as rate times points, full points at most"}
    message = {"zh": "项目“{project}”预算执行得分应为执行率乘以分值，即 {expected}，填报为 {actual}",
               "en": "Project '{project}': the execution score should be the rate times the points, {expected}; it is {actual}"}

    def check_project(self, p, pack):
        score = p.execution("score")
        allowed = execution_allowed(p, pack)
        if not number(score) or allowed is None:
            return
        # judged by the interval rule on its printed digits (9.6 stands for [9.55, 9.65)), and
        # to one decimal at least: a whole 10 is full marks, not anything from 9.5 up
        decimals = max(score.decimals or 0, 1)
        verdict = P.judge(score.number, decimals, allowed)
        if verdict == P.CONSISTENT:
            return
        rule = Truncated if verdict == P.TRUNCATED else self
        shown = max(decimals, 2)  # both sides to the same decimals: 9.53 against 10.00, not 10
        stated = score.text if rule is Truncated else P.show(score.number, shown)  # a cut is seen in its digits
        yield rule.at(score, expected=P.show(allowed.mid, shown), actual=stated, project=p.title,
                      related=[p.execution("rate"), p.execution("points")],
                      what=f"{p.title} {pack.execution_name}得分")

    def absorb(self, findings, ctx):
        """A score above its 分值 (J020) that is also not rate × 分值 is one fault."""
        return fold_same_cell(findings, self.code, ("J020",))


@register
class ExecutionBlank(ProjectRule):
    """执行率 and the execution 得分 are filled in wherever the amounts are given.

    Bad: 全年预算数 340 and 全年执行数 324 given, 执行率 (or 得分) left empty.
    Good: 执行率 95.29%, 得分 9.53.
    """
    code, name, severity, tags = "J004", "execution-blank", ERROR, ("project", "funds")
    action = {"zh": "请补填执行率和得分", "en": "Fill in the rate and the score"}
    message = {"zh": "项目“{project}”已填预算数和执行数，但“{what}”为空",
               "en": "Project '{project}': the amounts are given but '{what}' is empty"}

    def check_project(self, p, pack):
        total = p.total
        if total is None:
            return
        actual, base = total.get("actual"), total.get(pack.denominator)
        if not number(actual) or not number(base) or base.number == 0:
            return
        for col, what in (("rate", "执行率"), ("score", "得分")):
            v = total.get(col)
            if v is not None and v.is_blank and v.cell and not (col == "score" and not number(p.execution("points"))):
                yield self.at(v, project=p.title, what=what, related=[actual, base])


@register
class BudgetCutToSpending(ProjectRule):
    """A 全年预算 cut during the year to what was spent, with no reason given.

    Cutting the budget to the spending makes execution read 100%; the forms ask for the
    adjustment to be explained.
    Bad: 年初预算数 400, 全年预算数 324, 全年执行数 324, no reason anywhere in the block.
    Good: the same with a reason (``项目调减，县政府常务会议纪要〔2022〕15号``), or no cut.
    """
    code, name, severity, tags = "J005", "budget-cut-to-spending", WARNING, ("project", "funds")
    action = {"zh": "请在备注或原因栏说明预算调整的原因", "en": "State why the budget was changed"}
    message = {"zh": "项目“{project}”全年预算数由年初 {initial}{unit} 调减至与执行数 {actual}{unit} 相等，未说明调整原因",
               "en": "Project '{project}': the budget was cut from {initial} {unit} to exactly what was spent ({actual} {unit}), with no reason"}

    def check_project(self, p, pack):
        if pack.denominator == "budget_initial" or not cut_to_spending(p) or reason_given(p):
            return
        initial, budget, actual = (p.total.get(c) for c in ("budget_initial", "budget", "actual"))
        yield self.at(budget, project=p.title, initial=money(initial.number), actual=money(actual.number),
                      unit=p.unit, related=[initial, actual])


def cut_to_spending(p) -> bool:
    """年初预算 above 全年预算, and 全年预算 exactly what was spent."""
    total = p.total
    if total is None:
        return False
    initial, budget, actual = total.get("budget_initial"), total.get("budget"), total.get("actual")
    return (number(initial) and number(budget) and number(actual)
            and initial.number > budget.number and budget.number == actual.number and actual.number > 0)


def reason_given(p) -> bool:
    """A reason anywhere in the funding block's 原因 column: the form's printed note there
    (Sichuan's 预算执行率<90%或年中有调整的须说明原因) or a placeholder is none."""
    return any(says_something(ln.get("reason")) for ln in p.funds.values())


def rate_from_amounts(p, pack) -> P.Interval | None:
    """执行数 ÷ the budget the form divides by, from the table's amounts, in %."""
    total = p.total
    actual, base = (total.get("actual"), total.get(pack.denominator)) if total is not None else (None, None)
    if number(actual) and number(base) and (share := amount(actual) / amount(base)) is not None:
        return share.scale(100)
    return None


def execution_rate(p, pack):
    """The execution rate in percent: as stated, else what the amounts give; None where
    neither is given."""
    rate = p.total.get("rate") if p.total is not None else None
    if number(rate):
        return rate.number
    computed = rate_from_amounts(p, pack)
    return computed.mid if computed is not None else None


@register
class ExecutionReason(ProjectRule):
    """Where the form asks for it, the execution block's 原因 states why execution fell short or the budget changed.

    Sichuan's 部门预算项目支出绩效自评表 asks a reason for an execution rate below 90% and
    for a budget adjusted in the year (调整后预算数 other than 年初预算); the national form
    asks neither (its pack says so).  A cut to exactly what was spent is J005.  The form
    prints its note in the 原因 cell (预算执行率<90%或年中有调整的须说明原因): left there, it is
    no reason.
    Bad: 年初预算 275, 调整后预算数 290, 原因 left empty.
    Good: 原因 ``年中追加春季学期资助资金15万元``.
    """
    code, name, severity, tags = "J006", "execution-reason", ERROR, ("project", "funds", "pack")
    action = {"zh": "请在原因栏说明执行偏差的原因", "en": "State the reason for the execution gap"}
    message = {"zh": "项目“{project}”{why}，但预算执行情况的“原因”未填写",
               "en": "Project '{project}': {why}, but the execution block gives no reason"}

    def check_project(self, p, pack):
        total = p.total
        if total is None or reason_given(p) or cut_to_spending(p):
            return
        initial, budget = total.get("budget_initial"), total.get("budget")
        rate = execution_rate(p, pack)
        why = None
        if pack.reason_below_rate is not None and rate is not None and rate < pack.reason_below_rate:
            why = Bilingual(f"预算执行率 {P.show(rate)}% 低于 {pack.reason_below_rate}%",
                            f"execution of {P.show(rate)}% is below {pack.reason_below_rate}%")
        elif (pack.reason_when_adjusted and number(initial) and number(budget)
              and initial.number != budget.number):
            was, now = money(initial.number), money(budget.number)
            why = Bilingual(f"预算由年初 {was}{p.unit} 调整为 {now}{p.unit}",
                            f"the budget was adjusted from {was} {p.unit} to {now} {p.unit}")
        if why is not None:
            reason = total.get("reason")
            yield self.at(reason if reason is not None else budget, project=p.title, why=why,
                          related=[initial, budget, total.get("rate")])
