"""J007: a project's figures that add up and are still implausible (spending above the
year's budget).  The judgement is ``auditor.rules.plausibility``'s."""
from __future__ import annotations

from auditor.codes import WARNING, register
from auditor.forms.project.rules.base import ProjectRule, number
from auditor.rules.arith import amount, sum_mismatch
from auditor.rules.plausibility import above, excess


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
        parts = [ln for k, ln in p.funds.items() if k != "total"]
        if any(sum_mismatch(total.get(c), [ln.get(c) for ln in parts]) for c in ("actual", "budget") if parts):
            return  # the total is itself wrong (J001): nothing is judged from it
        if number(actual) and number(budget) and above(amount(actual), amount(budget)):
            yield self.at(actual, expected=budget.text, actual=actual.text, related=[budget], project=p.title,
                          excess=excess(amount(actual), amount(budget)))
