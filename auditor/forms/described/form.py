"""The one generic form that every description instantiates (``DescribedForm.of``)."""
from __future__ import annotations

from typing import ClassVar

from auditor.findings import Location
from auditor.forms.base import MIN_SCORE, Form, Index, Match
from auditor.forms.described.description import Description
from auditor.forms.described.reader import labels_of, read_book, signs_seen, year_in

# A description's score on a workbook of a year it was not printed for (``years``): still the
# form, but a description of the same signs that covers the year is preferred to it, and of
# two that do not, the one printed nearer the year
OUT_OF_YEARS = 0.99


class DescribedForm(Form):
    """A form read, checked and written from its description; its rules are family F."""

    description: ClassVar[Description]
    rules = "auditor.forms.described.rules"

    @classmethod
    def of(cls, desc: Description) -> type["DescribedForm"]:
        """A Form class for ``desc`` (registered with ``register_form`` like any form)."""
        return type(f"Described_{desc.id.replace('-', '_')}", (cls,),
                    {"id": desc.id, "name": dict(desc.name), "description": desc, "narrows": desc.narrows})

    def province(self, lang: str = "zh") -> str:
        return self.description.province

    def _best(self, index: Index, grids):
        d = self.description
        best, best_grid = (), None
        for g in grids:
            if g.state != "visible":
                continue
            seen = signs_seen(d, labels_of(g, index.memo))
            if len(seen) > len(best):
                best, best_grid = seen, g
        return best, best_grid

    def _ranked(self, index: Index, grids):
        """The visible sheets showing any sign of the form, the most first."""
        seen = [(len(signs_seen(self.description, labels_of(g, index.memo))), i, g) for i, g in enumerate(grids)
                if g.state == "visible"]
        return [g for n, _, g in sorted(seen, key=lambda t: (-t[0], t[1])) if n]

    def recognise(self, index: Index) -> Match:
        d = self.description
        signs = ("title",) + d.signs
        best, grid = self._best(index, index.parsed())
        if len(best) < len(signs):
            best, grid = self._best(index, [g for g in index.peek().sheets if g.name in index.book.parsed])
        # a title alone is what many forms print (部门整体支出绩效自评表), and a label or two what
        # other sheets hold too (a list of projects has 项目名称): at least half the signs make the
        # form; fewer only make it the closest one S015 names, below what detection accepts.  A
        # variant of another form (``narrows``) is the form only where every sign is there: else
        # the form it narrows reads the workbook as it did before the variant was described
        score = len(best) / len(signs)
        if score < (1.0 if d.narrows else 0.5) or not any(s != "title" for s in best):
            score *= MIN_SCORE * 0.9   # still the larger, the more of it is there
        if d.years is not None and grid is not None:
            year = year_in(labels_of(grid, index.memo))
            if not d.covers(year[2] if year else None):   # the nearer its years, the likelier the form
                away = min(abs(year[2] - d.years[0]), abs(year[2] - d.years[1]), 50)
                score *= OUT_OF_YEARS - away / 10000
        said = lambda s: f"标题“{d.title}”" if s == "title" else f"“{s}”"  # noqa: E731  (S015 says them)
        return Match(self.id, score, tuple(map(said, best)), tuple(said(s) for s in signs if s not in best))

    def read(self, source, kind: str, limits, index: Index | None = None, name: str | None = None):
        from auditor.forms import index as make_index

        index = index or make_index(source, kind, limits.max_sheet_rows)
        path = str(name if name is not None else source)
        grids = [g for g in index.peek().sheets if g.name in index.book.parsed]
        if self.description.per_sheet == "each":
            return self._each(index, grids, path)
        ranked = self._ranked(index, grids)
        if not ranked:
            from auditor.codes.structure import MissingTable
            from auditor.forms.described.model import DescribedBook

            book = DescribedBook(path=path, form=self.id, sheet_names=index.sheet_names)
            book.problems.append(MissingTable.at(Location(path), table=self.description.title))
            return book
        return read_book(self.description, ranked, path, index.sheet_names, index.memo)

    def _each(self, index: Index, grids, path: str):
        """Every visible sheet showing the form (its title and a label, or two labels) is a
        table of its own (a project per sheet); the first is the model, the others its ``others``."""
        from auditor.codes.structure import HiddenSheet, MissingTable
        from auditor.forms.described.model import DescribedBook

        tables, problems = [], []
        for g in grids:
            if len(signs_seen(self.description, labels_of(g, index.memo))) < 2:
                continue
            if g.state != "visible":
                problems.append(HiddenSheet.at(Location(path, g.name), sheet=g.name, used=f"{len(g.cells)} cells"))
                continue
            tables.append(read_book(self.description, [g], path, index.sheet_names, index.memo))
        if not tables:
            book = DescribedBook(path=path, form=self.id, sheet_names=index.sheet_names)
            book.problems.append(MissingTable.at(Location(path), table=self.description.title))
            tables = [book]
        first = tables[0]
        first.others = tables[1:]
        for t in first.others:
            first.problems.extend(t.problems)
        first.problems.extend(problems)
        return first

    def pack(self, year, region=None, rules_file=None):
        from auditor.forms.described.pack import DescribedPack

        return DescribedPack.of(self.description, year)

    def write_template(self, fh, year: int) -> None:
        from auditor.forms.described.template import build
        from auditor.forms.template_book import emit

        emit(build(self.description, year=year), fh)

    def blank(self, model):
        """The form with no amount, score or field filled in: one S014 at its sheet."""
        filled = [v for v in model.fields.values() if v.text]
        filled += [v for ln in model.funds for v in ln.values.values() if v.is_number]
        filled += [r.get("score") for r in model.rows if r.get("score") is not None and r.get("score").is_number]
        return Location(model.path, model.sheet) if model.sheet and not filled else None

    def year_at(self, model):
        return model.year_cell.loc if model.year_cell is not None else Location(model.path, model.sheet)

    def summarise(self, model, pack=None, scored: bool = True) -> dict:
        from auditor.forms.described.summary import summarise

        return summarise(model, pack, scored)
