"""Every finding says what to do, beside its message: in the text output, the JSON, the
cell comment, the notice and the web page."""
from __future__ import annotations

import io
from pathlib import Path

import docx
from click.testing import CliRunner

from auditor.api import check_file, run_report
from auditor.cli import main
from auditor.codes import REGISTRY
from auditor.reporters import REPORTERS
from auditor.reporters.annotated.findings_sheet import comment_runs
from tests.web_support import PLANTED, csrf, make_app, upload

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
TODO = REGISTRY["B002"].action["zh"]  # B13 of the planted sample: 收入总计 wrong


def test_the_text_output_says_what_to_do():
    out = CliRunner().invoke(main, ["check", str(SAMPLES / "planted-faults-2023.xlsx")]).output
    line = next(x for x in out.splitlines() if "收支情况!B13" in x)
    assert line.endswith("。" + TODO)


def test_the_json_and_the_notice_carry_it():
    report = check_file(SAMPLES / "planted-faults-2023.xlsx")
    buf = io.StringIO()
    REPORTERS["json"]().write(run_report([report]), buf)
    assert f'"action": "{TODO}"' in buf.getvalue()
    out = io.BytesIO()
    REPORTERS["notice"]().write(report, out)
    cells = [c.text for t in docx.Document(io.BytesIO(out.getvalue())).tables for row in t.rows for c in row.cells]
    assert any(TODO in c for c in cells)
    assert not any("B002" in c for c in cells)  # no rule codes in a letter to a department


def test_the_cell_comment_carries_it():
    report = check_file(SAMPLES / "planted-faults-2023.xlsx")
    f = next(f for f in report.findings if f.code == "B002")
    assert TODO in "".join(text for text, _ in comment_runs([f], "zh"))


def test_the_web_page_shows_it(tmp_path):
    app = make_app(tmp_path)
    try:
        client = app.test_client()
        page = client.post("/check", data={"csrf": csrf(client), "workbook": upload(PLANTED)}).get_data(as_text=True)
        assert f'<div class="action">{TODO}</div>' in page
    finally:
        app.extensions["auditor.checker"].close()
