"""J020–J039: points and scores add up (分值, 得分, 一级 points, 总分, weights, grade)."""
from __future__ import annotations

from decimal import Decimal

from auditor.codes import ERROR, WARNING, register
from auditor.values import capped_sum, grade_of
from auditor.labels import norm
from auditor import precision as P
from auditor.forms.project.model import Group
from auditor.forms.project.rules.base import ProjectRule, number
from auditor.rules.variants import EXECUTION, moved_weights, rescaled, variant


def scored(p):
    """(分值, 得分, what) of every scored row: the execution row, then each indicator."""
    rows = []
    if p.total is not None:
        rows.append((p.execution("points"), p.execution("score"), "预算执行率"))
    rows += [(i.points, i.score, i.name) for i in p.indicators]
    return rows


def _sum(values) -> Decimal:
    return sum((v.number for v in values if number(v)), Decimal(0))


def points_sum(p) -> Decimal:
    return _sum(pt for pt, _, _ in scored(p)) + _sum(p.label_points)


def group_points(g) -> Decimal:
    """What a group's rows are worth: their 分值, or its label's points where they state none."""
    return g.label_points.number if g.label_points is not None else _sum(i.points for i in g.indicators)


def score_sum(p) -> Decimal:
    return _sum(sc for _, sc, _ in scored(p))


def capped_score_sum(p) -> Decimal:
    """The rows' 得分 re-added, each held within 0 and its 分值: what the grade is judged on."""
    return capped_sum(((pt, sc) for pt, sc, _ in scored(p)), strict=False)


@register
class ScoreRange(ProjectRule):
    """Every 得分 lies between 0 and its 分值; a block whose label alone carries its points scores no more than them.

    Hubei's printed blocks have no 分值 column: 年度绩效目标1（40分） is the block's points.
    Bad: 分值 10, 得分 ``12``; or scores of 10 + 12 + 10 + 9.5 under 年度绩效目标1（40分）.
    Good: 得分 ``10``; the block's scores adding up to 39.5.
    """
    code, name, severity, tags = "J020", "score-range", ERROR, ("project", "points")
    action = {"zh": "请把得分改在0至分值之间", "en": "Keep the score between 0 and its points"}
    message = {"zh": "项目“{project}”“{indicator}”得分 {actual} 不在 0 至分值 {points} 之间",
               "en": "Project '{project}': '{indicator}' scores {actual}, outside 0 to its points {points}"}

    def check_project(self, p, pack):
        for pts, sc, what in scored(p):
            if number(pts) and number(sc) and (sc.number < 0 or sc.number > pts.number):
                yield self.at(sc, actual=sc.text, related=[pts], project=p.title, indicator=what, points=pts.text)
        for g in p.groups:  # a block whose label alone states its points: its scores together
            pts = g.label_points
            got = _sum(i.score for i in g.indicators)
            if pts is not None and got > pts.number:
                yield self.at(pts, actual=f"{got:g}", related=[i.score for i in g.indicators if number(i.score)],
                              project=p.title, indicator=g.name, points=f"{pts.number:g}")


@register
class GroupPoints(ProjectRule):
    """The points a 一级 group states (in its label, or on a 小计 row) are the sum of its rows.

    Bad: ``产出指标（50分）`` over rows of 15, 10, 10, 5 and 5 分 (45).
    Good: ``产出指标（45分）``, or rows adding up to 50.
    """
    code, name, severity, tags = "J021", "group-points", ERROR, ("project", "points")
    action = {"zh": "请核对所属指标的分值或得分，使其合计与一级指标一致", "en": "Check the indicators so that they add up to their group"}
    message = {"zh": "项目“{project}”“{group}”{what}应为所属指标之和 {expected}，填报为 {actual}",
               "en": "Project '{project}': '{group}' states {what} {actual}, its rows add up to {expected}"}

    def check_project(self, p, pack):
        for g in p.groups:
            rows = g.indicators
            declared = g.declared_points if g.label_points is None else None  # else its rows have none to add
            for stated, what, values in ((declared, "分值", [i.points for i in rows]),
                                         (g.subtotal_points, "小计分值", [i.points for i in rows]),
                                         (g.subtotal_score, "小计得分", [i.score for i in rows])):
                if not number(stated) or not rows:
                    continue
                total = _sum(values)
                if stated.number != total:
                    yield self.at(stated, expected=f"{total:g}", actual=f"{stated.number:g}", project=p.title,
                                  group=g.name, what=what, related=values[:1])


