"""The reference sample's annotated copy: the 37.3% cell red with its comment, linked, nothing else changed."""
from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl

from auditor.api import check_file, pair_report
from auditor.findings import Severity
from auditor.reporters.annotated.workbook import Header, write_annotated
from auditor.reporters.annotated.findings_sheet import FILL, PALE

SOURCE = Path(__file__).resolve().parent.parent / "sample_workbooks" / "renhua-zuzhibu-2023.xlsx"


def _annotated(tmp_path):
    result = check_file(SOURCE, report=pair_report(SOURCE))
    header = Header(result.department, result.year, str(result.score_stated), str(result.score_recomputed),
                    result.grade_stated, result.grade_recomputed)
    return write_annotated(SOURCE, tmp_path, result.findings, header, "zh")


def test_the_wrong_rate_is_red_commented_and_linked(tmp_path):
    before = hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    out = _annotated(tmp_path)
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == before
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "审核意见"
    cell = wb["收支情况"]["G3"]
    assert cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb == FILL[Severity.ERROR]
    assert wb["收支情况"]["D3"].fill.fgColor.rgb == PALE[Severity.ERROR]  # 决算数, what it was computed from
    assert cell.comment is not None and "B012" in cell.comment.text and "37.05" in cell.comment.text
    links = [c.hyperlink for row in wb["审核意见"].iter_rows() for c in row if c.hyperlink is not None]
    assert any(link.location and link.location.replace("'", "") == "收支情况!G3" for link in links)


def test_nothing_else_changed_cell_by_cell(tmp_path):
    out = _annotated(tmp_path)
    for data_only in (False, True):  # formulas, then their cached values
        src = openpyxl.load_workbook(SOURCE, data_only=data_only)
        dst = openpyxl.load_workbook(out, data_only=data_only)
        assert dst.sheetnames[1:] == src.sheetnames
        for ws in src.worksheets:
            other = dst[ws.title]
            for row in ws.iter_rows():
                for c in row:
                    assert other[c.coordinate].value == c.value, (ws.title, c.coordinate)
                    assert other[c.coordinate].number_format == c.number_format
            assert other.max_row == ws.max_row and other.max_column == ws.max_column
            assert {str(r) for r in other.merged_cells.ranges} == {str(r) for r in ws.merged_cells.ranges}


def test_findings_sheet_holds_numbers_as_numbers_wraps_and_prints_its_header(tmp_path):
    wb = openpyxl.load_workbook(_annotated(tmp_path))
    ws = wb["审核意见"]
    head = next(r for r in ws.iter_rows() if r[0].value == "级别")
    rows = {r[1].value: r for r in ws.iter_rows(min_row=head[0].row + 1) if r[1].value}
    b012, n014, n012 = rows["B012"], rows["N014"], rows["N012"]
    assert (b012[5].value, b012[6].value) == (37.05, 37.3)                    # not text: no green triangles
    assert (n014[5].value, n014[6].value) == (0.3705, 0.373) and n014[5].number_format == "0.00%"
    assert n014[6].number_format == "0.0%"   # 37.3% as the department wrote it, not 37.30%
    assert n012[5].value == "低于满分 4 分"                                           # what is not a number stays text
    assert ws["C4"].value == 95 and ws["E4"].value == 95                      # the scores too
    message = n012[4]
    assert message.alignment.wrap_text
    lines = -(-sum(2 if ord(ch) > 0x2E80 else 1 for ch in message.value) // (ws.column_dimensions["E"].width - 2))
    assert ws.row_dimensions[message.row].height >= 15 * lines               # tall enough for all of it
    assert ws.print_title_rows == f"${head[0].row}:${head[0].row}"
