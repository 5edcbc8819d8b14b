"""Family X: the sheets tell one story (收支, 三公, targets and the scores that grade them)."""
from __future__ import annotations

from auditor import precision as P
from auditor.forms.department.vocabulary import line_name
from auditor.labels import indicator_key
from auditor.codes import ERROR, Rule, register
from auditor.codes.bilingual import Bilingual
from auditor.rules.arith import money
from auditor.forms.department.rules.budget import execution
from auditor.forms.department.rules.goals import missed
from auditor.forms.department.rules.sangong import over_budget
from auditor.forms.department.rules.scoring import full_marks


def _leaves(ctx):
    return list(ctx.wb.scoring.leaves()) if ctx.wb.scoring else []


@register
class ExecutionIndicator(Rule):
    """部门预算资金支出率 / 专项资金支出率 keep full marks only at the execution the amounts give.

    The thresholds are the pack's (2023: 90% for the budget, 85% for project funds);
    the execution is 决算 ÷ 调整后预算 of 本年支出合计, or of 项目支出.
    Bad: 部门预算资金支出率 full marks (3/3) with 4100.00 spent of 5220.00 (78.54%).
    Good: 3/3 with 5199.03 of 5220.00 (99.60%).
    """
    code, name, severity, tags = "X001", "execution-indicator", ERROR, ("cross", "execution")
    action = {"zh": "请按实际执行率扣分，并说明原因", "en": "Take points off for the execution rate, and say why"}
    message = {"zh": "“{indicator}”得满分，但按收支表计算的执行率为 {rate}%，低于满分要求的 {threshold}%",
               "en": "'{indicator}' has full marks but the amounts give an execution of {rate}%, below the {threshold}% full marks need"}

    def check(self, ctx):
        for rule in ctx.pack.execution:
            line = "project" if rule.get("measure") == "project" else "total"
            rate, actual, budget = execution(ctx.wb, line, ctx.corrections)
            if rate is None:
                continue
            for leaf in _leaves(ctx):
                if indicator_key(rule["indicator"]) in indicator_key(leaf.name) and full_marks(leaf):
                    if rate.hi < rule["full_marks_min"]:
                        yield self.at(leaf.score, expected=f"低于满分 {leaf.points.text} 分", actual=leaf.score.text,
                                      related=[actual, budget], indicator=leaf.name,
                                      rate=P.show(rate.mid, 2), threshold=str(rule["full_marks_min"]))


def _n(v) -> str:
    return money(v.number) if v is not None and v.is_number else money(0)


@register
class SangongControl(Rule):
    """“三公”经费控制情况 keeps full marks only when every 三公 item, and the 合计, is within its 预算.

    Bad: full marks while 公务接待费 决算 2.35 exceeds its 预算 2.00, though the 合计 is under.
    Good: full marks with every item within its 预算, or points taken off when one is over.
    """
    code, name, severity, tags = "X002", "sangong-control", ERROR, ("cross", "sangong")
    action = {"zh": "请按三公经费超支情况扣分，并说明原因", "en": "Take points off for the overspending, and say why"}
    message = {"zh": "“{indicator}”得满分，但三公经费超过预算：{items}",
               "en": "'{indicator}' has full marks but 三公 spending exceeds its budget: {items}"}

    def check(self, ctx):
        over = list(over_budget(ctx.wb.sangong))
        if not over:
            return
        unit = getattr(ctx.wb, "unit", "万元")
        items = Bilingual("；".join(f"{line_name('sangong', line)}决算 {money(a.number)}{unit}，预算 {_n(b)}{unit}"
                                   for line, b, a in over),
                          "; ".join(f"{line_name('sangong', line)} spent {money(a.number)} {unit} of "
                                    f"{_n(b)} {unit}" for line, b, a in over))
        related = [v for _, b, a in over for v in (a, b)]
        key = indicator_key(ctx.pack.sangong_indicator)
        for leaf in _leaves(ctx):
            if key in indicator_key(leaf.name) and full_marks(leaf):
                yield self.at(leaf.score, expected=f"低于满分 {leaf.points.text} 分", actual=leaf.score.text,
                              related=related, indicator=leaf.name, items=items)


@register
class TargetVersusScore(Rule):
    """A missed target's indicator does not keep full marks.

    The target and the indicator that scores it are matched by name.
    Bad: target 干部考察次数 ≥20次 achieved 15次, indicator 干部考察次数 at full marks.
    Good: points taken off, with the reason.
    """
    code, name, severity, tags = "X003", "target-versus-score", ERROR, ("cross", "targets")
    action = {"zh": "请按目标未完成扣分，并说明原因", "en": "Take points off for the missed target, and say why"}
    message = {"zh": "绩效目标“{target}”未完成，但对应指标“{indicator}”得满分",
               "en": "Target '{target}' was missed, yet its indicator '{indicator}' has full marks"}

    def check(self, ctx):
        leaves = _leaves(ctx)
        for t in ctx.wb.targets:
            if not missed(t):
                continue
            key = indicator_key(t.name)
            for leaf in leaves:
                lk = indicator_key(leaf.name)
                if lk and key and (lk in key or key in lk) and full_marks(leaf):
                    yield self.at(leaf.score, related=[t.achieved, t.status], target=t.name,
                                  indicator=leaf.name)