@register
class PointsTotal(ProjectRule):
    """All 分值 of a project, the execution row's included, add up to 100.

    Bad: execution 10 and indicators of 50 + 40 + 10 (110) under 总分 100.
    Good: 10 + 50 + 30 + 10 = 100.
    """
    code, name, severity, tags = "J022", "points-total", ERROR, ("project", "points")
    action = {"zh": "请调整各项分值，使合计为规定总分", "en": "Adjust the points so that they add up to the form's total"}
    message = {"zh": "项目“{project}”各项分值合计 {actual}，应为 {expected}",
               "en": "Project '{project}': the points add up to {actual}, not {expected}"}

    def check_project(self, p, pack):
        rows = scored(p)
        if not p.indicators or not any(number(pt) for pt, _, _ in rows):
            return
        total = points_sum(p)
        if total != pack.total_points and rescaled_allowed(p, pack) is None:  # else J074 judges it
            where = p.total_points if p.total_points is not None and p.total_points.cell else _odd_label(p, pack) \
                or rows[-1][0]
            yield self.at(where, expected=pack.total_points, actual=f"{total:g}", project=p.title)


def _odd_label(p, pack):
    """Where no 总分 states the points (Hubei): the block label whose points are not the
    form's, else the last block label."""
    labelled = [g for g in p.groups if g.label_points is not None]
    odd = [g for g in labelled if pack.weights.get(g.name, g.label_points.number) != g.label_points.number]
    return (odd or labelled)[-1].label_points if labelled else None


def points_interval(values) -> P.Interval | None:
    """What a column of points adds up to: an indicator's points are exact as given; the
    first row, the execution 得分, is 执行率 × 分值 rounded, so it stands for its interval."""
    total = P.exact(0)
    for i, v in enumerate(values):
        if v is None or v.is_blank:
            continue
        if not v.is_number:
            return None
        total = total + (P.amount(v.number, v.decimals) if i == 0 else P.exact(v.number))
    return total


@register
class TotalScore(ProjectRule):
    """总分 states the sum of the 得分 (and of the 分值) above it, execution included.

    Bad: scores of 9.53 + 89.5 under 总分 得分 ``100``.
    Good: 总分 得分 ``99.03``.
    """
    code, name, severity, tags = "J023", "total-score", ERROR, ("project", "points")
    action = {"zh": "请把总分改为各项之和", "en": "Make the total the sum of the rows"}
    message = {"zh": "项目“{project}”总分{what}应为各项{what}之和 {expected}，填报为 {actual}",
               "en": "Project '{project}': 总分 {what} should be the sum of the rows, {expected}; it is {actual}"}

    def check_project(self, p, pack):
        rows = scored(p)
        for stated, parts, what in ((p.total_score, [sc for _, sc, _ in rows], "得分"),
                                    (p.total_points, [pt for pt, _, _ in rows], "分值")):
            if not number(stated) or not p.indicators:
                continue
            if what == "得分" and rescaled_allowed(p, pack) is not None:
                continue  # 不适用 indicators dropped and the total rescaled: J074 judges it
            if what == "分值" and stated.number == pack.total_points and points_sum(p) != pack.total_points:
                continue  # the rows miss 100, not the 总分: J022 says so at this cell
            allowed = points_interval(parts)
            if allowed is not None and not P.amount(stated.number, stated.decimals).meets(allowed):
                yield self.at(stated, expected=P.show(allowed.mid), actual=P.show(stated.number), project=p.title,
                              what=what)


