"""Annotation is linear in its findings, bounded in time, and a copy it cannot make is a
finding (S033) and a line on stderr, never an exception."""
from __future__ import annotations

import json
import shutil
import signal
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.api import check
from auditor.batch.copies import annotate_one
from auditor.cli import main
from auditor.findings import Finding, Location, Severity
from auditor.limits import Limits
from auditor.reader.grid import cell_name
from auditor.reporters.annotated.workbook import Header, annotate
from tests.test_hostile_values import rewrite

SAMPLE = Path(__file__).resolve().parent.parent / "sample_workbooks" / "renhua-zuzhibu-2023.xlsx"
HEADER = Header("甲局", 2023, None, None, None, None)


def _findings(n: int, sheet: str = "收支情况") -> list[Finding]:
    return [Finding("B001", Severity.ERROR, Location(str(SAMPLE), sheet, cell_name(1 + i // 40, 1 + i % 40)),
                    related=(Location(str(SAMPLE), sheet, cell_name(2 + i // 40, 1 + i % 40)),))
            for i in range(n)]


def test_thousands_of_findings_on_one_sheet_annotate_in_linear_time(tmp_path):
    # before: 4,000 findings took 34-51 s (each note copied the whole comments part), 16,000
    # several minutes; now about 1.4 s and 7.5 s
    start = time.perf_counter()
    result = annotate(SAMPLE, tmp_path, _findings(4000), HEADER)
    assert time.perf_counter() - start < 20
    with zipfile.ZipFile(result.path) as z:
        comments = [n for n in z.namelist() if "comments" in n]
        notes = sum(z.read(n).decode("utf-8").count("<comment ") for n in comments)
    assert 3900 < notes <= 4000   # one per marked cell (a merged range's cells share its top-left)


def test_a_sheet_of_unclosed_comments_is_skipped_at_once(tmp_path):
    # before: 250,000 unclosed <!-- checked in 0.1 s and then annotated for over 15 minutes
    source = rewrite(SAMPLE, tmp_path / "unclosed.xlsx", "xl/worksheets/sheet2.xml",
                      lambda x: x.replace("</sheetData>", "<!--" * 250_000 + "</sheetData>"))
    report = check(source)
    start = time.perf_counter()
    result = annotate(source, tmp_path / "out", report.findings, HEADER)
    assert time.perf_counter() - start < 10
    assert any("<!--" in w for w in result.warnings)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="the deadline needs SIGALRM here")
def test_annotation_runs_under_the_files_time_limit(tmp_path):
    report = check(SAMPLE)
    report.findings = _findings(4000)
    name, why = annotate_one(report, None, tmp_path, "zh", Limits(max_seconds=0.05))
    assert (name, why) == ("", "over 0.05 s")
    assert not list(tmp_path.iterdir())   # nothing half-written


def test_check_annotate_into_the_source_folder_is_a_finding_not_a_traceback(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "甲局.xlsx")
    before = (tmp_path / "甲局.xlsx").read_bytes()
    run = CliRunner().invoke(main, ["check", str(tmp_path / "甲局.xlsx"), "--annotate", str(tmp_path),
                                    "--format", "json", "--lang", "en"])
    assert run.exit_code in (0, 1) and isinstance(run.exception, SystemExit), run.output
    out = run.stdout
    report = json.loads(out)
    codes = [f["code"] for f in report["files"][0]["findings"]]
    assert "S033" in codes
    assert "source itself" in run.stderr
    assert (tmp_path / "甲局.xlsx").read_bytes() == before
    again = CliRunner().invoke(main, ["check", str(tmp_path / "甲局.xlsx"), "--format", "json"])
    assert again.exit_code == run.exit_code      # the exit code is the findings', as without --annotate


def test_a_damaged_member_copied_as_it_stands_makes_the_copy_rebuilt_whole(tmp_path):
    """A member the copy would carry byte for byte (the theme), its data damaged: copied
    raw, the copy would fail its own CRC check; it is rebuilt from values instead, whole."""
    data = bytearray(SAMPLE.read_bytes())
    with zipfile.ZipFile(SAMPLE) as z:
        info = z.getinfo("xl/theme/theme1.xml")
    local = info.header_offset
    start = local + 30 + int.from_bytes(data[local + 26:local + 28], "little") + \
        int.from_bytes(data[local + 28:local + 30], "little")
    data[start + info.compress_size // 2] ^= 0xFF
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(bytes(data))
    result = annotate(damaged, tmp_path / "out", _findings(3), HEADER)
    with zipfile.ZipFile(result.path) as z:
        assert z.testzip() is None
    assert any("theme1.xml" in w for w in result.warnings)
