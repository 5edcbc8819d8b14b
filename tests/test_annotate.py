"""The annotated copy keeps everything of the source and adds marks, notes and a findings sheet."""
from __future__ import annotations

import hashlib
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
import xlsxwriter
from defusedxml import ElementTree as SafeET

from auditor.findings import Finding, Location, Severity
from auditor.reporters.annotated import workbook as annotate_mod
from auditor.reporters.annotated.workbook import Header, annotate, write_annotated
from auditor.codes import base

BUDGET, SCORE, COVER, NOTES, ODD = "收支情况", "自评评分表", "封面", "Notes", "Q's & <x>"
HOSTILE = '=HYPERLINK("http://x")'
HEADER = Header(department=HOSTILE, year=2023, score_stated="92.5", score_recomputed="88.5",
                grade_stated="优", grade_recomputed="良")


# ---------------------------------------------------------------- fixtures


class _TestError(base.Rule):
    code, name, severity = "Z901", "test error", base.ERROR
    message = {"zh": "合计不等于各项之和：{what}", "en": "total is not the sum: {what}"}


class _TestWarning(base.Rule):
    code, name, severity = "Z902", "test warning", base.WARNING
    message = {"zh": "填写不规范", "en": "irregular entry"}


class _TestInfo(base.Rule):
    code, name, severity = "Z903", "test info", base.INFO
    message = {"zh": "提示信息", "en": "for information"}


@pytest.fixture(autouse=True)
def test_rules(monkeypatch):
    registry = dict(base.REGISTRY)
    for rule in (_TestError, _TestWarning, _TestInfo):
        registry[rule.code] = rule()
    monkeypatch.setattr(base, "REGISTRY", registry)


def tiny_png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


RICH_RUNS = ('<r><rPr><b/><sz val="9"/><color rgb="FFFF0000"/><rFont val="Tahoma"/></rPr>'
             '<t xml:space="preserve">Bold red: </t></r>'
             '<r><rPr><i/><sz val="9"/><rFont val="Tahoma"/></rPr><t>italic tail</t></r>')


def build_source(path: Path) -> Path:
    """A workbook with every feature the copy must keep."""
    wb = xlsxwriter.Workbook(str(path))
    money = wb.add_format({"num_format": "#,##0.00", "bold": True, "border": 1, "font_color": "#1F4E79"})
    pct = wb.add_format({"num_format": "0.00%", "italic": True, "bg_color": "#E2EFDA"})
    head = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 2})

    cover = wb.add_worksheet(COVER)
    cover.write_string("A1", "部门名称")
    cover.write_string("B1", HOSTILE)
    cover.write_string("A2", "评价年度")
    cover.write_number("B2", 2023)
    cover.write_comment("A2", "existing note on A2", {"author": "部门"})

    ws = wb.add_worksheet(BUDGET)
    ws.set_column("A:A", 28)
    ws.merge_range("A1:E1", "收入情况", head)
    for c, title in enumerate(["项目", "年初预算数", "调整后预算数", "决算数", "决算占比（%）"]):
        ws.write_string(1, c, title, head)
    rows = [("一般公共预算财政拨款收入", 100, 120, 118.5), ("上级补助收入", 10, 12, 11.25), ("其他收入", 3, 4, 3.5)]
    for r, (label, a, b, d) in enumerate(rows, start=2):
        ws.write_string(r, 0, label)
        ws.write_number(r, 1, a, money)
        ws.write_number(r, 2, b, money)
        ws.write_number(r, 3, d, money)
        ws.write_formula(r, 4, f"=D{r + 1}/D6", pct, d / 133.25)
    ws.write_string(5, 0, "本年收入合计")
    ws.write_formula(5, 1, "=SUM(B3:B5)", money, 113)
    ws.write_formula(5, 2, "=SUM(C3:C5)", money, 136)
    ws.write_formula(5, 3, "=SUM(D3:D5)", money, 133.25)
    ws.write_string(7, 0, "预算执行率（%）")
    ws.write_formula(7, 1, "=D6/C6", pct, 133.25 / 136)
    ws.data_validation("B3:D5", {"validate": "decimal", "criteria": ">=", "value": 0})
    ws.conditional_format("D3:D5", {"type": "cell", "criteria": ">", "value": 100,
                                    "format": wb.add_format({"font_color": "#9C0006"})})
    ws.insert_image("H2", "dot.png", {"image_data": io.BytesIO(tiny_png())})
    ws.add_sparkline("F3", {"range": f"'{BUDGET}'!B3:D3"})
    ws.insert_textbox("H10", "审核用文本框", {"width": 200, "height": 60})
    ws.write_comment("D3", "placeholder", {"author": "部门"})
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": f"='{BUDGET}'!$D$3:$D$5", "categories": f"='{BUDGET}'!$A$3:$A$5"})
    ws.insert_chart("H14", chart)
    ws.activate()

    sc = wb.add_worksheet(SCORE)
    sc.merge_range("A2:A5", "履职效能（46分）", head)
    sc.write_number("D2", 5)
    sc.write_number("F2", 4.5, money)
    sc.write_string("A7", "合计")
    sc.write_formula("F7", "=SUM(F2:F5)", money, 4.5)
    sc.set_row(9, 30)                       # an empty row element with custom height

    notes = wb.add_worksheet(NOTES)
    notes.write_string("A1", "nothing marked here")
    odd = wb.add_worksheet(ODD)
    odd.write_string("A1", "a sheet name that needs quoting and escaping")

    wb.define_name("收入合计", f"='{BUDGET}'!$D$6")
    wb.define_name(f"'{SCORE}'!本表合计", f"='{SCORE}'!$F$7")
    ws.print_area("A1:E8")
    wb.close()
    _make_comment_rich(path)
    return path


