"""J007 and J051: a project's figures that add up and are still implausible (spending above
the year's budget), and rates written in words against its amounts.  The judgement is ``auditor.rules.plausibility``'s."""
from __future__ import annotations

from auditor import precision as P
from auditor.codes import ERROR, WARNING, register
from auditor.forms.project.labels import FUND_COLUMN_NAMES
from auditor.forms.project.rules.funds import rate_from_amounts
from auditor.forms.project.rules.base import ProjectRule, number
from auditor.rules.arith import amount, sum_mismatch
from auditor.rules.kinds import Truncated
from auditor.rules.plausibility import above, excess, misstated_rates, rate_claims


def total_sound(p, columns) -> bool:
    """The 年度资金总额 row is the sum of its 其中 rows in these columns (or has none)."""
    parts = [ln for k, ln in p.funds.items() if k != "total"]
    return not parts or not any(sum_mismatch(p.total.get(c), [ln.get(c) for ln in parts]) for c in columns)


@register
class SpentOverBudget(ProjectRule):
    """全年执行数 is not above 全年预算数: money spent beyond the year's budget needs a source.

    The 全年预算数 already holds the year's adjustments, so more spent asks where the money
    came from; a warning, since there may be an answer.  Forms that divide by the 年初预算数
    (Guizhou and others) judge the same 全年 figures where they print them.
    Bad: 全年预算数 340, 全年执行数 356.
    Good: 全年执行数 324.
    """
    code, name, severity, tags = "J007", "spent-over-budget", WARNING, ("project", "funds", "plausibility")
    message = {"zh": "项目“{project}”全年执行数 {actual} 超过全年预算数 {expected}（超出 {excess} 万元），请说明超出部分的资金来源",
               "en": "Project '{project}': spent {actual}, more than the year's budget {expected} (by {excess} 万元); say where the money came from"}

    def check_project(self, p, pack):
        total = p.total
        if total is None:
            return
        actual, budget = total.get("actual"), total.get("budget")
        if not total_sound(p, ("actual", "budget")):
            return  # the total is itself wrong (J001): nothing is judged from it
        if number(actual) and number(budget) and above(amount(actual), amount(budget)):
            yield self.at(actual, expected=budget.text, actual=actual.text, related=[budget], project=p.title,
                          excess=excess(amount(actual), amount(budget)))


# Indicators that measure execution, beside the pack's own name for it.
_EXECUTION_WORDS = ("执行率", "支出率", "支出进度", "执行进度")


@register
class StatedExecutionRate(ProjectRule):
    """A rate written for an execution indicator (预算执行率, 资金支出率) is 执行数 ÷ the form's budget.

    Read in the indicator's 实际完成值 and in its 偏差原因; judged at the rate's printed
    precision against the funding block's amounts.  A threshold (``≥90%``) is not a rate.
    Bad: 资金支出率 实际完成值 ``100%`` with 324 spent of 340 (95.29%).
    Good: ``95.29%``, or ``95.3%``.
    """
    code, name, severity, tags = "J051", "stated-execution-rate", ERROR, ("project", "funds", "precision")
    message = {"zh": "项目“{project}”“{indicator}”写明的“{words}”与资金表不符：执行数 ÷ {base} = {expected}%",
               "en": "Project '{project}': '{indicator}' states “{words}”, but the amounts give spent ÷ {base} = {expected}%"}

    def check_project(self, p, pack):
        if p.total is None or not total_sound(p, ("actual", pack.denominator)):
            return
        rate = rate_from_amounts(p, pack)
        if rate is None:
            return
        words = _EXECUTION_WORDS + (pack.execution_name,)
        for ind in p.indicators:
            if not any(w in ind.name for w in words):
                continue
            for v, text, whole in ((ind.achieved, ind.achieved_text, True), (ind.reason, ind.reason.text, False)):
                for verdict, said in misstated_rates(rate_claims(text, whole), rate):
                    found = Truncated if verdict == P.TRUNCATED else self
                    yield found.at(v, expected=P.show(rate.mid, 2), actual=said, project=p.title, indicator=ind.name,
                                   words=said, base=FUND_COLUMN_NAMES[pack.denominator], what=f"{ind.name}“{said}”",
                                   related=[p.total.get("actual"), p.total.get(pack.denominator)])
