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
from posixpath import join, normpath
from typing import Any, Callable

from auditor.guards import DoctypeRefused, TooLarge
from auditor.reader.package import Package


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


_LETTERS: dict[int, str] = {}  # column number -> letters, at most 16,384 of them


def cell_name(row: int, col: int) -> str:
    letters = _LETTERS.get(col)
    if letters is None:
        letters = _LETTERS[col] = col_letter(col)
    return f"{letters}{row}"


# --- .xlsx -----------------------------------------------------------------------------
#
# The package XML is scanned with regular expressions, in chunks, not parsed into trees:
# it is several times faster than any Python-level XML parser, memory stays flat however
# long a sheet is, and no entity is ever expanded (only the five predefined ones and
# character references are decoded).  A DOCTYPE anywhere is refused before reading
# (``auditor.guards``), and refused here again for a file that bypassed the guard.

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
_ENTITY_RE = re.compile(r"&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _unescape(text: str) -> str:
    if "&" not in text:
        return text

    def sub(m):
        e = m.group(1)
        if e[0] == "#":
            try:
                return chr(int(e[2:], 16) if e[1] in "xX" else int(e[1:]))
            except (ValueError, OverflowError):
                return m.group(0)
        return _ENTITIES[e]

    return _ENTITY_RE.sub(sub, text)


def _attrs(text: str) -> dict[str, str]:
    return {k.split(":")[-1] if k.startswith(("r:", "x:")) and k != "r:id" else k: v
            for k, v in _ATTR_RE.findall(text)}


def _read_text(zf: Package, name: str) -> str:
    text = zf.read(name).decode("utf-8", "replace")
    _refuse_doctype(text, name)
    return text


def _refuse_doctype(text: str, name: str) -> None:
    head = text[:4096]
    if "<!" in head and "<!DOCTYPE" in head.upper():  # most parts have no "<!" at all
        raise DoctypeRefused(name)


def _chunks(zf: Package, name: str, closing: str):
    """The part's text in pieces that each end just after a ``closing`` tag."""
    if zf.getinfo(name).file_size <= _CHUNK:  # the usual part: one read, one piece
        yield _read_text(zf, name)
        return
    with zf.open(name) as fh:
        tail = ""
        first = True
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        while True:
            raw = fh.read(_CHUNK)
            text = tail + decoder.decode(raw, final=not raw)
            if first:
                _refuse_doctype(text, name)
                first = False
            if not raw:
                if text:
                    yield text
                return
            cut = text.rfind(closing)
            if cut < 0:
                tail = text
                continue
            cut += len(closing)
            yield text[:cut]
            tail = text[cut:]


def read_xlsx(source, wanted: Callable[[str], bool], row_limit: int = _DEFAULT_ROW_LIMIT) -> Book:
    """Read the sheets whose names ``wanted`` accepts; list the others by name and state."""
    with Package(source) as zf:
        names = set(zf.namelist())
        rels = _relationships(zf, "xl/_rels/workbook.xml.rels", "xl")
        book = Book(sheets=[])
        targets: dict[str, str] = {}
        for m in re.finditer(r"<(?:\w+:)?sheet\b([^>]*?)/?>", _read_text(zf, "xl/workbook.xml")):
            a = dict(_ATTR_RE.findall(m.group(1)))
            name = _unescape(a.get("name", ""))
            grid = Grid(name=name, state=a.get("state", "visible"))
            book.sheets.append(grid)
            rid = next((v for k, v in a.items() if k.endswith(":id")), "")
            if rels.get(rid) in names:
                targets[name] = rels[rid]
        formats = _cell_formats(zf) if "xl/styles.xml" in names else []
        shared_refs: list[tuple[RawCell, int]] = []
        for grid in book.sheets:
            part = targets.get(grid.name)
            if part is None:
                continue
            if wanted(grid.name):
                _parse_sheet(zf, part, grid, formats, shared_refs, row_limit)
                book.parsed.add(grid.name)
            else:
                book.dimensions[grid.name] = _dimension(zf, part)
        if shared_refs and "xl/sharedStrings.xml" in names:
            strings = _shared_strings(zf, {i for _, i in shared_refs})
            for cell, i in shared_refs:
                cell.value = strings.get(i, "")
    return book


def _relationships(zf: Package, part: str, base: str) -> dict[str, str]:
    try:
        text = _read_text(zf, part)
    except KeyError:
        return {}
    out = {}
    for m in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*?)/?>", text):
        a = dict(_ATTR_RE.findall(m.group(1)))
        target = _unescape(a.get("Target", ""))
        out[a.get("Id", "")] = target.lstrip("/") if target.startswith("/") else normpath(join(base, target))
    return out


