"""X010: execution rates written in words, in the scoring table's explanations and the
targets' achieved values, against what the 收支 amounts give."""
from __future__ import annotations

from auditor import precision as P
from auditor.codes import ERROR, Rule, register
from auditor.forms.department.rules.budget import execution
from auditor.forms.department.rules.plausibility import totals_sound
from auditor.labels import indicator_key
from auditor.rules.kinds import Truncated
from auditor.rules.plausibility import misstated_rates, rate_claims


@register
class StatedExecutionRate(Rule):
    """A rate written for 部门预算资金支出率 / 专项资金支出率 (``支出进度92%``) is 决算 ÷ 调整后预算 of the amounts.

    Read in the indicator's 得分说明 and in the 实际完成值 of a target of that name; judged at
    the rate's printed precision.  A threshold (``支出进度90%以上``, ``≥90%``) is not a rate.
    Bad: 得分说明 ``全年支出进度92%，得3分`` with 5199.03 spent of 5220.00 (99.60%).
    Good: ``全年支出进度99.6%，得3分``.
    """
    code, name, severity, tags = "X010", "stated-execution-rate", ERROR, ("cross", "execution", "precision")
    message = {"zh": "“{indicator}”写明的“{words}”与收支表不符：决算 ÷ 调整后预算 = {expected}%",
               "en": "'{indicator}' states “{words}”, but the amounts give 决算 ÷ adjusted budget = {expected}%"}

    def check(self, ctx):
        wb = ctx.wb
        leaves = wb.scoring.leaves() if wb.scoring else []
        if not totals_sound(wb):
            return  # a rate from a wrong total would be wrong too (B003, B004 say where)
        for rule in ctx.pack.execution:
            rate, actual, budget = execution(wb, "project" if rule.get("measure") == "project" else "total")
            if rate is None:
                continue
            key = indicator_key(rule["indicator"])
            cells = [(leaf.name, leaf.reason, False) for leaf in leaves
                     if leaf.reason is not None and key in indicator_key(leaf.name)]
            cells += [(t.name, t.achieved, True) for t in wb.targets if key in indicator_key(t.name)]
            for name, v, whole in cells:
                for verdict, words in misstated_rates(rate_claims(v.text, whole), rate):
                    found = Truncated if verdict == P.TRUNCATED else self
                    yield found.at(v, expected=P.show(rate.mid, 2), actual=words, related=[actual, budget],
                                   indicator=name, words=words, what=f"{name}“{words}”")
