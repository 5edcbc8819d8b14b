"""N015–N017, N020: a project's narrative report against its table, and against itself.

The report's figures are collected per project (``auditor.narrative.projects``): a figure
whose project cannot be told is not judged.  Amounts are compared in 万元 on the
intervals their printed digits stand for (``auditor.precision``); a report that gives
the right figure where the table's own cell is wrong is not blamed for the table (the
J rules point at that cell).
"""
from __future__ import annotations

from typing import Iterator

from auditor import precision as P
from auditor.codes import ERROR, WARNING, Rule, register
from auditor.values import grade_of
from auditor.forms.project.labels import FUND_COLUMN_NAMES
from auditor.rules.arith import amount, amounts
from auditor.forms.project.rules.base import ProjectRule, in_project, model_of, number, pack_for, pack_of
from auditor.forms.project.rules.funds import rate_from_amounts
from auditor.forms.project.rules.points import points_interval, score_sum, scored

_DIFFERS = {
    "zh": "报告{place}所述项目“{project}”的{item}为{stated}，项目表为{wb_value}：“{sentence}”",
    "en": "Report {place} gives project '{project}' {item} as {stated}; its table has {wb_value}: “{sentence}”",
}


class ProjectReportRule(ProjectRule):
    """Base: ``check_claims`` is asked about each project the report says something of.
    (Each rule names its form again: family N's default is the department form.)"""

    def check_claims(self, ctx, p, facts, pack) -> Iterator:
        return iter(())

    def check(self, ctx):
        model, facts = model_of(ctx), ctx.project_facts
        if not facts:
            return
        pack = pack_of(ctx, model)
        for p, said in zip(model.projects, facts):
            for f in self.check_claims(ctx, p, said, pack_for(p, pack)):
                yield in_project(f, p)

    def differs(self, ctx, p, claim, item: str, stated: str, wb_value: str, related):
        s = claim.sentence
        return self.at(ctx.report.loc(s.line), expected=wb_value, actual=stated, related=[c for c in related if c is not None], line=s.line, place=ctx.report.where(s.line),
                       project=p.title, item=item, stated=stated, wb_value=wb_value, sentence=s.text)


def column_figures(p, column: str) -> list[tuple[P.Interval, object]]:
    """What a funding column's 年度资金总额 may be: its cell, and the sum of its 其中 rows
    (the right figure where the total was left at 0 or mis-added)."""
    total = p.total
    if total is None:
        return []
    out = []
    cell = total.get(column)
    if number(cell):
        out.append((amount(cell), cell))
    parts = [ln.get(column) for k, ln in p.funds.items() if k != "total"]
    if any(number(v) for v in parts) and (whole := amounts(parts)) is not None:
        out.append((whole, cell))
    return out


def rate_figures(p, pack) -> list[tuple[P.Interval, object]]:
    """What the 执行率 may be: the table's rate as printed, and what its amounts give."""
    if p.total is None:
        return []
    out = []
    rate = p.total.get("rate")
    if number(rate):
        out.append((P.stated(rate.number, rate.decimals or 0), rate))
    if (computed := rate_from_amounts(p, pack)) is not None:
        out.append((computed, rate if number(rate) else p.total.get("actual")))
    return out


def _fits(figure, candidates) -> bool:
    return any(P.judge(figure.value, figure.decimals, iv) != P.WRONG for iv, _ in candidates)


def own_rate(para, pack) -> P.Interval | None:
    """The 执行率 (in %) a paragraph's own 执行数 and budget give, when it states both, and
    the budget is the one the form divides by."""
    actual = next((c for c in para if c.what == "actual"), None)
    bases = [c for c in para if c.what == "budget" and pack.denominator in c.columns]
    if actual is None or len(bases) != 1:  # two: which one the rate is of cannot be told
        return None
    share = actual.figure.wan() / bases[0].figure.wan()
    return share.scale(100) if share is not None else None


