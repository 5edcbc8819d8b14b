"""Discovery never leaves the batch folder, never loops, never opens what is not a regular
file, and names every entry it passed over (S032) in the report and the summary."""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from auditor.batch.run import run_batch
from auditor.cli import main
from auditor.batch.discover import DUPLICATE, LINK_BROKEN, LINK_LOOP, LINK_OUTSIDE, SPECIAL, UNLISTABLE, discover

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
GOOD = SAMPLES / "audit-bureau-2023.xlsx"

needs_links = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")


def _batch(inputs: Path, out: Path):
    result = run_batch(inputs, out, jobs=1)
    report = json.loads((out / "report.json").read_text("utf-8"))
    return result, report


def _skipped(report) -> dict[str, str]:
    return {f["path"]: f["findings"][0]["message"] for f in report["files"]
            if [x["code"] for x in f["findings"]] == ["S032"]}


@needs_links
def test_a_link_out_of_the_folder_is_never_read_copied_or_named(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(GOOD, outside / "机密.xlsx")
    (outside / "机密.txt").write_text("外部报告", "utf-8")
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(GOOD, inputs / "甲局.xlsx")
    (inputs / "乙局.xlsx").symlink_to(outside / "机密.xlsx")
    (inputs / "甲局.txt").symlink_to(outside / "机密.txt")   # a report link out: not paired either
    (inputs / "外部").symlink_to(outside, target_is_directory=True)
    result, report = _batch(inputs, tmp_path / "out")
    assert [a.path for a in result.files if a.status == "checked"] == ["甲局.xlsx"]
    assert set(_skipped(report)) == {"乙局.xlsx", "甲局.txt", "外部"}
    assert report["files"][[f["path"] for f in report["files"]].index("甲局.xlsx")]["report"] is None
    everything = (tmp_path / "out" / "report.json").read_text("utf-8")
    assert str(outside) not in everything and "机密" not in everything
    assert sorted(p.name for p in (tmp_path / "out" / "annotated").iterdir()) == ["甲局.xlsx"]
    ws = openpyxl.load_workbook(tmp_path / "out" / "summary.xlsx").worksheets[0]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "乙局.xlsx" in cells and not any(str(outside) in c or "机密" in c for c in cells)


@needs_links
def test_link_loops_anywhere_are_skipped_and_named(tmp_path):
    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    shutil.copy(GOOD, inputs / "sub" / "甲局.xlsx")
    (inputs / "a.txt").symlink_to(inputs / "b.txt")
    (inputs / "b.txt").symlink_to(inputs / "a.txt")
    (inputs / "sub" / "up").symlink_to(inputs, target_is_directory=True)
    (inputs / "self").symlink_to(inputs / "self")
    found = discover([inputs])
    assert {(s.path.name, s.why) for s in found.skipped} == {
        ("a.txt", LINK_LOOP), ("b.txt", LINK_LOOP), ("up", LINK_LOOP), ("self", LINK_LOOP)}
    result, report = _batch(inputs, tmp_path / "out")
    assert [a.path for a in result.files if a.status == "checked"] == ["sub/甲局.xlsx"]
    assert set(_skipped(report)) == {"a.txt", "b.txt", "sub/up", "self"}


@needs_links
def test_a_link_inside_the_folder_is_read_once(tmp_path):
    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    shutil.copy(GOOD, inputs / "sub" / "甲局.xlsx")
    (inputs / "a_copy.xlsx").symlink_to(inputs / "sub" / "甲局.xlsx")
    (inputs / "a_dir").symlink_to(inputs / "sub", target_is_directory=True)
    (inputs / "gone.xlsx").symlink_to(inputs / "nothing.xlsx")
    found = discover([inputs])
    assert found.workbooks == [inputs / "sub" / "甲局.xlsx"]
    assert {(s.path.name, s.why) for s in found.skipped} == {
        ("a_copy.xlsx", DUPLICATE), ("a_dir", DUPLICATE), ("gone.xlsx", LINK_BROKEN)}


@needs_links
def test_a_link_to_a_folder_inside_is_walked_once(tmp_path):
    inputs = tmp_path / "in"
    (inputs / "z_real").mkdir(parents=True)
    shutil.copy(GOOD, inputs / "z_real" / "甲局.xlsx")
    (inputs / "a_link").symlink_to(inputs / "z_real", target_is_directory=True)
    found = discover([inputs])
    assert found.workbooks == [inputs / "z_real" / "甲局.xlsx"]
    assert [(s.path.name, s.why) for s in found.skipped] == [("a_link", DUPLICATE)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_never_opened_and_is_named(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(GOOD, inputs / "甲局.xlsx")
    os.mkfifo(inputs / "乙局.xlsx")
    os.mkfifo(inputs / "甲局.txt")   # a report of that name that is a FIFO would block the reader
    found = discover([inputs])
    assert {(s.path.name, s.why, s.detail) for s in found.skipped} == {
        ("乙局.xlsx", SPECIAL, "FIFO"), ("甲局.txt", SPECIAL, "FIFO")}
    result, report = _batch(inputs, tmp_path / "out")   # returns: nothing blocked on a FIFO
    assert set(_skipped(report)) == {"乙局.xlsx", "甲局.txt"}
    assert "FIFO" in _skipped(report)["乙局.xlsx"]


def test_a_folder_that_cannot_be_listed_is_named(tmp_path, monkeypatch):
    inputs = tmp_path / "in"
    (inputs / "locked").mkdir(parents=True)
    shutil.copy(GOOD, inputs / "甲局.xlsx")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":  # root reads every folder: the refusal is planted
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([inputs])
    assert [(s.path.name, s.why) for s in found.skipped] == [("locked", UNLISTABLE)]
    result, report = _batch(inputs, tmp_path / "out")
    assert "locked" in _skipped(report) and "Permission denied" in _skipped(report)["locked"]


@needs_links
def test_check_of_a_folder_names_what_it_skipped(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(GOOD, inputs / "甲局.xlsx")
    (inputs / "a.txt").symlink_to(inputs / "b.txt")
    (inputs / "b.txt").symlink_to(inputs / "a.txt")
    run = CliRunner().invoke(main, ["check", str(inputs), "--format", "json", "--lang", "en"])
    assert run.exit_code in (0, 1), run.output
    report = json.loads(run.output)
    skipped = {Path(f["path"]).name: f["findings"][0]["message"] for f in report["files"]
               if f["findings"] and f["findings"][0]["code"] == "S032"}
    assert set(skipped) == {"a.txt", "b.txt"} and "loop" in skipped["a.txt"]


def test_an_ordinary_folder_skips_nothing_and_keeps_its_order(tmp_path):
    inputs = tmp_path / "in"
    (inputs / "b").mkdir(parents=True)
    for name in ("b/x.xlsx", "a.xlsx", "c.xls", "b.xlsx"):
        shutil.copy(GOOD, inputs / name)
    found = discover([inputs])
    assert found.skipped == []
    assert found.workbooks == sorted(found.workbooks) == [inputs / n for n in ("a.xlsx", "b/x.xlsx", "b.xlsx", "c.xls")]


def test_a_document_not_named_as_a_report_is_passed_over_but_named(tmp_path):
    """Alone in the folder, a .docx/.txt/.pdf whose name says neither 自评, 报告 nor 绩效 is taken
    for the folder's notes and not checked; it is named in report.json and on stderr, so that
    a report sent as 农业局2023.docx does not disappear.  Named as a report, or beside its
    workbook, it is checked and not passed over."""
    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    shutil.copy(GOOD, inputs / "甲局.xlsx")
    (inputs / "甲局.txt").write_text("甲局 2023 年度部门整体支出绩效自评报告\n", "utf-8")   # its workbook's report
    (inputs / "乙局2023年度自评报告.txt").write_text("乙局 2023 年度自评报告\n", "utf-8")  # named as one
    (inputs / "sub" / "农业局2023.txt").write_text("农业局 2023 年度自评报告\n", "utf-8")  # not named as one
    (inputs / "填表说明.pdf").write_bytes(b"%PDF-1.4\n")
    found = discover([inputs])
    assert found.passed_over == [inputs / "sub" / "农业局2023.txt", inputs / "填表说明.pdf"]
    assert inputs / "乙局2023年度自评报告.txt" in found.workbooks

    result, report = _batch(inputs, tmp_path / "out")
    assert result.passed_over == report["passed_over"] == ["sub/农业局2023.txt", "填表说明.pdf"]
    assert {Path(f["path"]).name for f in report["files"]} == {"甲局.xlsx", "乙局2023年度自评报告.txt"}

    run = CliRunner().invoke(main, ["batch", str(inputs), "--out", str(tmp_path / "out2")])
    assert run.exit_code == 0, run.output
    assert "以下 2 个文档未检查" in run.output and "sub/农业局2023.txt" in run.output


def test_a_folder_with_every_document_named_passes_nothing_over(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(GOOD, inputs / "甲局.xlsx")
    result, report = _batch(inputs, tmp_path / "out")
    assert result.passed_over == [] and "passed_over" not in report
