"""R007–R009: what the report says of itself: a count against its list, one year, one department."""
from __future__ import annotations

from auditor.codes import WARNING, register
from auditor.forms.report.rules.base import ReportRule
from auditor.rules.lazy import lazy_import

claims = lazy_import("auditor.narrative.claims")
model = lazy_import("auditor.forms.report.model")


@register
class CountDoesNotMatchList(ReportRule):
    """A count the report states (共10个项目，分别是：) is not the number of items its numbered list gives.

    Only a list numbered from 1 that follows the count at once is counted.
    Bad: ``内设机构10个，分别是：1、办公室；2、干部室；…9、干部监督室。``
    Good: ``内设机构9个，分别是：1、办公室；…9、干部监督室。``
    """

    code = "R007"
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
                yield self.at_sentence(self, ctx, c.sentence.line, c.sentence.text, expected=c.items,
                                       actual=c.count, count=c.count, unit=c.what, items=c.items)


@register
class YearInconsistent(ReportRule):
    """The report's accounts are of another year than its title (or cover) says it evaluates.

    The year of the title or a 评价年度 field, and the years its 决算收入 and 决算支出
    statements open with, must be one year.
    Bad: title ``2023年度部门整体支出绩效自评报告`` and ``2022年决算收入5199.03万元``.
    Good: ``2023年决算收入5199.03万元`` under that title.
    """

    code = "R008"
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
            if m:
                said.append((int(m.group("year")), st.sentence.line, st.sentence.text))
        if not said:
            return
        first_year, first_line, _ = said[0]
        for year, line, text in said[1:]:
            if year != first_year:
                yield self.at_sentence(self, ctx, line, text, expected=first_year, actual=year, year=year,
                                       first_place=ctx.report.where(first_line), first_year=first_year)


@register
class DepartmentInconsistent(ReportRule):
    """Two fields of the report's cover name different departments (部门名称, 单位名称, 填报单位).

    Bad: ``部门名称：中共仁化县委组织部`` and ``填报单位：仁化县财政局``.
    Good: one department in every field.
    """

    code = "R009"
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
            yield self.at_sentence(self, ctx, line, ctx.report.lines[line - 1].strip(), expected=first, actual=name,
                                   name=name, first=first, first_place=ctx.report.where(first_line))
