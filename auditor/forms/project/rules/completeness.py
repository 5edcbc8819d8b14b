"""J060–J079: what a project table must state (header fields, goal, targets, values)."""
from __future__ import annotations

from auditor.codes import ERROR, WARNING, register
from auditor.forms.project.rules.base import ProjectRule, number, sheet_of
from auditor.codes.bilingual import Bilingual
from auditor.rules.targets import repeats_comparator

_WHAT_EN = {"年度指标值": "年度指标值 (target)", "实际完成值": "实际完成值 (achieved)"}


@register
class IndicatorBlank(ProjectRule):
    """A scored indicator states its 年度指标值 and its 实际完成值.

    Bad: 实际完成值 empty while the indicator keeps its 8 points.
    Good: 实际完成值 ``52个``.
    """
    code, name, severity, tags = "J060", "indicator-blank", ERROR, ("project", "completeness")
    action = {"zh": "请补填年度指标值和实际完成值", "en": "Fill in the target and the achieved value"}
    message = {"zh": "项目“{project}”“{indicator}”未填写{what}，却得 {actual} 分",
               "en": "Project '{project}': '{indicator}' has no {what} yet scores {actual}"}

    def check_project(self, p, pack):
        for ind in p.indicators:
            if not (number(ind.score) and ind.score.number > 0):
                continue
            blank = [(v, what) for v, what in ((ind.target, "年度指标值"), (ind.achieved, "实际完成值"))
                     if v.cell and not v.text]
            if blank:  # one indicator, one finding: both values empty are one omission
                yield self.at(blank[-1][0], actual=ind.score.text, related=[ind.score] + [v for v, _ in blank[:-1]],
                              project=p.title, indicator=ind.name,
                              what=Bilingual("和".join(w for _, w in blank),
                                             " and ".join(_WHAT_EN[w] for _, w in blank)))


@register
class AchievedRepeatsTarget(ProjectRule):
    """实际完成值 is a measured value, not the target's expression again.

    Bad: 指标值 ``≥90%``, 实际完成值 ``≥90%``.
    Good: 实际完成值 ``93%``.
    """
    code, name, severity, tags = "J061", "achieved-repeats-target", WARNING, ("project", "completeness")
    action = {"zh": "请填写实际达到的数值", "en": "Fill in the value actually achieved"}
    message = {"zh": "项目“{project}”“{indicator}”实际完成值“{actual}”是目标的写法，应填写实际达到的数值",
               "en": "Project '{project}': '{indicator}' states '{actual}' as achieved, which is a target, not a measured value"}

    def check_project(self, p, pack):
        for ind in p.indicators:
            if repeats_comparator(ind.achieved.text):
                yield self.at(ind.achieved, actual=ind.achieved.text, related=[ind.target], project=p.title,
                              indicator=ind.name)


@register
class HeaderField(ProjectRule):
    """项目名称 and 主管部门 are filled in.

    Bad: 主管部门 left empty.
    Good: 主管部门 ``某县农业农村局``.
    """
    code, name, severity, tags = "J062", "header-field", ERROR, ("project", "completeness")
    action = {"zh": "请补填该项", "en": "Fill in the field"}
    message = {"zh": "项目表（{sheet}）未填写“{field}”", "en": "The project table ({sheet}) has no '{field}'"}

    def check_project(self, p, pack):
        for v, field in ((p.name, "项目名称"), (p.department, "主管部门")):
            if v is None or not v.text:
                yield self.at(v if v is not None and v.cell else sheet_of(p), sheet=p.sheet, field=field)


@register
class GoalBlank(ProjectRule):
    """年度总体目标 states both its 预期目标 and its 实际完成情况.

    Bad: 实际完成情况 left empty.
    Good: ``完成512户改厕，清运垃圾2850吨……``.
    """
    code, name, severity, tags = "J063", "goal-blank", WARNING, ("project", "completeness")
    action = {"zh": "请补填年度总体目标", "en": "Fill in the project's annual goal"}
    message = {"zh": "项目“{project}”年度总体目标未填写“{what}”",
               "en": "Project '{project}': the overall goal has no '{what}'"}

    def check_project(self, p, pack):
        for v, what in ((p.goal_expected, "预期目标"), (p.goal_actual, "实际完成情况")):
            if v is not None and v.cell and not v.text:
                yield self.at(v, project=p.title, what=what)
