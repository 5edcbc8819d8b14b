"""Text-level surgery on styles.xml: a fill, a font or a cell format added where the
source had none, every existing style left as the source wrote it."""
from __future__ import annotations

import re

from auditor.ooxml.edit import NS_MAIN, Unsupported, prefix_for, set_attr


_SECTIONS = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles",
             "dxfs", "tableStyles", "colors", "extLst")

MINIMAL_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{NS_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')


# Excel's built-in number formats that need no numFmt of their own
BUILT_IN_FORMATS = {"0": 1, "0.00": 2, "0%": 9, "0.00%": 10}


class StylesXml:
    """Append-only edits of styles.xml: new fonts, fills and cell formats, existing
    indices untouched (every cell in the workbook refers to them)."""

    def __init__(self, xml: str):
        p = prefix_for(xml, NS_MAIN)
        if p is None:
            raise Unsupported("styles.xml is not a SpreadsheetML stylesheet")
        self.p = p
        self.xml = xml
        for section, default in (("fonts", '<font><sz val="11"/><name val="Calibri"/></font>'),
                                 ("fills", '<fill><patternFill patternType="none"/></fill>'
                                           '<fill><patternFill patternType="gray125"/></fill>'),
                                 ("cellXfs", '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>')):
            if not self._section(section):
                self._create_section(section, default)
        self.fonts = self._items("fonts", "font")
        self.fills = self._items("fills", "fill")
        self.xfs = self._items("cellXfs", "xf")
        self.added = {"numFmts": [], "fonts": [], "fills": [], "cellXfs": []}
        self._fill_cache: dict[str, int] = {}
        self._xf_cache: dict[tuple, int] = {}
        numfmts = self._section("numFmts")
        self.numfmts = re.findall(rf"<{p}numFmt\b[^>]*?/>", numfmts.group(1) or "") if numfmts else []
        self._numfmt_ids = {m.group(2): int(m.group(1)) for x in self.numfmts
                            for m in [re.search(r'numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"', x)] if m}

    def _section(self, name: str):
        return re.search(rf"<{self.p}{name}\b[^>]*?(?:/>|>(.*?)</{self.p}{name}>)", self.xml, re.S)

    def _create_section(self, name: str, items: str) -> None:
        items = re.sub(r"<(/?)(?=\w)", rf"<\1{self.p}", items)
        later = _SECTIONS[_SECTIONS.index(name) + 1:]
        at = min((m.start() for s in later for m in [re.search(rf"<{self.p}{s}\b", self.xml)] if m),
                 default=self.xml.rfind("</"))
        self.xml = self.xml[:at] + f"<{self.p}{name}>{items}</{self.p}{name}>" + self.xml[at:]

    def _items(self, section: str, item: str) -> list[str]:
        body = self._section(section).group(1) or ""
        return re.findall(rf"<{self.p}{item}\b[^>]*?/>|<{self.p}{item}\b[^>]*?>.*?</{self.p}{item}>",
                          body, re.S)

    def _add(self, section: str, existing: list[str], xml: str) -> int:
        self.added[section].append(xml)
        return len(existing) + len(self.added[section]) - 1

    def number_format(self, code: str) -> int:
        """The id of number format ``code`` (plain characters only, such as ``0.0%``): the
        workbook's own when it has one, else a new one after every id in use (custom ids
        start at 164; below are Excel's built-in formats)."""
        if code in BUILT_IN_FORMATS:
            return BUILT_IN_FORMATS[code]
        if code not in self._numfmt_ids:
            if not self._section("numFmts"):
                self._create_section("numFmts", "")
            new = max([163, *self._numfmt_ids.values()]) + 1
            self.added["numFmts"].append(f'<{self.p}numFmt numFmtId="{new}" formatCode="{code}"/>')
            self._numfmt_ids[code] = new
        return self._numfmt_ids[code]

    def solid_fill(self, argb: str) -> int:
        if argb not in self._fill_cache:
            p = self.p
            self._fill_cache[argb] = self._add("fills", self.fills, (
                f'<{p}fill><{p}patternFill patternType="solid"><{p}fgColor rgb="{argb}"/>'
                f'<{p}bgColor indexed="64"/></{p}patternFill></{p}fill>'))
        return self._fill_cache[argb]

    def font(self, bold=False, size=None, color=None, underline=False) -> int:
        """A copy of the workbook's default font with the given changes, so the findings
        sheet matches the workbook's typeface."""
        base = self.fonts[0] if self.fonts else f"<{self.p}font></{self.p}font>"
        p = self.p
        body = re.sub(rf"^<{p}font\b[^>]*?(?:/>|>)|</{p}font>$", "", base)
        drop = ["b"] * bold + ["sz"] * bool(size) + ["color"] * bool(color) + ["u"] * underline
        for name in drop:
            body = re.sub(rf"<{p}{name}\b[^>]*?(?:/>|>.*?</{p}{name}>)", "", body, flags=re.S)
        extra = (f"<{p}b/>" if bold else "") + (f"<{p}u/>" if underline else "")
        extra += f'<{p}sz val="{size}"/>' if size else ""
        extra += f'<{p}color rgb="{color}"/>' if color else ""
        return self._add("fonts", self.fonts, f"<{p}font>{extra}{body}</{p}font>")

    def with_fill(self, xf_index: int, fill_id: int) -> int:
        """A cell format equal to ``xf_index`` but for its fill."""
        key = ("fill", xf_index, fill_id)
        if key not in self._xf_cache:
            base = self.xfs[xf_index] if 0 <= xf_index < len(self.xfs) else (self.xfs or [None])[0]
            if base is None:
                base = f'<{self.p}xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            start = re.match(r"<[^>]*?/?>", base).group(0)
            tag = set_attr(set_attr(start, "fillId", str(fill_id)), "applyFill", "1")
            self._xf_cache[key] = self._add("cellXfs", self.xfs, tag + base[len(start):])
        return self._xf_cache[key]

    def new_xf(self, font=0, fill=0, wrap=False, valign=None, halign=None, num_fmt: int = 0) -> int:
        """A cell style; ``num_fmt`` a built-in number format's id or ``number_format``'s."""
        p = self.p
        attrs = f'numFmtId="{num_fmt}" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"'
        attrs += ' applyFont="1"' * bool(font) + ' applyFill="1"' * bool(fill) + ' applyNumberFormat="1"' * bool(num_fmt)
        align = ""
        if wrap or valign or halign:
            attrs += ' applyAlignment="1"'
            align = (f"<{p}alignment" + (f' horizontal="{halign}"' if halign else "")
                     + (f' vertical="{valign}"' if valign else "") + (' wrapText="1"' if wrap else "") + "/>")
        return self._add("cellXfs", self.xfs, f"<{p}xf {attrs}>{align}</{p}xf>")

    def text(self) -> str:
        xml = self.xml
        for section, existing in (("numFmts", self.numfmts), ("fonts", self.fonts), ("fills", self.fills),
                                  ("cellXfs", self.xfs)):
            added = self.added[section]
            if not added:
                continue
            m = re.search(rf"<{self.p}{section}\b[^>]*?(?:/>|>(.*?)</{self.p}{section}>)", xml, re.S)
            start_tag = re.match(r"<[^>]*?/?>", m.group(0)).group(0)
            new_start = set_attr(start_tag, "count", str(len(existing) + len(added)))
            if new_start.endswith("/>"):
                new_start = new_start[:-2].rstrip() + ">"
            xml = (xml[:m.start()] + new_start + (m.group(1) or "") + "".join(added)
                   + f"</{self.p}{section}>" + xml[m.end():])
        return xml