def _make_comment_rich(path: Path) -> None:
    """xlsxwriter writes plain comments; turn the budget sheet's one into rich text."""
    with zipfile.ZipFile(path) as z:
        members = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            if re.fullmatch(r"xl/comments\d+\.xml", info.filename) and b"placeholder" in data:
                data = re.sub(rb"<text>.*?</text>", b"<text>" + RICH_RUNS.encode() + b"</text>", data, flags=re.S)
            z.writestr(info, data)


def findings_for(path: Path) -> list[Finding]:
    wbfile = str(path)
    return [
        Finding("Z901", Severity.ERROR, Location(wbfile, BUDGET, "D6"), {"what": "D6"},
                related=(Location(wbfile, BUDGET, "D3"), Location(None, BUDGET, "D4")),
                expected="133.25", actual="=SUM 133.00"),
        Finding("Z902", Severity.WARNING, Location(None, BUDGET, "D6")),
        Finding("Z903", Severity.INFO, Location(None, BUDGET, "D3"), expected="≥0", actual="118.5"),
        Finding("Z902", Severity.WARNING, Location(None, BUDGET, "G12")),          # empty cell, absent row
        Finding("Z903", Severity.INFO, Location(None, BUDGET, "C7")),              # absent row between rows
        Finding("Z902", Severity.WARNING, Location(None, BUDGET, "K3")),           # absent cell in a row
        Finding("Z901", Severity.ERROR, Location(None, SCORE, "A4"), {"what": "A4"}),  # inside a merge
        Finding("Z903", Severity.INFO, Location(None, SCORE, "B10")),             # row exists, no cells
        Finding("Z902", Severity.WARNING, Location(None, COVER, "A2"), expected="2023", actual="2023年"),
        Finding("Z901", Severity.ERROR, Location("自评报告.docx", None, None, 12), {"what": "报告"},
                related=(Location(wbfile, BUDGET, "B6"),)),
        Finding("Z903", Severity.INFO, Location(None, "不存在的表", "A1")),
        Finding("Z903", Severity.INFO, Location(None, ODD, "$B$2")),
    ]


@pytest.fixture
def source(tmp_path) -> Path:
    (tmp_path / "src").mkdir()
    return build_source(tmp_path / "src" / "仁化县委组织部.xlsx")


@pytest.fixture
def annotated(source, tmp_path):
    findings = findings_for(source)
    result = annotate(source, tmp_path / "out", findings, HEADER)
    return source, result, findings


