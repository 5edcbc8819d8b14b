"""A toy third form: a staff list (人员名单) whose every row must name a post.

It is the living version of docs/architecture.md's "Adding a form": one folder (this one:
the form, its model, its rules in ``rules/``) and one line of registration, nothing edited
outside it.  ``tests/test_adding_a_form.py`` registers it and checks a workbook in it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from auditor.findings import Location
from auditor.forms.base import Form, Index, Match, Pack, register_form
from auditor.forms.template_book import Sheet, TemplateBook, emit
from auditor.reader.cells import CellReader

SHEET = "人员名单"
HEADER = ("姓名", "职务")


@dataclass
class Staff:
    path: str
    sheet: str
    rows: list = field(default_factory=list)   # (name Value, post Value)
    problems: list = field(default_factory=list)
    sheet_names: list = field(default_factory=list)
    department: str = ""
    year: int | None = None


@dataclass
class StaffPack(Pack):
    year: int | None = None
    borrowed_for: int | None = None
    source: str = "toy"
    grades: list = field(default_factory=lambda: [("合格", 0)])


@register_form
class StaffForm(Form):
    id = "toy-staff"
    name = {"zh": "人员名单表", "en": "Staff list"}

    def wants_sheet(self, name: str) -> bool:
        return name == SHEET

    def recognise(self, index: Index) -> Match:
        grid = next((g for g in index.parsed() if g.name == SHEET), None)
        header = tuple(CellReader(grid, "", []).text(1, c) for c in (1, 2)) if grid else ()
        seen = ("header",) if header == HEADER else ()
        return Match(self.id, 1.0 if seen else 0.0, seen, () if seen else ("header",))

    def read(self, source, kind, limits, index=None, name=None):
        grid = next(g for g in index.parsed() if g.name == SHEET)
        model = Staff(str(name if name is not None else source), SHEET, sheet_names=index.sheet_names)
        cells = CellReader(grid, model.path, model.problems)
        for r in range(2, grid.max_row + 1):
            who, post = cells.value(r, 1, "姓名", number=False), cells.value(r, 2, "职务", number=False)
            if not who.is_blank:
                model.rows.append((who, post))
        return model

    def pack(self, year, region=None, rules_file=None) -> Pack:
        return StaffPack(year=year)

    def write_template(self, fh, year: int) -> None:
        staff = Sheet(SHEET)
        for c, label in enumerate(HEADER):
            staff.put(0, c, label)
        emit(TemplateBook([staff], title=self.name["zh"]), fh)

    def year_at(self, model):
        return Location(model.path, SHEET)