_NUMFMT_RE = re.compile(r'<(?:\w+:)?numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_CELLXFS_RE = re.compile(r"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.S)
_XF_FORMAT_RE = re.compile(r'<(?:\w+:)?xf\b(?:[^>]*?numFmtId="(\d+)")?')


def _cell_formats(zf: Package) -> list[str]:
    text = _read_text(zf, "xl/styles.xml")
    custom = {int(i): _unescape(code) for i, code in _NUMFMT_RE.findall(text)}
    m = _CELLXFS_RE.search(text)
    if not m:
        return []
    return [custom.get(n) or _BUILTIN_FORMATS.get(n, "General")
            for n in map(int, (fid or "0" for fid in _XF_FORMAT_RE.findall(m.group(1))))]


def _dimension(zf: Package, part: str) -> str:
    """The used range a sheet declares, read from its first few KiB without parsing it."""
    with zf.open(part) as fh:
        head = fh.read(4096).decode("utf-8", "replace")
    m = re.search(r'<(?:\w+:)?dimension ref="([^"]+)"', head)
    if m:
        return m.group(1)
    return "A1" if "<c " not in head and ":c " not in head else "unknown"


# Excel, WPS, LibreOffice, openpyxl and xlsxwriter all write a cell's attributes as
# r, s, t in that order and without a prefix; other writers take the general path.  A
# cell that is just a non-empty <v> (most of them) has its value captured on its own.
_FAST_CELL_RE = re.compile(
    r'<c r="([A-Z]{1,3})(\d+)"(?: s="(\d+)")?(?: t="(\w+)")?\s*(?:/>|>(?:<v>([^<]+)</v></c>|(.*?)</c>))', re.S)


def _parse_sheet(zf, part: str, grid: Grid, formats: list[str], shared_refs: list, row_limit: int) -> None:
    rows = 0
    cells = grid.cells
    style_format = {str(i): f for i, f in enumerate(formats)}  # s="7" -> its number format
    for text in _chunks(zf, part, "</row>"):
        rows += text.count("<row") + text.count(":row ")
        if rows > row_limit:
            raise TooLarge(grid.name, rows, row_limit)
        fast = _FAST_CELL_RE.findall(text)
        if len(fast) == text.count("<c ") and ":c " not in text:
            for letters, digits, style, t, v, inner in fast:
                if v:
                    cell = _valued(t or "n", v, style_format.get(style), None, shared_refs)
                elif inner:
                    cell = _cell(t or "n", style_format.get(style), inner, shared_refs)
                    if cell is None:
                        continue
                else:
                    continue  # a styled empty cell says nothing
                cells[(int(digits), _col_number(letters))] = cell
        else:
            _parse_general(text, cells, style_format, shared_refs)
        if "mergeCell" in text:
            grid.merged.extend(_merge(ref) for ref in _MERGE_RE.findall(text) if ":" in ref)


def _parse_general(text: str, cells: dict, style_format: dict, shared_refs) -> None:
    last_row, next_col = 0, 1
    for m in _CELL_RE.finditer(text):
        a = {k.split(":")[-1]: v for k, v in _ATTR_RE.findall(m.group(1))}
        ref = a.get("r")
        if ref:
            row, col = parse_ref(ref)
        else:  # cells without r follow on from the previous one
            row, col = (last_row or 1), next_col
        last_row, next_col = row, col + 1
        cell = _cell(a.get("t", "n"), style_format.get(a.get("s")), m.group(2) or "", shared_refs)
        if cell is not None:
            cells[(row, col)] = cell


_COLS: dict[str, int] = {}


def _col_number(letters: str) -> int:
    n = _COLS.get(letters)
    if n is None:
        n = 0
        for ch in letters:
            n = n * 26 + ord(ch) - 64
        _COLS[letters] = n
    return n


def _merge(ref: str) -> tuple[int, int, int, int]:
    a, b = ref.split(":", 1)
    (r1, c1), (r2, c2) = parse_ref(a), parse_ref(b)
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


def _shared_strings(zf: Package, needed: set[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    index = 0
    top = max(needed)
    for text in _chunks(zf, "xl/sharedStrings.xml", "</si>"):
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

def read_xls(source, wanted: Callable[[str], bool], row_limit: int = _DEFAULT_ROW_LIMIT) -> Book:
    import python_calamine as pc

    if hasattr(source, "read"):
        wb = pc.CalamineWorkbook.from_filelike(source)
    else:
        with open(source, "rb") as fh:  # from a file object calamine goes by content, not the name
            wb = pc.CalamineWorkbook.from_filelike(fh)
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
    """``source``: a path, or the file's bytes (a fresh stream each read)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        source = io.BytesIO(source)
    return read_xls(source, wanted, row_limit) if kind == "xls" else read_xlsx(source, wanted, row_limit)