# ---------------------------------------------------------------- helpers


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def part_for_sheet(path: Path, sheet: str) -> str:
    m = members(path)
    wb = ET.fromstring(m["xl/workbook.xml"])
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    rid = next(s.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
               for s in wb.find("m:sheets", ns) if s.get("name") == sheet)
    rels = ET.fromstring(m["xl/_rels/workbook.xml.rels"])
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return "xl/" + target.lstrip("/").removeprefix("xl/")


def style_tuple(cell):
    return (cell.number_format, repr(cell.font), repr(cell.border), repr(cell.alignment), repr(cell.protection))


# ---------------------------------------------------------------- tests


def test_untouched_members_are_byte_identical_including_compressed_bytes(annotated):
    source, result, _ = annotated
    src, out = members(source), members(result.path)
    touched = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}
    for sheet in (BUDGET, SCORE, COVER, ODD):
        part = part_for_sheet(source, sheet)
        touched |= {part, part.replace("worksheets/", "worksheets/_rels/") + ".rels"}
    touched |= {n for n in src if n.startswith(("xl/comments", "xl/drawings/vmlDrawing"))}
    for name, data in src.items():
        assert name in out, name
        if name not in touched:
            assert out[name] == data, name
    # the untouched budget sheet's drawing/image/chart parts are copied without recompressing
    with zipfile.ZipFile(source) as zs, zipfile.ZipFile(result.path) as zo:
        for name in ("xl/media/image1.png", "xl/charts/chart1.xml", "xl/drawings/drawing1.xml"):
            assert zs.getinfo(name).compress_size == zo.getinfo(name).compress_size
            assert zs.getinfo(name).CRC == zo.getinfo(name).CRC
    assert not set(src) - set(out)


def test_every_part_is_well_formed_and_keeps_its_root_tag(annotated):
    source, result, _ = annotated
    src, out = members(source), members(result.path)
    for name, data in out.items():
        if name.endswith((".xml", ".rels")):
            SafeET.fromstring(data)
        if name in src and name.endswith(".xml") and data != src[name]:
            root = re.compile(rb"<(?![?!])[^>]*>")
            assert root.search(data).group(0) == root.search(src[name]).group(0), name


def test_cells_values_formulas_and_styles_unchanged_except_fills(annotated):
    source, result, findings = annotated
    marked = {(ODD, "B2"), (BUDGET, "B6"), (BUDGET, "D6"), (BUDGET, "D3"), (BUDGET, "D4"), (BUDGET, "G12"), (BUDGET, "C7"),
              (BUDGET, "K3"), (SCORE, "A2"), (SCORE, "B10"), (COVER, "A2")}
    for data_only in (False, True):
        a = openpyxl.load_workbook(source, data_only=data_only)
        b = openpyxl.load_workbook(result.path, data_only=data_only)
        assert b.sheetnames == ["审核意见"] + a.sheetnames
        for ws in a.worksheets:
            wo = b[ws.title]
            assert wo.merged_cells.ranges == ws.merged_cells.ranges
            assert wo.max_row >= ws.max_row
            for row in wo.iter_rows(min_row=1, max_row=max(wo.max_row, ws.max_row),
                                    max_col=max(wo.max_column, ws.max_column)):
                for cell in row:
                    orig = ws[cell.coordinate]
                    assert cell.value == orig.value, (ws.title, cell.coordinate)
                    if type(orig).__name__ == "MergedCell":
                        continue
                    assert style_tuple(cell) == style_tuple(orig), (ws.title, cell.coordinate)
                    if (ws.title, cell.coordinate) not in marked:
                        assert repr(cell.fill) == repr(orig.fill), (ws.title, cell.coordinate)
            assert len(wo.data_validations.dataValidation) == len(ws.data_validations.dataValidation)
            assert [str(r.sqref) for r in wo.conditional_formatting] == [str(r.sqref) for r in ws.conditional_formatting]
    cached = openpyxl.load_workbook(result.path, data_only=True)[BUDGET]
    assert cached["D6"].value == 133.25 and cached["B8"].value == pytest.approx(133.25 / 136)


