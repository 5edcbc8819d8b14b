"""X010, X020 and P021: execution rates written in words (the scoring table's explanations, the
targets' achieved values) against what the 收支 amounts give, a 支出率 indicator's partial
score by the pack's formula, and the total capped by execution where the pack says so."""
from __future__ import annotations

from decimal import Decimal

from auditor import precision as P
from auditor.codes import ERROR, Rule, register
from auditor.forms.department.rules.budget import execution
from auditor.forms.department.rules.plausibility import totals_sound
from auditor.forms.department.rules.scoring import below_full
from auditor.labels import indicator_key
from auditor.rules.kinds import Truncated
from auditor.rules.plausibility import misstated_rates, rate_claims
from auditor.rules.variants import step_share, total_cap, variant


def execution_indicators(ctx):
    """(the pack's execution rule, the rate the amounts give, 决算, budget, the scoring rows of
    its indicator) for each execution indicator the pack names, on the amounts as corrected
    (the rate B013 and X001 give too).  Nothing where 本年支出合计 is itself wrong: a rate from a
    wrong total would be wrong too (B003, B004 say where)."""
    wb = ctx.wb
    if not totals_sound(wb):
        return
    leaves = wb.scoring.leaves() if wb.scoring else []
    for rule in ctx.pack.execution:
        rate, actual, budget = execution(wb, "project" if rule.get("measure") == "project" else "total", ctx.corrections)
        if rate is not None:
            key = indicator_key(rule["indicator"])
            yield rule, rate, actual, budget, [leaf for leaf in leaves if key in indicator_key(leaf.name)]


@register
class StatedExecutionRate(Rule):
    """A rate written for 部门预算资金支出率 / 专项资金支出率 (``支出进度92%``) is 决算 ÷ 调整后预算 of the amounts.

    Read in the indicator's 得分说明 and in the 实际完成值 of a target of that name; judged at
    the rate's printed precision.  A threshold (``支出进度90%以上``, ``≥90%``) is not a rate.
    Bad: 得分说明 ``全年支出进度92%，得3分`` with 5199.03 spent of 5220.00 (99.60%).
    Good: ``全年支出进度99.6%，得3分``.
    """
    code, name, severity, tags = "X010", "stated-execution-rate", ERROR, ("cross", "execution", "precision")
    action = {"zh": "请按收支表的执行率改写该说明",
              "en": "Restate the rate from the budget tables"}
    message = {"zh": "“{indicator}”写明的“{words}”与收支表不符：决算除以调整后预算为 {expected}%",
               "en": "'{indicator}' states “{words}”, but the amounts give 决算 divided by the adjusted budget, {expected}%"}

    def check(self, ctx):
        for rule, rate, actual, budget, leaves in execution_indicators(ctx):
            key = indicator_key(rule["indicator"])
            cells = [(leaf.name, leaf.reason, False) for leaf in leaves if leaf.reason is not None]
            cells += [(t.name, t.achieved, True) for t in ctx.wb.targets if key in indicator_key(t.name)]
            for name, v, whole in cells:
                for verdict, words in misstated_rates(rate_claims(v.text, whole), rate):
                    found = Truncated if verdict == P.TRUNCATED else self
                    yield found.at(v, expected=P.show(rate.mid, 2), actual=words, related=[actual, budget],
                                   indicator=name, words=words, what=f"{name}“{words}”")


@register
class ExecutionPartialScore(Rule):
    """Below its full-marks line, a 支出率 indicator scores no more than the pack's formula gives.

    Switched on per indicator in the pack's ``[[execution]]``: ``partial = "proportional"``
    (分值 × 执行率 ÷ the line) or ``partial_steps = [[80, 70], [60, 50]]`` (at least 80% earns
    70% of the 分值, and so on; below every step nothing).  Full marks below the line are X001's.
    Bad: line 90%, execution 78.54%, 分值 3, 得分 ``2.9`` (proportional allows 2.62).
    Good: 得分 ``2.6``.
    """
    code, name, severity, tags = "X020", "execution-partial-score", ERROR, ("cross", "execution", "pack")
    action = {"zh": "请按规则包的公式重新计算得分",
              "en": "Score by the formula of the rules"}
    message = {"zh": "“{indicator}”执行率 {rate}%，按规则包公式最多得 {expected} 分，填报为 {actual}",
               "en": "'{indicator}': at {rate}% execution the pack's formula allows at most {expected}; it is {actual}"}

    def check(self, ctx):
        for rule, rate, actual, budget, leaves in execution_indicators(ctx):
            line = Decimal(str(rule["full_marks_min"]))
            if rate.lo >= line or not (rule.get("partial") == "proportional" or rule.get("partial_steps")):
                continue  # at the line (X001 judges full marks), or no partial formula in the pack
            for leaf in leaves:
                if not below_full(leaf):
                    continue
                if rule.get("partial") == "proportional":
                    most = leaf.points.number * min(rate.hi / line, Decimal(1))
                else:
                    most = leaf.points.number * step_share(rate.hi, rule["partial_steps"]) / 100
                if P.amount(leaf.score.number, leaf.score.decimals).lo > most:  # a score is kept to 0.01
                    yield self.at(leaf.score, expected=P.show(most), actual=leaf.score.text, indicator=leaf.name,
                                  rate=P.show(rate.mid), related=[actual, budget])


@register
class TotalCap(Rule):
    """Where the pack caps the total by execution (``[scoring] total_caps``), 自评总分 stays under the cap.

    Execution is 本年支出合计 决算 ÷ 调整后预算; with the 一体化 system's caps, below 80% the
    total is at most 89, below 70% at most 79, below 60% at most 69, below 50% at most 59.
    Bad: 4100.00 spent of 5220.00 (78.54%), 总分 97.
    Good: 总分 89.
    """
    code, name, severity, tags = "P021", "total-cap", ERROR, ("scoring", "execution", "pack")
    action = {"zh": "请按执行率对应的上限调减自评总分",
              "en": "Lower the total to the cap the execution rate allows"}
    message = {"zh": "预算执行率 {rate}%，自评总分最高 {expected} 分，填报为 {actual} 分",
               "en": "At {rate}% execution the total may be at most {expected}; it is {actual}"}

    def check(self, ctx):
        caps = variant(ctx.pack, "total_caps")
        wb = ctx.wb
        total = wb.scoring.total_score if wb.scoring else None
        if not caps or total is None or not total.is_number or not totals_sound(wb):
            return
        rate, actual, budget = execution(wb, "total", ctx.corrections)
        cap = total_cap(rate.hi, caps) if rate is not None else None
        if cap is not None and P.amount(total.number, total.decimals).lo > cap:
            yield self.at(total, expected=P.show(cap, 0), actual=total.text, rate=P.show(rate.mid),
                          related=[actual, budget])
