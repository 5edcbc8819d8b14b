"""Raw sheets: every filled cell with its value, formula, number format and merges.

.xlsx is read straight from its package XML: that is the only way to see, beside each
value, whether it came from a formula, whether that formula was ever calculated, and the
number format that says 0.9598 means 95.98%.  Only the sheets the model needs are parsed,
and only the shared strings they use are kept, so an extra sheet of 50,000 rows costs
almost nothing.  Legacy .xls is read with python-calamine (values only).
"""
from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from auditor.guards import TooLarge
from auditor.ooxml.package import Package, refuse_doctype
from auditor.ooxml.parts import unescape as _unescape, workbook_parts
from auditor.reader.native import native_call
from auditor.ooxml.refs import cell_name, col_letter, col_number, parse_ref  # noqa: F401  (col_letter: the reader's)


# Built-in number formats that matter here: how many decimals, and whether it is a percentage.
_BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
                    11: "0.00E+00", 14: "yyyy-mm-dd", 49: "@"}
_DEFAULT_ROW_LIMIT = 100_000


@dataclass(slots=True)
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
    # cells whose r="…" names no cell, each placed by position: (row, col, the r written)
    misplaced: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)

    def row_cols(self, row: int) -> list[int]:
        """The filled columns of a row, in order (indexed once, after reading)."""
        index = self.__dict__.get("_rows")
        if index is None or self.__dict__.get("_indexed") != len(self.cells):
            index = {}
            for r, c in sorted(self.cells):
                index.setdefault(r, []).append(c)
            self.__dict__["_rows"], self.__dict__["_indexed"] = index, len(self.cells)
        return index.get(row, [])

    def rows(self) -> list[int]:
        self.row_cols(0)
        return sorted(self.__dict__["_rows"])

    def merge_anchor(self) -> dict[tuple[int, int], tuple[int, int]]:
        """Each covered cell of a merged range, mapped to the range's top-left cell (made
        once: detection and every reader of the sheet ask for it; not to be changed)."""
        made = self.__dict__.get("_anchors")
        if made is not None and made[0] == len(self.merged):
            return made[1]
        anchors: dict[tuple[int, int], tuple[int, int]] = {}
        for r1, c1, r2, c2 in self.merged:
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 10_000:
                continue  # a whole-column merge says nothing about labels
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        anchors[(r, c)] = (r1, c1)
        self.__dict__["_anchors"] = (len(self.merged), anchors)
        return anchors


@dataclass
class GridBook:
    """A workbook as the reader first has it: every sheet as a grid of raw cells (the
    sheets not wanted left unparsed, their declared ranges kept)."""
    sheets: list[Grid]              # in workbook order, including sheets not parsed
    parsed: set[str] = field(default_factory=set)
    dimensions: dict[str, str] = field(default_factory=dict)  # declared used range of unparsed sheets


# --- .xlsx -----------------------------------------------------------------------------
#
# The package XML is scanned with regular expressions, in chunks, not parsed into trees:
# it is several times faster than any Python-level XML parser, memory stays flat however
# long a sheet is, and no entity is ever expanded (only the five predefined ones and
# character references are decoded).  A DOCTYPE is refused by the package
# (``auditor.ooxml.package``) for every part read as text, guarded or not.

