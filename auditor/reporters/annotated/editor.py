"""The package editor behind the annotated copy: fills and notes (批注) on each finding's
cell, pale marks on related cells, the 审核意见 sheet put first, every other part copied
byte for byte (``auditor.reporters.annotated.workbook`` is the entry point)."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from auditor.findings import Finding, Location, Severity
from auditor.reporters.annotated import findings_sheet as fs
from auditor.reporters.annotated.findings_sheet import Header, Placed, t
from auditor.ooxml.edit import (CT_COMMENTS, CT_STYLES, CT_VML, CT_WORKSHEET, NS_MAIN, NS_REL, NS_STRICT, REL_COMMENTS, REL_OFFICE_DOC, REL_STYLES, REL_THREADED, REL_VML, REL_WORKSHEET, Package, Unsupported, content_types_with, free_name, free_rel_id, get_attr, insert_before_close, prefix_for, relative, rels_name, rels_with, set_attr, xml_attr, xml_text)
from auditor.ooxml.comments import CommentsXml, VmlXml, idmap_blocks
from auditor.ooxml.sheet import SheetXml, ref_of, sheet_head_selected, split_ref, unselect_tabs
from auditor.ooxml.styles import MINIMAL_STYLES, StylesXml
from auditor.words import section


def note(key: str, lang: str, **kw) -> str:
    """A note on what the copy could not keep, in ``lang`` (the words table's annotate section)."""
    return section("annotate", lang)[key].format(**kw)


# The workbook part's content type decides the extension, so Excel accepts the copy.
_EXTENSIONS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "xlsm",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "xltx",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": "xltm",
}


@dataclass
class _Sheet:
    name: str
    part: str | None
    worksheet: bool


