"""Hunan's 自评报告 form as a .docx (scripts/hunan_report_samples.py): the consistent report
passes alone, and the faulty one's planted cells of its 年度收入情况 table are found, alone,
beside a workbook and in a batch."""
from __future__ import annotations

import shutil
from pathlib import Path

from auditor.api import check_file
from auditor.findings import Severity

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
CONSISTENT, FAULTY = SAMPLES / "hunan-自评报告-2023.docx", SAMPLES / "hunan-自评报告-faulty-2023.docx"
# The planted faults (scripts/hunan_report_samples.py FAULTS), as a reviewer finds them:
# (paragraph, the cell in words, 应为, 填报为).
PLANTED = [
    (31, "表2第3行“政府基金拨款”列", "180.00", "190.00"),   # 汇总: the institutions make 180.00
    (35, "表2第4行“收入合计”列", "1442.35", "1452.35"),     # 局机关: its sources make 1442.35
]


def _r012(result) -> list[tuple]:
    return [(f.location.line, str(f.args["place"]), f.expected, f.actual) for f in result.findings if f.code == "R012"]


def test_the_consistent_report_alone_gets_no_error_and_no_warning():
    result = check_file(CONSISTENT)
    assert result.form == "report" and result.status == "checked"
    assert [(f.code, f.location.line) for f in result.findings if f.severity != Severity.INFO] == []


def test_the_faulty_report_alone_gets_exactly_its_planted_cells():
    result = check_file(FAULTY)
    assert _r012(result) == PLANTED
    assert [f.code for f in result.findings if f.severity != Severity.INFO] == ["R012", "R012"]


def test_beside_a_workbook_the_tables_are_checked_too():
    result = check_file(SAMPLES / "audit-bureau-2023.xlsx", report=FAULTY)
    assert result.form == "department" and _r012(result) == PLANTED
    assert all(f.location.file.endswith(FAULTY.name) for f in result.findings if f.code == "R012")


def test_a_batch_takes_them_when_named_as_reports(tmp_path):
    """Alone in a folder a report must say in its name that it is one (batch/discover.py):
    named as a department sends them, the consistent one passes and the faulty one does not."""
    from auditor.batch.run import run_batch

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CONSISTENT, folder / "青湖县农业农村局2023年度自评报告.docx")
    shutil.copy(FAULTY, folder / "青湖县农业农村局2023年度自评报告（初稿）.docx")
    result = run_batch(folder, tmp_path / "out", jobs=1)
    files = {Path(f.path).name: f for f in result.files}
    assert [f.code for f in files["青湖县农业农村局2023年度自评报告.docx"].findings
            if f.severity != Severity.INFO] == []
    assert [f.code for f in files["青湖县农业农村局2023年度自评报告（初稿）.docx"].findings] == ["R012", "R012"]
