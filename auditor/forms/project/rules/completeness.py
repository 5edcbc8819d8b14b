"""J060–J079: what a project table must state (header fields, goal, targets, values, scores, its text fields)."""
from __future__ import annotations

from auditor.codes import ERROR, WARNING, register
from auditor.forms.project.labels import TEXT_FIELD_NAMES, unfilled
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


@register
class InstructionLeft(ProjectRule):
    """A text field holds what the department wrote, not the form's own instruction sentence.

    Sichuan's form prints its 年度目标完成情况, 评价结论, 存在问题 and 改进措施 holding the
    sentence that says what to write (``……（200字以内）``): left in, the field was never filled.
    Bad: 评价结论 ``根据自评得分及指标完成情况作出总体评价（200字以内）``.
    Good: 评价结论 ``项目资金执行较好，年度绩效目标基本完成，自评得分99.52分。``
    """
    code, name, severity, tags = "J064", "instruction-left", WARNING, ("project", "completeness")
    action = {"zh": "请删去表样自带的填写说明，填写实际内容",
              "en": "Replace the form's instruction with what the department has to say"}
    message = {"zh": "项目“{project}”“{field}”仍是表样的填写说明“{actual}”，未填写",
               "en": "Project '{project}': '{field}' still holds the form's instruction '{actual}'; it was not filled in"}

    def check_project(self, p, pack):
        fields = [(p.goal_expected, "预期目标"), (p.goal_actual, TEXT_FIELD_NAMES["goal"] if p.goal_expected is None
                                                 else "实际完成情况")]
        fields += [(v, TEXT_FIELD_NAMES[k]) for k, v in p.texts.items()]
        for v, field in fields:
            if v is not None and v.cell and unfilled(v.text) == "instruction":
                yield self.at(v, actual=v.text[:40], project=p.title, field=field)


@register
class ScoreBlank(ProjectRule):
    """Every indicator worth points states its 得分, and its 完成值 when it is not scored.

    (A 完成值 left blank while the indicator keeps its points is J060.)  In Hubei's printed
    blocks the points are the block label's, so every row of a block is worth points.
    Bad: 权重 10, 完成值 ``200``, 得分 left empty; or 完成值 and 得分 both empty.
    Good: 得分 ``10``.
    """
    code, name, severity, tags = "J065", "score-blank", ERROR, ("project", "completeness")
    action = {"zh": "请填写该指标的得分（及未计分时的完成值）",
              "en": "Fill in the indicator's score (and its achieved value where it is not scored)"}
    message = {"zh": "项目“{project}”“{indicator}”未填写{what}",
               "en": "Project '{project}': '{indicator}' has no {what}"}

    def check_project(self, p, pack):
        for g in p.groups:
            for ind in g.indicators:
                worth = (number(ind.points) and ind.points.number > 0) or g.label_points is not None
                if not worth or not ind.score.cell or not ind.score.is_blank:
                    continue
                what = "得分" if ind.achieved.text or not ind.achieved.cell else "完成值和得分"
                yield self.at(ind.score, project=p.title, indicator=ind.name, what=what,
                              related=[v for v in (ind.points, ind.achieved) if v.cell])
