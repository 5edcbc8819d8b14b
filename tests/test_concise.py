"""`check --format concise`: one finding per line, file:sheet!cell: CODE message."""
from __future__ import annotations

import io
import re
from pathlib import Path

from click.testing import CliRunner

from auditor.cli import main
from auditor.findings import Finding, Location, Severity
from auditor.report import FileReport, RunReport, Status
from auditor.reporters import REPORTERS

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
LINE = re.compile(r"^(?P<file>[^:]+)(?::(?P<where>[^:!]+![A-Z]+\d+|\d+))?: (?P<code>[A-Z]\d{3}) \S")


def test_every_finding_is_one_line_naming_its_file_cell_and_code():
    result = CliRunner().invoke(main, ["check", "--format", "concise", str(SAMPLES / "planted-faults-2023.xlsx")])
    lines = result.output.splitlines()
    assert lines and all(LINE.match(line) for line in lines), [x for x in lines if not LINE.match(x)]
    assert f"{SAMPLES / 'planted-faults-2023.xlsx'}:收支情况!B13: B002 " in result.output


def test_a_line_break_in_a_departments_text_stays_on_the_line():
    f = Finding("P007", Severity.ERROR, Location("x.xlsx", "自评评分表", "G22"),
                args={"indicator": "绩效\n管理\x1b[31m", "score": "4", "points": "6"})
    out = io.StringIO()
    REPORTERS["concise"]().write(RunReport([FileReport("x.xlsx", Status.CHECKED, [f])]), out)
    text = out.getvalue()
    assert text.count("\n") == 1 and "\\x0a" in text and "\x1b" not in text
    assert text.startswith("x.xlsx:自评评分表!G22: P007 ")