def test_marks_follow_severity_and_related_cells_are_pale(annotated):
    _, result, _ = annotated
    wb = openpyxl.load_workbook(result.path)
    colour = lambda ws, ref: ws[ref].fill.fgColor.rgb if ws[ref].fill.fill_type == "solid" else None
    ws = wb[BUDGET]
    assert colour(ws, "D6") == "FFFF7C80"          # error beats the warning on the same cell
    assert colour(ws, "D3") == "FF9BC2E6"          # its own info finding beats being related
    assert colour(ws, "D4") == "FFFDE4E4"          # related to an error: pale red
    assert colour(ws, "B6") == "FFFDE4E4"          # related to a finding in the narrative report
    assert colour(ws, "G12") == "FFFFC000"
    assert colour(wb[SCORE], "A2") == "FFFF7C80"   # A4 is inside the merge A2:A5
    assert ws["D6"].number_format == "#,##0.00" and ws["D6"].font.b


def test_empty_cells_and_rows_are_created_in_order(annotated):
    source, result, _ = annotated
    xml = members(result.path)[part_for_sheet(source, BUDGET)].decode()
    refs = re.findall(r'<c r="([A-Z]+)(\d+)"', xml)
    rows = [int(r) for _, r in refs]
    assert rows == sorted(rows)
    for row in set(rows):
        cols = [c for c, r in refs if int(r) == row]
        assert cols == sorted(cols, key=lambda c: (len(c), c))
    assert '<c r="G12" s="' in xml and '<c r="C7" s="' in xml and '<c r="K3" s="' in xml
    assert re.search(r'<dimension ref="A1:K12"/>', xml)


def test_comments_added_merged_and_existing_rich_text_kept(annotated):
    source, result, _ = annotated
    wb = openpyxl.load_workbook(result.path)
    d6 = wb[BUDGET]["D6"].comment.text
    assert "Z901" in d6 and "合计不等于各项之和：D6" in d6 and "Z902" in d6
    assert "应为：133.25" in d6 and "实为：=SUM 133.00" in d6
    d3 = wb[BUDGET]["D3"].comment.text
    assert d3.startswith("Bold red: italic tail") and "Z903" in d3
    a2 = wb[COVER]["A2"].comment.text
    assert a2.startswith("existing note on A2") and "应为：2023" in a2
    assert "Z902" in wb[BUDGET]["G12"].comment.text
    out = members(result.path)
    comments = [d.decode() for n, d in out.items() if n.startswith("xl/comments")]
    assert any(RICH_RUNS in c for c in comments)
    # every comment has a note box in its sheet's VML
    vml = "".join(d.decode() for n, d in out.items() if n.endswith(".vml"))
    for ref_row, ref_col in ((5, 3), (11, 6), (6, 2), (2, 10)):     # D6, G12, C7, K3 (0-based)
        assert re.search(rf"<x:Row>{ref_row}</x:Row><x:Column>{ref_col}</x:Column>", vml)


def test_sheet_without_comments_gets_parts_and_legacy_drawing_in_schema_order(annotated):
    source, result, _ = annotated
    xml = members(result.path)[part_for_sheet(source, SCORE)].decode()
    tail = xml[xml.index("</sheetData>"):]
    order = [m for m in re.findall(r"<(\w+)", tail)]
    assert "legacyDrawing" in order
    assert order.index("mergeCells") < order.index("pageMargins") < order.index("legacyDrawing")
    wb = openpyxl.load_workbook(result.path)
    assert "Z901" in wb[SCORE]["A2"].comment.text


def test_sparklines_shapes_images_charts_and_names_survive(annotated):
    source, result, _ = annotated
    src, out = members(source), members(result.path)
    budget = out[part_for_sheet(source, BUDGET)].decode()
    orig_budget = src[part_for_sheet(source, BUDGET)].decode()
    assert "x14:sparklineGroups" in budget
    # everything after the cells is the source's text, byte for byte
    assert budget[budget.index("</sheetData>"):] == orig_budget[orig_budget.index("</sheetData>"):]
    assert "审核用文本框" in out["xl/drawings/drawing1.xml"].decode()
    names = out["xl/workbook.xml"].decode()
    assert re.search(r'<definedName name="收入合计">', names)
    # sheet-local names still belong to their sheets although every sheet moved up by one
    wb = openpyxl.load_workbook(result.path)
    assert "本表合计" in wb[SCORE].defined_names
    assert "_xlnm.Print_Area" in names and wb[BUDGET].print_area == f"'{BUDGET}'!$A$1:$E$8"
    a = openpyxl.load_workbook(source)
    assert wb[SCORE].defined_names["本表合计"].attr_text == a[SCORE].defined_names["本表合计"].attr_text


