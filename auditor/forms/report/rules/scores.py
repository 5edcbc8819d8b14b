"""R004–R006: the scores a report states, against each other and its grade."""
from __future__ import annotations

from decimal import Decimal

from auditor.codes import ERROR, register
from auditor.forms.report.rules.base import ReportRule
from auditor.rules.lazy import lazy_import

claims = lazy_import("auditor.narrative.claims")


@register
class ScoreOverPoints(ReportRule):
    """An indicator's 自评得分 in the report is above its own 分值.

    Bad: ``预算编制约束性：…该指标分值4分，自评得分5分。``
    Good: ``…该指标分值4分，自评得分4分。``
    """

    code = "R004"
    action = {"zh": "请把得分改为不超过分值",
              "en": "Keep the score within its points"}
    name = "report-score-over-points"
    severity = ERROR
    message = {"zh": "报告{place}指标“{indicator}”自评得分{score}分，超过其分值{points}分：“{sentence}”",
               "en": "Report {place}: indicator “{indicator}” scores {score}, above its 分值 of {points}: “{sentence}”"}

    def check(self, ctx):
        if ctx.facts is None:
            return
        for claim in ctx.facts.indicators:
            if claim.points is not None and claim.score is not None and claim.score.value > claim.points.value:
                s = claim.score_sentence
                yield self.at_sentence(self, ctx, s.line, s.text, expected=f"≤ {claim.points.value}",
                                       actual=claim.score.value, indicator=claim.name, score=claim.score.value,
                                       points=claim.points.value)


def _sum(figures) -> Decimal:
    return sum((f.value for f in figures), Decimal(0))


def complete_sum(indicators, points: Decimal) -> Decimal | None:
    """The indicators' scores added up, when each states its 分值 and score and their 分值
    make ``points`` (none was left out); else None."""
    if indicators and all(c.points is not None and c.effective_score is not None for c in indicators) \
            and _sum(c.points for c in indicators) == points:
        return _sum(c.effective_score for c in indicators)
    return None


def full_points(ctx) -> Decimal:
    """The whole scale: the pack's total points (100)."""
    return Decimal(getattr(ctx.pack, "total_points", 100) or 100)


def indicators_sum(facts, points: Decimal) -> Decimal | None:
    names = [c.key for c in facts.indicators]
    return complete_sum(facts.indicators, points) if len(set(names)) == len(names) else None


@register
class ScoresDoNotAdd(ReportRule):
    """The indicators' 自评得分 in the report do not add up to the group's or the total score it states.

    A group is a numbered heading stating its own 分值 and 得分; the total is the
    conclusion's 总分.  Judged only where each indicator states its 分值 and score and
    their 分值 fit within the group's (the whole scale's): scores above the stated one are
    wrong whatever was left out; a shortfall only when the 分值 make up the whole, so that
    none was left out.
    Bad: ``（二）管理效率（分值20分，得分19分）`` over indicators scoring 4, 4 and 12 of 4, 4 and 12.
    Good: ``（二）管理效率（分值20分，得分20分）``.
    """

    code = "R005"
    action = {"zh": "请使该组得分等于其下各指标得分之和",
              "en": "Make the group's score the sum of its indicators'"}
    name = "report-scores-sum"
    severity = ERROR
    message = {"zh": "报告{place}所述{what}{stated}分，与其下各指标自评得分合计{total}分不符：“{sentence}”",
               "en": "Report {place} states the {what} as {stated}, but its indicators' scores add up to {total}: "
                     "“{sentence}”"}

    def check(self, ctx):
        facts = ctx.facts
        if facts is None or not facts.indicators:
            return
        for g in claims.groups(ctx.report, facts.indicators):
            line = g.paragraph.sentences[0]
            yield from self._judge(ctx, g.indicators, g.points.value, g.score.value, line, g.paragraph.text,
                                   ("分组得分", "group score"))
        names = [c.key for c in facts.indicators]
        if facts.total_score is not None and len(set(names)) == len(names):
            s = facts.total_sentence
            yield from self._judge(ctx, facts.indicators, full_points(ctx), facts.total_score.value, s, s.text,
                                   ("总分", "total score"))

    def _judge(self, ctx, indicators, points, score, sentence, text, what):
        from auditor.codes.bilingual import Bilingual

        # Judged only where every indicator states its 分值 and score and their 分值 fit in
        # the whole: more than the whole means some are another's parts (产出指标 and its
        # 数量指标 both written as indicators), and their scores would be counted twice.
        if not indicators or any(c.points is None or c.effective_score is None for c in indicators):
            return
        stated_points = _sum(c.points for c in indicators)
        if stated_points > points:
            return
        total = _sum(c.effective_score for c in indicators)
        if total > score or (stated_points == points and total != score):
            yield self.at_sentence(self, ctx, sentence.line, text, expected=total, actual=score,
                                   what=Bilingual(*what), stated=score, total=total)


@register
class GradeDoesNotFitTotal(ReportRule):
    """The grade the report states is not the one its own total score earns (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差).

    优秀, 良好 and 中等 are read as 优, 良 and 中.
    Bad: ``…对照打分得出结果为88分，等级为“优”。``
    Good: ``…结果为88分，等级为“良”。``
    """

    code = "R006"
    action = {"zh": "请按总分填写对应等级",
              "en": "Give the grade the total earns"}
    name = "report-grade-total"
    severity = ERROR
    message = {"zh": "报告{place}所述总分{total}分对应等级应为“{computed}”，报告为“{grade}”：“{sentence}”",
               "en": "Report {place}: a total of {total} earns “{computed}”, the report says “{grade}”: “{sentence}”"}

    def check(self, ctx):
        facts = ctx.facts
        if facts is None or facts.total_score is None or facts.grade is None or ctx.pack is None:
            return
        # the band is the indicators' own sum's where they are all stated (R005 says the
        # typed total is wrong), never a wrong total's
        total = indicators_sum(facts, full_points(ctx)) or facts.total_score.value
        earned = ctx.pack.grade_for(total)
        if earned != facts.grade:
            s = facts.grade_sentence
            yield self.at_sentence(self, ctx, s.line, s.text, expected=earned, actual=facts.grade,
                                   total=total, computed=earned, grade=facts.grade)
