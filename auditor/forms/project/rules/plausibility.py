"""J007, J051–J053: a project's figures that add up and are still implausible (spending above
the year's budget, 满意度 dropped with its points kept), rates written in words against its
amounts, one reason pasted on many indicators.  The judgement is ``auditor.rules.plausibility``'s."""
from __future__ import annotations

from auditor import precision as P
from auditor.codes import ERROR, INFO, WARNING, register
from auditor.forms.project.labels import FUND_COLUMN_NAMES
from auditor.forms.project.rules.funds import rate_from_amounts
from auditor.forms.project.model import ProjectBook
from auditor.forms.project.rules.base import ProjectRule, in_project, model_of, number, pack_of
from auditor.forms.project.rules.points import points_sum
from auditor.rules.arith import amount, money, sum_mismatch
from auditor.rules.kinds import Truncated
from auditor.rules.plausibility import above, misstated_rates, rate_claims, repeated, setting
from auditor.rules.variants import variant

# The same explanation on this many docked indicators, at least this long, is pasted.
COPIED_MIN_COUNT, COPIED_MIN_CHARS = 3, 15


def total_sound(p, columns) -> bool:
    """The 年度资金总额 row is the sum of its 其中 rows in these columns (or has none)."""
    parts = [ln for k, ln in p.funds.items() if k != "total"]
    return not parts or not any(sum_mismatch(p.total.get(c), [ln.get(c) for ln in parts]) for c in columns)


@register
class SpentOverBudget(ProjectRule):
    """全年执行数 is not above 全年预算数: money spent beyond the year's budget needs a source.

    The 全年预算数 already holds the year's adjustments, so more spent asks where the money
    came from; a warning, since there may be an answer.  Forms that divide by the 年初预算数
    (Guizhou and others) judge the same 全年 figures where they print them.
    Bad: 全年预算数 340, 全年执行数 356.
    Good: 全年执行数 324.
    """
    code, name, severity, tags = "J007", "spent-over-budget", WARNING, ("project", "funds", "plausibility")
    action = {"zh": "请说明超出全年预算部分的资金来源，或核对执行数",
              "en": "Say where the money beyond the budget came from, or check the amount spent"}
    message = {"zh": "项目“{project}”全年执行数 {actual}{unit} 超过全年预算数 {expected}{unit}（超出 {excess}{unit}），请说明超出部分的资金来源",
               "en": "Project '{project}': spent {actual} {unit}, more than the year's budget {expected} {unit} (by {excess} {unit}); say where the money came from"}

    def check_project(self, p, pack):
        total = p.total
        if total is None:
            return
        actual, budget = total.get("actual"), total.get("budget")
        if not total_sound(p, ("actual", "budget")):
            return  # the total is itself wrong (J001): nothing is judged from it
        if number(actual) and number(budget) and above(amount(actual), amount(budget)):
            yield self.at(actual, expected=money(budget.number), actual=money(actual.number), related=[budget],
                          project=p.title, unit=p.unit, excess=money(actual.number - budget.number))


# Indicators that measure the budget's execution, beside the pack's own name for it (not
# 政府采购执行率 and its kin, which measure something else).
_EXECUTION_WORDS = ("预算执行", "资金执行", "资金支出", "预算支出", "支出进度", "执行进度")


@register
class StatedExecutionRate(ProjectRule):
    """A rate written for an execution indicator (预算执行率, 资金支出率) is 执行数 ÷ the form's budget.

    Read in the indicator's 实际完成值 and in its 偏差原因; judged at the rate's printed
    precision against the funding block's amounts.  A threshold (``≥90%``) is not a rate.
    Bad: 资金支出率 实际完成值 ``100%`` with 324 spent of 340 (95.29%).
    Good: ``95.29%``, or ``95.3%``.
    """
    code, name, severity, tags = "J051", "stated-execution-rate", ERROR, ("project", "funds", "precision")
    action = {"zh": "请按资金表的执行数与预算数改写该说明",
              "en": "Restate the figure from the funds table"}
    message = {"zh": "项目“{project}”“{indicator}”写明的“{words}”与资金表不符：执行数除以{base}为 {expected}%",
               "en": "Project '{project}': '{indicator}' states “{words}”, but the amounts give spent divided by {base}, {expected}%"}

    def check_project(self, p, pack):
        if p.total is None or not total_sound(p, ("actual", pack.denominator)):
            return
        rate = rate_from_amounts(p, pack)
        if rate is None:
            return
        words = _EXECUTION_WORDS + (pack.execution_name,)
        for ind in p.indicators:
            if not any(w in ind.name for w in words):
                continue
            for v, text, whole in ((ind.achieved, ind.achieved_text, True), (ind.reason, ind.reason.text, False)):
                for verdict, said in misstated_rates(rate_claims(text, whole), rate):
                    found = Truncated if verdict == P.TRUNCATED else self
                    yield found.at(v, expected=P.show(rate.mid, 2), actual=said, project=p.title, indicator=ind.name,
                                   words=said, base=FUND_COLUMN_NAMES[pack.denominator], what=f"{ind.name}“{said}”",
                                   related=[p.total.get("actual"), p.total.get(pack.denominator)])


