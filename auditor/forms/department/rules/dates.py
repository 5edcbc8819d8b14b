"""X011–X013: the cover's 填报日期 and the years the workbook states."""
from __future__ import annotations

from auditor.codes import ERROR, WARNING, Rule, register
from auditor.findings import Location
from auditor.rules.dates import before_year_end, date_of, year_in


def _cover_read(wb) -> bool:
    return any(getattr(wb.cover, k) is not None for k in ("year", "department", "filler"))


@register
class FillDateMissing(Rule):
    """The cover states its 填报日期.

    Bad: 填报日期 left empty.
    Good: ``2024-08-01``.
    """
    code, name, severity, tags = "X011", "fill-date-missing", WARNING, ("cover", "dates")
    action = {"zh": "请在封面补填填报日期",
              "en": "Fill in the date on the cover"}
    message = {"zh": "封面未填写填报日期，请补填", "en": "The cover gives no 填报日期 (date filled in); add it"}

    def check(self, ctx):
        wb = ctx.wb
        if not _cover_read(wb):
            return  # no cover to speak of (S001 says so)
        v = wb.cover.date
        if v is None:  # no 填报日期 line on the cover at all: point at the cover
            sheet = next(getattr(wb.cover, k).sheet for k in ("year", "department", "filler")
                         if getattr(wb.cover, k) is not None)
            yield self.at(Location(wb.path, sheet))
        elif not v.text:
            yield self.at(v)


@register
class FillDateEarly(Rule):
    """The 填报日期 is after the evaluated year: a year cannot be evaluated before it is over.

    Bad: 评价年度 2023, 填报日期 ``2023-06-30``.
    Good: ``2024-08-01``.
    """
    code, name, severity, tags = "X012", "fill-date-early", ERROR, ("cover", "dates")
    action = {"zh": "请核实填报日期或评价年度",
              "en": "Check the date or the year under review"}
    message = {"zh": "填报日期 {actual} 早于评价年度 {year} 年结束，请核实填报日期或评价年度",
               "en": "填报日期 {actual} is before the end of the evaluated year {year}; check the date or the year"}

    def check(self, ctx):
        wb = ctx.wb
        v, year = wb.cover.date, wb.year
        date = date_of(v.raw) if v is not None else None
        if date is not None and year is not None and before_year_end(date, year):
            yield self.at(v, actual=date.isoformat(), year=year, related=[wb.cover.year])


@register
class YearsDisagree(Rule):
    """The year in the cover's title (``（2023年度）``) is the cover's 评价年度.

    Bad: title ``（2022年度）``, 评价年度 2023 (last year's file reused).
    Good: both 2023.
    """
    code, name, severity, tags = "X013", "years-disagree", ERROR, ("cover", "dates")
    action = {"zh": "请核对封面标题的年度，使用本年度的表",
              "en": "Check the title's year, and use this year's form"}
    message = {"zh": "封面标题的年度 {actual} 与评价年度 {expected} 不一致",
               "en": "The cover's title says {actual}, the 评价年度 is {expected}"}

    def check(self, ctx):
        wb = ctx.wb
        title, year = wb.cover.title, wb.year
        said = year_in(title.text) if title is not None else None
        if said is not None and year is not None and said != year:
            yield self.at(title, expected=year, actual=said, related=[wb.cover.year])
