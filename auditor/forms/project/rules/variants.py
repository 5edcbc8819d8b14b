"""J070–J079: scores by the variants a pack switches on (``[scoring]``, auditor/rules/variants.py):
total caps by execution rate, stepped execution scores, a pass line for quantitative
indicators, stepped 满意度 scores.  A pack without them leaves these rules silent."""
from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Iterable

from auditor import precision as P
from auditor.codes import ERROR, register
from auditor.forms.project.rules.base import ProjectRule, number
from auditor.forms.project.rules.funds import rate_from_amounts
from auditor.forms.project.rules.points import rescaled_allowed
from auditor.forms.project.rules.scores import judged
from auditor.rules.variants import pass_line_share, satisfaction_percent, step_share, total_cap, variant


def _rate(p, pack) -> P.Interval | None:
    """The execution rate in percent: from the amounts, else as stated."""
    computed = rate_from_amounts(p, pack)
    if computed is not None:
        return computed
    rate = p.execution("rate")
    return P.stated(rate.number, rate.decimals or 0) if number(rate) else None


class VariantRule(ProjectRule):
    """Base: a rule of one ``[scoring]`` switch, asked (``judge``) only where the pack sets it."""

    switch: ClassVar[str]

    def judge(self, p, pack, setting) -> Iterable:
        return ()

    def check_project(self, p, pack):
        setting = variant(pack, self.switch)
        if setting:
            yield from self.judge(p, pack, setting)


class IndicatorVariantRule(VariantRule):
    """Base: each scored indicator's 得分 against what the variant gives it.  ``limit`` says
    (that score, whether it is a ceiling rather than the score itself, message arguments),
    or None where the variant does not speak of the indicator."""

    def limit(self, ind, pack, setting):
        return None

    def judge(self, p, pack, setting):
        for ind in p.indicators:
            given = self.limit(ind, pack, setting) if number(ind.points) and number(ind.score) else None
            if given is None:
                continue
            score, ceiling, args = given
            if _above(ind.score, score) if ceiling else not P.amount(ind.score.number, ind.score.decimals).meets(
                    P.exact(score)):
                yield self.at(ind.score, expected=P.show(score), actual=P.show(ind.score.number), project=p.title,
                              indicator=ind.name, related=[ind.achieved], **args)


def _above(score, most: Decimal) -> bool:
    """The score is above ``most`` (a score is kept to 0.01: 9 means 9.00)."""
    return P.amount(score.number, score.decimals).lo > most


@register
class TotalCap(VariantRule):
    """Where the pack caps the total by execution (一体化 system), 自评总分 stays under the cap.

    ``[scoring] total_caps``: execution below 80% → at most 89, below 70% → 79, below 60% → 69,
    below 50% → 59; points above the cap are taken off.
    Bad: execution 75.00%, 总分 95.
    Good: 总分 89.
    """
    code, name, severity, tags = "J070", "total-cap", ERROR, ("project", "points", "pack")
    action = {"zh": "请按执行率对应的上限调减自评总分",
              "en": "Lower the total to the cap the execution rate allows"}
    message = {"zh": "项目“{project}”预算执行率 {rate}%，自评总分最高 {expected} 分，填报为 {actual} 分",
               "en": "Project '{project}': at {rate}% execution the total may be at most {expected}; it is {actual}"}

    switch = "total_caps"

    def judge(self, p, pack, caps):
        rate = _rate(p, pack)
        if rate is None:
            return
        cap = total_cap(rate.hi, caps)  # the rate the printed figures allow at best
        total = p.total_score
        if cap is None or not number(total):
            return
        if _above(total, cap):
            yield self.at(total, expected=P.show(cap, 0), actual=total.text, project=p.title,
                          rate=P.show(rate.mid), related=[p.execution("rate")])


@register
class ExecutionSteps(VariantRule):
    """Where the pack scores execution in steps, the execution 得分 is its step's (10 / 7 / 5 / 0).

    ``[scoring] execution_steps = [[100, 100], [80, 70], [60, 50]]``: 100% earns the 分值,
    at least 80% earns 70% of it, at least 60% half, less nothing.  (J003's rate × 分值 does
    not apply then.)
    Bad: execution 85.00%, 分值 10, 得分 ``8.5``.
    Good: 得分 ``7``.
    """
    code, name, severity, tags = "J071", "execution-steps", ERROR, ("project", "funds", "pack")
    action = {"zh": "请按分档标准重新计算得分",
              "en": "Score by the steps of the rules"}
    message = {"zh": "项目“{project}”预算执行率 {rate}%，按分档计分得分应为 {expected}，填报为 {actual}",
               "en": "Project '{project}': at {rate}% execution the stepped score is {expected}; it is {actual}"}

    switch = "execution_steps"

    def judge(self, p, pack, steps):
        rate = _rate(p, pack)
        score, points = p.execution("score"), p.execution("points")
        if rate is None or not number(score) or not number(points):
            return
        allowed = {points.number * step_share(r, steps) / 100 for r in (rate.lo, rate.hi)}
        if not any(P.amount(score.number, score.decimals).meets(P.exact(a)) for a in allowed):
            yield self.at(score, expected=" / ".join(P.show(a) for a in sorted(allowed)), actual=score.text,
                          project=p.title, rate=P.show(rate.mid), related=[p.execution("rate")])


