"""A narrative report goes through the workbook's guards: a report too big, or a .docx over
the zip limits, is N002 on the report and the workbook keeps its findings."""
from __future__ import annotations

import shutil
import struct
import zipfile
from pathlib import Path

from auditor.api import check
from auditor.limits import Limits

SAMPLE = Path(__file__).resolve().parent.parent / "sample_workbooks" / "renhua-zuzhibu-2023.xlsx"
REPORT = SAMPLE.with_suffix(".txt")


def _codes(result):
    return {f.code for f in result.findings}


def test_a_report_too_big_is_n002_and_the_workbook_keeps_its_findings(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "甲局.xlsx")
    big = tmp_path / "甲局.txt"
    big.write_bytes(REPORT.read_bytes() * 50)
    own = check(SAMPLE, report=REPORT)
    result = check(tmp_path / "甲局.xlsx", report=big, limits=Limits(max_report_bytes=len(REPORT.read_bytes()) * 10))
    assert result.checked
    n002 = [f for f in result.findings if f.code == "N002"]
    assert n002 and "too large" in n002[0].args["reason"].en
    workbook_codes = {c for c in _codes(own) if not c.startswith("N")}
    assert workbook_codes <= _codes(result)


def test_a_report_of_too_many_characters_is_n002(tmp_path):
    big = tmp_path / "甲局.txt"
    big.write_text("本年收入合计5199.03万元。\n" * 200_000, "utf-8")   # 3.6 million characters
    result = check(SAMPLE, report=big)
    assert result.checked and "N002" in _codes(result)


def _docx_declaring(path: Path, declared: int) -> Path:
    """A small .docx whose document.xml says it inflates to ``declared`` bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>" * 1000)
    data = bytearray(path.read_bytes())
    at = data.rfind(b"word/document.xml")          # its central directory entry's name
    entry = data.rfind(b"PK\x01\x02", 0, at)
    struct.pack_into("<I", data, entry + 24, declared)   # uncompressed size
    path.write_bytes(bytes(data))
    return path


def test_a_docx_declaring_gigabytes_is_refused_before_inflating(tmp_path):
    docx = _docx_declaring(tmp_path / "甲局.docx", 3 << 30)
    result = check(SAMPLE, report=docx)
    assert result.checked
    n002 = [f for f in result.findings if f.code == "N002"]
    assert n002 and "safety limits" in n002[0].args["reason"].en
