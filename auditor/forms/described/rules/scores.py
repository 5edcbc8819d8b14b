"""F010–F029: the indicator grid of a described form: points, scores, the total, the grade."""
from __future__ import annotations

from decimal import Decimal

from auditor import precision as P
from auditor.codes import ERROR, WARNING, register
from auditor.forms.described.rules.base import DescribedRule, number
from auditor.forms.described.rules.funds import total_caps
from auditor.labels import says_nothing
from auditor.numbers import decimals_of, normalize_text
from auditor.rules.arith import sum_mismatch
from auditor.rules.targets import LESS_IS_BETTER, Goal, meets, parse_achieved, parse_goal
from auditor.rules.variants import pass_line_share, satisfaction_percent, variant

_NATURE = {"≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", "=": "=", ">": ">", "<": "<"}


def target_text(row) -> str:
    """The judged target as one expression: the adjusted target where one is given, its 指标性质
    and 度量单位 read with it (``≥`` ``90`` ``%`` → ``≥90%``)."""
    adjusted = row.get("target_adjusted")
    target = adjusted if adjusted is not None and adjusted.text else row.get("target")
    text = target.text if target is not None else ""
    nature = normalize_text(row.get("nature").text) if row.get("nature") is not None else ""
    if nature in _NATURE and text and text[0].isdigit():
        text = _NATURE[nature] + text
    unit = row.get("unit")
    if unit is not None and unit.text and text and not text.endswith(unit.text):
        text += unit.text
    return text


def achieved_text(row) -> str:
    v = row.get("achieved")
    text = v.text if v is not None else ""
    unit = row.get("unit")
    if unit is not None and unit.text and text and text[-1].isdigit():
        text += unit.text
    return text


def judged(row) -> tuple[Goal, bool] | None:
    """(goal, met) of a quantitative indicator whose target states its direction (a
    comparator or 不低于/以内 …), or None: a bare figure (``43.2``) may be a ceiling or a
    floor, and a score is not judged against a formula the form leaves open."""
    text = normalize_text(target_text(row))
    if not text or text[0].isdigit():
        return None
    goal = parse_goal(text)
    achieved = achieved_text(row)
    met = meets(achieved, goal) if goal is not None and achieved else None
    if goal is not None and goal.op == "=" and met is False and parse_achieved(achieved)[0] > goal.value:
        return None   # past an exact target (=100 户, 105 户): the form's formula says nothing of it
    return (goal, met) if met is not None else None


def satisfaction(row, pack) -> Decimal | None:
    """The 满意度 (percent) of a row the description scores in steps (``[scoring]
    satisfaction_steps``): a row of 满意 in its name or levels, achieved as a percentage."""
    if not variant(pack, "satisfaction_steps"):
        return None
    words = row.name + row.level2 + (row.level1.name if row.level1 is not None else "")
    return satisfaction_percent(words, achieved_text(row))


def scored(row) -> bool:
    return number(row.get("points")) and number(row.get("score")) and row.get("points").number > 0


def row_words(row) -> dict:
    return {"indicator": row.name, "target": target_text(row), "achieved": achieved_text(row)}


@register
class ScoreOverPoints(DescribedRule):
    """No score is negative or above its 分值, the execution block's included.

    Bad: 受益农户数 with 分值 10 scored ``12``; 预算执行 scored ``11`` of its 10.
    Good: ``10`` and ``10``.
    """
    code, name, severity, tags = "F010", "described-score-over-points", ERROR, ("described", "indicators")
    action = {"zh": "请把得分改在 0 至该项分值之间",
              "en": "Keep the score between 0 and the item's points"}
    message = {"zh": "“{indicator}”得分 {actual} 超出分值 {expected}",
               "en": "'{indicator}' scores {actual}, above its points {expected}"}

    def check_book(self, book, pack):
        pairs = [(r.get("points"), r.get("score"), r.name) for r in book.rows]
        pairs.append((book.execution("points"), book.execution("score"), "预算执行"))
        outside = [(p, s, w) for p, s, w in pairs if number(p) and number(s) and not 0 <= s.number <= p.number]
        yield from (self.at(s, expected=p.text, actual=s.text, related=[p], indicator=w) for p, s, w in outside)


