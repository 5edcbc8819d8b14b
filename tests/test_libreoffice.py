"""A second, independent reader: LibreOffice must open the annotated copy and print it.

openpyxl is lenient about package details that other applications reject (a misplaced
element, a dangling relationship); converting to PDF with LibreOffice catches those.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from auditor.reporters.annotated.workbook import annotate

try:        # tests/ as a package, or as a plain directory on sys.path
    from tests.test_annotate import HEADER, build_source, findings_for, test_rules  # noqa: F401 (fixture)
except ImportError:
    from test_annotate import HEADER, build_source, findings_for, test_rules  # noqa: F401 (fixture)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def convert(path: Path, fmt: str, out_dir: Path, profile: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", fmt, "--outdir", str(out_dir), str(path)],
                   check=True, timeout=120, capture_output=True)
    return out_dir / (path.stem + "." + fmt)


@pytest.fixture
def profile(tmp_path) -> Path:
    return tmp_path / "lo-profile"


def _pdf_text(pdf: Path) -> str | None:
    if not shutil.which("pdftotext"):
        return None
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, timeout=60,
                          check=True).stdout.decode("utf-8", "replace")


def test_annotated_copy_converts_to_pdf(tmp_path, profile):
    (tmp_path / "src").mkdir()
    source = build_source(tmp_path / "src" / "仁化县委组织部.xlsx")
    result = annotate(source, tmp_path / "out", findings_for(source), HEADER)
    pdf = convert(result.path, "pdf", tmp_path / "pdf", profile)
    assert pdf.exists() and pdf.stat().st_size > 1000
    assert pdf.read_bytes().startswith(b"%PDF")
    text = _pdf_text(pdf)
    if text is not None:
        # the findings sheet is first, and the source's sheets follow with their values
        assert text.lstrip().startswith("部门整体支出绩效自评 审核意见")
        assert "合计不等于各项之和" in text and "133.25" in text and "履职效能" in text


def test_libreoffice_written_sources_are_annotated_too(tmp_path, profile):
    """A workbook saved by LibreOffice (its own XML dialect: tabSelected="true", many
    explicit defaults) and the legacy .xls it writes."""
    (tmp_path / "src").mkdir()
    source = build_source(tmp_path / "src" / "dept.xlsx")
    lo_xlsx = convert(source, "xlsx", tmp_path / "lo", profile)
    lo_xls = convert(source, "xls", tmp_path / "lo", profile)
    for path in (lo_xlsx, lo_xls):
        result = annotate(path, tmp_path / "out" / path.suffix[1:], findings_for(path), HEADER)
        wb = openpyxl.load_workbook(result.path)
        assert wb.sheetnames[0] == "审核意见" and wb.active.title == "审核意见"
        assert wb["收支情况"]["D6"].fill.fgColor.rgb == "FFFF7C80"
        assert "Z901" in wb["收支情况"]["D6"].comment.text
        pdf = convert(result.path, "pdf", tmp_path / "pdf" / path.suffix[1:], profile)
        assert pdf.exists() and pdf.stat().st_size > 1000


def test_a_package_that_cannot_be_edited_is_rebuilt_from_values_and_says_so(tmp_path, profile):
    """An OpenDocument spreadsheet is a zip too, but not OOXML: the copy is rebuilt from
    its values, and the findings sheet says what was not carried over."""
    (tmp_path / "src").mkdir()
    source = build_source(tmp_path / "src" / "dept.xlsx")
    ods = convert(source, "ods", tmp_path / "lo", profile)
    result = annotate(ods, tmp_path / "out", findings_for(ods), HEADER)
    assert result.path.suffix == ".xlsx"
    assert any("Office Open XML" in w for w in result.warnings)
    wb = openpyxl.load_workbook(result.path)
    assert wb.sheetnames[0] == "审核意见"
    assert wb["收支情况"]["D6"].value == 133.25
    assert wb["收支情况"]["D6"].fill.fgColor.rgb == "FFFF7C80"
    notes = [c.value for row in wb["审核意见"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("重建" in v for v in notes)
