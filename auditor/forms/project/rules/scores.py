"""J040–J059: each indicator's 得分 against its own target, by the rule the form prints.

A target met earns the full 分值; a target missed earns at most 分值 × completion
(实际 ÷ 目标 when more is better, 目标 ÷ 实际 when less is better); a qualitative
indicator stays within the pack's band for what it achieved; points off need a reason.
"""
from __future__ import annotations

from decimal import Decimal

from auditor import precision as P
from auditor.rules.folding import fold_same_cell
from auditor.codes import ERROR, WARNING, register
from auditor.forms.project.labels import says_something
from auditor.forms.project.pack import ProjectPack
from auditor.numbers import decimals_of, normalize_text
from auditor.forms.project.rules.base import ProjectRule, number
from auditor.rules.targets import Goal, completion, meets, parse_achieved, parse_goal


def goal_of(ind, pack: ProjectPack) -> Goal | None:
    """The target as a comparison; the pack's words set a direction the parser does not know."""
    if ind.qualitative:
        return None
    text = normalize_text(ind.target_text)
    for words, sym in ((pack.more, "≥"), (pack.less, "≤")):
        for w in words:
            if text.endswith(w) and not text.startswith(w):
                text = sym + text[: -len(w)]
            elif text.startswith(w):
                text = sym + text[len(w):]
    return parse_goal(text)


def judged(ind, pack):
    """(goal, met, completion) of a quantitative indicator, or None when it cannot be judged."""
    goal = goal_of(ind, pack)
    if goal is None or not ind.achieved_text:
        return None
    met = meets(ind.achieved_text, goal)
    if met is None:
        return None
    return goal, met, completion(ind.achieved_text, goal)


def _scored(ind) -> bool:
    return number(ind.points) and number(ind.score) and ind.points.number > 0


def _reason(ind) -> bool:
    return says_something(ind.reason)


def _args(p, ind):
    return {"project": p.title, "indicator": ind.name, "target": ind.target_text, "achieved": ind.achieved_text}


@register
class DeductedWithoutReason(ProjectRule):
    """A target met earns the full 分值: points taken off with no 偏差原因 is a finding.

    Bad: 指标值 ``≥95%``, 实际完成值 ``98%``, 分值 20, 得分 ``19.6``, no reason.
    Good: 得分 ``20``; or a stated reason for the deduction.
    """
    code, name, severity, tags = "J040", "deducted-without-reason", ERROR, ("project", "indicators")
    action = {"zh": "请补写扣分原因，或按已完成目标给满分",
              "en": "Give the reason for the deduction, or give full points for a target met"}
    message = {"zh": "项目“{project}”“{indicator}”已完成目标（{target}，实际 {achieved}），得分 {actual} 低于分值 {expected}，且未说明扣分原因",
               "en": "Project '{project}': '{indicator}' met its target ({target}, achieved {achieved}) but scores {actual} of {expected}, with no reason"}

    def check_project(self, p, pack):
        for ind in p.indicators:
            j = judged(ind, pack)
            if j and j[1] and _scored(ind) and ind.score.number < ind.points.number and not _reason(ind):
                yield self.at(ind.score, expected=ind.points.text, actual=ind.score.text,
                              related=[ind.target, ind.achieved], **_args(p, ind))

    def absorb(self, findings, ctx):
        """A score of value × 分值 (J045) at a cell that lost points without a reason is
        what that loss is: one fault."""
        return fold_same_cell(findings, self.code, ("J045",))