def _declared(level, pack):
    """(the level's points as its label or points column states them, or the pack fixes them; where)."""
    if level.points is not None and level.points.is_number:
        return level.points.number, level.points
    fixed = pack.level1_points(level.name) if level.depth == 1 else None
    return (Decimal(str(fixed)), level.label) if fixed is not None else (None, level.label)


@register
class LevelPoints(DescribedRule):
    """A 一级's points (in its label ``产出指标（50分）``, its 权重 column, or fixed by the form)
    are the sum of its indicators' 分值.

    Bad: ``产出指标（50分）`` over indicators of 20, 20 and 12 points.
    Good: 20, 20 and 10.
    """
    code, name, severity, tags = "F011", "described-level-points", ERROR, ("described", "points")
    action = {"zh": "请核对该一级指标下各指标的分值，使其合计等于一级指标的分值",
              "en": "Check the indicators' points so that they add up to their group's"}
    message = {"zh": "“{level}”分值 {expected}，其下各指标分值合计 {actual}",
               "en": "'{level}' carries {expected} points; its indicators' points add up to {actual}"}

    def check_book(self, book, pack):
        for level in book.levels:
            declared, at = _declared(level, pack)
            rows = [r for r in book.rows if r.under(level)]
            # a 一级 over 二级 that carry points adds those up, so that one wrong row is one finding
            middle = list({id(r.parent): r.parent for r in rows if r.parent is not level and r.parent is not None
                           and r.parent.points is not None}.values())
            points = [m.points for m in middle] if middle else [r.get("points") for r in rows]
            if declared is None or not points or not all(number(p) for p in points):
                continue
            got = sum((p.number for p in points), Decimal(0))
            if got != declared:
                yield self.at(at, expected=P.show(declared, 0 if declared == int(declared) else 2),
                              actual=P.show(got, 0 if got == int(got) else 2), level=level.name, related=points)


@register
class PointsTotal(DescribedRule):
    """All points (the execution block's and the indicators', a 一级 counted at its stated
    points) add up to the form's total (100), and the 总分 row prints that total as its 分值.

    A 一级 whose indicators disagree with its own points is F011's, not counted twice here.
    The 总分 row's 分值 is judged only where the points make the form's total (分值计算散总不符):
    else the points are at fault, and said so once.
    Bad: 预算执行 10, 产出 50, 效益 30, 满意度 20: 110; or points of 100 under a 总分 分值 ``95``.
    Good: 满意度 10: 100, 总分 分值 ``100``.
    """
    code, name, severity, tags = "F012", "described-points-total", ERROR, ("described", "points")
    action = {"zh": "请核对各项分值，使合计等于表式规定的总分",
              "en": "Check the points so that they add up to the form's total"}
    message = {"zh": "各项分值合计 {actual}，应为 {expected}",
               "en": "The points add up to {actual}; the form's total is {expected}"}
    variants = {"printed": {"zh": "总分行的分值 {actual} 与各项分值合计 {expected} 不符",
                            "en": "The total row's points {actual} differ from the points' sum {expected}"}}

    def check_book(self, book, pack):
        rows = [r for r in book.rows if number(r.get("points"))]
        if not rows or len(rows) != len(book.rows):
            return
        total = Decimal(0)
        execution = book.execution("points")
        if number(execution):
            total += execution.number
        seen = set()
        for row in rows:
            level = row.level1   # a 一级 counts at its stated points; its 二级 are F011's business
            declared = _declared(level, pack)[0] if level is not None else None
            if declared is None:
                total += row.get("points").number
            elif id(level) not in seen:
                seen.add(id(level))
                total += declared
        expected = Decimal(str(pack.scoring.total_points))
        printed = book.total_points if number(book.total_points) else None
        if total != expected:
            at = printed or rows[-1].get("points")
            yield self.at(at, expected=P.show(expected, 0), actual=P.show(total, 0 if total == int(total) else 2))
        elif printed is not None and printed.number != total:
            yield self.at(printed, expected=P.show(total, 0 if total == int(total) else 2), actual=printed.text,
                          variant="printed", related=[r.get("points") for r in rows])


