"""``auditor batch``: a folder in, summary.xlsx + report.json + annotated copies out."""
from __future__ import annotations

import json
import os
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from auditor.batch import copies as annotating
from auditor.batch import run as B
from auditor.reporters.safe_output import annotated_names
from auditor.cli import main
from auditor.report import FileReport, Status
from auditor.forms.department.template import write_workbook
from tests.rules.base_data import base_data

HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Two departments (one in a nested folder, named like a formula), a broken file, lock files."""
    root = tmp_path_factory.mktemp("in")
    write_workbook(root / "甲局.xlsx", base_data())
    other = base_data()
    other["cover"].update(department=HOSTILE, code="401998")
    (root / "sub").mkdir()
    write_workbook(root / "sub" / "乙局.xlsx", other)
    (root / "broken.xlsx").write_bytes(b"PK\x03\x04 cut short")
    (root / "~$甲局.xlsx").write_bytes(b"owner")
    (root / ".~lock.甲局.xlsx#").write_bytes(b"owner")
    (root / "notes.txt").write_text("not a workbook", encoding="utf-8")
    return root


def run(folder, out, *args):
    return CliRunner().invoke(main, ["batch", str(folder), "--out", str(out), *args])


def summary_rows(out: Path) -> list[tuple]:
    ws = openpyxl.load_workbook(out / "summary.xlsx")["汇总"]
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


@pytest.fixture(scope="module")
def once(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = run(folder, out, "--jobs", "1", "--strict")
    return out, result


def test_outputs_and_exit_code(once):
    out, result = once
    assert result.exit_code == 1, result.output  # --strict: the broken file is an error
    assert (out / "summary.xlsx").is_file() and (out / "report.json").is_file()
    assert sorted(p.name for p in (out / "annotated").iterdir()) == ["乙局.xlsx", "甲局.xlsx"]
    assert not list(out.rglob(".tmp-*"))


def test_report_json_covers_every_file_with_relative_paths(folder, once):
    out, _ = once
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert [f["path"] for f in report["files"]] == ["broken.xlsx", "sub/乙局.xlsx", "甲局.xlsx"]
    assert report["totals"]["files"] == 3 and report["totals"]["unreadable"] == 1
    assert report["totals"]["errors"] == 1
    text = (out / "report.json").read_text("utf-8")
    assert str(folder) not in text  # also not in messages that name the file (N001)
    for f in report["files"]:
        for finding in f["findings"]:
            assert not (finding["location"]["file"] or "").startswith("/")
    codes = {x["code"] for f in report["files"] for x in f["findings"]}
    assert "D001" in codes  # both departments explain a deduction with the same sentence


def test_summary_rows(once):
    out, _ = once
    rows = summary_rows(out)
    head, body, total = rows[0], rows[1:-1], rows[-1]
    col = {name: i for i, name in enumerate(head)}
    assert head[:2] == ("部门名称", "审核结论")
    # the unreadable file and the one with an error first; the consistent one, sent without
    # its report, is asked for it (N001, a warning)
    assert [r[col["文件"]] for r in body] == ["broken.xlsx", "sub/乙局.xlsx", "甲局.xlsx"]
    broken, yi, jia = body
    assert broken[col["审核结论"]] == "无法审核" and broken[col["主要问题"]]
    assert jia[col["审核结论"]] == "需核实" and jia[col["部门名称"]] == "仁化县测试局"
    assert "自评报告" in jia[col["主要问题"]]
    assert (jia[col["部门编码"]], jia[col["年度"]], jia[col["自评总分"]]) == ("401999", 2023, 97)
    assert jia[col["本年收入合计（决算，万元）"]] == pytest.approx(5199.03)
    assert jia[col["三公经费预算合计（万元）"]] == pytest.approx(7)
    assert jia[col["三公经费决算合计（万元）"]] == pytest.approx(5.7)
    assert total[0].startswith("合计") and total[col["错误"]] == 1


def test_formula_looking_department_stays_text(once):
    out, _ = once
    ws = openpyxl.load_workbook(out / "summary.xlsx")["汇总"]
    head = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[head.index("文件")].value == "sub/乙局.xlsx")
    cell = row[0]
    assert cell.value == HOSTILE and cell.data_type == "s"
    assert cell.hyperlink is None
    link = row[head.index("审核副本")].hyperlink
    assert link is not None and link.target.replace("\\", "/") == "annotated/乙局.xlsx"


def test_deterministic(folder, once, tmp_path):
    out, _ = once
    run(folder, tmp_path, "--jobs", "1")
    assert (tmp_path / "report.json").read_bytes() == (out / "report.json").read_bytes()
    assert summary_rows(tmp_path) == summary_rows(out)


def test_two_jobs_same_as_one(folder, once, tmp_path):
    out, _ = once
    result = run(folder, tmp_path, "--jobs", "2")
    assert result.exit_code == 0  # the batch completed; its findings are in the outputs
    assert (tmp_path / "report.json").read_bytes() == (out / "report.json").read_bytes()
    assert summary_rows(tmp_path) == summary_rows(out)
    assert sorted(p.name for p in (tmp_path / "annotated").iterdir()) == ["乙局.xlsx", "甲局.xlsx"]


def test_no_annotate(folder, tmp_path):
    result = run(folder, tmp_path, "--no-annotate", "--jobs", "1", "--strict")
    assert result.exit_code == 1
    assert not (tmp_path / "annotated").exists()
    assert all(r[20] is None for r in summary_rows(tmp_path)[1:])


def test_clean_folder_exits_zero_and_out_inside_input_is_skipped(tmp_path):
    write_workbook(tmp_path / "甲局.xlsx", base_data())
    out = tmp_path / "output"
    assert run(tmp_path, out, "--jobs", "1").exit_code == 0
    result = run(tmp_path, out, "--jobs", "1")  # the copies in output/ are not inputs now
    assert result.exit_code == 0
    assert json.loads((out / "report.json").read_text("utf-8"))["totals"]["files"] == 1


def test_interrupted_write_leaves_no_temp_files(folder, tmp_path, monkeypatch):
    import auditor.reporters.summary as summary

    def interrupted(fh, *args, **kwargs):
        fh.write(b"PK half a workbook")
        raise KeyboardInterrupt

    monkeypatch.setattr(summary, "write_summary", interrupted)
    with pytest.raises(KeyboardInterrupt):
        B.run_batch(folder, tmp_path, jobs=1)
    assert not list(tmp_path.rglob(".tmp-*")) and not (tmp_path / "summary.xlsx").exists()
    # the CLI says so and exits 130; a rerun then completes
    result = run(folder, tmp_path, "--jobs", "1")
    assert result.exit_code == 130
    monkeypatch.undo()
    assert run(folder, tmp_path, "--jobs", "1").exit_code == 0
    assert (tmp_path / "summary.xlsx").is_file()


def test_stale_temp_files_are_removed(folder, tmp_path):
    (tmp_path / "annotated").mkdir()
    stale = tmp_path / "annotated" / ".tmp-abc.part"
    stale.write_bytes(b"killed mid-write")
    run(folder, tmp_path, "--jobs", "1", "--no-annotate")
    assert not stale.exists()


@pytest.mark.posix("the crash is planted through a monkeypatch that only a forked worker sees")
def test_a_worker_crash_is_one_unreadable_row(folder, tmp_path, monkeypatch, forked_workers):
    import auditor.api as api

    real = api.check_file

    def crashing(path, **kw):
        if Path(path).name == "甲局.xlsx":
            os._exit(3)  # as a native crash would: no exception, no result
        return real(path, **kw)

    monkeypatch.setattr(api, "check_file", crashing)
    result = B.run_batch(folder, tmp_path, jobs=2, annotate=False)
    by_path = {a.path: a for a in result.files}
    assert by_path["甲局.xlsx"].status == "unreadable"
    assert by_path["甲局.xlsx"].findings[0].code == "S029"
    assert by_path["sub/乙局.xlsx"].status == "checked"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="a FIFO stands in for a copy that never ends")
@pytest.mark.parametrize("jobs", [1, 2])
def test_every_copy_is_held_to_its_file_s_deadline(tmp_path, jobs):
    """A copy that never ends (its source a FIFO nobody writes) is stopped at its file's
    deadline, also where no alarm exists (Windows, and the simulated run of CI): there the
    supervisor kills its worker.  The other copy is written."""
    import time

    from auditor.api import check_file
    from auditor.limits import Limits
    from auditor.report.spill import Spilled

    good = tmp_path / "甲局.xlsx"
    write_workbook(good, base_data())
    stuck = tmp_path / "乙局.xlsx"
    os.mkfifo(stuck)
    files = Spilled([check_file(good), FileReport("乙局.xlsx", Status.CHECKED, source=str(stuck))])
    start = time.monotonic()
    written, failed = annotating.Annotating(files, tmp_path / "annotated", jobs, "zh", Limits(max_seconds=1)).collect()
    assert time.monotonic() - start < 30
    assert failed == {"乙局.xlsx": "over 1 s"} and list(written.values()) == ["甲局.xlsx"]


def test_annotated_names_are_unique_and_link_safe():
    files = [FileReport("a/x.xlsx", Status.CHECKED, source="/a/x.xlsx"),
             FileReport("b/X.xlsx", Status.CHECKED, source="/b/X.xlsx"),
             FileReport("c#1.xlsx", Status.CHECKED, source="/c#1.xlsx"),
             FileReport("d.xlsx", Status.UNREADABLE, source="/d.xlsx")]
    assert annotated_names(files) == {"a/x.xlsx": "a__x.xlsx", "b/X.xlsx": "b__X.xlsx", "c#1.xlsx": "c_1.xlsx"}


def test_progress_bar_and_plain_lines():
    import io

    from auditor.batch.progress import Progress

    item = FileReport("a.xlsx", Status.UNREADABLE, source="/a.xlsx")
    bar = io.StringIO()
    p = Progress(bar, "en", bar=True)
    p.start("check", 2)
    p.advance(item)
    p.advance(item)
    p.finish()
    assert "2/2" in bar.getvalue() and "errors 2" in bar.getvalue() and "\r" in bar.getvalue()
    plain = io.StringIO()
    p = Progress(plain, "zh", bar=False)
    p.start("check", 1)
    p.advance(item)
    p.finish()
    assert plain.getvalue() == "[1/1] a.xlsx 无法读取 错误 0\n"


def test_a_rerun_removes_copies_of_files_that_are_gone(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_workbook(folder / "甲局.xlsx", base_data())
    write_workbook(folder / "乙局.xlsx", base_data())
    out = tmp_path / "out"
    run(folder, out, "--jobs", "1")
    assert sorted(p.name for p in (out / "annotated").iterdir()) == ["乙局.xlsx", "甲局.xlsx"]
    (folder / "乙局.xlsx").unlink()
    run(folder, out, "--jobs", "1")
    assert sorted(p.name for p in (out / "annotated").iterdir()) == ["甲局.xlsx"]


@pytest.mark.posix("the failure is planted through a monkeypatch: only this process (--jobs 1, where its alarm "
                   "bounds each copy) and workers forked from it see it; elsewhere the copies are made by "
                   "spawned workers (test_every_copy_is_held_to_its_file_s_deadline covers their failures)")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_copy_that_fails_is_named_in_the_summary_and_not_linked(folder, tmp_path, monkeypatch, jobs, forked_workers):
    """The summary is written while the copies are made, linking each by the name it will
    have; when one then fails, the summary is written again without its link, saying why."""
    import auditor.reporters.annotated.workbook as annotate

    real = annotate.write_annotated

    def failing(source, *args, **kwargs):
        if Path(source).name == "乙局.xlsx":
            raise OSError("disk full")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(annotate, "write_annotated", failing)
    out = tmp_path / "out"
    assert run(folder, out, "--jobs", jobs).exit_code == 3  # an output (the copy) was not written
    ws = openpyxl.load_workbook(out / "summary.xlsx")["汇总"]
    head = [c.value for c in ws[1]]
    rows = {r[head.index("文件")]: (r, links) for r, links in
            ((tuple(c.value for c in row), {c.hyperlink.target.replace("\\", "/") for c in row if c.hyperlink}) for row in ws.iter_rows(2))}
    failed, failed_links = rows["sub/乙局.xlsx"]
    ok, ok_links = rows["甲局.xlsx"]
    assert "disk full" in failed[head.index("说明")] and not failed_links
    assert ok_links == {"annotated/甲局.xlsx"} and not ok[head.index("说明")]
    assert sorted(p.name for p in (out / "annotated").iterdir()) == ["甲局.xlsx"]
