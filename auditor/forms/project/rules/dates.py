"""J055–J056: the 填报日期 a project form prints (Hubei's header line: 单位名称 | 总分 | 填报日期).
A form that prints none is asked for none: the national table has no such field."""
from __future__ import annotations

from auditor.codes import ERROR, WARNING, register
from auditor.forms.project.rules.base import ProjectRule
from auditor.rules.dates import before_year_end, date_of


@register
class FillDateMissing(ProjectRule):
    """Where the form prints a 填报日期, it is filled in.

    Bad: Hubei's header line with 填报日期 left empty.
    Good: ``2023年3月15日``; a national table, which prints no 填报日期.
    """
    code, name, severity, tags = "J055", "fill-date-missing", WARNING, ("project", "dates")
    action = {"zh": "请补填填报日期", "en": "Fill in the date"}
    message = {"zh": "项目“{project}”表中列有填报日期但未填写，请补填",
               "en": "Project '{project}': the form's 填报日期 (date filled in) is empty; add it"}

    def check_project(self, p, pack):
        if p.fill_date is not None and not p.fill_date.text:
            yield self.at(p.fill_date, project=p.title)


@register
class FillDateEarly(ProjectRule):
    """The 填报日期 is after the evaluated year (the table's title year): a year cannot be
    evaluated before it is over.

    Bad: （2022年度）, 填报日期 ``2022年11月30日``.
    Good: ``2023年3月15日``.
    """
    code, name, severity, tags = "J056", "fill-date-early", ERROR, ("project", "dates")
    action = {"zh": "请核实填报日期或表头年度",
              "en": "Check the date or the title's year"}
    message = {"zh": "项目“{project}”填报日期 {actual} 早于评价年度 {year} 年结束，请核实填报日期或表头年度",
               "en": "Project '{project}': 填报日期 {actual} is before the end of the evaluated year {year}; check the date or the year"}

    def check_project(self, p, pack):
        date = date_of(p.fill_date.raw) if p.fill_date is not None else None
        if date is not None and p.year is not None and before_year_end(date, p.year):
            yield self.at(p.fill_date, actual=date.isoformat(), year=p.year, project=p.title,
                          related=[p.year_cell] if p.year_cell is not None else [])