@register
class CopiedReasons(ProjectRule):
    """Indicators that lost points do not share one pasted 偏差原因, across the file's tables.

    The same reason of 15 characters or more on three or more indicators below full marks
    says the reasons were not written for each; info.  The counts are the pack's
    ``[checks] copied_min_count`` and ``copied_min_chars``.
    Bad: three indicators docked, each ``受疫情影响，部分工作未按计划推进``.
    Good: each says what was missed there.
    """
    code, name, severity, tags = "J052", "copied-reasons", INFO, ("project", "indicators", "plausibility")
    action = {"zh": "请逐项写明各指标的偏差原因",
              "en": "Give each indicator its own reason"}
    message = {"zh": "{count} 个扣分指标的偏差原因完全相同（“{text}”），请逐项说明",
               "en": "{count} indicators that lost points share one reason (“{text}”); explain each"}

    def check(self, ctx):
        model = model_of(ctx)
        if not isinstance(model, ProjectBook):
            return
        pack = pack_of(ctx, model)
        docked = [((p, ind.reason), ind.reason.text) for p in model.projects for ind in p.indicators
                  if number(ind.points) and number(ind.score) and ind.score.number < ind.points.number]
        for group in repeated(docked, setting(pack, "copied_min_chars", COPIED_MIN_CHARS),
                              setting(pack, "copied_min_count", COPIED_MIN_COUNT)):
            (p, first), rest = group[0], [v for _, v in group[1:]]
            yield in_project(self.at(first, related=rest, count=len(group), text=first.text), p)


@register
class SatisfactionMissing(ProjectRule):
    """A form whose pack weighs 满意度指标 has them, or its points do not still add up to 100.

    财预〔2020〕10号 sets 满意度 at 10 points; a table without one whose points still add to
    100 has moved them elsewhere unasked.  A pack whose form lets 效益 take them (财预〔2021〕101号
    without 满意度) says ``[checks] satisfaction_optional = true``, or moves them
    (``[[scoring.moves]]`` from 满意度指标 when ``absent``).
    Bad: no 满意度指标 row, 产出 50 + 效益 40 + 执行 10 = 100.
    Good: 满意度指标（10分） with 受益群众满意度.
    """
    code, name, severity, tags = "J053", "satisfaction-missing", WARNING, ("project", "points", "plausibility")
    action = {"zh": "请补充满意度指标，或说明分值调整的依据",
              "en": "Add a satisfaction indicator, or state why the points were moved"}
    message = {"zh": "项目“{project}”未设满意度指标，但分值合计仍为 {total}：请补充服务对象满意度指标，或说明其分值调整的依据",
               "en": "Project '{project}' has no 满意度 indicator, yet its points still add up to {total}: add one, or say why its points went elsewhere"}

    def check_project(self, p, pack):
        if setting(pack, "satisfaction_optional", False) or not any("满意度" in g for g in pack.weights):
            return
        if any("满意度" in str(m.get("from")) and m.get("when") == "absent"
               for m in variant(pack, "moves") or () if isinstance(m, dict)):
            return  # the pack gives its points elsewhere when it is absent (J024 judges where)
        if not p.indicators or any("满意度" in (ind.level1 + ind.group + ind.level2) for ind in p.indicators):
            return
        if points_sum(p) == pack.total_points:
            where = p.total_points if p.total_points is not None and p.total_points.cell else p.indicators[-1].points
            yield self.at(where, project=p.title, total=pack.total_points)


@register
class YearsDisagree(ProjectRule):
    """The tables of one file state one year (their titles' ``（2022年度）``).

    A table whose year differs from the others' was left from another year's file.  Where
    most tables agree, the odd one is named; where they split evenly, each that differs
    from the first.
    Bad: 项目1 ``（2022年度）``, 项目2 ``（2021年度）``, 项目3 ``（2022年度）``.
    Good: all ``（2022年度）``.
    """
    code, name, severity, tags = "J054", "years-disagree", ERROR, ("project", "dates")
    action = {"zh": "请核对表头年度，删除其他年度遗留的项目表",
              "en": "Check the title year; remove a table left from another year"}
    message = {"zh": "项目“{project}”表头年度为 {actual}，本文件其他项目表为 {expected}",
               "en": "Project '{project}': its title says {actual}, the file's other tables {expected}"}

    def check(self, ctx):
        model = model_of(ctx)
        if not isinstance(model, ProjectBook):
            return
        dated = [p for p in model.projects if p.year is not None and p.year_cell is not None]
        years = [p.year for p in dated]
        if len(set(years)) < 2:
            return
        top = max(set(years), key=lambda y: (years.count(y), -years.index(y)))  # most, else the first
        for p in dated:
            if p.year != top:
                yield in_project(self.at(p.year_cell, expected=top, actual=p.year, project=p.title,
                                         related=[q.year_cell for q in dated if q.year == top][:1]), p)
