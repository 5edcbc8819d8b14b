"""A report as a model: the narrative reader's ``Report``, and the department and year it names.

Reading is the narrative reader's (``auditor.narrative.read``), which itself knows the
forms' vocabulary: this module takes the report it read and imports nothing of it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace


# The cover's labelled fields that name the department (部门名称：…).
NAME_FIELD = re.compile(r"^(?:部门|单位|预算单位|部门\(单位\)|填报单位|评价单位)(?:名称)?:(?P<name>.+)$")
# The year the report evaluates: its title (2023年度部门整体支出绩效自评报告) or a cover field.
TITLE_YEAR = re.compile(r"(?P<year>20\d{2})年度?.{0,12}?(?:整体支出|项目支出)?绩效(?:自评|评价)(?:报告)?$")
YEAR_FIELD = re.compile(r"^(?:评价|自评|预算)年度:(?P<year>20\d{2})年?度?$")
# Failing both, the year of its accounts (2023年决算收入…).
ACCOUNTS_YEAR = re.compile(r"(?P<year>20\d{2})年度?(?:部门)?决算")
_SEAL = re.compile(r"\((?:盖章|公章|签章)\)|[(（]?盖章[)）]?$")


@dataclass
class ReportModel:
    path: str
    report: object   # auditor.narrative.read.Report
    problems: list = field(default_factory=list)
    sheet_names: list[str] = field(default_factory=list)
    department: str = ""
    year: int | None = None


def model_of(report, name: str | None = None) -> ReportModel:
    """The model of a report the narrative reader read, its findings called ``name``."""
    if name is not None and name != report.path:
        report = replace(report, path=str(name))
    names = named_departments(report)
    title = stated_year_at(report)
    return ReportModel(report.path, report, department=names[0][0] if names else "",
                       year=title[0] if title else _accounts_year(report))


def _heads(report) -> list:
    """Titles and cover fields: the short paragraphs."""
    return [para for para in report.paragraphs if len(para.norm) <= 60]


def stated_year_at(report) -> tuple[int, int, str] | None:
    """(year, line, text) where the title or a cover field says which year the report evaluates."""
    for para in _heads(report):
        m = TITLE_YEAR.search(para.norm) or YEAR_FIELD.match(para.norm)
        if m:
            return int(m.group("year")), para.line, para.text
    return None


def named_departments(report) -> list[tuple[str, int]]:
    """(name, line) of each cover field naming the department, as written."""
    out = []
    for para in _heads(report):
        m = NAME_FIELD.match(para.norm)
        if m and (name := _SEAL.sub("", m.group("name")).strip()):
            out.append((name, para.line))
    return out


def same_department(a: str, b: str) -> bool:
    """One name written twice, the longer perhaps with its county before it."""
    a, b = (re.sub(r"[\s()（）]", "", x) for x in (a, b))
    return a == b or (min(len(a), len(b)) >= 4 and (a.endswith(b) or b.endswith(a)))


def _accounts_year(report) -> int | None:
    for para in report.paragraphs:
        m = ACCOUNTS_YEAR.search(para.norm)
        if m:
            return int(m.group("year"))
    return None
