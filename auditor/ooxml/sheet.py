"""Text-level surgery on a worksheet part (styles.xml: ``auditor.ooxml.styles``).

Only the spots that must change are rewritten: the ``s`` attribute of a marked cell, a
cell or row inserted where the source had none, a ``<legacyDrawing>`` reference, a
``tabSelected`` flag. Everything else in the part, namespace prefixes and
``mc:Ignorable`` included, stays as the source wrote it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from auditor.ooxml.refs import cell_name, parse_ref
from auditor.ooxml.edit import NS_MAIN, Unsupported, get_attr, prefix_for, set_attr


def split_ref(ref: str) -> tuple[int, int]:
    """"G6" -> (6, 7); "$G$6" and the top-left of "G6:H9" are accepted."""
    return parse_ref(ref.strip().split(":")[0])


ref_of = cell_name  # "G6" for (6, 7)


def _is_true(value: str | None) -> bool:
    return value in ("1", "true")


# Where a comment, CDATA section or processing instruction starts, and the text that ends it.
# They are jumped over with str.find: a lazy ``<!--.*?-->`` in the pattern rescans to the end
# of the part for each unclosed ``<!--`` (250,000 of them annotated for over 15 minutes).
_SKIP = r"<!--|<!\[CDATA\[|<\?"
_SKIP_END = {"<!--": "-->", "<![CDATA[": "]]>", "<?": "?>"}


def _scan(pat: re.Pattern, xml: str, start: int, end: int | None = None):
    """``pat``'s matches in ``xml[start:end]`` that are not inside a comment, CDATA section or
    processing instruction (``pat`` begins with ``_SKIP``); one pass, whatever the input."""
    end = len(xml) if end is None else end
    pos = start
    while True:
        m = pat.search(xml, pos, end)
        if not m:
            return
        closer = _SKIP_END.get(m.group(0))
        if closer is None:
            yield m
            pos = m.end()
            continue
        stop = xml.find(closer, m.end(), end)
        if stop < 0:
            raise Unsupported(f"an unterminated {m.group(0)}")
        pos = stop + len(closer)

# Worksheet children that must come after <legacyDrawing> (CT_Worksheet sequence order).
_AFTER_LEGACY_DRAWING = {"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                         "webPublishItems", "tableParts", "extLst"}


@dataclass
class _Row:
    number: int
    tag_start: int
    tag_end: int           # end of the start tag
    close: int             # start of </row>, or tag_end when self-closed
    tag: str
    self_closed: bool
    explicit: bool


class SheetXml:
    """One worksheet part's XML with planned splices, applied by ``text()``."""

    def __init__(self, xml: str, name: str):
        self.xml = xml
        self.name = name
        p = prefix_for(xml, NS_MAIN)
        if p is None:
            raise Unsupported(f"{name} is not a SpreadsheetML worksheet")
        self.p = p
        m = re.search(rf"<{p}sheetData\b[^>]*?(/?)>", xml)
        if not m:
            raise Unsupported(f"{name} has no sheetData")
        if m.group(1):
            # An empty <sheetData/> is opened up front so rows can go inside it.
            opened = m.group(0)[:-2].rstrip() + ">"
            self.xml = xml = xml[:m.start()] + opened + f"</{p}sheetData>" + xml[m.end():]
            self.data_start = self.data_end = m.start() + len(opened)
        else:
            self.data_start = m.end()
            self.data_end = xml.find(f"</{p}sheetData>", m.end())
        if self.data_end < 0:
            raise Unsupported(f"{name}: unterminated sheetData")
        self.tail_start = self.data_end + len(f"</{p}sheetData>")
        self._inserts: list[tuple[int, int, str]] = []     # (offset, order, text)
        self._tags: dict[int, tuple[int, str]] = {}         # start -> (end, rewritten tag)
        self._rows = None

    # ------------------------------------------------------------ reading

    def rows(self) -> list[_Row]:
        if self._rows is None:
            self._rows = []
            pat = re.compile(rf"{_SKIP}|<{self.p}row(?=[\s/>])([^>]*?)(/?)>", re.S)
            number = 0
            for m in _scan(pat, self.xml, self.data_start, self.data_end):
                r = get_attr(m.group(0), "r")
                number = int(r) if r else number + 1
                closed = bool(m.group(2))
                close = m.end() if closed else self.xml.find(f"</{self.p}row>", m.end(), self.data_end)
                if close < 0:
                    raise Unsupported(f"{self.name}: unterminated row")
                self._rows.append(_Row(number, m.start(), m.end(), close, m.group(0), closed, bool(r)))
        return self._rows

    def merged_ranges(self) -> list[tuple[int, int, int, int]]:
        out = []
        for ref in re.findall(rf'<{self.p}mergeCell\b[^>]*\bref="([^"]+)"', self.xml[self.tail_start:]):
            a, _, b = ref.partition(":")
            try:
                (r1, c1), (r2, c2) = split_ref(a), split_ref(b or a)
            except ValueError:
                continue
            out.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
        return out

    def column_styles(self) -> list[tuple[int, int, int]]:
        head = self.xml[:self.data_start]
        out = []
        for tag in re.findall(rf"<{self.p}col\b[^>]*>", head):
            style = get_attr(tag, "style")
            if style:
                out.append((int(get_attr(tag, "min") or 0), int(get_attr(tag, "max") or 0), int(style)))
        return out

    def legacy_drawing_rid(self) -> str | None:
        m = re.search(rf"<{self.p}legacyDrawing\b[^>]*>", self.xml[self.tail_start:])
        if not m:
            return None
        return re.search(r'\s[\w.-]+:id\s*=\s*"([^"]*)"', m.group(0)).group(1)

    def _top_level_after_data(self) -> dict[str, int]:
        """Top-level children after sheetData: local name -> offset of the first."""
        found: dict[str, int] = {}
        depth = 1
        pat = re.compile(rf"{_SKIP}|<(/?)([\w.-]+:)?([\w.-]+)[^>]*?(/?)>", re.S)
        for m in _scan(pat, self.xml, self.tail_start):
            if m.group(1):
                depth -= 1
                if depth == 0:
                    found.setdefault("/worksheet", m.start())
                    break
                continue
            if depth == 1:
                found.setdefault(m.group(3), m.start())
            if not m.group(4):
                depth += 1
        return found

    # ------------------------------------------------------------ cells

    def locate(self, cells: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
        """The current style index of each cell (for an absent cell, the style Excel
        would show: the row's when customFormat, else the column's, else 0). Remembers
        where each cell is, for ``restyle``."""
        self._spots: dict[tuple[int, int], tuple] = {}
        wanted_rows: dict[int, list[int]] = {}
        for r, c in cells:
            wanted_rows.setdefault(r, []).append(c)
        col_styles = self.column_styles()
        rows = {row.number: row for row in self.rows()}
        styles = {}
        for r, cols in wanted_rows.items():
            row = rows.get(r)
            cells_in_row = self._cells(row) if row else []
            by_col = {c[0]: c for c in cells_in_row}
            for c in cols:
                if c in by_col:
                    _, start, end, tag, _ = by_col[c]
                    styles[(r, c)] = int(get_attr(tag, "s") or 0)
                    self._spots[(r, c)] = ("cell", start, end, tag)
                    continue
                if row is not None and _is_true(get_attr(row.tag, "customFormat")) and get_attr(row.tag, "s"):
                    styles[(r, c)] = int(get_attr(row.tag, "s"))
                else:
                    styles[(r, c)] = next((s for lo, hi, s in col_styles if lo <= c <= hi), 0)
                self._spots[(r, c)] = ("absent", row, cells_in_row)
        return styles

    def _cells(self, row: _Row) -> list[tuple[int, int, int, str, bool]]:
        """(column, tag start, tag end, start tag, explicit r) of a row's cells."""
        if row.self_closed:
            return []
        out = []
        col = 0
        pat = re.compile(rf"{_SKIP}|<{self.p}c(?=[\s/>])[^>]*?/?>", re.S)
        for m in _scan(pat, self.xml, row.tag_end, row.close):
            r = get_attr(m.group(0), "r")
            col = split_ref(r)[1] if r else col + 1
            out.append((col, m.start(), m.end(), m.group(0), bool(r)))
        return out

    def restyle(self, new_styles: dict[tuple[int, int], int]) -> int:
        """Give each located cell its new style index; returns how many cells were created."""
        added: dict[int, tuple[_Row, list, list[int]]] = {}
        new_rows: dict[int, list[int]] = {}
        for (r, c), style in new_styles.items():
            spot = self._spots[(r, c)]
            if spot[0] == "cell":
                _, start, end, tag = spot
                self._edit(start, end, tag, lambda t, v=str(style): set_attr(t, "s", v))
            elif spot[1] is None:
                new_rows.setdefault(r, []).append(c)
            else:
                added.setdefault(r, (spot[1], spot[2], []))[2].append(c)
        implicit = any(not row.explicit for row in self.rows())
        for row in self.rows() if implicit else [a[0] for a in added.values()]:
            if not row.explicit:
                self._edit(row.tag_start, row.tag_end, row.tag,
                           lambda t, v=str(row.number): set_attr(t, "r", v))
            if row.number in added:
                self._add_cells(row, *added[row.number][1:], new_styles)
        numbers = [row.number for row in self.rows()]
        ordered = numbers == sorted(numbers)
        for r in sorted(new_rows):
            cells = "".join(self._new_cell(r, c, new_styles[(r, c)]) for c in sorted(new_rows[r]))
            if ordered:  # as Excel writes them: the next row found by bisection
                i = bisect.bisect_right(numbers, r)
                at = self.rows()[i].tag_start if i < len(numbers) else self.data_end
            else:
                at = next((row.tag_start for row in self.rows() if row.number > r), self.data_end)
            self._inserts.append((at, r, f'<{self.p}row r="{r}">{cells}</{self.p}row>'))
        created = sum(len(a[2]) for a in added.values()) + sum(map(len, new_rows.values()))
        if created:
            self._extend_dimension(list(new_styles))
        return created

    def _edit(self, start: int, end: int, tag: str, change) -> None:
        """Rewrite a start tag; several edits of one tag compose."""
        current = self._tags.get(start, (end, tag))[1]
        self._tags[start] = (end, change(current))

    def _add_cells(self, row: _Row, cells, cols: list[int], styles) -> None:
        """Insert cells into an existing row, in column order. Its other cells get an
        explicit ``r`` (an implicit one would shift) and the ``spans`` hint goes."""
        r = row.number
        self._edit(row.tag_start, row.tag_end, row.tag, lambda t: set_attr(t, "spans", None))
        if row.self_closed:
            body = "".join(self._new_cell(r, c, styles[(r, c)]) for c in sorted(cols))
            self._edit(row.tag_start, row.tag_end, row.tag,
                       lambda t: t[:-2].rstrip() + ">" + body + f"</{self.p}row>")
            return
        for col, start, end, ctag, explicit in cells:
            if not explicit:
                self._edit(start, end, ctag, lambda t, v=ref_of(r, col): set_attr(t, "r", v))
        for c in sorted(cols):
            at = next((start for col, start, *_ in cells if col > c), row.close)
            self._inserts.append((at, c, self._new_cell(r, c, styles[(r, c)])))

    def _new_cell(self, r: int, c: int, style: int) -> str:
        return f'<{self.p}c r="{ref_of(r, c)}" s="{style}"/>'

    def _extend_dimension(self, cells: list[tuple[int, int]]) -> None:
        m = re.search(rf"<{self.p}dimension\b[^>]*>", self.xml[:self.data_start])
        if not m:
            return
        ref = get_attr(m.group(0), "ref") or "A1"
        try:
            a, _, b = ref.partition(":")
            (r1, c1), (r2, c2) = split_ref(a), split_ref(b or a)
        except ValueError:
            return
        rows = [r for r, _ in cells] + [r1, r2]
        cols = [c for _, c in cells] + [c1, c2]
        if ref == "A1" and not self.rows():
            rows, cols = [r for r, _ in cells], [c for _, c in cells]
        new = f"{ref_of(min(rows), min(cols))}:{ref_of(max(rows), max(cols))}"
        if new != ref:
            self._edit(m.start(), m.end(), m.group(0), lambda t: set_attr(t, "ref", new))

    # ------------------------------------------------------------ other edits

    def unselect_tab(self) -> bool:
        """Drop tabSelected from the sheet views, so only the findings sheet is selected
        (two selected tabs would open as a group, and edits would hit both)."""
        head = self.xml[:self.data_start]
        changed = False
        for m in re.finditer(rf"<{self.p}sheetView\b[^>]*>", head):
            if _is_true(get_attr(m.group(0), "tabSelected")):
                self._edit(m.start(), m.end(), m.group(0), lambda t: set_attr(t, "tabSelected", None))
                changed = True
        return changed

    def add_legacy_drawing(self, rel_id: str) -> None:
        found = self._top_level_after_data()
        at = min((pos for name, pos in found.items() if name in _AFTER_LEGACY_DRAWING),
                 default=found.get("/worksheet"))
        if at is None:
            raise Unsupported(f"{self.name}: cannot find the end of the worksheet")
        self._inserts.append((at, 0, f'<{self.p}legacyDrawing xmlns:r="http://schemas.openxmlformats.org/'
                                      f'officeDocument/2006/relationships" r:id="{rel_id}"/>'))

    def text(self) -> str:
        splices = [(at, at, 0, order, text) for at, order, text in self._inserts]
        splices += [(start, end, 1, 0, tag) for start, (end, tag) in self._tags.items()]
        out, pos = [], 0
        for start, end, _, _, text in sorted(splices, key=lambda s: s[:4]):
            if start < pos:
                raise Unsupported(f"{self.name}: overlapping edits")
            out.append(self.xml[pos:start])
            out.append(text)
            pos = end
        out.append(self.xml[pos:])
        return "".join(out)


def unselect_tabs(xml: str) -> str:
    """A sheet (or chartsheet) part without tabSelected on its sheet views, for a sheet
    that has no other edit."""
    end = xml.find("sheetData")
    head, rest = (xml[:end], xml[end:]) if end >= 0 else (xml, "")
    head = re.sub(r"<(?:[\w.-]+:)?sheetView\b[^>]*>",
                  lambda m: set_attr(m.group(0), "tabSelected", None), head)
    return head + rest


def sheet_head_selected(head: str) -> bool:
    """Whether a sheet's leading XML shows a selected tab (cheap, no full parse)."""
    return bool(re.search(r"<(?:[\w.-]+:)?sheetView\b[^>]*\btabSelected\s*=\s*[\"'](?:1|true)[\"']", head))


# ---------------------------------------------------------------- styles.xml