def repeated_error(p, pack, figure) -> P.Interval | None:
    """What the 执行率 should be where the report repeats the table's wrong one: the
    interval the table's amounts give, when the table's rate cell is wrong by them (J002
    says so there) and the report states that cell's figure; else None."""
    rate, computed = p.execution("rate"), rate_from_amounts(p, pack)
    if not number(rate) or computed is None or P.judge(rate.number, rate.decimals or 0, computed) != P.WRONG:
        return None
    if not P.stated(figure.value, figure.decimals).meets(P.stated(rate.number, rate.decimals or 0)):
        return None
    return computed if P.judge(figure.value, figure.decimals, computed) == P.WRONG else None


@register
class ProjectReportRepeats(Rule):
    """The report repeats a project's 执行率 that is wrong in its table too (J002 there).

    One mistake typed twice is one error, at the table's cell; the report's sentence is
    pointed out beside it, as a warning, so that both are corrected (the project form's N014).
    Bad: 执行率 ``97.50%`` in the table of 647.85 ÷ 675.5 (95.91%), and the report's ``预算执行率97.5%``.
    Good: 95.91% in both.
    """

    forms = ("project",)
    code, name, severity = "N020", "report-project-repeats-table-error", WARNING
    emitted_elsewhere = True
    action = {"zh": "请与项目表一并更正报告中的执行率", "en": "Correct the rate in the report along with the table"}
    tags = ("narrative", "project", "arithmetic")
    message = {"zh": "报告{place}所述项目“{project}”的执行率{stated}照抄了项目表中有误的数字，应为{computed}，请一并更正：“{sentence}”",
               "en": "Report {place} repeats project '{project}' wrong execution rate {stated} from its table; "
                     "it should be {computed}. Correct both: “{sentence}”"}

    @classmethod
    def of(cls, ctx, p, claim, right: P.Interval):
        s, computed = claim.sentence, f"{P.show(right.mid)}%"
        return cls.at(ctx.report.loc(s.line), expected=computed, actual=str(claim.figure), related=[p.execution("rate")],
                      line=s.line, place=ctx.report.where(s.line), project=p.title, stated=str(claim.figure),
                      computed=computed, sentence=s.text)


@register
class ProjectReportFunds(ProjectReportRule):
    """A project's budget, spending or 执行率 in the report differs from its table.

    Bad: ``该项目全年预算数675.5万元，实际支出674.85万元`` where 全年执行数 is 647.85.
    Good: ``实际支出647.85万元，预算执行率95.91%`` with 647.85 and 95.91% in the table.
    """

    forms = ("project",)
    code, name, severity = "N015", "report-project-funds-differ", ERROR
    action = {"zh": "请核对报告与项目表中的数字，改正有误的一方", "en": "Check the figure in both, and correct the wrong one"}
    tags = ("narrative", "project", "funds")
    message = _DIFFERS

    def check_claims(self, ctx, p, facts, pack):
        for para in facts.paragraphs:
            yield from self._paragraph(ctx, p, para, pack)

    def _paragraph(self, ctx, p, para, pack):
        for claim in para:
            if claim.what in ("budget", "actual"):
                columns = claim.columns or ("actual",)
                seen = [(col, column_figures(p, col)) for col in columns]
                candidates = [c for _, found in seen for c in found]
                if not candidates or any(claim.figure.wan().meets(iv) for iv, _ in candidates):
                    continue
                wb_value = "、".join(f"{FUND_COLUMN_NAMES[col]} {found[0][1].text}" for col, found in seen
                                    if found and found[0][1] is not None)
                yield self.differs(ctx, p, claim, FUND_COLUMN_NAMES[columns[0]] if len(columns) == 1 else "预算数",
                                   str(claim.figure), wb_value or P.show(candidates[0][0].mid),
                                   [cell for _, cell in candidates])
            elif claim.what == "rate" and own_rate(para, pack) is None:  # else N017 judges it
                if (right := repeated_error(p, pack, claim.figure)) is not None:
                    yield ProjectReportRepeats.of(ctx, p, claim, right)
                    continue
                candidates = rate_figures(p, pack)
                if candidates and not _fits(claim.figure, candidates):
                    shown = f"{P.show(candidates[0][0].mid)}%"
                    yield self.differs(ctx, p, claim, "执行率", str(claim.figure), shown,
                                       [cell for _, cell in candidates])


