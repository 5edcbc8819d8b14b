"""Raw sheets: every filled cell with its value, formula, number format and merges.

.xlsx is read straight from its package XML: that is the only way to see, beside each
value, whether it came from a formula, whether that formula was ever calculated, and the
number format that says 0.9598 means 95.98%.  Only the sheets the model needs are parsed,
and only the shared strings they use are kept, so an extra sheet of 50,000 rows costs
almost nothing.  Legacy .xls is read with python-calamine (values only).
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from posixpath import dirname, join, normpath
from typing import Any, Callable, Iterable

from defusedxml import ElementTree as SafeET

from auditor.guards import TooLarge

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Built-in number formats that matter here: how many decimals, and whether it is a percentage.
_BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
                    11: "0.00E+00", 14: "yyyy-mm-dd", 49: "@"}
_DEFAULT_ROW_LIMIT = 100_000


@dataclass
class RawCell:
    value: Any = None               # str, float, bool or None (for an uncalculated formula)
    formula: str | None = None
    number_format: str | None = None
    uncached: bool = False          # a formula with no saved result


@dataclass
class Grid:
    name: str
    state: str = "visible"          # visible, hidden or veryHidden
    cells: dict[tuple[int, int], RawCell] = field(default_factory=dict)  # (row, col), 1-based
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)

    def merge_anchor(self) -> dict[tuple[int, int], tuple[int, int]]:
        """Each covered cell of a merged range, mapped to the range's top-left cell."""
        anchors = {}
        for r1, c1, r2, c2 in self.merged:
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 10_000:
                continue  # a whole-column merge says nothing about labels
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        anchors[(r, c)] = (r1, c1)
        return anchors


@dataclass
class Book:
    sheets: list[Grid]              # in workbook order, including sheets not parsed
    parsed: set[str] = field(default_factory=set)
    dimensions: dict[str, str] = field(default_factory=dict)  # declared used range of unparsed sheets


def col_letter(col: int) -> str:
    s = ""
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


_REF_RE = re.compile(r"([A-Z]+)(\d+)")