class FormulaRule(DescribedRule):
    """Base: asked about each indicator row, only where the form scores indicators by ``formula``."""

    formula = ""

    def check_row(self, row, pack):
        return ()

    def check_book(self, book, pack):
        if pack.scoring.indicator == self.formula:
            for row in book.rows:
                yield from self.check_row(row, pack)


@register
class IndicatorScore(FormulaRule):
    """A quantitative indicator's 得分 follows the form's formula: a target met earns the full
    分值 (unless a reason says why not); one missed earns 分值 × 实际/目标 (≥) or × 目标/实际 (≤).

    Judged only where the target states its direction and both figures are numbers in one unit.
    Where the description sets a pass line (``[scoring] pass_line = 60``), a missed target
    earns (完成率 − 60%) ÷ (1 − 60%) × 分值 instead, nothing at or below the line; where it
    scores 满意度 in steps, a 满意度 row is F018's.
    Bad: ``≥100%``, 实际 ``90%``, 分值 10, 得分 ``10`` (or ``9.9``); with a pass line of 60, ``9``.
    Good: 得分 ``9``; with a pass line of 60, ``7.5``.
    """
    code, name, severity, tags = "F013", "described-indicator-score", ERROR, ("described", "indicators", "precision")
    action = {"zh": "请按表式的计分方法和实际完成值重新计算得分",
              "en": "Recompute the score from the achieved value by the form's formula"}
    message = {"zh": "“{indicator}”目标 {target}，实际 {achieved}，按计分方法得分应为 {expected}，填报为 {actual}",
               "en": "'{indicator}': target {target}, achieved {achieved}; by the form's formula it scores {expected}, not {actual}"}
    variants = {"pass_line": {
        "zh": "“{indicator}”目标 {target}，实际 {achieved}，按及格线 {line}% 计分得分应为 {expected}，填报为 {actual}",
        "en": "'{indicator}': target {target}, achieved {achieved}; with the pass line of {line}% it scores {expected}, "
              "not {actual}"}}

    formula = "proportional"

    def check_row(self, row, pack):
        j = judged(row)
        if j is None or not scored(row) or satisfaction(row, pack) is not None:
            return
        goal, met = j
        points, score = row.get("points"), row.get("score")
        shown = max(score.decimals or 0, 2)  # a score is kept to two decimals: both sides so written
        if met:
            reason = row.get("reason")
            if score.number < points.number and (reason is None or says_nothing(reason.text)):
                yield self.at(score, expected=P.show(points.number, shown), actual=P.show(score.number, shown),
                              related=[points], **row_words(row))
            return
        line = variant(pack, "pass_line")
        allowed = _allowed(row, goal, points.number, line)
        stated = P.amount(score.number, score.decimals)   # a score is kept to two decimals, as amounts are
        # full marks on a missed target is wrong whatever the printed digits allow
        if allowed is not None and (score.number >= points.number or not stated.meets(allowed)):
            extra = {"variant": "pass_line", "line": f"{line:g}"} if line is not None else {}
            yield self.at(score, expected=P.show(_formula(row, goal, points.number, line), shown),
                          actual=P.show(score.number, shown), related=[points, row.get("achieved")],
                          **row_words(row), **extra)


