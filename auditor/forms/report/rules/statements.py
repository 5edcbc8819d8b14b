"""R007–R011: what the report says of itself: a count against its list or its parts, one
year, one department, 三公 said to be within a budget it exceeds."""
from __future__ import annotations

import re

from auditor.codes import ERROR, WARNING, register
from auditor.forms.report.rules.base import ReportRule
from auditor.precision import show
from auditor.rules.lazy import lazy_import

claims = lazy_import("auditor.narrative.claims")
model = lazy_import("auditor.forms.report.model")
_YEARS = re.compile(r"(20\d{2})年")


@register
class CountDoesNotMatchList(ReportRule):
    """A count the report states (共10个项目，分别是：) is not the number of items its numbered list gives.

    Only a list numbered from 1 that follows the count at once is counted.
    Bad: ``内设机构10个，分别是：1、办公室；2、干部室；…9、干部监督室。``
    Good: ``内设机构9个，分别是：1、办公室；…9、干部监督室。``
    """

    code = "R007"
    action = {"zh": "请使所述个数与其后所列一致",
              "en": "Make the count agree with the list that follows"}
    name = "report-count-list"
    severity = WARNING
    forms = None   # no workbook states the report's lists
    message = {"zh": "报告{place}称{count}{unit}，其后列出{items}项：“{sentence}”",
               "en": "Report {place} says {count} ({unit}) but lists {items}: “{sentence}”"}

    def check(self, ctx):
        if ctx.report is None:
            return
        for c in claims.counted_lists(ctx.report):
            if c.count != c.items:
                # the count or the list: the report does not say which, so no 应为
                yield self.at_sentence(self, ctx, c.sentence.line, c.sentence.text,
                                       count=c.count, unit=c.what, items=c.items)


@register
class YearInconsistent(ReportRule):
    """The report's accounts are of another year than its title (or cover) says it evaluates.

    The year of the title or a 评价年度 field, and the years its 决算收入 and 决算支出
    statements open with, must be one year.
    Bad: title ``2023年度部门整体支出绩效自评报告`` and ``2022年决算收入5199.03万元``.
    Good: ``2023年决算收入5199.03万元`` under that title.
    """

    code = "R008"
    action = {"zh": "请核对报告中的年度",
              "en": "Check the year the report speaks of"}
    name = "report-year-inconsistent"
    severity = WARNING
    forms = ("report", "department")
    message = {"zh": "报告{place}所述为{year}年，而报告{first_place}为{first_year}年：“{sentence}”",
               "en": "Report {place} speaks of {year}, while {first_place} says {first_year}: “{sentence}”"}

    def check(self, ctx):
        facts = ctx.facts
        if facts is None:
            return
        said = []
        title = model.stated_year_at(ctx.report)
        if title is not None:
            said.append(title)
        for table, key in (("income", "total"), ("expense_economic", "total")):
            st = facts.first(table, key)
            m = st is not None and model.ACCOUNTS_YEAR.search(st.sentence.norm)
            # a sentence naming two years (与2022年决算收入相比，2023年…) is a comparison: not its year
            if m and len(set(_YEARS.findall(st.sentence.norm))) == 1:
                said.append((int(m.group("year")), st.sentence.line, st.sentence.text))
        if not said:
            return
        first_year, first_line, _ = said[0]
        for year, line, text in said[1:]:
            if year != first_year:
                yield self.at_sentence(self, ctx, line, text, year=year,
                                       first_place=ctx.report.where(first_line), first_year=first_year)