def parse_ref(ref: str) -> tuple[int, int]:
    m = _REF_RE.match(ref)
    if not m:
        raise ValueError(f"bad cell reference {ref!r}")
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def cell_name(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


# --- .xlsx -----------------------------------------------------------------------------

def read_xlsx(source, wanted: Callable[[str], bool], row_limit: int = _DEFAULT_ROW_LIMIT) -> Book:
    """Read the sheets whose names ``wanted`` accepts; list the others by name and state."""
    with zipfile.ZipFile(source) as zf:
        names = set(zf.namelist())
        rels = _relationships(zf, "xl/_rels/workbook.xml.rels", "xl")
        book = Book(sheets=[])
        targets: dict[str, str] = {}
        root = SafeET.fromstring(zf.read("xl/workbook.xml"))
        for sheet in root.iter(f"{_NS_MAIN}sheet"):
            name = sheet.get("name", "")
            grid = Grid(name=name, state=sheet.get("state", "visible"))
            book.sheets.append(grid)
            target = rels.get(sheet.get(f"{_NS_REL}id", ""))
            if target in names:
                targets[name] = target
        formats = _cell_formats(zf) if "xl/styles.xml" in names else []
        shared_refs: list[tuple[RawCell, int]] = []
        for grid in book.sheets:
            part = targets.get(grid.name)
            if part is None:
                continue
            if wanted(grid.name):
                with zf.open(part) as fh:
                    _parse_sheet(fh, grid, formats, shared_refs, row_limit)
                book.parsed.add(grid.name)
            else:
                book.dimensions[grid.name] = _dimension(zf, part)
        if shared_refs and "xl/sharedStrings.xml" in names:
            needed = {i for _, i in shared_refs}
            with zf.open("xl/sharedStrings.xml") as fh:
                strings = _shared_strings(fh, needed)
            for cell, i in shared_refs:
                cell.value = strings.get(i, "")
    return book


def _relationships(zf: zipfile.ZipFile, part: str, base: str) -> dict[str, str]:
    try:
        root = SafeET.fromstring(zf.read(part))
    except KeyError:
        return {}
    out = {}
    for rel in root.iter(f"{_NS_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        out[rel.get("Id", "")] = target.lstrip("/") if target.startswith("/") else normpath(join(base, target))
    return out


def _cell_formats(zf: zipfile.ZipFile) -> list[str]:
    root = SafeET.fromstring(zf.read("xl/styles.xml"))
    custom = {}
    numfmts = root.find(f"{_NS_MAIN}numFmts")
    if numfmts is not None:
        for nf in numfmts:
            custom[int(nf.get("numFmtId", "0"))] = nf.get("formatCode", "")
    out = []
    xfs = root.find(f"{_NS_MAIN}cellXfs")
    if xfs is not None:
        for xf in xfs:
            fid = int(xf.get("numFmtId", "0"))
            out.append(custom.get(fid) or _BUILTIN_FORMATS.get(fid, "General"))
    return out


def _dimension(zf: zipfile.ZipFile, part: str) -> str:
    """The used range a sheet declares, read from its first few KiB without parsing it."""
    with zf.open(part) as fh:
        head = fh.read(4096).decode("utf-8", "replace")
    m = re.search(r'<(?:\w+:)?dimension ref="([^"]+)"', head)
    if m:
        return m.group(1)
    return "A1" if "<c " not in head and ":c " not in head else "unknown"


def _parse_sheet(fh, grid: Grid, formats: list[str], shared_refs: list, row_limit: int) -> None:
    c_tag, v_tag, f_tag, is_tag = (f"{_NS_MAIN}{t}" for t in ("c", "v", "f", "is"))
    row_tag, merge_tag = f"{_NS_MAIN}row", f"{_NS_MAIN}mergeCell"
    rows = 0
    last_row = 0
    for _event, el in SafeET.iterparse(fh, events=("end",)):
        tag = el.tag
        if tag == c_tag:
            ref = el.get("r")
            if ref:
                row, col = parse_ref(ref)
            else:
                row, col = last_row or 1, 0
            last_row = row
            cell = _cell(el, v_tag, f_tag, is_tag, formats, shared_refs)
            if cell is not None:
                if col == 0:
                    col = max((c for r, c in grid.cells if r == row), default=0) + 1
                grid.cells[(row, col)] = cell
            el.clear()
        elif tag == row_tag:
            rows += 1
            if rows > row_limit:
                raise TooLarge(grid.name, rows, row_limit)
            r = el.get("r")
            last_row = int(r) if r and r.isdigit() else last_row + 1
            el.clear()
        elif tag == merge_tag:
            ref = el.get("ref", "")
            if ":" in ref:
                a, b = ref.split(":", 1)
                (r1, c1), (r2, c2) = parse_ref(a), parse_ref(b)
                grid.merged.append((r1, c1, r2, c2))


def _cell(el, v_tag, f_tag, is_tag, formats, shared_refs) -> RawCell | None:
    t = el.get("t", "n")
    s = el.get("s")
    fmt = formats[int(s)] if s is not None and s.isdigit() and int(s) < len(formats) else None
    f_el = el.find(f_tag)
    v_el = el.find(v_tag)
    formula = None
    if f_el is not None:
        formula = f_el.text or ("(shared)" if f_el.get("t") == "shared" else "")
    v = v_el.text if v_el is not None else None
    if t == "inlineStr":
        is_el = el.find(is_tag)
        text = "".join(x.text or "" for x in is_el.iter() if x.tag.endswith("}t")) if is_el is not None else ""
        return RawCell(text, formula, fmt)
    if v is None:
        if formula is not None:
            # An empty string result is written t="str"; a bare <v></v> or no <v> at all is
            # how writers that do not calculate (openpyxl, xlsxwriter) leave a formula.
            if t == "str" and v_el is not None:
                return RawCell("", formula, fmt)
            return RawCell(None, formula, fmt, uncached=True)
        return None if fmt is None else RawCell(None, None, fmt)
    if t == "s":
        cell = RawCell("", formula, fmt)
        try:
            shared_refs.append((cell, int(v)))
        except ValueError:
            pass
        return cell
    if t in ("str", "e"):
        return RawCell(v, formula, fmt)
    if t == "b":
        return RawCell(v == "1", formula, fmt)
    try:
        return RawCell(float(v), formula, fmt)
    except ValueError:
        return RawCell(v, formula, fmt)


def _shared_strings(fh, needed: set[int]) -> dict[int, str]:
    si_tag, t_tag, rph_tag = f"{_NS_MAIN}si", f"{_NS_MAIN}t", f"{_NS_MAIN}rPh"
    out: dict[int, str] = {}
    index = 0
    top = max(needed)
    for _event, el in SafeET.iterparse(fh, events=("end",)):
        if el.tag == si_tag:
            if index in needed:
                parts = []
                for child in el:
                    if child.tag == t_tag:
                        parts.append(child.text or "")
                    elif child.tag != rph_tag:  # rich-text runs; phonetic hints are not content
                        parts.extend(x.text or "" for x in child.iter(t_tag))
                out[index] = "".join(parts)
            index += 1
            el.clear()
            if index > top:
                break
    return out


# --- .xls ------------------------------------------------------------------------------

def read_xls(source, wanted: Callable[[str], bool], row_limit: int = _DEFAULT_ROW_LIMIT) -> Book:
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(source))
    book = Book(sheets=[])
    try:
        for meta in wb.sheets_metadata:
            state = {"Visible": "visible", "Hidden": "hidden"}.get(str(meta.visible).split(".")[-1], "veryHidden")
            grid = Grid(name=meta.name, state=state)
            book.sheets.append(grid)
            sheet = wb.get_sheet_by_name(meta.name)
            if not wanted(meta.name):
                book.dimensions[meta.name] = "A1" if sheet.height == 0 else "unknown"
                continue
            if sheet.height > row_limit:
                raise TooLarge(meta.name, sheet.height, row_limit)
            r0, c0 = sheet.start or (0, 0)
            for r, row in enumerate(sheet.to_python(skip_empty_area=True)):
                for c, value in enumerate(row):
                    if value == "" or value is None:
                        continue
                    if isinstance(value, int) and not isinstance(value, bool):
                        value = float(value)
                    grid.cells[(r0 + r + 1, c0 + c + 1)] = RawCell(value)
            for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or ():
                grid.merged.append((r1 + 1, c1 + 1, r2 + 1, c2 + 1))
            book.parsed.add(meta.name)
    finally:
        wb.close()
    return book


def read_book(source, kind: str, wanted: Callable[[str], bool], row_limit: int = _DEFAULT_ROW_LIMIT) -> Book:
    return read_xls(source, wanted, row_limit) if kind == "xls" else read_xlsx(source, wanted, row_limit)


def iter_row(grid: Grid, row: int, cols: Iterable[int]):
    for c in cols:
        yield c, grid.cells.get((row, c))
