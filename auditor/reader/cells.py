"""One raw cell to one located ``Value``, recording what could not be read as a finding."""
from __future__ import annotations

import re
from decimal import Decimal

from auditor.findings import Finding
from auditor.values import UNCACHED, Value
from auditor.numbers import BLANK, NUMBER, TEXT, Parsed, decimals_of, format_info, parse_number
from auditor.ooxml.refs import cell_name
from auditor.reader.grid import Grid
from auditor.codes.structure import UncachedFormula, UnitConverted, UnparseableValue

_UNIT_FACTOR = {("万元", "元"): Decimal(10000), ("元", "万元"): Decimal("0.0001"),
                ("亿元", "万元"): Decimal(10000), ("亿元", "元"): Decimal(100_000_000),
                ("千元", "元"): Decimal(1000), ("千元", "万元"): Decimal("0.1")}


# A "formula" that is a quantity and nothing else: ``=100%``, ``= 100 %``, ``=3个``. Writers
# that do not calculate (openpyxl, xlsxwriter) store any string typed with a leading ``=``
# this way, so a target ``=100%`` arrives as a formula with no result. It refers to no cell
# and calls nothing: what it says is known without calculating it.
_TYPED_RE = re.compile(r"^\s*[+-]?\d+(?:\.\d+)?\s*(?:%|[^\x00-\x7f][^\x00-\x7f/]*(?:/[^\x00-\x7f]+)?)?\s*$")


def typed_constant(formula: str | None) -> str | None:
    """The quantity an uncalculated formula states by itself (``100%`` of ``=100%``), else None."""
    if formula and len(formula) <= 40 and _TYPED_RE.match(formula):
        return formula.strip()
    return None


class CellReader:
    """Reads cells of one sheet into Values; problems go to ``problems``."""

    def __init__(self, grid: Grid, file: str, problems: list[Finding], unit: str = "万元"):
        self.grid, self.file, self.problems, self.unit = grid, file, problems, unit
        self.sheet = grid.name
        self.anchors = grid.merge_anchor()  # every reader of a sheet asks for it, cell by cell
        self.cells = grid.cells  # the few hundred cells read per sheet each look here

    def raw(self, row: int, col: int):
        at = (row, col)
        return self.cells.get(self.anchors.get(at) or at)

    def text(self, row: int, col: int) -> str:
        at = (row, col)
        cell = self.cells.get(self.anchors.get(at) or at)
        if cell is None:
            return ""
        v = cell.value
        if v is None:
            typed = typed_constant(cell.formula) if cell.uncached else None
            return "" if typed is None else "=" + typed
        if type(v) is str:
            return v.strip()
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()

    def value(self, row: int, col: int, what: str, *, number: bool = True) -> Value:
        """The Value at (row, col); ``number`` says a number is expected there."""
        at = (row, col)
        anchor = self.anchors.get(at) or at
        cell = self.cells.get(anchor)
        name = cell_name(*anchor)
        if cell is None:
            return Value(self.sheet, name, file=self.file)
        raw, formula = cell.value, cell.formula
        typed = typed_constant(formula) if cell.uncached else None
        if typed is not None:
            # typed, not calculated (no formula: not a template's total either): a text cell
            # keeps the "=" (a target's comparator); a number cell holds the quantity
            if not number:
                return Value(self.sheet, name, "=" + typed, TEXT, file=self.file)
            raw, formula = typed, None
        elif cell.uncached:
            v = Value(self.sheet, name, raw, UNCACHED, formula=cell.formula, file=self.file)
            if number:
                self.problems.append(UncachedFormula.at(v, what=what, formula="=" + (cell.formula or "")))
            return v
        if not number:
            v = Value(self.sheet, name, raw, formula=cell.formula, file=self.file)
            v.kind = TEXT if v.text else BLANK
            return v
        percent_fmt, fmt_decimals = format_info(cell.number_format)
        parsed = parse_number(raw, percent_format=percent_fmt, format_decimals=fmt_decimals)
        v = Value(self.sheet, name, raw, parsed.kind, parsed.number, parsed.decimals, formula, self.file,
                  parsed.percent_sign)
        if parsed.kind == TEXT or parsed.unit:  # a finding to make, or a unit to convert
            self._apply(v, parsed, what)
        return v

    def _apply(self, v: Value, parsed: Parsed, what: str) -> None:
        v.kind, v.number, v.decimals = parsed.kind, parsed.number, parsed.decimals
        if parsed.kind == TEXT:
            self.problems.append(UnparseableValue.at(v, what=what, text=v.text[:60]))
        elif parsed.kind == NUMBER and parsed.unit and parsed.unit != self.unit:
            factor = _UNIT_FACTOR.get((parsed.unit, self.unit))
            if factor is not None:
                v.number = parsed.number * factor
                v.decimals = decimals_of(v.number)
                self.problems.append(UnitConverted.at(v, cell_unit=parsed.unit, unit=self.unit))

    def after_colon(self, row: int, col: int, text: str, what: str, *, number: bool = False) -> Value:
        """The value written after the label in the label's own cell (``填报人：谢心语``)."""
        v = Value(self.sheet, cell_name(row, col), text, file=self.file)
        if number:
            self._apply(v, parse_number(text), what)
        else:
            v.kind = TEXT
        return v

    def right_of(self, row: int, col: int, what: str, *, number: bool = False) -> Value:
        """The first filled cell right of a label (merged label cells count as the label)."""
        c = col + 1
        while self.anchors.get((row, c)) == (row, col):
            c += 1
        max_col = max(self.grid.row_cols(row), default=col)
        for cc in range(c, max_col + 1):
            if self.anchors.get((row, cc), (row, cc))[1] < c:
                continue
            cell = self.raw(row, cc)
            if cell is not None and (cell.value not in (None, "") or cell.uncached):
                return self.value(row, cc, what, number=number)
        return Value(self.sheet, cell_name(row, c), file=self.file)