def test_findings_sheet_first_active_with_working_links(annotated):
    source, result, findings = annotated
    wb = openpyxl.load_workbook(result.path)
    ws = wb.worksheets[0]
    assert ws.title == "审核意见" and wb.active.title == "审核意見".replace("見", "见")
    assert ws["B2"].value == HOSTILE and ws["B2"].data_type == "s"
    # only one selected tab, or Excel would open the sheets grouped
    out = members(result.path)
    selected = [n for n, d in out.items() if n.startswith("xl/worksheets/sheet") and b'tabSelected="1"' in d]
    assert len(selected) == 1
    header_row = next(c.row for c in ws["A"] if c.value == "级别")
    rows = list(ws.iter_rows(min_row=header_row + 1, values_only=True))
    assert len(rows) == len(findings)
    sev = [r[0] for r in rows]
    assert sev == sorted(sev, key=["错误", "警告", "提示"].index)
    assert ws.freeze_panes == f"A{header_row + 1}" and ws.auto_filter.ref.startswith(f"A{header_row}")
    links = {}
    for row in ws.iter_rows(min_row=header_row + 1):
        if row[3].hyperlink is not None:
            links[(row[2].value, row[3].value)] = row[3].hyperlink.location
    assert links[(BUDGET, "D6")] == f"'{BUDGET}'!D6"
    assert links[(SCORE, "A2")] == f"'{SCORE}'!A2"
    assert links[(ODD, "B2")] == "'Q''s & <x>'!B2"
    for location in links.values():
        sheet, cell = re.fullmatch(r"'(.*)'!([A-Z]+\d+)", location).groups()
        assert sheet.replace("''", "'") in wb.sheetnames
    assert ("不存在的表", "A1") not in links
    report_row = next(r for r in rows if r[2] == "自评报告.docx")
    assert report_row[3] == "第 12 段"  # a .docx report is counted in paragraphs, as its messages say
    text = "\n".join(str(v) for r in ws.iter_rows(max_row=header_row, values_only=True) for v in r if v)
    assert "不存在的表" in text and "92.5" in text and "88.5" in text
    assert result.warnings and any("不存在的表" in w for w in result.warnings)


def test_no_formula_or_link_from_text(annotated):
    source, result, _ = annotated
    xml = members(result.path)[part_for_sheet(result.path, "审核意见")].decode()
    assert "<f>" not in xml and "<f " not in xml
    assert 'HYPERLINK(&quot;' in xml or "HYPERLINK(\"" in xml
    assert 't="inlineStr"' in xml


def test_source_unchanged_and_rerun_overwrites(source, tmp_path):
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "out"
    first = write_annotated(source, out, findings_for(source), HEADER)
    second = write_annotated(source, out, findings_for(source)[:2], HEADER, lang="en")
    assert first == second and hashlib.sha256(source.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in out.iterdir()) == [source.name]
    wb = openpyxl.load_workbook(second)
    ws = wb.worksheets[0]
    assert ws.title == "审核意见" and ws["A1"].value.startswith("Department-wide expenditure performance self-evaluation")
    assert "total is not the sum" in wb[BUDGET]["D6"].comment.text
    with pytest.raises(ValueError):
        write_annotated(source, source.parent, findings_for(source), HEADER)
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("hostile", ["../../x.xlsx", "..\\..\\x.xlsx", "/etc/passwd", "a\x00b\x1f\x7f.xlsx",
                                     "CON.xlsx", "..", "\u202eslx.exe", "x" * 400 + ".xlsx"])
