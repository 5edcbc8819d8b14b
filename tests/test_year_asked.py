"""--year: the year under review, on check and batch (S017 for a workbook of another year)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from auditor.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def test_check_names_a_workbook_of_another_year():
    sample = str(SAMPLES / "audit-bureau-2023.xlsx")
    asked = CliRunner().invoke(main, ["check", "--year", "2022", sample])
    assert asked.exit_code == 1 and "S017" in asked.output and "2022" in asked.output
    right = CliRunner().invoke(main, ["check", "--year", "2023", sample])
    assert right.exit_code == 0 and "S017" not in right.output


def test_batch_names_a_workbook_of_another_year(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "audit-bureau-2023.xlsx", folder)
    out = tmp_path / "out"
    CliRunner().invoke(main, ["batch", str(folder), "--out", str(out), "--year", "2024", "--no-annotate"])
    (one,) = json.loads((out / "report.json").read_text("utf-8"))["files"]
    assert [f["code"] for f in one["findings"] if f["code"] == "S017"] == ["S017"]