@register
class FullMarksOnMissed(ProjectRule):
    """A target not met does not keep the full 分值.

    Bad: 指标值 ``≥3000吨``, 实际完成值 ``2850吨``, 分值 10, 得分 ``10``.
    Good: 得分 ``9.5`` (10 × 2850 ÷ 3000), with a 偏差原因.
    """
    code, name, severity, tags = "J041", "full-marks-on-missed", ERROR, ("project", "indicators")
    action = {"zh": "请按完成比例扣分，并填写偏差原因", "en": "Take points off in proportion and give the reason"}
    message = {"zh": "项目“{project}”“{indicator}”未完成目标（{target}，实际 {achieved}），却得满分 {actual}；按完成比例最多 {expected}",
               "en": "Project '{project}': '{indicator}' missed its target ({target}, achieved {achieved}) yet keeps full marks {actual}; at most {expected}"}

    def check_project(self, p, pack):
        for ind in p.indicators:
            j = judged(ind, pack)
            if j and not j[1] and _scored(ind) and ind.score.number >= ind.points.number:
                cap = ind.points.number * j[2] if j[2] is not None else None
                yield self.at(ind.score, expected=P.show(cap) if cap is not None else "—", actual=ind.score.text,
                              related=[ind.target, ind.achieved], **_args(p, ind))


@register
class AboveCompletion(ProjectRule):
    """A target missed earns at most 分值 × completion (实际/目标, or 目标/实际 when less is better).

    The cap is judged on the intervals the printed figures stand for.
    Bad: 指标值 ``≤4000元``, 实际 ``5000元``, 分值 10, 得分 ``9`` (at most 8).
    Good: 得分 ``8``.
    """
    code, name, severity, tags = "J042", "above-completion", ERROR, ("project", "indicators", "precision")
    action = {"zh": "请把得分调低到分值乘以完成比例以内", "en": "Lower the score to at most points times completion"}
    message = {"zh": "项目“{project}”“{indicator}”完成比例 {share}（{target}，实际 {achieved}），得分 {actual} 超过分值乘以完成比例 {expected}",
               "en": "Project '{project}': '{indicator}' reached {share} of its target ({target}, achieved {achieved}); its score {actual} exceeds the points times completion, {expected}"}

    def check_project(self, p, pack):
        for ind in p.indicators:
            j = judged(ind, pack)
            if not j or j[1] or j[2] is None or not _scored(ind) or ind.score.number >= ind.points.number:
                continue
            goal, _, share = j
            cap = _cap(ind, goal)
            if cap is not None and P.stated(ind.score.number, ind.score.decimals or 0).lo > cap:
                yield self.at(ind.score, expected=P.show(ind.points.number * share), actual=ind.score.text,
                              share=f"{P.show(share * 100, 1)}%", related=[ind.target, ind.achieved], **_args(p, ind))


def _cap(ind, goal: Goal) -> Decimal | None:
    """The highest score the printed target and value allow (each as the interval its digits stand for)."""
    got = parse_achieved(ind.achieved_text)
    if got is None:
        return None
    a = P.stated(got[0], decimals_of(got[0]))
    t = P.stated(goal.value, decimals_of(goal.value))
    share = (t / a) if goal.op in ("<=", "<") else (a / t)
    if share is None:
        return None
    return ind.points.number * min(share.hi, Decimal(1))


@register
class QualitativeBand(ProjectRule):
    """A qualitative (定性) indicator's 得分 lies in the pack's band for what was achieved.

    National bands: 达成 80–100% of the 分值, 部分达成 60–80%, 未达成 below 60% (Hubei 80/50).
    Bad: 定性, 实际完成值 ``部分达成``, 分值 10, 得分 ``10``.
    Good: 得分 ``7``.
    """
    code, name, severity, tags = "J043", "qualitative-band", WARNING, ("project", "indicators", "pack")
    action = {"zh": "请按该档的得分范围重新评分", "en": "Score the indicator within its band"}
    message = {"zh": "项目“{project}”定性指标“{indicator}”实际完成“{achieved}”属“{band}”档（{low}%–{high}%），得分 {actual}/{points} 不在该档",
               "en": "Project '{project}': qualitative '{indicator}' achieved '{achieved}', band '{band}' ({low}%–{high}%); its score {actual}/{points} is outside it"}

    def check_project(self, p, pack):
        for ind in p.indicators:
            if not _scored(ind) or (not ind.qualitative and goal_of(ind, pack) is not None):
                continue
            band = pack.band_of(normalize_text(ind.achieved_text))
            if band is None:
                continue
            share = ind.score.number / ind.points.number * 100
            if share < band.low or share > band.high:
                yield self.at(ind.score, actual=ind.score.text, points=ind.points.text, band=band.name,
                              low=f"{band.low:g}", high=f"{band.high:g}",
                              expected=f"{P.show(ind.points.number * band.low / 100)}–{P.show(ind.points.number * band.high / 100)}",
                              related=[ind.achieved], **_args(p, ind))


