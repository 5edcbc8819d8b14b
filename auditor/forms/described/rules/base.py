"""What every described-form rule shares: it checks a ``DescribedBook`` by its form's pack,
and applies to every described form, those a bureau registers later (``--forms``) too."""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Iterator

from auditor.codes import Rule
from auditor.findings import Finding
from auditor.forms.described.model import DescribedBook
from auditor.forms.described.pack import DescribedPack


class DescribedRule(Rule):
    @classmethod
    def applies_to(cls, form_id) -> bool:
        from auditor.forms.described import described_ids

        return form_id in described_ids()

    def check_book(self, book: DescribedBook, pack: DescribedPack) -> Iterable[Finding]:
        return ()

    def check(self, ctx) -> Iterator[Finding]:
        model, pack = getattr(ctx, "model", None), getattr(ctx, "pack", None)
        if not (isinstance(model, DescribedBook) and isinstance(pack, DescribedPack)):
            return
        for table in model.tables:
            # a table per sheet: each finding names its table; a table alone, the project its
            # name field names (a department's form has none: its findings name no project)
            name = table.title if model.others else _named(table)
            for f in self.check_book(table, pack):
                yield replace(f, location=replace(f.location, project=name)) if name else f


def _named(book: DescribedBook) -> str:
    v = book.fields.get("name")
    return v.text if v is not None and v.text else ""


def number(v) -> bool:
    return v is not None and v.is_number


def column_name(pack: DescribedPack, block: str, role: str) -> str:
    """A column as the form prints it (its description's first header word)."""
    desc = pack.description
    columns = desc.funds.columns if block == "funds" and desc.funds else desc.grid.columns if desc.grid else ()
    return next((words[0] for r, words in columns if r == role), role)
