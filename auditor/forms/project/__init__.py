"""The national 项目支出绩效自评表 (财预〔2020〕10号) and its provincial variants (Yunnan, Sichuan, Hubei: ``packs/``):
one project per table, a workbook often holding one per sheet."""
from __future__ import annotations

from auditor.forms.base import Form, Index, Match, register_form
from auditor.forms.project.reader import PARTS, parts_seen, read_projects
from auditor.reader.grid import parse_ref


def _worth_peeking(index: Index) -> bool:
    """Whether a sheet not parsed by name could hold a project table: its declared used range
    reaches row 10 and column E (a table's smallest), or it declares none."""
    for name in index.sheet_names:
        if name in index.book.parsed:
            continue
        dim = index.book.dimensions.get(name, "")
        if ":" not in dim:
            if dim in ("", "unknown"):
                return True
            continue
        try:
            row, col = parse_ref(dim.split(":")[1])
        except ValueError:
            return True
        if row >= 10 and col >= 5:
            return True
    return False


@register_form
class ProjectForm(Form):
    id = "project"
    name = {"zh": "项目支出绩效自评表", "en": "Project expenditure performance self-evaluation"}
    where = {"zh": "全国（财预〔2020〕10号）及各省变体", "en": "national (财预〔2020〕10号) and provincial variants"}

    def wants_sheet(self, name: str) -> bool:
        return "项目" in name or "绩效自评表" in name

    def recognise(self, index: Index) -> Match:
        grids = index.parsed()
        best = max((parts_seen(g) for g in grids if g.state == "visible"), key=len, default=())
        if len(best) < len(PARTS) and _worth_peeking(index):
            grids = [g for g in index.peek().sheets if g.name in index.book.parsed]
            best = max((parts_seen(g) for g in grids if g.state == "visible"), key=len, default=())
        if "绩效指标" not in best or "项目名称" not in best:
            best = ()  # a list of projects, or a department's targets sheet: not a project table
        return Match(self.id, len(best) / len(PARTS), best, tuple(p for p in PARTS if p not in best))

    def read(self, source, kind: str, limits, index: Index | None = None, name: str | None = None):
        book = index.peek() if index is not None else None
        return read_projects(source, kind, limits.max_sheet_rows, book, name)

    def pack(self, year: int | None, region: str | None = None, rules_file=None):
        from auditor.forms.project.pack import for_region, load_file

        return load_file(rules_file) if rules_file else for_region(region)

    def year_at(self, model):
        """The first table's title year (（2022年度）), which the book's year is."""
        cell = next((p.year_cell for p in model.projects if p.year and p.year_cell is not None), None)
        return cell.loc if cell is not None else super().year_at(model)

    def write_template(self, fh, year: int) -> None:
        from auditor.forms.project.template import write_template

        write_template(fh, year=year)

    def summarise(self, model, pack=None, scored: bool = True) -> dict:
        from auditor.forms.project.summary import summarise

        return summarise(model)