_CHUNK = 1 << 20
_ATTR_RE = re.compile(r'([\w:]+)\s*=\s*"([^"]*)"')
_CELL_RE = re.compile(r"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_ROW_RE = re.compile(r"<(?:\w+:)?row\b([^>]*?)/?>")
_F_RE = re.compile(r"<(?:\w+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_V_RE = re.compile(r"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>|<(?:\w+:)?v\s*/>", re.S)
_T_RE = re.compile(r"<(?:\w+:)?t\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?t>)", re.S)
_RPH_RE = re.compile(r"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
# An item that is one plain <t> (most are) is captured on its own, runs and hints go by _string_item.
_SI_RE = re.compile(r"<(?:\w+:)?si\b[^>]*?(?:/>|>(?:<t>([^<]*)</t>|(.*?))</(?:\w+:)?si>)", re.S)
_MERGE_RE = re.compile(r'<(?:\w+:)?mergeCell\b[^>]*?ref="([^"]+)"')


def _chunks(pkg: Package, name: str, closing: str):
    """The part's text in pieces that each end just after a ``closing`` tag."""
    if pkg.info(name).file_size <= _CHUNK:  # the usual part: one read, one piece
        yield pkg.text(name)
        return
    tail = ""
    first = True
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    for raw in pkg.pieces(name, _CHUNK):
        text = tail + decoder.decode(raw)
        if first:
            refuse_doctype(text, name)
            first = False
        cut = text.rfind(closing)
        if cut < 0:
            tail = text
            continue
        cut += len(closing)
        yield text[:cut]
        tail = text[cut:]
    text = tail + decoder.decode(b"", final=True)
    if text:
        yield text


def read_xlsx(source, wanted: Callable[[str], bool], row_limit: int = _DEFAULT_ROW_LIMIT) -> GridBook:
    """Read the sheets whose names ``wanted`` accepts; list the others by name and state.

    ``source`` is a path or the package the guard already opened.
    """
    if isinstance(source, Package):
        return _read_package(source, wanted, row_limit)
    with Package.open(source) as pkg:
        return _read_package(pkg, wanted, row_limit)


def _read_package(pkg: Package, wanted: Callable[[str], bool], row_limit: int) -> GridBook:
    parts = workbook_parts(pkg)
    book = GridBook(sheets=[])
    targets: dict[str, str] = {}
    for m in re.finditer(r"<(?:\w+:)?sheet\b([^>]*?)/?>", pkg.text(parts.workbook)):
        a = dict(_ATTR_RE.findall(m.group(1)))
        name = _unescape(a.get("name", ""))
        grid = Grid(name=name, state=a.get("state", "visible"))
        book.sheets.append(grid)
        rid = next((v for k, v in a.items() if k.endswith(":id")), "")
        if rid in parts.targets:
            targets[name] = parts.targets[rid]
    formats = _cell_formats(pkg, parts.styles) if parts.styles else []
    shared_refs: list[tuple[RawCell, int]] = []
    for grid in book.sheets:
        part = targets.get(grid.name)
        if part is None:
            continue
        if wanted(grid.name):
            _parse_sheet(pkg, part, grid, formats, shared_refs, row_limit)
            book.parsed.add(grid.name)
        else:
            book.dimensions[grid.name] = _dimension(pkg, part)
    if shared_refs and parts.shared_strings:
        strings = _shared_strings(pkg, parts.shared_strings, {i for _, i in shared_refs})
        for cell, i in shared_refs:
            cell.value = strings.get(i, "")
    return book


_NUMFMT_RE = re.compile(r'<(?:\w+:)?numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_CELLXFS_RE = re.compile(r"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.S)
_XF_FORMAT_RE = re.compile(r'<(?:\w+:)?xf\b(?:[^>]*?numFmtId="(\d+)")?')


def _cell_formats(pkg: Package, part: str) -> list[str]:
    text = pkg.text(part)
    custom = {int(i): _unescape(code) for i, code in _NUMFMT_RE.findall(text)}
    m = _CELLXFS_RE.search(text)
    if not m:
        return []
    return [custom.get(n) or _BUILTIN_FORMATS.get(n, "General")
            for n in map(int, (fid or "0" for fid in _XF_FORMAT_RE.findall(m.group(1))))]


def _dimension(pkg: Package, part: str) -> str:
    """The used range a sheet declares, read from its first few KiB without parsing it."""
    head = pkg.head(part, 4096).decode("utf-8", "replace")
    m = re.search(r'<(?:\w+:)?dimension ref="([^"]+)"', head)
    if m:
        return m.group(1)
    return "A1" if "<c " not in head and ":c " not in head else "unknown"


# Excel, WPS, LibreOffice, openpyxl and xlsxwriter all write a cell's attributes as
# r, s, t in that order and without a prefix; other writers take the general path.  A
# cell that is just a non-empty <v> (most of them) has its value captured on its own.
_FAST_CELL_RE = re.compile(  # columns A to XFD, rows 1 to 999,999 (the rest goes by the general path)
    r'<c r="((?:[A-Z]{1,2}|[A-W][A-Z]{2}|X[A-E][A-Z]|XF[A-D]))([1-9]\d{0,5})"(?: s="(\d+)")?(?: t="(\w+)")?\s*(?:/>|>(?:<v>([^<]+)</v></c>|(.*?)</c>))', re.S)
# The general path walks rows and cells in order, so that a cell without a usable ``r``
# (some generators leave it out) is placed next after the previous cell of its row, and
# a row without one next after the previous row, as Excel places them.
_ROW_OR_CELL_RE = re.compile(_ROW_RE.pattern + "|" + _CELL_RE.pattern, re.S)
_LAST_ROW_RE = re.compile(r'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')


def _parse_sheet(pkg, part: str, grid: Grid, formats: list[str], shared_refs: list, row_limit: int) -> None:
    rows = 0
    cells = grid.cells
    style_format = {str(i): f for i, f in enumerate(formats)}  # s="7" -> its number format
    at = [0, 0]  # the row and column the last cell or row was placed at, across chunks
    for text in _chunks(pkg, part, "</row>"):
        rows += text.count("<row") + text.count(":row ")
        if rows > row_limit:
            raise TooLarge(grid.name, rows, row_limit)
        fast = _FAST_CELL_RE.findall(text)
        if len(fast) == text.count("<c ") and ":c " not in text and "<c>" not in text:
            for letters, digits, style, t, v, inner in fast:
                if v:
                    cell = _valued(t or "n", v, style_format.get(style), None, shared_refs)
                elif inner:
                    cell = _cell(t or "n", style_format.get(style), inner, shared_refs)
                    if cell is None:
                        continue
                else:
                    continue  # a styled empty cell says nothing
                cells[(int(digits), col_number(letters))] = cell
            last = text.rfind("<row")
            m = _LAST_ROW_RE.match(text, last) if last >= 0 else None
            if m:
                at[0] = int(m.group(1))
        else:
            _parse_general(text, cells, style_format, shared_refs, at, grid.misplaced)
        if "mergeCell" in text:
            grid.merged.extend(merge for merge in map(_merge, _MERGE_RE.findall(text)) if merge)


def _parse_general(text: str, cells: dict, style_format: dict, shared_refs, at: list[int],
                   misplaced: list) -> None:
    row, col = at
    for m in _ROW_OR_CELL_RE.finditer(text):
        if m.group(2) is None:  # a row
            r = dict(_ATTR_RE.findall(m.group(1))).get("r", "")
            row, col = (int(r) if r.isdigit() and r != "0" else row + 1), 0
            continue
        a = {k.split(":")[-1]: v for k, v in _ATTR_RE.findall(m.group(2))}
        try:
            row, col = parse_ref(a.get("r", ""))
        except ValueError:  # no r, or one that names no cell: it follows on from the previous cell
            row, col = max(row, 1), col + 1
            written = a.get("r")
        else:
            written = None
        cell = _cell(a.get("t", "n"), style_format.get(a.get("s")), m.group(3) or "", shared_refs)
        if cell is not None:
            cells[(row, col)] = cell
            if written:  # a missing r is the format's own shorthand; a wrong one is said
                misplaced.append((row, col, written))
    at[:] = row, col


def _merge(ref: str) -> tuple[int, int, int, int] | None:
    """A merged range; None for a reference that names no range (the merge is ignored)."""
    a, _, b = ref.partition(":")
    try:
        (r1, c1), (r2, c2) = parse_ref(a), parse_ref(b)
    except ValueError:
        return None
    return r1, c1, r2, c2


def _cell(t: str, fmt: str | None, inner: str, shared_refs) -> RawCell | None:
    """A cell from its type, number format and inner XML (formula, value, inline string)."""
    if not inner:
        return None  # a styled empty cell says nothing
    formula = None
    if inner.startswith("<v>") and inner.endswith("</v>") and inner.count("<") == 2:
        v, vm = inner[3:-4], True
    else:
        fm = _F_RE.search(inner) if "f" in inner else None
        if fm is not None:
            formula = _unescape(fm.group(2) or "") or ("(shared)" if "shared" in fm.group(1) else "")
        if t == "inlineStr":
            return RawCell(_unescape("".join(x or "" for x in _T_RE.findall(_RPH_RE.sub("", inner)))), formula, fmt)
        m = _V_RE.search(inner)
        vm = m is not None
        v = m.group(1) if m is not None and m.group(1) is not None else ""
    if v:
        return _valued(t, v, fmt, formula, shared_refs)
    if formula is not None:
        # An empty string result is written t="str"; a bare <v></v> or no <v> at all is
        # how writers that do not calculate (openpyxl, xlsxwriter) leave a formula.
        if t == "str" and vm:
            return RawCell("", formula, fmt)
        return RawCell(None, formula, fmt, uncached=True)
    return RawCell("", None, fmt) if t in ("s", "str") and vm else None


def _valued(t: str, v: str, fmt: str | None, formula: str | None, shared_refs) -> RawCell:
    """A cell whose <v> holds ``v`` (as escaped in the XML): a shared-string index, text,
    a boolean or a number."""
    if t == "s":
        cell = RawCell("", formula, fmt)
        try:
            shared_refs.append((cell, int(v)))
        except ValueError:
            pass
        return cell
    if t in ("str", "e"):
        return RawCell(_unescape(v), formula, fmt)
    if t == "b":
        return RawCell(v == "1", formula, fmt)
    try:
        return RawCell(float(v), formula, fmt)
    except ValueError:
        return RawCell(_unescape(v), formula, fmt)


def _shared_strings(pkg: Package, part: str, needed: set[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    index = 0
    top = max(needed)
    for text in _chunks(pkg, part, "</si>"):
        for plain, body in _SI_RE.findall(text):
            if index in needed:
                out[index] = _unescape(plain) if plain else _string_item(body)
            index += 1
            if index > top:
                return out
    return out


def _string_item(body: str) -> str:
    """The text of one <si>: its runs joined, phonetic hints dropped."""
    if "rPh" in body:  # phonetic hints are not content
        body = _RPH_RE.sub("", body)
    return _unescape("".join(x or "" for x in _T_RE.findall(body)))


# --- .xls ------------------------------------------------------------------------------

def read_xls(source, wanted: Callable[[str], bool], row_limit: int = _DEFAULT_ROW_LIMIT) -> GridBook:
    with native_call("the .xls reader (python-calamine)"):
        return _read_xls(source, wanted, row_limit)


def _read_xls(source, wanted: Callable[[str], bool], row_limit: int) -> GridBook:
    import python_calamine as pc

    if hasattr(source, "read"):
        wb = pc.CalamineWorkbook.from_filelike(source)
    else:
        with open(source, "rb") as fh:  # from a file object calamine goes by content, not the name
            wb = pc.CalamineWorkbook.from_filelike(fh)
    book = GridBook(sheets=[])
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


def read_book(source, kind: str, wanted: Callable[[str], bool], row_limit: int = _DEFAULT_ROW_LIMIT) -> GridBook:
    """``source``: a path, or the file's bytes (a fresh stream each read)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        source = io.BytesIO(source)
    return read_xls(source, wanted, row_limit) if kind == "xls" else read_xlsx(source, wanted, row_limit)
