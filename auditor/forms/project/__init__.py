"""The national 项目支出绩效自评表 (财预〔2020〕10号) and its provincial variants (FORMS.md §1):
one project per table, a workbook often holding one per sheet."""
from __future__ import annotations

from decimal import Decimal

from auditor.forms.base import Form, Index, Match, register_form
from auditor.forms.project.reader import PARTS, parts_seen, read_projects


@register_form
class ProjectForm(Form):
    id = "project"
    name = {"zh": "项目支出绩效自评表", "en": "Project expenditure performance self-evaluation"}

    def wants_sheet(self, name: str) -> bool:
        return "项目" in name or "绩效自评表" in name

    def recognise(self, index: Index) -> Match:
        grids = index.parsed()
        best = max((parts_seen(g) for g in grids if g.state == "visible"), key=len, default=())
        if len(best) < len(PARTS) and len(grids) < len(index.sheet_names):
            grids = [g for g in index.peek().sheets if g.name in index.book.parsed]
            best = max((parts_seen(g) for g in grids if g.state == "visible"), key=len, default=())
        if "绩效指标" not in best or "项目名称" not in best:
            best = ()  # a list of projects, or a department's targets sheet: not a project table
        return Match(self.id, len(best) / len(PARTS), best, tuple(p for p in PARTS if p not in best))

    def read(self, source, kind: str, limits, index: Index | None = None):
        book = index.peek() if index is not None else None
        return read_projects(str(source), kind, limits.max_sheet_rows, book)

    def pack(self, year: int | None, region: str | None = None, rules_file=None):
        from auditor.forms.project.pack import for_region, load_file

        return load_file(rules_file) if rules_file else for_region(region)

    def write_template(self, fh, year: int) -> None:
        from auditor.forms.project.template import write_template

        write_template(fh, year=year)

    def summarise(self, model, pack=None, scored: bool = True) -> dict:
        from auditor.forms.project.summary import summarise

        return summarise(model)