@register
class ProjectReportScore(ProjectReportRule):
    """A project's 自评得分 or grade in the report differs from its table's 总分 and 等级.

    A score written with fewer decimals stands for what its digits allow, as every printed
    figure does: ``99.6分`` for 99.59 is the same score rounded.  A report that gives the
    score or grade its rows earn, where the table's own 总分 or 等级 is wrong, is not blamed
    for the table (J023 and J025 point at those cells).
    Bad: ``该项目自评得分为98分，评价等级为优`` where 总分 得分 is 99.59.
    Good: ``自评得分为99.59分，等级为优``.
    """

    forms = ("project",)
    code, name, severity = "N016", "report-project-score-differs", ERROR
    action = {"zh": "请使报告中的得分、等级与项目表一致", "en": "Make the report's score and grade agree with the project table"}
    tags = ("narrative", "project", "scoring")
    message = _DIFFERS

    def check_claims(self, ctx, p, facts, pack):
        score, grade = facts.first("score"), facts.first("grade")
        if score is not None:
            candidates = []
            if number(p.total_score):
                candidates.append(P.amount(p.total_score.number, p.total_score.decimals))
            if p.indicators and (rows := points_interval([sc for _, sc, _ in scored(p)])) is not None:
                candidates.append(rows)
            reported = P.stated(score.figure.value, score.figure.decimals)
            if candidates and not any(reported.meets(iv) for iv in candidates):
                shown = p.total_score.text if number(p.total_score) else P.show(candidates[0].mid)
                yield self.differs(ctx, p, score, "自评得分", str(score.figure), shown, [p.total_score])
        if grade is not None:
            stated = grade_of(p.grade)
            total = p.total_score.number if number(p.total_score) else (score_sum(p) if p.indicators else None)
            allowed = {g for g in (stated, pack.grade_for(total) if total is not None else None) if g}
            if allowed and grade.grade not in allowed:
                yield self.differs(ctx, p, grade, "等级", grade.grade, stated or pack.grade_for(total),
                                   [p.grade, p.total_score])


@register
class ProjectReportArithmetic(ProjectReportRule):
    """The 执行率 a report gives does not follow from the amounts it gives beside it.

    Bad: ``全年预算数675.5万元，实际支出647.85万元，预算执行率97.5%``: 647.85 ÷ 675.5 = 95.91%.
    Good: ``…预算执行率95.91%`` (or ``95.9%``: the rate as rounded).
    """

    forms = ("project",)
    code, name, severity = "N017", "report-project-arithmetic", ERROR
    action = {"zh": "请按报告中的金额重新计算执行率", "en": "Recompute the rate from the report's own amounts"}
    tags = ("narrative", "project", "arithmetic")
    message = {"zh": "报告{place}所述项目“{project}”的执行率为{stated}，按报告自身的数字应为{computed}：“{sentence}”",
               "en": "Report {place} gives project '{project}' an execution rate of {stated}; the report's own figures give {computed}: “{sentence}”"}

    def check_claims(self, ctx, p, facts, pack):
        for para in facts.paragraphs:
            allowed = own_rate(para, pack)
            if allowed is None:
                continue
            # the rate the table's amounts give, beside an amount mistyped: that amount is the
            # one mistake, and N015's
            table = rate_from_amounts(p, pack)
            for rate in (c for c in para if c.what == "rate"):
                if table is not None and P.judge(rate.figure.value, rate.figure.decimals, table) != P.WRONG:
                    continue
                if P.judge(rate.figure.value, rate.figure.decimals, allowed) == P.WRONG:
                    if (right := repeated_error(p, pack, rate.figure)) is not None:
                        yield ProjectReportRepeats.of(ctx, p, rate, right)
                        continue
                    computed = f"{P.show(allowed.mid)}%"
                    s = rate.sentence
                    yield self.at(ctx.report.loc(s.line), expected=computed, actual=str(rate.figure),
                                  line=s.line, place=ctx.report.where(s.line), project=p.title, stated=str(rate.figure), computed=computed,
                                  sentence=s.text)