@register
class PassLine(IndicatorVariantRule):
    """Where the pack sets a pass line, a missed quantitative target earns at most (完成率 − 60%) ÷ (1 − 60%) × 分值.

    ``[scoring] pass_line = 60``: at or below 60% completion nothing; in proportion above it.
    Bad: 2850 of ≥3000吨 (95%), 分值 10, 得分 ``9.5`` (the pass line allows 8.75).
    Good: 得分 ``8.75``.
    """
    code, name, severity, tags = "J072", "pass-line", ERROR, ("project", "indicators", "pack")
    action = {"zh": "请按及格线公式重新计算得分",
              "en": "Score by the pass-line formula"}
    message = {"zh": "项目“{project}”“{indicator}”完成率 {share}，按及格线公式最多得 {expected} 分，填报为 {actual} 分",
               "en": "Project '{project}': '{indicator}' reached {share}; with the pass line it earns at most {expected}, not {actual}"}

    switch = "pass_line"

    def limit(self, ind, pack, line):
        j = judged(ind, pack)
        if not j or j[1] or j[2] is None:
            return None
        return ind.points.number * pass_line_share(j[2], line), True, {"share": f"{P.show(j[2] * 100, 1)}%"}


@register
class SatisfactionSteps(IndicatorVariantRule):
    """Where the pack scores 满意度 in steps, a 满意度 indicator's 得分 is its step's (10 / 8 / 5 / 0).

    ``[scoring] satisfaction_steps = [[90, 100], [80, 80], [60, 50]]``: at least 90% earns the
    分值, at least 80% four fifths, at least 60% half, less nothing.
    Bad: 满意度 85%, 分值 10, 得分 ``9.44``.
    Good: 得分 ``8``.
    """
    code, name, severity, tags = "J073", "satisfaction-steps", ERROR, ("project", "indicators", "pack")
    action = {"zh": "请按满意度分档重新计算得分",
              "en": "Score satisfaction by its steps"}
    message = {"zh": "项目“{project}”“{indicator}”满意度 {achieved}，按分档计分应得 {expected} 分，填报为 {actual} 分",
               "en": "Project '{project}': '{indicator}' at {achieved} earns {expected} on the steps, not {actual}"}

    switch = "satisfaction_steps"

    def limit(self, ind, pack, steps):
        got = satisfaction_percent(ind.level1 + ind.level2 + ind.name, ind.achieved_text)
        if got is None:
            return None
        return ind.points.number * step_share(got, steps) / 100, False, {"achieved": ind.achieved_text}


@register
class RescaledTotal(VariantRule):
    """Where the pack lets 不适用 indicators be dropped, a total rescaled to 100 is Σ得分 × 100 ÷ Σ分值.

    ``[scoring] rescale = true`` (用适用指标得分汇总后按百分制折算): 分值 adding to less than 100
    is then no error (J022, J023 stand down for a rescaled total), but the rescaling must be right.
    Bad: applicable 分值 90, 得分 88, 总分 ``98``.
    Good: 总分 ``97.78`` (88 × 100 ÷ 90).
    """
    code, name, severity, tags = "J074", "rescaled-total", ERROR, ("project", "points", "pack")
    action = {"zh": "请按适用指标得分折算为百分制填写总分",
              "en": "Rescale the applicable indicators' score to 100"}
    message = {"zh": "项目“{project}”适用指标分值 {points}、得分 {scores}，折算为百分制应为 {expected}，填报为 {actual}",
               "en": "Project '{project}': applicable points {points}, scores {scores}; rescaled to 100 that is {expected}, not {actual}"}

    switch = "rescale"

    def judge(self, p, pack, _):
        allowed = rescaled_allowed(p, pack)
        total = p.total_score
        if allowed is None or not number(total):
            return
        scores, points, interval = allowed
        if not P.amount(total.number, total.decimals).meets(interval):
            yield self.at(total, expected=P.show(interval.mid), actual=total.text, project=p.title,
                          points=f"{points:g}", scores=P.show(scores.mid))

