"""The reference sample's annotated copy: the 37.3% cell red with its comment, linked, nothing else changed."""
from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl

from auditor.api import check_file, pair_report
from auditor.findings import Severity
from auditor.reporters.annotate import Header, write_annotated
from auditor.reporters.findings_sheet import FILL, PALE

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