class Annotator:
    def __init__(self, pkg: Package, source: Path, findings: Sequence[Finding], header: Header,
                 lang: str, notes: list[str]):
        self.pkg, self.source, self.findings = pkg, source, list(findings)
        self.header, self.lang = header, lang
        self.notes = notes
        self.replaced: dict[str, bytes] = {}
        self.added: dict[str, bytes] = {}
        self.overrides: list[tuple[str, str]] = []
        self.defaults: list[tuple[str, str]] = []
        self._vml_block: int | None = None
        self._files: dict[str, bool] = {}
        self._new_wb_rels: list[tuple[str, str, str]] = []

    # ------------------------------------------------------------ the whole job

    def build(self) -> tuple[dict[str, bytes], dict[str, bytes]]:
        pkg = self.pkg
        root_rels = pkg.rels("")
        wb_rel = next((r for r in root_rels if r.type == REL_OFFICE_DOC), None)
        if wb_rel is None or wb_rel.part not in pkg:
            raise Unsupported("not an Office Open XML workbook: no workbook part")
        self.wb_part = wb_rel.part
        wb_xml = pkg.text(self.wb_part)
        if NS_STRICT in wb_xml[:4000]:
            raise Unsupported("Strict Open XML")
        self.wb_rels = pkg.rels(self.wb_part)
        self.sheets = self._sheets()
        ctype = re.search(rf'PartName="/{re.escape(self.wb_part)}"[^>]*ContentType="([^"]+)"'
                          rf'|ContentType="([^"]+)"[^>]*PartName="/{re.escape(self.wb_part)}"',
                          pkg.text("[Content_Types].xml"))
        self.extension = _EXTENSIONS.get((ctype.group(1) or ctype.group(2)) if ctype else "", "xlsx")
        self.styles_part, self.styles = self._styles()

        placed, marks, related = self._place()
        for sheet in self.sheets:
            if sheet.name in marks or sheet.name in related:
                saved = (dict(self.replaced), dict(self.added), list(self.overrides), list(self.defaults))
                try:
                    self._mark_sheet(sheet, marks.get(sheet.name, {}), related.get(sheet.name, {}))
                    continue
                except Unsupported as exc:
                    # One odd sheet costs its marks, not the whole workbook's formatting.
                    self.replaced, self.added, self.overrides, self.defaults = saved
                    self.notes.append(note("sheet_skipped", self.lang, sheet=sheet.name, reason=str(exc)))
            if sheet.part:
                self._unselect(sheet)

        placed.sort(key=_sort_key)
        self._add_findings_sheet(wb_xml, placed)
        self.replaced[self.styles_part] = self.styles.text().encode("utf-8")
        if self.styles_part not in pkg:
            self.added[self.styles_part] = self.replaced.pop(self.styles_part)
        ct = pkg.text("[Content_Types].xml")
        self.replaced["[Content_Types].xml"] = content_types_with(ct, self.overrides, self.defaults).encode()
        return self.replaced, self.added

    # ------------------------------------------------------------ reading the workbook

    def _sheets(self) -> list[_Sheet]:
        root = self.pkg.parse(self.wb_part)
        sheets_el = root.find(f"{{{NS_MAIN}}}sheets")
        by_id = {r.id: r for r in self.wb_rels}
        out = []
        for el in sheets_el if sheets_el is not None else ():
            rel = by_id.get(el.get(f"{{{NS_REL}}}id", ""))
            part = rel.part if rel and not rel.external and rel.part in self.pkg else None
            out.append(_Sheet(el.get("name", ""), part, bool(rel and rel.type == REL_WORKSHEET)))
        if not out:
            raise Unsupported("the workbook lists no sheets")
        return out

    def _styles(self) -> tuple[str, StylesXml]:
        rel = next((r for r in self.wb_rels if r.type == REL_STYLES and r.part in self.pkg), None)
        if rel:
            return rel.part, StylesXml(self.pkg.text(rel.part))
        # No styles part at all (some generators): one is created and wired in.
        part = "xl/styles.xml" if "xl/styles.xml" not in self.pkg else free_name(self.pkg.by_name,
                                                                                 "xl/styles{}.xml")
        self._new_wb_rels = [(free_rel_id(self.wb_rels), REL_STYLES, relative(self.wb_part, part))]
        self.overrides.append((part, CT_STYLES))
        return part, StylesXml(MINIMAL_STYLES)

    def _in_this_workbook(self, file: str | None) -> bool:
        if not file:
            return True
        known = self._files.get(file)
        if known is None:  # every finding names the same few files: resolved once each
            try:
                known = Path(file).resolve() == self.source.resolve()
            except (OSError, RuntimeError):
                known = False
            known = self._files[file] = known or Path(file).name == self.source.name
        return known

    def _place(self):
        """Decide for each finding where it is listed, which cell it marks, and which
        cells it marks lightly as related (also for findings located in the report)."""
        self._by_name = {s.name: s for s in self.sheets}
        self._by_fold = {s.name.casefold(): s for s in self.sheets}
        placed: list[Placed] = []
        marks: dict[str, dict[tuple[int, int], list[Placed]]] = {}
        related: dict[str, dict[tuple[int, int], Severity]] = {}
        for f in self.findings:
            p = self._placed(f)
            placed.append(p)
            if p.in_workbook and p.link and p.cell:
                marks.setdefault(p.sheet, {}).setdefault(split_ref(p.cell), []).append(p)
            for loc in f.related:
                sheet = self._sheet_of(loc)
                try:
                    rc = split_ref(loc.cell or "")
                except ValueError:
                    continue
                if sheet and sheet.worksheet and sheet.part:
                    current = related.setdefault(sheet.name, {}).get(rc)
                    if current is None or f.severity.rank < current.rank:
                        related[sheet.name][rc] = f.severity
        return placed, marks, related

    def _sheet_of(self, loc: Location) -> _Sheet | None:
        if not loc.sheet or not self._in_this_workbook(loc.file):
            return None
        return self._by_name.get(loc.sheet) or self._by_fold.get(loc.sheet.casefold())

    def _placed(self, f: Finding) -> Placed:
        """The finding's row in the findings sheet; ``cell`` is set only when it can be
        marked, ``link`` only when its sheet exists."""
        loc = f.location
        p = Placed(f, loc.sheet, loc.cell, self._in_this_workbook(loc.file))
        if not p.in_workbook or not loc.sheet:
            return p
        sheet = self._sheet_of(loc)
        if sheet is None:
            p.link = False
            self.notes.append(note("no_sheet", self.lang, code=f.code, sheet=loc.sheet))
            return p
        p.sheet = sheet.name
        if not loc.cell:
            return p
        try:
            p.cell = ref_of(*split_ref(loc.cell))
        except ValueError:
            p.cell = None
            self.notes.append(note("bad_cell", self.lang, code=f.code, cell=loc.cell))
            return p
        if not sheet.worksheet or not sheet.part:
            p.link = False
            self.notes.append(note("chartsheet", self.lang, code=f.code, sheet=sheet.name))
        return p

    # ------------------------------------------------------------ marking one sheet

    def _mark_sheet(self, sheet: _Sheet, marks, related) -> None:
        sx = SheetXml(self.pkg.text(sheet.part), sheet.part)
        merges = sx.merged_ranges()

        def top_left(rc):
            r, c = rc
            return next(((r1, c1) for r1, c1, r2, c2 in merges if r1 <= r <= r2 and c1 <= c <= c2), rc)

        targets: dict[tuple[int, int], list[Placed]] = {}
        for rc, ps in marks.items():
            anchor = top_left(rc)
            for p in ps:
                p.cell = ref_of(*anchor)
            targets.setdefault(anchor, []).extend(ps)
        pale: dict[tuple[int, int], Severity] = {}
        for rc, sev in related.items():
            anchor = top_left(rc)
            if anchor not in targets and (anchor not in pale or sev.rank < pale[anchor].rank):
                pale[anchor] = sev
        base = sx.locate(set(targets) | set(pale))
        new = {}
        for rc, ps in targets.items():
            sev = min((p.finding.severity for p in ps), key=lambda s: s.rank)
            new[rc] = self.styles.with_fill(base[rc], self.styles.solid_fill(fs.FILL[sev]))
        for rc, sev in pale.items():
            new[rc] = self.styles.with_fill(base[rc], self.styles.solid_fill(fs.PALE[sev]))
        sx.restyle(new)
        sx.unselect_tab()
        if targets:
            try:
                self._comment(sheet, sx, targets)
            except Unsupported as exc:
                self.notes.append(note("no_comments", self.lang, sheet=sheet.name, reason=str(exc)))
        self.replaced[sheet.part] = sx.text().encode("utf-8")

    def _comment(self, sheet: _Sheet, sx: SheetXml, targets) -> None:
        pkg = self.pkg
        rels = pkg.rels(sheet.part)
        by_id = {r.id: r for r in rels}
        comments_rel = next((r for r in rels if r.type == REL_COMMENTS and r.part in pkg), None)
        vml_rid = sx.legacy_drawing_rid()
        vml_rel = by_id.get(vml_rid) if vml_rid else None
        if vml_rel is not None and vml_rel.part not in pkg:
            raise Unsupported("its legacy drawing part is missing")
        threaded = [r for r in rels if r.type == REL_THREADED and r.part in pkg]
        threaded_refs = set()
        for r in threaded:
            threaded_refs |= set(re.findall(r'\sref="([^"]+)"', pkg.text(r.part)))

        font = "宋体" if self.lang != "en" else "Tahoma"
        cx = CommentsXml(pkg.text(comments_rel.part) if comments_rel else None, font)
        vx = VmlXml(pkg.text(vml_rel.part) if vml_rel else None, self._next_vml_block())
        author = t("author", self.lang)
        for (r, c), ps in sorted(targets.items()):
            ref = ref_of(r, c)
            runs = fs.comment_runs([p.finding for p in ps], self.lang)
            if cx.has(ref):
                cx.append(ref, runs)
                if ref in threaded_refs:
                    self.notes.append(note("threaded", self.lang, sheet=sheet.name, cell=ref))
            else:
                cx.add(ref, runs, author)
                vx.add_note(r, c, _line_count(runs))

        new_rels = []
        taken_ids = []
        if comments_rel:
            self.replaced[comments_rel.part] = cx.text().encode("utf-8")
        else:
            part = free_name(set(pkg.by_name) | set(self.added), "xl/comments{}.xml")
            self.added[part] = cx.text().encode("utf-8")
            self.overrides.append((part, CT_COMMENTS))
            rid = free_rel_id(rels, taken_ids)
            taken_ids.append(rid)
            new_rels.append((rid, REL_COMMENTS, relative(sheet.part, part)))
        if vml_rel:
            self.replaced[vml_rel.part] = vx.text().encode("utf-8")
        else:
            part = free_name(set(pkg.by_name) | set(self.added), "xl/drawings/vmlDrawing{}.vml")
            self.added[part] = vx.text().encode("utf-8")
            self.defaults.append(("vml", CT_VML))
            rid = free_rel_id(rels, taken_ids)
            new_rels.append((rid, REL_VML, relative(sheet.part, part)))
            sx.add_legacy_drawing(rid)
        if new_rels:
            name = rels_name(sheet.part)
            text = rels_with(pkg.text(name) if name in pkg else None, new_rels).encode("utf-8")
            (self.replaced if name in pkg else self.added)[name] = text

    def _next_vml_block(self) -> int:
        # Each VML part claims its own block of shape ids, as Excel does.
        if self._vml_block is None:
            used = {0}
            for name in self.pkg.by_name:
                if name.lower().endswith(".vml"):
                    used |= idmap_blocks(self.pkg.read(name).decode("utf-8", "replace"))
            self._vml_block = max(used)
        self._vml_block += 1
        return self._vml_block

    def _unselect(self, sheet: _Sheet) -> None:
        if sheet_head_selected(self.pkg.head(sheet.part)):
            self.replaced[sheet.part] = unselect_tabs(self.pkg.text(sheet.part)).encode("utf-8")

    # ------------------------------------------------------------ the findings sheet

    def _add_findings_sheet(self, wb_xml: str, placed: list[Placed]) -> None:
        pkg = self.pkg
        taken = {s.name.casefold() for s in self.sheets}
        title, n = fs.SHEET_NAME, 1
        while title.casefold() in taken:
            n += 1
            title = f"{fs.SHEET_NAME} ({n})"
        if n > 1:
            self.notes.append(note("renamed", self.lang, old=fs.SHEET_NAME, new=title))
        self.notes[:] = dict.fromkeys(self.notes)     # one line per distinct problem
        sheet_xml, filter_ref = fs.build(placed, self.header, self.notes, self.styles, self.lang)
        part = free_name(set(pkg.by_name) | set(self.added), "xl/worksheets/sheet{}.xml")
        self.added[part] = sheet_xml.encode("utf-8")
        self.overrides.append((part, CT_WORKSHEET))

        new_rels = list(self._new_wb_rels)
        rid = free_rel_id(self.wb_rels, [r[0] for r in new_rels])
        new_rels.append((rid, REL_WORKSHEET, relative(self.wb_part, part)))
        rels_part = rels_name(self.wb_part)
        self.replaced[rels_part] = rels_with(pkg.text(rels_part), new_rels).encode("utf-8")

        abs_ref = re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", filter_ref)
        filter_name = f"{fs.quote_sheet(title)}!{abs_ref}"
        head = re.match(r"[A-Z]+(\d+)", filter_ref).group(1)
        titles = f"{fs.quote_sheet(title)}!${head}:${head}"   # the table's header on every printed page
        self.replaced[self.wb_part] = _workbook_with(wb_xml, title, rid, filter_name, titles).encode("utf-8")