def test_hostile_names_stay_inside_out_dir(source, tmp_path, hostile):
    out = tmp_path / "deep" / "out"
    path = write_annotated(source, out, findings_for(source), HEADER, name=hostile)
    assert path.parent.resolve() == out.resolve() and path.exists()
    assert path.suffix == ".xlsx" and len(path.name.encode()) <= 255
    assert not any(ch in path.name for ch in "/\\\x00\x1f\x7f\u202e")
    assert sorted(p.name for p in out.iterdir()) == [path.name]


def test_failed_write_leaves_no_temp_file(source, tmp_path, monkeypatch):
    out = tmp_path / "out"

    def boom(*a, **k):
        raise RuntimeError("disk full")
    monkeypatch.setattr(annotate_mod, "write_package", boom)
    with pytest.raises(RuntimeError):
        write_annotated(source, out, findings_for(source), HEADER)
    assert list(out.iterdir()) == []


def test_legacy_xls_becomes_xlsx_with_a_note(tmp_path):
    # made by LibreOffice from a small xlsxwriter workbook (text "=HYPERLINK(...)", a date,
    # a merge, a formula with its result)
    xls = Path(__file__).parent / "fixtures_annotate" / "legacy.xls"
    findings = [Finding("Z901", Severity.ERROR, Location(None, "收支情况", "C3"), {"what": "x"})]
    result = annotate(xls, tmp_path, findings, HEADER)
    assert result.path.name == "legacy.xlsx" and zipfile.is_zipfile(result.path)
    wb = openpyxl.load_workbook(result.path)
    assert wb.sheetnames == ["审核意见", "封面", "收支情况"]
    assert any(".xls" in w for w in result.warnings)
    assert any(".xls" in str(c.value) for row in wb["审核意见"].iter_rows() for c in row if c.value)
    cover, budget = wb["封面"], wb["收支情况"]
    assert cover["B1"].value == HOSTILE and cover["B1"].data_type == "s"
    assert cover["B2"].value.date().isoformat() == "2024-08-01"
    assert budget["C3"].value == 200 and budget["B3"].value == 100
    assert [str(r) for r in budget.merged_cells.ranges] == ["A1:D1"]
    assert budget["C3"].fill.fgColor.rgb == "FFFF7C80"
    assert "Z901" in budget["C3"].comment.text


def test_workbook_without_findings_still_gets_a_findings_sheet(source, tmp_path):
    result = annotate(source, tmp_path / "o", [], HEADER)
    wb = openpyxl.load_workbook(result.path)
    assert wb.worksheets[0].title == "审核意见"
    assert any(c.value == "未发现问题" for c in wb.worksheets[0]["A"])


def _rewrite(path: Path, part: str, change) -> None:
    with zipfile.ZipFile(path) as z:
        members_ = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members_:
            z.writestr(info, change(data.decode()).encode() if info.filename == part else data)


MC = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" mc:Ignorable="x14ac"')


