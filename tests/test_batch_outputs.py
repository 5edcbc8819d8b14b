"""What batch writes under --out is its own, and only that: nothing when there is nothing
to audit, never another's file, a failed write named with what to do (exit 3)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.forms.department.template import write_workbook
from tests.rules.base_data import base_data

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def run(folder, out, *args):
    return CliRunner().invoke(main, ["batch", str(folder), "--out", str(out), "--jobs", "1", *args],
                              catch_exceptions=False)


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def rows(out: Path) -> dict[str, dict]:
    ws = openpyxl.load_workbook(out / "summary.xlsx")["汇总"]
    head = [c.value for c in ws[1]]
    found = {}
    for row in ws.iter_rows(2):
        values = dict(zip(head, (c.value for c in row)))
        values["links"] = {unquote(c.hyperlink.target.replace("\\", "/")) for c in row if c.hyperlink}
        if values["文件"]:
            found[values["文件"]] = values
    return found


@pytest.fixture
def two(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    write_workbook(folder / "甲局.xlsx", base_data())
    write_workbook(folder / "乙局.xlsx", base_data())
    return folder


def test_an_empty_folder_writes_nothing_and_leaves_the_last_run_as_it_was(two, tmp_path):
    out = tmp_path / "out"
    assert run(two, out).exit_code == 0
    before = snapshot(out)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(empty, out)
    assert result.exit_code == 2 and "未写出任何文件" in result.output
    assert snapshot(out) == before
    assert run(empty, tmp_path / "fresh").exit_code == 2 and not (tmp_path / "fresh").exists()


def test_a_rerun_never_removes_a_file_it_did_not_write(two, tmp_path):
    out = tmp_path / "out"
    run(two, out)
    remarks = out / "annotated" / "甲局-审核意见.xlsx"          # a reviewer's own workbook
    shutil.copy(out / "annotated" / "甲局.xlsx", remarks)
    (two / "乙局.xlsx").unlink()
    run(two, out)
    names = sorted(p.name for p in (out / "annotated").iterdir())
    assert names == ["甲局-审核意见.xlsx", "甲局.xlsx"]            # 乙局's own copy is gone, the remarks stay


def test_a_copy_written_into_since_the_last_run_is_the_reviewers_now(two, tmp_path):
    out = tmp_path / "out"
    run(two, out)
    copy = out / "annotated" / "乙局.xlsx"
    wb = openpyxl.load_workbook(copy)
    wb.active["A1"] = "审核人批注"
    wb.save(copy)
    edited = copy.read_bytes()
    run(two, out)                      # 乙局 still submitted: its new copy must not overwrite the remarks
    assert copy.read_bytes() == edited
    assert rows(out)["乙局.xlsx"]["links"] == {"annotated/乙局 (2).xlsx"}
    (two / "乙局.xlsx").unlink()
    run(two, out)                      # and gone: the remarks are not a stale copy to remove
    assert copy.read_bytes() == edited and not (out / "annotated" / "乙局 (2).xlsx").exists()


def test_same_name_xls_and_xlsx_get_a_copy_each(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "forestry-legacy-2023.xls", folder / "同名.xls")
    shutil.copy(SAMPLES / "audit-bureau-2023.xlsx", folder / "同名.xlsx")
    out = tmp_path / "out"
    assert run(folder, out).exit_code == 0
    links = {name: r["links"] for name, r in rows(out).items()}
    assert links == {"同名.xls": {"annotated/同名_xls.xlsx"}, "同名.xlsx": {"annotated/同名.xlsx"}}
    assert sorted(p.name for p in (out / "annotated").iterdir()) == ["同名.xlsx", "同名_xls.xlsx"]


def test_a_summary_that_cannot_be_replaced_is_named_with_what_to_do(two, tmp_path):
    out = tmp_path / "out"
    run(two, out)
    old_report = (out / "report.json").read_bytes()
    (out / "summary.xlsx").unlink()
    (out / "summary.xlsx").mkdir()   # stands for a summary open in Excel, which Windows will not replace
    write_workbook(two / "丙局.xlsx", base_data())
    result = CliRunner().invoke(main, ["batch", str(two), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 3
    assert "summary.xlsx" in result.output and "Excel/WPS" in result.output and "Traceback" not in result.output
    # everything else is new and whole
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert (out / "report.json").read_bytes() != old_report and len(report["files"]) == 3
    assert sorted(p.name for p in (out / "annotated").iterdir()) == ["丙局.xlsx", "乙局.xlsx", "甲局.xlsx"]
    assert not list(out.rglob(".tmp-*"))


def test_a_replace_windows_refuses_for_a_moment_is_retried(tmp_path, monkeypatch):
    import os

    from auditor.reporters import safe_output

    real, calls = os.replace, []

    def busy_twice(src, dst):
        calls.append(dst)
        if len(calls) <= 2:
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real(src, dst)

    monkeypatch.setattr(safe_output.os, "replace", busy_twice)
    monkeypatch.setattr(safe_output.time, "sleep", lambda s: None)
    target = tmp_path / "summary.xlsx"
    target.write_bytes(b"old")
    safe_output.atomic_write(target, b"new")
    assert target.read_bytes() == b"new" and len(calls) == 3


def test_a_replace_refused_for_good_keeps_the_old_file_whole(tmp_path, monkeypatch):
    from auditor.reporters import safe_output

    def refused(src, dst):
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(safe_output.os, "replace", refused)
    monkeypatch.setattr(safe_output.time, "sleep", lambda s: None)
    target = tmp_path / "summary.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(PermissionError):
        safe_output.atomic_write(target, b"new")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["summary.xlsx"]


def test_files_that_look_like_submissions_but_cannot_be_audited_are_listed(two, tmp_path):
    for name in ("林业局.et", "科协.ods", "档案馆.xlsb", "审计局.csv", "财政局.wps", "民政局.doc"):
        (two / name).write_bytes(b"\xd0\xcf\x11\xe0 not really")
    (two / "甲局.doc").write_bytes(b"the report, beside its workbook")
    (two / "notes.txt").write_text("a reviewer's note", encoding="utf-8")
    out = tmp_path / "out"
    assert run(two, out).exit_code == 0
    found = rows(out)
    listed = {name for name, r in found.items() if name not in ("甲局.xlsx", "乙局.xlsx")}
    assert listed == {"林业局.et", "科协.ods", "档案馆.xlsb", "审计局.csv", "财政局.wps", "民政局.doc"}
    report = {f["path"]: f for f in json.loads((out / "report.json").read_text("utf-8"))["files"]}
    assert [x["code"] for x in report["林业局.et"]["findings"]] == ["S030"]
    assert "另存为" in report["林业局.et"]["findings"][0]["message"]
    assert [x["code"] for x in report["民政局.doc"]["findings"]] == ["S031"]
    assert report["林业局.et"]["status"] == "unreadable"


def test_copies_made_by_workers_carry_the_messages_the_report_gives(tmp_path):
    """With more than one job the copies are made in spawned workers: each finding in a
    copy's 审核意见 sheet reads as in report.json, not as its code and arguments."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("renhua-zuzhibu-2023.xlsx", "renhua-zuzhibu-2023.txt", "project-roads-2022.xlsx"):
        shutil.copy(SAMPLES / name, folder / name)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(out), "--jobs", "2"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (renhua,) = [f for f in json.loads((out / "report.json").read_text("utf-8"))["files"]
                 if f["path"] == "renhua-zuzhibu-2023.xlsx"]
    ws = openpyxl.load_workbook(out / "annotated" / "renhua-zuzhibu-2023.xlsx")["审核意见"]
    shown = {row[1]: row[4] for row in ws.iter_rows(values_only=True) if row[1] in ("B012", "N014", "N012", "N031")}
    assert shown == {f["code"]: f["message"] for f in renhua["findings"]}
    assert "应为 37.05%" in shown["B012"]