def _workbook_with(xml: str, title: str, rid: str, filter_name: str, print_titles: str | None = None) -> str:
    """workbook.xml with the findings sheet first and active; sheet-local names follow
    their sheets, whose indices all move up by one."""
    p = prefix_for(xml, NS_MAIN)
    if p is None:
        raise Unsupported("workbook.xml is not SpreadsheetML")
    max_id = max([int(i) for i in re.findall(rf'<{p}sheet\b[^>]*\ssheetId="(\d+)"', xml)] or [0])
    rp = prefix_for(xml, NS_REL)
    rattr = f"{rp}id" if rp else f'xmlns:r="{NS_REL}" r:id'
    sheet = f'<{p}sheet name={xml_attr(title)} sheetId="{max_id + 1}" {rattr}="{rid}"/>'
    m = re.search(rf"<{p}sheets\b[^>]*>", xml)
    if not m or m.group(0).endswith("/>"):
        raise Unsupported("workbook.xml has no sheets")
    xml = xml[:m.end()] + sheet + xml[m.end():]

    def shift(m):
        tag = m.group(0)
        local = get_attr(tag, "localSheetId")
        return set_attr(tag, "localSheetId", str(int(local) + 1)) if local and local.isdigit() else tag
    xml = re.sub(rf"<{p}definedName\b[^>]*>", shift, xml)
    filter_def = (f'<{p}definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
                  f"{xml_text(filter_name)}</{p}definedName>")
    if print_titles:
        filter_def += f'<{p}definedName name="_xlnm.Print_Titles" localSheetId="0">{xml_text(print_titles)}</{p}definedName>'

    if re.search(rf"<{p}definedNames\b", xml):
        xml = insert_before_close(xml, "definedNames", filter_def)
    else:
        after = None
        for name in ("externalReferences", "functionGroups", "sheets"):
            m = re.search(rf"</{p}{name}>|<{p}{name}\b[^>]*/>", xml)
            if m:
                after = m.end()
                break
        xml = xml[:after] + f"<{p}definedNames>{filter_def}</{p}definedNames>" + xml[after:]

    views = list(re.finditer(rf"<{p}workbookView\b[^>]*>", xml))
    if views:
        for m in reversed(views):
            tag = set_attr(m.group(0), "activeTab", "0")
            if get_attr(tag, "firstSheet") is not None:
                tag = set_attr(tag, "firstSheet", "0")
            xml = xml[:m.start()] + tag + xml[m.end():]
    else:
        m = re.search(rf"<{p}sheets\b", xml)
        xml = xml[:m.start()] + f'<{p}bookViews><{p}workbookView activeTab="0"/></{p}bookViews>' + xml[m.start():]
    return xml


def _line_count(runs) -> int:
    text = "".join(r[0] for r in runs)
    # about 26 wide characters fit on one line of a 260 pt note
    return sum(1 + fs.display_width(line) // 40 for line in text.split("\n"))


def _sort_key(p: Placed):
    loc = p.finding.location
    normal = Location(None if p.in_workbook else loc.file, p.sheet, p.cell, loc.line)
    return dataclasses.replace(p.finding, location=normal).sort_key()