def _formula(row, goal: Goal, points: Decimal, line=None) -> Decimal:
    """The score the formula gives on the figures as printed (what the finding says it should be)."""
    got = parse_achieved(achieved_text(row))[0]
    share = min(goal.value / got if goal.op in LESS_IS_BETTER else got / goal.value, Decimal(1))
    return points * (pass_line_share(share, line) if line is not None else share)


def _allowed(row, goal: Goal, points: Decimal, line=None) -> P.Interval | None:
    """分值 × completion on the intervals the printed target and value stand for, capped at the
    分值; with a pass line, 分值 × (completion − line) ÷ (1 − line) on the same intervals."""
    got = parse_achieved(achieved_text(row))
    if got is None:
        return None   # an exact target missed is short of it (``judged``): scored as a floor
    a, t = P.stated(got[0], decimals_of(got[0])), P.stated(goal.value, decimals_of(goal.value))
    share = (t / a) if goal.op in LESS_IS_BETTER else (a / t)
    if share is None:
        return None
    one = Decimal(1)
    share = P.Interval(min(share.lo, one), min(share.hi, one))
    if line is not None:   # the formula rises with completion: the ends map to the ends
        share = P.Interval(pass_line_share(share.lo, line), pass_line_share(share.hi, line))
    return share.scale(points)


@register
class CoefficientScore(FormulaRule):
    """Where the form scores by coefficient, 指标得分 = 得分系数 × 指标权重.

    Bad: 得分系数 ``90%``, 指标权重 2, 指标得分 ``2``.
    Good: 指标得分 ``1.8``.
    """
    code, name, severity, tags = "F014", "described-coefficient-score", ERROR, ("described", "indicators")
    action = {"zh": "请按得分系数乘以指标权重重新计算指标得分",
              "en": "Recompute the score as coefficient times weight"}
    message = {"zh": "“{indicator}”指标得分应为得分系数 {coefficient}% 乘以指标权重 {points}，即 {expected}，填报为 {actual}",
               "en": "'{indicator}' should score coefficient {coefficient}% times weight {points}, {expected}; it scores {actual}"}

    formula = "coefficient"

    def check_row(self, row, pack):
        c, points, score = row.get("coefficient"), row.get("points"), row.get("score")
        if not (number(c) and number(points) and number(score)):
            return
        share = P.stated(c.number, c.decimals or 0)
        if not c.percent_marked and c.number <= 1:   # written as a fraction (0.9)
            share = share.scale(100)
        allowed = share.scale(points.number).scale("0.01")
        if P.judge(score.number, max(score.decimals or 0, 2), allowed) != P.CONSISTENT:
            pct = c.number if c.percent_marked or c.number > 1 else c.number * 100
            shown = max(score.decimals or 0, 2)
            yield self.at(score, expected=P.show(allowed.mid, shown), actual=P.show(score.number, shown),
                          coefficient=P.show(pct, decimals_of(pct.normalize())), points=points.text,
                          indicator=row.name, related=[c, points])


@register
class QualitativeBand(DescribedRule):
    """A qualitative indicator's 得分 lies in the form's band for what it achieved.

    Only where the form prints its bands (``[[scoring.qualitative]]``; Hebei: 达成 80–100% of
    the 分值, 部分达成 50–80%, 未达成 below 50%) and the achieved wording names one.
    Bad: 实际完成值 ``基本达成``, 分值 15, 得分 ``15``.
    Good: 得分 ``12``.
    """
    code, name, severity, tags = "F017", "described-qualitative-band", WARNING, ("described", "indicators")
    action = {"zh": "请按定性指标的完成档次给分",
              "en": "Score the qualitative indicator within its band"}
    message = {"zh": "定性指标“{indicator}”实际完成“{achieved}”属“{band}”档（分值的 {low}%–{high}%），得分 {actual}/{points} 不在该档",
               "en": "Qualitative '{indicator}' achieved '{achieved}', band '{band}' ({low}%–{high}% of its points); "
                     "its score {actual}/{points} is outside it"}

    def check_book(self, book, pack):
        for row in book.rows:
            band = pack.scoring.band_of(normalize_text(achieved_text(row))) if pack.scoring.qualitative else None
            if band is None or judged(row) is not None or not scored(row):
                continue
            points, score = row.get("points"), row.get("score")
            share = score.number / points.number * 100
            if not Decimal(str(band[1])) <= share <= Decimal(str(band[2])):
                yield self.at(score, actual=score.text, points=points.text, band=band[0], low=f"{band[1]:g}",
                              high=f"{band[2]:g}", expected=f"{P.show(points.number * Decimal(str(band[1])) / 100)}"
                              f"–{P.show(points.number * Decimal(str(band[2])) / 100)}", related=[row.get("achieved")],
                              **row_words(row))


