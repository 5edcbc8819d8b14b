"""Family N: the narrative report (自评报告) against the workbook, and against itself.

Every finding points at the report's line and quotes the sentence as written; the
workbook cells it was compared with come along as ``related``.  Amounts are compared in
万元 with the interval rule of ``auditor.precision``; points and scores are exact.
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from auditor.findings import Location
from auditor.values import Value
from auditor.forms.department.model import Workbook
from auditor.values import grade_of
from auditor.numbers import NUMBER
from auditor.precision import TRUNCATED, WRONG, amount, judge
from auditor.rules.lazy import lazy_import
from auditor.labels import indicator_key, named_in
from auditor.codes import ERROR, WARNING, Rule, register

if TYPE_CHECKING:
    from auditor.narrative.extract import IndicatorClaim

# Loaded when a rule first reaches into it, which is only when a report was given.
compare = lazy_import("auditor.narrative.compare")


_DIFFERS = {
    "zh": "报告{place}的{item}为{stated}，工作簿为{wb_value}：“{sentence}”",
    "en": "Report {place} gives {item} as {stated}; the workbook has {wb_value}: “{sentence}”",
}


# --- rules -------------------------------------------------------------------------------

@register
class NoReport(Rule):
    """A workbook arrived without its narrative report (自评报告).

    Bad: ``仁化县委组织部.xlsx`` alone, so none of the report's figures can be checked.
    Good: ``仁化县委组织部.xlsx`` beside ``仁化县委组织部.docx`` (same stem), or a report
    named explicitly.
    """

    code = "N001"
    action = {"zh": "请一并报送自评报告（与工作簿同名的 .docx、.txt 或 .pdf）",
              "en": "Send the self-evaluation report too (a .docx, .txt or .pdf of the workbook's name)"}
    name = "no-report"
    severity = WARNING  # a bureau needs the report: asked for, not passed over
    tags = ("narrative",)
    message = {"zh": "未随工作簿报送自评报告（如“{report}”），报告中的数字未能核对",
               "en": "The self-evaluation report (such as '{report}') did not come with the workbook, so its "
                     "figures could not be checked"}

    def check(self, ctx):
        if ctx.report is None and not ctx.report_given:  # one given but unreadable is N002's
            from pathlib import Path

            yield self.at(Location(file=ctx.wb.path), report=str(Path(ctx.wb.path).with_suffix(".docx")))


@register
class ReportNotReadable(Rule):
    """The narrative report could not be read (format, encoding, or a PDF without text).

    Bad: a scanned PDF, a legacy .doc, a text file in an unknown encoding.
    Good: the report as .docx, as UTF-8 or GB18030 text, or a PDF with a text layer.
    Emitted by whoever calls ``read_report`` (see ``unreadable``), not by a check.
    """

    code = "N002"
    action = {"zh": "请把报告另存为 .docx、UTF-8 文本或带文字层的 PDF 后重新报送",
              "en": "Save the report as .docx, UTF-8 text or a PDF with text, and send it again"}
    name = "report-unreadable"
    severity = WARNING
    tags = ("narrative",)
    emitted_elsewhere = True
    message = {"zh": "无法读取自评报告：{reason}", "en": "The self-evaluation report cannot be read: {reason}"}


def unreadable(path: str, error: Exception):
    """The N002 finding for a ``ReportUnreadable`` raised by ``read_report``."""
    return ReportNotReadable.at(Location(file=str(path)), reason=getattr(error, "reason", None) or str(error))


@register
class IncomeDiffers(Rule):
    """An income figure in the report (total, a source, its change against the opening budget) differs from the workbook.

    Bad: report ``一般公共预算财政拨款收入决算5199.03万元`` where the 收入情况 table has 5099.03.
    Good: the same 5199.03 in both (the workbook may be in 元: 51990300.00).
    """

    code = "N003"
    action = {"zh": "请核对报告与工作簿中的收入数，改正有误的一方", "en": "Check the income figure in both, and correct the wrong one"}
    name = "report-income-differs"
    severity = ERROR
    tags = ("narrative", "income")
    message = _DIFFERS

    def check(self, ctx):
        if ctx.facts is not None:
            yield from compare.amount_findings(self, ctx, {"income"})


@register
class ExpenseDiffers(Rule):
    """An expenditure figure in the report (total, an economic class, its share) differs from the workbook.

    Bad: ``商品和服务支出 174.64 万元`` where the table has 147.64.
    Good: ``工资福利支出 4990.28 万元，占总支出的 95.98%`` with 4990.28 of 5199.03 in the table.
    """

    code = "N004"
    action = {"zh": "请核对报告与工作簿中的支出数，改正有误的一方",
              "en": "Check the expenditure figure in both, and correct the wrong one"}
    name = "report-expense-differs"
    severity = ERROR
    tags = ("narrative", "expense")
    message = _DIFFERS

    def check(self, ctx):
        if ctx.facts is not None:
            yield from compare.amount_findings(self, ctx, {"expense_economic", "expense_nature"})


@register
class SangongDiffers(Rule):
    """A 三公 figure in the report (total, an item, its budget or change) differs from the 三公经费 table.

    Bad: ``公务接待费1.80万元`` where the 三公 table's 决算数 is 1.20.
    Good: ``公务接待费1.20万元，比预算减少0.30万元`` with 预算 1.50, 决算 1.20.
    """

    code = "N005"
    action = {"zh": "请核对报告与三公经费表中的数字，改正有误的一方", "en": "Check the 三公 figure in both, and correct the wrong one"}
    name = "report-sangong-differs"
    severity = ERROR
    tags = ("narrative", "sangong")
    message = _DIFFERS

    def check(self, ctx):
        if ctx.facts is not None:
            yield from compare.amount_findings(self, ctx, {"sangong"})


def indicator_leaves(wb: Workbook) -> dict[str, object]:
    if wb.scoring is None:
        return {}
    return {indicator_key(leaf.name): leaf for leaf in wb.scoring.leaves()}


def match_claim(claim: IndicatorClaim, leaves: dict):
    """The workbook indicator a report paragraph names: same normalised name, or the only
    one whose name contains the other."""
    return named_in(claim.key, leaves)


def number_of(v: Value | None) -> Decimal | None:
    return v.number if v is not None and v.kind == NUMBER else None


@register
class IndicatorDiffers(Rule):
    """An indicator's 分值 or 自评得分 in the report differs from the scoring table.

    Bad: ``绩效管理制度执行：…该指标分值6分，自评得分4分`` where the table scores it 3.
    Good: ``…该指标分值 6 分，自评得分 3 分`` and 6 / 3 in the table.
    """

    code = "N006"
    action = {"zh": "请使报告中的分值、得分与评分表一致", "en": "Make the report's points and score agree with the scoring table"}
    name = "report-indicator-differs"
    severity = ERROR
    tags = ("narrative", "scoring")
    message = {"zh": "报告{place}指标“{indicator}”的{what}为{stated}分，评分表为{wb_value}分：“{sentence}”",
               "en": "Report {place}: indicator “{indicator}” has {what} {stated}, "
                     "the scoring table {wb_value}: “{sentence}”"}

    def check(self, ctx):
        if ctx.facts is None:
            return
        leaves = indicator_leaves(ctx.wb)
        for claim in ctx.facts.indicators:
            leaf = match_claim(claim, leaves)
            if leaf is None:
                continue
            score_sentence = claim.score_sentence or claim.paragraph.sentences[-1]
            for what, fig, cell, sentence in (
                    ("分值", claim.points, leaf.points, claim.points_sentence),
                    ("自评得分", claim.effective_score, leaf.score, score_sentence)):
                wb_value = number_of(cell)
                if fig is None or wb_value is None or fig.value == wb_value:
                    continue
                yield self.at(ctx.report.loc(sentence.line), expected=wb_value, actual=fig.value,
                              related=[cell], line=sentence.line, place=ctx.report.where(sentence.line), indicator=leaf.name, what=what,
                              stated=fig.value, wb_value=wb_value, sentence=sentence.text)


@register
class TotalDiffers(Rule):
    """The total score or the grade in the report differs from the scoring table's 合计 / 自评等级.

    Bad: ``对照打分得出结果为 96 分，等级为“优”`` where the table totals 95.
    Good: ``结果为 95 分，等级为“优”`` with 合计 95 and 自评等级 优.
    """

    code = "N007"
    action = {"zh": "请使报告中的总分、等级与评分表一致", "en": "Make the report's total and grade agree with the scoring table"}
    name = "report-total-differs"
    severity = ERROR
    tags = ("narrative", "scoring")
    message = {"zh": "报告{place}的{what}为{stated}，评分表为{wb_value}：“{sentence}”",
               "en": "Report {place} gives the {what} as {stated}; the scoring table has {wb_value}: “{sentence}”"}

    def check(self, ctx):
        facts, scoring = ctx.facts, ctx.wb.scoring
        if facts is None or scoring is None:
            return
        total = number_of(scoring.total_score)
        if facts.total_score is not None and total is not None and facts.total_score.value != total:
            s = facts.total_sentence
            yield self.at(ctx.report.loc(s.line), expected=total, actual=facts.total_score.value,
                          related=[scoring.total_score], line=s.line, place=ctx.report.where(s.line), what="总分",
                          stated=facts.total_score.value, wb_value=total, sentence=s.text)
        grade = grade_of(scoring.grade)
        if facts.grade and grade and facts.grade != grade:
            s = facts.grade_sentence
            yield self.at(ctx.report.loc(s.line), expected=grade, actual=facts.grade,
                          related=[scoring.grade], line=s.line, place=ctx.report.where(s.line), what="等级", stated=facts.grade,
                          wb_value=grade, sentence=s.text)


_ARITH = {
    "zh": "报告{place}的{item}为{stated}，按报告自身的数字应为{computed}：“{sentence}”",
    "en": "Report {place} gives {item} as {stated}; the report's own figures give {computed}: “{sentence}”",
}


@register
class ReportArithmetic(Rule):
    """A rate or share in the report does not follow from the report's own amounts.

    Bad: ``…决算5199.03万元…比年初预算增加1405.64万元，增加37.3%``: the base is
    5199.03 − 1405.64 = 3793.39 and 1405.64 ÷ 3793.39 = 37.05%.
    Good: ``…比年初预算增加1405.64万元，增加37.05%``.
    """

    code = "N008"
    action = {"zh": "请按报告中的金额重新计算该比率", "en": "Recompute the rate from the report's own amounts"}
    name = "report-arithmetic"
    severity = ERROR
    tags = ("narrative", "arithmetic")
    message = _ARITH

    def check(self, ctx):
        if ctx.facts is None:
            return
        for v in compare.verdicts(ctx):
            if not v.from_workbook and v.verdict == WRONG and not v.reversed_fits:
                rule = RepeatsWorkbookError if _repeats_wrong_cell(ctx, v) else self
                yield compare.verdict_finding(rule, ctx, v, "computed")


def _repeats_wrong_cell(ctx, v: compare.Verdict) -> bool:
    """The workbook states the same wrong figure in the cell the report copied it from.

    One mistake typed twice is one error: the workbook's cell carries it (B009/B012), and
    the report's sentence is pointed out beside it, as a warning, so both get fixed.
    """
    column = "share" if v.what == "占比" else ("rate" if v.st.table == "sangong" else "change_rate")
    cell = compare.wb_cell(ctx.wb, v.st.table, v.st.key, column)
    if cell is None or not cell.is_number or cell.number != v.stated.value:
        return False
    return not amount(cell.number, cell.decimals).meets(v.allowed) and judge(
        cell.number, cell.decimals or 0, v.allowed) == WRONG


@register
class RepeatsWorkbookError(Rule):
    """The report repeats a figure that is wrong in the workbook too (reported there as an error).

    The report's own arithmetic gives another figure, and the workbook's cell states the
    same wrong one; the error is counted once, at the workbook cell, and the sentence is
    pointed out here so that both are corrected.
    Bad: workbook 增减率 37.3 and report ``比年初预算增加1405.64万元，增加37.3%`` (37.05%).
    Good: 37.05 in both.
    """

    code = "N014"
    action = {"zh": "请与工作簿一并更正报告中的该数字", "en": "Correct the figure in the report along with the workbook"}
    name = "report-repeats-workbook-error"
    severity = WARNING
    emitted_elsewhere = True
    tags = ("narrative", "arithmetic")
    message = {"zh": "报告{place}照抄了工作簿中有误的{item}{stated}，应为{computed}，请一并更正：“{sentence}”",
               "en": "Report {place} repeats the workbook's wrong {item} {stated}; it should be {computed}. Correct both: “{sentence}”"}


@register
class ReportTruncated(Rule):
    """A rate or share in the report was cut off instead of rounded.

    Bad: ``工资福利支出5084.60万元，占总支出的97.79%`` of 5199.03: 97.799…% rounds to 97.80.
    Good: ``占总支出的97.80%``.
    """

    code = "N009"
    action = {"zh": "请按四舍五入填写", "en": "Round the figure instead of cutting it off"}
    name = "report-truncated"
    severity = WARNING
    tags = ("narrative", "arithmetic")
    forms = ("department", "report")  # the report's own rounding, with or without its workbook
    message = {"zh": "报告{place}的{item}为{stated}，似为截断而非四舍五入（应为{computed}）：“{sentence}”",
               "en": "Report {place} gives {item} as {stated}, cut off rather than rounded "
                     "({computed}): “{sentence}”"}

    def check(self, ctx):
        if ctx.facts is None:
            return
        for v in compare.verdicts(ctx):
            if v.verdict == TRUNCATED:
                yield compare.verdict_finding(self, ctx, v, "computed")