@register
class Weights(ProjectRule):
    """一级 points follow the weights the form prints (national 产出 50 / 效益 30 / 满意度 10 /
    执行率 10; Hubei 执行 20, two target blocks of 40).

    A warning: the forms allow "特殊情况可调整".  Where the pack moves points in a case the
    table shows (``[[scoring.moves]]``: 财预〔2021〕101号 with no fiscal money, 执行率 0 and 成本
    30; without 满意度, 效益 30), the moved weights are the form's too.
    Bad: 产出指标 60, 效益指标 20 in the national form.
    Good: 产出指标 50, 效益指标 30, 满意度指标 10, 预算执行率 10.
    """
    code, name, severity, tags = "J024", "weights", WARNING, ("project", "points", "pack")
    action = {"zh": "请按表样规定的分值设置", "en": "Set the points the form gives"}
    message = {"zh": "项目“{project}”“{group}”分值 {actual}，表样规定为 {expected}",
               "en": "Project '{project}': '{group}' carries {actual} points, the form sets {expected}"}

    def check_project(self, p, pack):
        ex = p.execution("points")
        stated = [(EXECUTION, ex, pack.execution_name)] if number(ex) else []
        if rescaled_allowed(p, pack) is None:  # else 不适用 indicators dropped: their groups weigh less (J074)
            for g in p.groups:
                key = next((k for k in pack.weights if norm(k) in norm(g.name)), None)
                if key is not None and g.indicators:
                    stated.append((key, g, g.name))
        options = moved_weights({EXECUTION: pack.execution_points, **pack.weights}, variant(pack, "moves"),
                                lambda when, src: case_holds(p, when, src))
        # the option the table comes nearest to (the pack's own on a tie) names what is off
        off = min(([(v, want[k], what) for k, v, what in stated if _weight(v) != want[k]] for want in options),
                  key=len)
        for v, want, what in off:
            where = v if v is ex else v.label
            yield self.at(where, expected=f"{want:g}", actual=f"{_weight(v):g}", project=p.title, group=what)


def _weight(v):
    """What a stated weight is: the execution row's 分值, or a group's points."""
    return group_points(v) if isinstance(v, Group) else v.number


def case_holds(p, when: str, src: str) -> bool:
    """Whether a pack's move applies to the table (rules/variants.moved_weights):
    ``no_fiscal_funds``, its fiscal line (当年财政拨款 / 财政资金) budgets and spends nothing;
    ``absent``, no row stands under ``src``.  A case the table cannot show does not hold."""
    if when == "no_fiscal_funds":
        fiscal = p.funds.get("fiscal")
        return fiscal is not None and all(
            v is None or v.is_blank or (v.is_number and v.number == 0)
            for v in (fiscal.get("budget"), fiscal.get("actual")))
    if when == "absent":
        return not any(norm(src) in norm(g.name) and g.indicators for g in p.groups)
    return False


@register
class Grade(ProjectRule):
    """A stated grade matches the scores' own total (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below; from the pack).

    The total is the rows' 得分 re-added, each held within its 分值 (a typed 总分 may itself
    be wrong); the typed 总分 only where the table has no indicator rows.
    Bad: 得分 adding up to 86.5, 自评等级 ``优``.
    Good: 自评等级 ``良``.
    """
    code, name, severity, tags = "J025", "grade", ERROR, ("project", "points")
    action = {"zh": "请按各项得分加总的总分填写等级", "en": "Fill in the grade that the re-added total earns"}
    message = {"zh": "项目“{project}”总分 {score} 对应等级“{expected}”，表中填“{actual}”",
               "en": "Project '{project}': a total of {score} is grade '{expected}', the table says '{actual}'"}

    def check_project(self, p, pack):
        stated = grade_of(p.grade)
        if not stated:
            return
        total = capped_score_sum(p) if p.indicators else (p.total_score.number if number(p.total_score) else None)
        if total is None:
            return
        want = pack.grade_for(total)
        if stated != want:
            yield self.at(p.grade, expected=want, actual=stated, project=p.title, score=f"{total:g}",
                          related=[p.total_score])


def rescaled_allowed(p, pack):
    """(Σ得分, Σ分值, the rescaled total) of a table whose pack allows rescaling and whose
    分值 add up to less than the pack's total; None otherwise."""
    if not variant(pack, "rescale") or not p.indicators:
        return None
    rows = scored(p)
    points = sum((pt.number for pt, _, _ in rows if number(pt)), Decimal(0))
    scores = points_interval([sc for _, sc, _ in rows])
    if scores is None or points <= 0 or points >= pack.total_points:
        return None
    return scores, points, rescaled(scores, points, pack.total_points)