def test_prefixed_namespace_implicit_refs_and_empty_sheet(tmp_path):
    """Other generators: a main-namespace prefix, mc:Ignorable, rows and cells without
    ``r``, a self-closed sheetData, no tab selected anywhere."""
    path = tmp_path / "prefixed.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("甲")
    bold = wb.add_format({"bold": True, "num_format": "0.0"})
    for r in range(3):
        for c in range(3):
            ws.write_number(r, c, r * 10 + c, bold if c == 1 else None)
    wb.add_worksheet("空")
    wb.close()

    def prefixed(xml: str) -> str:
        xml = xml.replace('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                          'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' + MC)
        xml = re.sub(r"<(/?)(?![?!])(\w+)(?=[\s/>])", r"<\1x:\2", xml)
        xml = re.sub(r'<x:row r="\d+"', '<x:row x14ac:dyDescent="0.25"', xml)   # implicit row numbers
        xml = re.sub(r'(<x:c) r="[A-Z]+2"', r"\1", xml)                            # implicit cells in row 2
        return xml.replace(' tabSelected="1"', "")
    _rewrite(path, "xl/worksheets/sheet1.xml", prefixed)
    _rewrite(path, "xl/worksheets/sheet2.xml",
             lambda x: re.sub(r"<sheetData\s*/>|<sheetData></sheetData>", "<sheetData/>", x))
    findings = [Finding("Z901", Severity.ERROR, Location(None, "甲", "B2"), {"what": "B2"}),
                Finding("Z902", Severity.WARNING, Location(None, "甲", "E2")),
                Finding("Z903", Severity.INFO, Location(None, "甲", "A5")),
                Finding("Z903", Severity.INFO, Location(None, "空", "C3"))]
    result = annotate(path, tmp_path / "out", findings, HEADER)
    out = members(result.path)
    sheet = out["xl/worksheets/sheet1.xml"].decode()
    SafeET.fromstring(sheet)
    assert sheet.split(">", 2)[1] == members(path)["xl/worksheets/sheet1.xml"].decode().split(">", 2)[1]
    assert "<x:legacyDrawing" in sheet and 'x14ac:dyDescent="0.25"' in sheet
    a, b = openpyxl.load_workbook(path), openpyxl.load_workbook(result.path)
    for row in a["甲"].iter_rows():
        for cell in row:
            assert b["甲"][cell.coordinate].value == cell.value
            assert b["甲"][cell.coordinate].number_format == cell.number_format
    assert b["甲"]["B2"].fill.fgColor.rgb == "FFFF7C80" and b["甲"]["B2"].font.b
    assert b["甲"]["E2"].fill.fgColor.rgb == "FFFFC000"
    assert b["甲"]["A5"].fill.fgColor.rgb == "FF9BC2E6"
    assert b["空"]["C3"].fill.fgColor.rgb == "FF9BC2E6" and "Z903" in b["空"]["C3"].comment.text
    assert b.active.title == "审核意见"


def test_one_unreadable_sheet_is_named_and_the_rest_is_marked(source, tmp_path):
    """A sheet the surgery refuses (here: a DTD) keeps its bytes; the finding stays listed."""
    part = part_for_sheet(source, SCORE)
    _rewrite(source, part, lambda x: x.replace("?>", "?><!DOCTYPE worksheet>", 1))
    result = annotate(source, tmp_path / "out", findings_for(source), HEADER)
    assert members(result.path)[part] == members(source)[part]
    assert any(SCORE in w and "DTD" in w for w in result.warnings)
    wb = openpyxl.load_workbook(result.path)
    assert wb[BUDGET]["D6"].fill.fgColor.rgb == "FFFF7C80"
    listed = [r for r in wb.worksheets[0].iter_rows(values_only=True) if r[2] == SCORE]
    assert len(listed) == 2


def test_extension_follows_the_workbook_content_type(source, tmp_path):
    macro = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    _rewrite(source, "[Content_Types].xml", lambda x: re.sub(
        r'(PartName="/xl/workbook.xml" ContentType=")[^"]+', rf"\g<1>{macro}", x))
    path = write_annotated(source, tmp_path / "out", [], HEADER)
    assert path.name == source.stem + ".xlsm"
    assert macro in members(path)["[Content_Types].xml"].decode()


@pytest.mark.parametrize("content", [b"", b"a,b\n1,2\n", b"PK\x03\x04" + b"\x00" * 40,
                                     b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504])
def test_files_that_are_not_workbooks_raise_one_error_type(tmp_path, content):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(annotate_mod.AnnotateError):
        annotate(path, tmp_path / "out", [], HEADER)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_a_number_format_is_added_after_the_workbook_s_own_or_reused():
    from auditor.ooxml.styles import MINIMAL_STYLES, StylesXml

    own = MINIMAL_STYLES.replace("<fonts", '<numFmts count="1"><numFmt numFmtId="170" formatCode="0.0%"/></numFmts><fonts')
    styles = StylesXml(own)
    assert styles.number_format("0.0%") == 170                     # the workbook's own
    assert styles.number_format("0.000%") == 171                   # after every id in use
    assert styles.number_format("0.00%") == 10                     # built in: nothing added
    xml = styles.text()
    assert '<numFmts count="2">' in xml and 'numFmtId="171" formatCode="0.000%"' in xml
    bare = StylesXml(MINIMAL_STYLES)
    assert bare.number_format("0.0%") == 164
    xml = bare.text()
    assert xml.index("<numFmts") < xml.index("<fonts") and '<numFmts count="1">' in xml
