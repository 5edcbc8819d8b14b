"""J050–J059: an indicator's achieved value against its target beyond what scoring reads:
a target beaten by far (set too low)."""
from __future__ import annotations

from decimal import Decimal

from auditor import precision as P
from auditor.codes import WARNING, register
from auditor.forms.project.rules.base import ProjectRule, number
from auditor.forms.project.rules.scores import goal_of
from auditor.rules.plausibility import LESS_UNITS, deviation, setting

# The 一体化 system's 指标偏离 line: 30% beyond the target.
DEVIATION_ABOVE = 30


@register
class TargetSetLow(ProjectRule):
    """A quantitative target beaten by more than the pack's line (30%) keeps full marks only with a reason.

    偏离度 is 实际/目标 − 1 for a more-is-better target, 1 − 实际/目标 for a less-is-better
    one; 财预〔2020〕10号 asks that a value far above its target be explained and, where the
    target was set too low, points be reduced by the deviation.  A stated reason, or points
    already taken off, is an answer.  The line is the pack's ``[checks] deviation_above``.
    Bad: 指标值 ``≥500户``, 实际完成值 ``800户``, full marks, no reason.
    Good: 实际完成值 ``512户``; or a reason (``年中追加任务300户``).
    """
    code, name, severity, tags = "J050", "target-set-low", WARNING, ("project", "indicators", "plausibility")
    action = {"zh": "请分析指标值是否设置偏低，并按偏离度调减得分或说明原因",
              "en": "Say whether the target was set too low, and lower the score by the deviation or give the reason"}
    message = {"zh": "项目“{project}”“{indicator}”完成值 {achieved} 超出指标值 {target} {share}%，请分析是否指标值设置偏低；如是，按偏离度调减得分",
               "en": "Project '{project}': '{indicator}' achieved {achieved}, {share}% beyond its target {target}; was the target set too low? If so, reduce the score by the deviation"}

    def check_project(self, p, pack):
        line = Decimal(str(setting(pack, "deviation_above", DEVIATION_ABOVE))) / 100
        for ind in p.indicators:
            if not (number(ind.points) and number(ind.score)) or ind.score.number < ind.points.number:
                continue
            if ind.reason.text and ind.reason.kind != "na":
                continue
            d = deviation(goal_of(ind, pack), ind.achieved_text, setting(pack, "deviation_less_units", LESS_UNITS))
            if d is not None and d > line:
                yield self.at(ind.achieved, related=[ind.target, ind.score], project=p.title, indicator=ind.name,
                              achieved=ind.achieved_text, target=ind.target_text, share=P.show(d * 100, 1))