def _scores(book):
    return [book.execution("score")] + [r.get("score") for r in book.rows]


@register
class TotalScore(DescribedRule):
    """The stated total is the sum of the execution score and every indicator's score.

    Where the description caps the total by execution (``total_caps``, F006), the cap below
    the sum is the total: the points above it are taken off.

    Bad: 总分 ``95`` where the scores add up to 93.5.
    Good: 总分 ``93.5``.
    """
    code, name, severity, tags = "F015", "described-total-score", ERROR, ("described", "points")
    action = {"zh": "请把自评总分改为各项得分之和",
              "en": "Make the total the sum of the scores"}
    message = {"zh": "自评总分应为各项得分之和 {expected}，填报为 {actual}",
               "en": "The total should be the sum of the scores, {expected}; it is {actual}"}

    def check_book(self, book, pack):
        total = book.total_score
        scores = [s for s in _scores(book) if s is not None]
        if total is None or not book.rows or not any(number(s) for s in scores):
            return
        miss = sum_mismatch(total, scores)
        if miss and not _capped(total, scores, total_caps(book, pack)):
            yield self.at(total, expected=miss[0], actual=miss[1], related=scores)


def _capped(total, scores, caps) -> bool:
    """The total is the cap the execution rate sets (``[scoring] total_caps``), below the
    scores' sum: points above the cap taken off, as the form says."""
    summed = sum((s.number for s in scores if number(s)), Decimal(0))
    return any(c is not None and total.number == c < summed for c in caps)


@register
class GradeBand(DescribedRule):
    """The stated grade is the band the true total falls in (each score capped at its 分值).

    Bad: scores adding up to 88, 自评等级 ``优``.
    Good: ``良`` (80 ≤ 88 < 90).
    """
    code, name, severity, tags = "F016", "described-grade", ERROR, ("described", "points")
    action = {"zh": "请按重新加总的得分对应的等级填写自评等级",
              "en": "State the grade of the re-added total"}
    message = {"zh": "自评等级“{actual}”与得分 {score} 不符，应为“{expected}”",
               "en": "The grade '{actual}' does not match the score {score}: '{expected}'"}

    def check_book(self, book, pack):
        from auditor.values import grade_of

        grade = book.grade
        if grade is None or not grade.text:
            return
        pairs = [(book.execution("score"), book.execution("points"))] + [(r.get("score"), r.get("points"))
                                                                            for r in book.rows]
        pairs = [(s, p) for s, p in pairs if s is not None]
        if not pairs or not all(number(s) or s.is_blank for s, _ in pairs):
            return
        total = sum((min(s.amount(), p.number) if number(p) else s.amount() for s, p in pairs), Decimal(0))
        # with the total capped by execution (F006), the capped total's grade
        totals = sorted({total if c is None else min(total, c) for c in total_caps(book, pack) or {None}})
        if grade_of(grade) not in {pack.grade_for(t) for t in totals}:
            yield self.at(grade, expected=pack.grade_for(totals[-1]), actual=grade.text, score=P.show(totals[-1], 2))

