"""The department-wide form (部门整体支出绩效自评表, as the reference county prints it): five sheets, 封面, 收支情况,
三公经费, 绩效目标完成情况 and 自评评分表, each found by a keyword in its name or, renamed,
by the labels it holds."""
from __future__ import annotations

from auditor.findings import Location
from auditor.forms.base import Form, Index, Match, register_form
from auditor.forms.department.blank import is_blank_form, where
from auditor.forms.department.read import assign_sheets, part_of, read_workbook
from auditor.forms.department import vocabulary as V


@register_form
class DepartmentForm(Form):
    id = "department"
    name = {"zh": "部门整体支出绩效自评表", "en": "Department-wide expenditure performance self-evaluation"}
    where = {"zh": "广东（参考县的部门整体表式）", "en": "Guangdong (the reference county's department-wide form)"}

    def wants_sheet(self, name: str) -> bool:
        return part_of(name) is not None

    def recognise(self, index: Index) -> Match:
        sheets = index.memo.get(self.id)
        if sheets is None:
            sheets = index.memo[self.id] = assign_sheets(index)
        seen = tuple(title for part, title in V.SHEETS.items() if part in sheets)
        missing = tuple(title for part, title in V.SHEETS.items() if part not in sheets)
        return Match(self.id, len(seen) / len(V.SHEETS), seen, missing)

    def read(self, source, kind: str, limits, index: Index | None = None, name: str | None = None):
        return read_workbook(source, kind, limits.max_sheet_rows, name, index)

    def pack(self, year: int | None, region: str | None = None, rules_file=None):
        from auditor.forms.department import packs  # the rules' data: not for reading or listing forms

        return packs.load_file(rules_file) if rules_file else packs.for_year(year)

    def blank(self, model):
        return where(model) if is_blank_form(model) else None

    def year_at(self, model):
        year = model.cover.year
        return Location(model.path, V.SHEETS["cover"]) if year is None else Location(model.path, year.sheet, year.cell)

    def summarise(self, model, pack, scored: bool = True) -> dict:
        from auditor.forms.department.summary import summarise  # the report model: only when checking

        return summarise(model, pack, scored)

    def write_template(self, fh, year: int) -> None:
        from auditor.forms.department.template import write_template  # xlsxwriter: only when writing one

        write_template(fh, year=year)
