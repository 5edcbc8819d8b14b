"""Every output goes through one Reporter interface and its registry; reporters know no rules."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from auditor.api import check, pair_report, run_report
from auditor.cli import main
from auditor.reporters import REPORTERS
from auditor.reporters.base import Reporter, register

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_workbooks" / "audit-bureau-2023.xlsx"


def test_the_built_in_reporters_are_registered_with_what_they_write():
    assert {"text", "json", "summary", "annotated"} <= set(REPORTERS)
    for name, cls in REPORTERS.items():
        assert cls.name == name and cls.writes and issubclass(cls, Reporter)
    assert REPORTERS["annotated"].per_file and REPORTERS["summary"].binary


def test_the_formats_are_listed_without_importing_them_and_as_they_register():
    from auditor.reporters import BUILT_IN, run_formats

    code = ("import sys; from auditor.reporters import REPORTERS, run_formats; run_formats(); REPORTERS['text']; "
            "print(sorted(m for m in sys.modules if m.startswith(('xlsxwriter', 'auditor.reporters.summary', "
            "'auditor.reporters.annotated.workbook'))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    for name, (module, per_file) in BUILT_IN.items():
        assert REPORTERS[name].__module__ == f"auditor.reporters.{module}" and REPORTERS[name].per_file == per_file
    assert set(run_formats()) == {n for n, r in REPORTERS.items() if not r.per_file}


def test_reporters_load_nothing_of_the_rules_or_the_packs():
    code = ("import sys; from auditor.reporters import REPORTERS; "
            "print(sorted(m for m in sys.modules if m.startswith(('auditor.rules', 'auditor.forms.department.packs', 'auditor.api'))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_new_format_is_one_class_and_check_offers_it(tmp_path):
    @register
    class Codes(Reporter):
        name, writes = "codes-only", "one code a line"

        def write(self, report, fh):
            fh.write("".join(f"{f.code}\n" for r in report.files for f in r.findings))

    try:
        result = CliRunner().invoke(main, ["check", "--format", "codes-only", str(SAMPLE)])
        assert result.exit_code == 0, result.output
        # check pairs the sample with its report, as the command does
        assert result.output.split() == [f.code for f in check(SAMPLE, report=pair_report(SAMPLE)).findings]
    finally:
        del REPORTERS["codes-only"]
    assert "codes-only" not in CliRunner().invoke(main, ["check", "--help"]).output


def test_text_reporters_write_to_text_or_binary_files_alike():
    run = run_report([check(SAMPLE)])
    text, raw = io.StringIO(), io.BytesIO()
    REPORTERS["json"]().write(run, text)
    REPORTERS["json"]().write(run, raw)
    assert raw.getvalue().decode("utf-8") == text.getvalue()
    assert json.loads(text.getvalue())["files"][0]["form"] == "department"


def test_the_annotated_copy_from_bytes_alone(tmp_path):
    data = SAMPLE.read_bytes()
    report = check(data, name="upload.xlsx")
    assert report.source is None
    buf = io.BytesIO()
    REPORTERS["annotated"](data=data).write(report, buf)
    saved = REPORTERS["annotated"]().save(check(SAMPLE), tmp_path)
    import openpyxl

    from_bytes = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    from_path = openpyxl.load_workbook(saved)
    assert from_bytes.sheetnames == from_path.sheetnames and from_bytes.sheetnames[0] == "审核意见"


def test_a_file_report_is_small_and_picklable_without_the_located_model():
    import pickle

    from auditor.forms.department.model import Workbook

    report = check(SAMPLE)
    assert report.figures["income.total"] is not None and report.indicators and report.member is not None
    assert not any(isinstance(v, Workbook) for v in vars(report).values())
    assert pickle.loads(pickle.dumps(report)) == report