@register
class ReasonRequired(ProjectRule):
    """An indicator that lost points, or missed its target, states a 偏差原因.

    (A met target that lost points with no reason is J040.)  Where the grid has no reason
    column (Hubei), its 偏差大或目标未完成原因分析 row is every indicator's reason, asked for once.
    The form's instruction sentence or a placeholder (无, 同上, 见报告) is no reason.
    Bad: 实际 ``2850吨`` against ``≥3000吨``, 得分 9.5, 偏差原因 empty.
    Good: 偏差原因 ``部分乡镇转运站建设滞后，下年度加快建设``.
    """
    code, name, severity, tags = "J044", "reason-required", ERROR, ("project", "indicators")
    action = {"zh": "请在偏差原因分析及改进措施栏写明原因和措施", "en": "Write the reason and the remedy in the 偏差原因分析及改进措施 column"}
    message = {"zh": "项目“{project}”“{indicator}”得分 {actual}/{points}（目标 {target}，实际 {achieved}），未填写偏差原因分析及改进措施",
               "en": "Project '{project}': '{indicator}' scores {actual} of {points} (target {target}, achieved {achieved}) but gives no reason"}

    def check_project(self, p, pack):
        asked = set()  # Hubei: one 原因分析 row serves every indicator; it is asked for once
        for ind in p.indicators:
            if _reason(ind) or not ind.reason.cell or ind.reason.cell in asked:
                continue
            j = judged(ind, pack)
            lost = _scored(ind) and ind.score.number < ind.points.number
            if j and j[1]:
                continue  # met: J040 speaks of the deduction
            if lost or (j and not j[1]):
                asked.add(ind.reason.cell)
                yield self.at(ind.reason, related=[ind.score], actual=ind.score.text, points=ind.points.text or "—",
                              **_args(p, ind))


@register
class ValueTimesWeight(ProjectRule):
    """A met target scored as achieved value × 分值 instead of full marks.

    Bad: 指标值 ``≥95%``, 实际 ``98%``, 分值 20, 得分 ``19.6`` (98% × 20), even with a reason.
    Good: 得分 ``20``: completion, not the value, scales the points.
    """
    code, name, severity, tags = "J045", "value-times-weight", WARNING, ("project", "indicators")
    action = {"zh": "请按目标完成情况计分，完成目标的给满分", "en": "Score by completion: full points for a target met"}
    message = {"zh": "项目“{project}”“{indicator}”得分 {actual} 是实际值 {achieved} 乘以分值，应按完成情况计分（完成目标得满分 {expected}）",
               "en": "Project '{project}': '{indicator}' scores {actual}, the value {achieved} times the points; completion, not the value, scales points (full marks {expected})"}

    def check_project(self, p, pack):
        for ind in p.indicators:
            j = judged(ind, pack)
            if not j or not j[1] or not _scored(ind) or ind.score.number >= ind.points.number:
                continue
            got = parse_achieved(ind.achieved_text)
            if got is None or got[1] != "%":
                continue
            if P.stated(ind.score.number, ind.score.decimals or 0).meets(
                    P.exact(ind.points.number * got[0] / 100)):
                yield self.at(ind.score, expected=ind.points.text, actual=ind.score.text,
                              related=[ind.achieved], **_args(p, ind))
