"""Family G: targets and what was achieved (绩效目标完成情况)."""
from __future__ import annotations

from auditor.forms.department.model import Target
from auditor.codes import ERROR, WARNING, Rule, register
from auditor.rules.targets import meets, parse_goal, status_of
from auditor.rules.wording import says_nothing


def missed(t: Target) -> bool:
    """The achieved value does not meet the target, or the department says so itself."""
    return meets(t.achieved.raw, parse_goal(t.target.raw)) is False or status_of(t.status.text) is False


@register
class TargetMissing(Rule):
    """Every target row states its 指标值 and 实际完成值.

    Bad: 干部考察次数 with 指标值 ``≥20次`` and 实际完成值 empty.
    Good: 实际完成值 ``25次``.
    """
    code, name, severity, tags = "G001", "target-incomplete", WARNING, ("targets",)
    action = {"zh": "请补填该项内容", "en": "Fill in the missing field"}
    message = {"zh": "绩效目标“{target}”未填写{what}", "en": "Target '{target}' has no {what}"}

    def check(self, ctx):
        for t in ctx.wb.targets:
            for v, what in ((t.target, "指标值"), (t.achieved, "实际完成值")):
                if v.cell and not v.text:
                    yield self.at(v, target=t.name, what=what)


@register
class StatusContradicts(Rule):
    """完成情况 agrees with the achieved value measured against the target.

    Targets are parsed with their comparators (≥ ＞＝ 不低于 以上 以内 …); a qualitative
    target is not judged.
    Bad: 指标值 ``≥90%``, 实际完成值 ``85%``, 完成情况 已完成.
    Good: 完成情况 未完成, with a 偏差原因分析.
    """
    code, name, severity, tags = "G002", "status-contradicts", ERROR, ("targets",)
    action = {"zh": "请把完成情况改为“未完成”，并填写偏差原因分析", "en": "Mark the target 未完成 and give the reason for the gap"}
    message = {"zh": "绩效目标“{target}”指标值 {goal}，实际完成 {achieved}，完成情况却填“{actual}”",
               "en": "Target '{target}' is {goal} and {achieved} was achieved, yet its status says '{actual}'"}

    def check(self, ctx):
        for t in ctx.wb.targets:
            met = meets(t.achieved.raw, parse_goal(t.target.raw))
            said = status_of(t.status.text)
            if met is None or said is None or met == said:
                continue
            yield self.at(t.status, expected="已完成" if met else "未完成", actual=t.status.text,
                          related=[t.target, t.achieved], target=t.name, goal=t.target.text,
                          achieved=t.achieved.text)


@register
class DeviationRequired(Rule):
    """A target that was missed has a 偏差原因分析.

    Bad: 实际完成值 ``85%`` against ``≥90%`` (or 完成情况 未完成) with 偏差原因分析 empty.
    Good: 偏差原因分析 “年中追加项目未能在年内完成支付”.
    """
    code, name, severity, tags = "G003", "deviation-required", ERROR, ("targets",)
    action = {"zh": "请在偏差原因分析栏写明未完成的原因及改进措施",
              "en": "Write in the 偏差原因分析 column why the target was missed and what will be done"}
    message = {"zh": "绩效目标“{target}”未完成，但未填写偏差原因分析",
               "en": "Target '{target}' was missed but no deviation reason is given"}

    def check(self, ctx):
        for t in ctx.wb.targets:
            if missed(t) and says_nothing(t.deviation.text) and t.deviation.cell:
                yield self.at(t.deviation, target=t.name, related=[t.achieved, t.status])


@register
class StatusUnknown(Rule):
    """完成情况 is one of 已完成/未完成 (or 是/否).

    Bad: 完成情况 empty, or ``基本完成``.
    Good: 已完成.
    """
    code, name, severity, tags = "G004", "status-unknown", WARNING, ("targets",)
    action = {"zh": "请填写“已完成”或“未完成”", "en": "Fill in 已完成 or 未完成"}
    message = {"zh": "绩效目标“{target}”完成情况“{actual}”应填“已完成”或“未完成”",
               "en": "Target '{target}': status '{actual}' should be 已完成 or 未完成"}

    def check(self, ctx):
        for t in ctx.wb.targets:
            if t.status.cell and status_of(t.status.text) is None:
                yield self.at(t.status, actual=t.status.text, target=t.name)
