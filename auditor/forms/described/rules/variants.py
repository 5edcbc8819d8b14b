"""F018–F019: what a description switches on beyond its formula, by the names the built-in
packs use (auditor/rules/variants.py, plausibility.py): 满意度 scored in steps
(``[scoring] satisfaction_steps``), and a target beaten by far at full marks
(``[checks] deviation_above``).  A description without them leaves these rules silent."""
from __future__ import annotations

from decimal import Decimal

from auditor import precision as P
from auditor.codes import ERROR, WARNING, register
from auditor.forms.described.rules.base import DescribedRule, number
from auditor.forms.described.rules.scores import judged, row_words, satisfaction, scored
from auditor.labels import says_nothing
from auditor.rules.plausibility import LESS_UNITS, deviation, setting
from auditor.rules.variants import step_share, variant


@register
class SatisfactionSteps(DescribedRule):
    """Where the description scores 满意度 in steps, a 满意度 indicator's 得分 is its step's (10 / 8 / 5 / 0).

    ``[scoring] satisfaction_steps = [[90, 100], [80, 80], [60, 50]]``: at least 90% earns the
    分值, at least 80% four fifths, at least 60% half, less nothing (F013 leaves these rows to it).
    Bad: 满意度 85%, 分值 10, 得分 ``9.44``.
    Good: 得分 ``8``.
    """
    code, name, severity, tags = "F018", "described-satisfaction-steps", ERROR, ("described", "indicators", "pack")
    action = {"zh": "请按满意度分档重新计算得分",
              "en": "Score satisfaction by its steps"}
    message = {"zh": "“{indicator}”满意度 {achieved}，按分档计分应得 {expected} 分，填报为 {actual}",
               "en": "'{indicator}' at {achieved} earns {expected} on the steps, not {actual}"}

    def check_book(self, book, pack):
        steps = variant(pack, "satisfaction_steps")
        for row in book.rows:
            got = satisfaction(row, pack)
            if got is None or not scored(row):
                continue
            points, score = row.get("points"), row.get("score")
            expected = points.number * step_share(got, steps) / 100
            if not P.amount(score.number, score.decimals).meets(P.exact(expected)):   # 8 stands for 8.00
                yield self.at(score, expected=P.show(expected), actual=score.text, related=[points, row.get("achieved")],
                              **row_words(row))


@register
class TargetSetLow(DescribedRule):
    """Where the description asks (``[checks] deviation_above = 30``), a target beaten by more than that keeps full marks only with a reason.

    偏离度 is 实际/目标 − 1 for a more-is-better target, 1 − 实际/目标 for a less-is-better one
    (only for amounts, ``deviation_less_units``: other ceilings limit something adverse);
    财预〔2020〕10号 asks that a value far above its target be explained and, where the target
    was set too low, points be reduced by the deviation.  A reason, or points already taken
    off, is an answer.
    Bad: 指标值 ``≥500户``, 实际 ``800户``, full marks, no reason.
    Good: 实际 ``512户``; or a reason (``年中追加任务300户``).
    """
    code, name, severity, tags = "F019", "described-target-set-low", WARNING, ("described", "indicators",
                                                                               "plausibility")
    action = {"zh": "请分析指标值是否设置偏低，并按偏离度调减得分或说明原因",
              "en": "Say whether the target was set too low, and lower the score by the deviation or give the reason"}
    message = {"zh": "“{indicator}”完成值 {achieved} 超出指标值 {target} {share}%，请分析是否指标值设置偏低；如是，按偏离度调减得分",
               "en": "'{indicator}' achieved {achieved}, {share}% beyond its target {target}; was the target set too low? "
                     "If so, reduce the score by the deviation"}

    def check_book(self, book, pack):
        above = setting(pack, "deviation_above", None)
        if above is None:
            return
        line, units = Decimal(str(above)) / 100, setting(pack, "deviation_less_units", LESS_UNITS)
        for row in book.rows:
            points, score, reason = row.get("points"), row.get("score"), row.get("reason")
            if not (number(points) and number(score)) or score.number < points.number:
                continue
            if reason is not None and not says_nothing(reason.text):
                continue
            j = judged(row)
            d = deviation(j[0], row_words(row)["achieved"], units) if j else None
            if d is not None and d > line:
                yield self.at(row.get("achieved"), related=[row.get("target"), score], share=P.show(d * 100, 1),
                              **row_words(row))