@register
class DepartmentInconsistent(ReportRule):
    """Two fields of the report's cover name different departments (部门名称, 单位名称, 填报单位).

    Bad: ``部门名称：中共仁化县委组织部`` and ``填报单位：仁化县财政局``.
    Good: one department in every field.
    """

    code = "R009"
    action = {"zh": "请统一报告中的单位名称",
              "en": "Name one department throughout the report"}
    name = "report-department-inconsistent"
    severity = WARNING
    forms = ("report", "department")
    message = {"zh": "报告{place}所填单位“{name}”与{first_place}“{first}”不一致：“{sentence}”",
               "en": "Report {place} names “{name}”, {first_place} “{first}”: “{sentence}”"}

    def check(self, ctx):
        if ctx.report is None:
            return
        fields = model.named_departments(ctx.report)
        if not fields:
            return
        first, first_line = fields[0]
        for name, line in fields[1:]:
            if model.same_department(name, first):
                continue
            yield self.at_sentence(self, ctx, line, ctx.report.lines[line - 1].strip(), name=name, first=first, first_place=ctx.report.where(first_line))


@register
class CountsDoNotAdd(ReportRule):
    """The opening count and the count added in the year do not make the total the same sentence states.

    Only one sentence stating all three is judged, and not when it says some were
    cancelled or cut (取消, 调减).
    Bad: ``年初安排项目8个，年中追加8个，全年共实施15个。``
    Good: ``年初安排项目8个，年中追加7个，全年共实施15个。``
    """

    code = "R010"
    action = {"zh": "请核对年初数、年中增加数与合计",
              "en": "Check the opening count, the additions and the total"}
    name = "report-counts-sum"
    severity = WARNING
    forms = None   # no workbook states them
    message = {"zh": "报告{place}：年初{opening}{unit}加年中增加{added}{unit}为{computed}{unit}，所述合计为{total}{unit}：“{sentence}”",
               "en": "Report {place}: {opening} ({unit}) at the start and {added} added make {computed}, not the "
                     "{total} stated: “{sentence}”"}

    def check(self, ctx):
        if ctx.report is None:
            return
        for c in claims.count_sums(ctx.report):
            computed = c.opening + c.added
            if computed != c.total:
                yield self.at_sentence(self, ctx, c.sentence.line, c.sentence.text, opening=c.opening, added=c.added, computed=computed, total=c.total,
                                       unit=c.unit)


# What says spending kept within its budget (以内, 未超): after the item, in its sentence.
_WITHIN = ("未超", "没有超", "不超过", "未突破", "控制在预算", "在预算范围内", "预算以内", "低于预算", "少于预算")


@register
class SaidWithinBudget(ReportRule):
    """A 三公 item or total is said to be within its budget (未超预算, 控制在预算内) while the figures beside it exceed it.

    Bad: ``公务接待费决算3.00万元，预算2.00万元，未超预算。``
    Good: ``公务接待费决算1.80万元，预算2.00万元，未超预算。``
    """

    code = "R011"
    action = {"zh": "请改正该说法，或核对决算与预算",
              "en": "Correct the wording, or check the spending and the budget"}
    name = "report-said-within-budget"
    severity = ERROR
    forms = ("report", "department")   # the report's own words, which no workbook states
    message = {"zh": "报告{place}称{item}“{word}”，但所列决算{actual_amount}超过预算{budget}：“{sentence}”",
               "en": "Report {place} says {item} “{word}”, but the {actual_amount} spent exceeds the budget of "
                     "{budget}: “{sentence}”"}

    def check(self, ctx):
        if ctx.facts is None:
            return
        for st in ctx.facts.sangong:
            if st.actual is None or st.budget is None or st.actual.wan().lo <= st.budget.wan().hi:
                continue
            text = st.sentence.norm
            after = text[text.find(st.label) + len(st.label):] if st.label in text else ""
            word = next((w for w in _WITHIN if w in after), None)
            if word is not None:
                # the words are what is wrong: never an 应为 that invites changing the 决算
                over = show((st.actual.wan() - st.budget.wan()).mid)
                yield self.at_sentence(self, ctx, st.sentence.line, st.sentence.text, expected=f"超支{over}万元",
                                       actual=word, item=st.label, word=word,
                                       actual_amount=str(st.actual), budget=str(st.budget))
