"""What a form is: how it is recognised, read, checked, written blank and summarised.

A form (表式) is one layout of self-evaluation workbook: the department-wide form of
the reference county's layout, the national project form of 财预〔2020〕10号, and so on.  Each is a plug-in
registered in ``auditor.forms``; the engine asks the registry which form a workbook is
in, then hands the workbook to that form's reader and its rule pack.

Detection must cost little: the ``Index`` parses, once, the sheets some form knows by
name, and on demand (``peek``) the small sheets it did not, which is exactly what the
reader would parse anyway; the chosen form's reader then reads from the same index.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, ClassVar

from auditor.findings import Location
from auditor.reader.grid import GridBook, Grid, read_book

# Below this score a workbook is in no known form: one finding says so (S015).
MIN_SCORE = 0.2
# A sheet is looked into for its labels when its declared used range ends by this row.
PEEK_ROWS = 5_000


@dataclass(frozen=True)
class Match:
    form: str
    score: float                  # 0..1
    seen: tuple[str, ...] = ()    # what of the form was found (its parts, by name or content)
    missing: tuple[str, ...] = ()

    @property
    def recognised(self) -> bool:
        return self.score >= MIN_SCORE


class Index:
    """A workbook as detection sees it: every sheet's name and state; the grids of the
    sheets some form wants by name; on ``peek``, also the small sheets' grids."""

    def __init__(self, source, kind: str, wanted: Callable[[str], bool], row_limit: int = 100_000):
        self.source, self.kind, self.row_limit = source, kind, row_limit
        self.book: GridBook = read_book(source, kind, wanted, row_limit)
        self.peeked = False
        self.memo: dict[str, Any] = {}  # what a form worked out while recognising, for its reader

    @property
    def sheet_names(self) -> list[str]:
        return [g.name for g in self.book.sheets]

    def parsed(self) -> list[Grid]:
        return [g for g in self.book.sheets if g.name in self.book.parsed]

    def peek(self) -> GridBook:
        """Parse the small sheets not parsed yet (once) and return the book."""
        if not self.peeked:
            self.peeked = True
            book = self.book
            rest = read_book(self.source, self.kind, lambda n: n not in book.parsed and self.small(n),
                             self.row_limit)
            names = [s.name for s in book.sheets]
            for g in rest.sheets:
                if g.name in rest.parsed:
                    book.sheets[names.index(g.name)] = g
                    book.parsed.add(g.name)
        return self.book

    def small(self, name: str) -> bool:
        """Whether a sheet not parsed by name is worth looking into: used, and not long."""
        dim = self.book.dimensions.get(name, "")
        if ":" not in dim:
            return dim != "A1"
        try:
            last = int("".join(ch for ch in dim.split(":")[1] if ch.isdigit()))
        except ValueError:
            return True
        return last <= PEEK_ROWS


class Pack:
    """What the engine reads of every form's rule pack (a form's pack subclasses it and adds
    what its own rules read).  ``year``: the year the pack is for (None: not year-specific);
    ``borrowed_for``: the year asked for, when this pack is another year's (the engine then
    says so, S010, at ``Form.year_at``); ``source``: where it was read from; ``grades``:
    (grade, lowest total) from the best down."""

    year: int | None
    borrowed_for: int | None
    source: str
    grades: list[tuple[str, float]]

    def grade_for(self, total) -> str:
        """The grade a total earns (the lowest grade below every band)."""
        for grade, low in self.grades:
            if total >= low:
                return grade
        return self.grades[-1][0]


class Form:
    """One form.  Subclasses set ``id`` and ``name`` and implement the methods."""

    id: ClassVar[str]
    name: ClassVar[dict[str, str]]
    workbook: ClassVar[bool] = True   # a workbook's form; False for the report sent alone
    # where the form is used (zh/en), as ``auditor forms`` lists it
    where: ClassVar[dict[str, str]] = {}
    # forms this one is a variant of (a layout they read too): on equal scores it is preferred,
    # and their whole match does not end detection before it is asked
    narrows: ClassVar[tuple[str, ...]] = ()

    def wants_sheet(self, name: str) -> bool:
        """Whether a sheet of this name is one of this form's (parsed before detection)."""
        return False

    def recognise(self, index: Index) -> Match:
        raise NotImplementedError

    def read(self, source, kind: str, limits, index: Index | None = None, name: str | None = None):
        """The form's own model of the workbook (``.path``, ``.problems``, ``.sheet_names``,
        ``.department``, ``.year``); from ``index`` when detection built one.  ``source`` is
        a path or the file's bytes; ``name`` is what the model's locations call the file."""
        raise NotImplementedError

    def pack(self, year: int | None, region: str | None = None, rules_file=None) -> Pack:
        """The rule pack the form's rules judge a workbook of ``year`` (and ``region``) by;
        ``rules_file``'s when given."""
        raise NotImplementedError

    def write_template(self, fh, year: int) -> None:
        raise NotImplementedError

    def blank(self, model):
        """Where to say the workbook is the form with nothing filled in (S014), or None."""
        return None

    def year_at(self, model):
        """Where the model states its year (what S010 points at when the pack is borrowed)."""
        return Location(model.path)

    def summarise(self, model, pack, scored: bool = True) -> dict:
        """What the file's report (``auditor.report.FileReport``) keeps of a checked model,
        as its fields: code, figures, indicators, scores, member (the cohort checks'), and
        for a form of several projects ``projects``; no scores when ``scored`` is False."""
        return {}

    def title(self, lang: str = "zh") -> str:
        return self.name.get(lang) or self.name["zh"]

    def province(self, lang: str = "zh") -> str:
        return self.where.get(lang) or self.where.get("zh", "")


# The registry, in registration order (on equal scores the first registered wins).
FORMS: dict[str, Form] = {}


# Called with each form registered from now on (the rule engine loads its rules), so that
# the registry needs to know nothing of who listens.
_LISTENERS: list[Callable[[Form], None]] = []


def when_registered(listener: Callable[[Form], None]) -> None:
    _LISTENERS.append(listener)


def register_form(cls: type[Form]) -> type[Form]:
    if cls.id in FORMS:
        raise ValueError(f"duplicate form {cls.id}")
    if set(cls.name) != {"zh", "en"}:
        raise ValueError(f"form {cls.id} needs zh and en names")
    form = FORMS[cls.id] = cls()
    for listener in _LISTENERS:
        listener(form)
    return cls
