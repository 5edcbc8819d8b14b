"""Mistakes on the command line are refused, and output never dies on the console's encoding."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_workbooks"
CONSISTENT = SAMPLES / "audit-bureau-2023.xlsx"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("command", ["check", "batch"])
def test_an_unknown_code_is_a_usage_error_not_a_clean_pass(tmp_path, command, option):
    target = CONSISTENT if command == "check" else SAMPLES
    extra = ["--out", tmp_path / "out", "--jobs", "1", "--strict"] if command == "batch" else []
    result = run(command, target, option, "NOPE", *extra)
    assert result.exit_code == 2
    assert "NOPE" in result.output and "未发现问题" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_typo_suggests_the_code_it_looks_like():
    result = run("check", CONSISTENT, "--select", "B0l2")
    assert result.exit_code == 2 and "B012" in result.output


def test_known_codes_and_prefixes_still_select():
    for codes in ("B", "P00", "X002", "b012", "S,N"):
        assert run("check", CONSISTENT, "--select", codes).exit_code == 0, codes


def _cli(args, **env):
    return subprocess.run([sys.executable, "-m", "auditor", *map(str, args)], capture_output=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env}, timeout=120)


@pytest.mark.parametrize("encoding", ["gbk", "cp1252"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_output_to_a_narrow_console_never_raises(tmp_path, encoding, lang):
    # 䶮 is outside GBK; the English messages hold U+2212; cp1252 holds no Chinese at all
    book = tmp_path / "䶮水务局.xlsx"
    book.write_bytes((SAMPLES / "planted-faults-2023.xlsx").read_bytes())
    check = _cli(["check", "--lang", lang, book], PYTHONIOENCODING=f"{encoding}:strict")
    assert check.returncode == 1, check.stderr.decode(encoding, "replace")
    assert b"Traceback" not in check.stderr and b"T003" in check.stdout
    batch = _cli(["batch", tmp_path, "--out", tmp_path / "out", "--jobs", "1", "--lang", lang],
                 PYTHONIOENCODING=f"{encoding}:strict")
    assert batch.returncode == 0 and b"Traceback" not in batch.stderr
    assert (tmp_path / "out" / "summary.xlsx").is_file()


def test_no_color_is_honoured(monkeypatch):
    import io

    from auditor import cli

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdout", Tty())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli._reporter("text", "zh").color
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli._reporter("text", "zh").color


def test_checking_a_report_says_to_send_the_workbook_not_to_open_it_in_excel(tmp_path):
    # a .doc nothing reads: the advice is to send the workbook (or the report as .docx)
    report = tmp_path / "林业局自评报告.wps"
    report.write_text("2023年度部门整体支出绩效自评报告", encoding="utf-8")
    result = run("check", report)
    assert result.exit_code == 1 and "S031" in result.output
    assert "自评报告" in result.output and "--report" in result.output and "Excel" not in result.output


def test_checking_a_docx_report_alone_checks_the_report(tmp_path):
    import docx

    report = tmp_path / "林业局自评报告.docx"
    d = docx.Document()
    d.add_paragraph("2023年度部门整体支出绩效自评报告")
    d.save(report)
    result = run("check", report)
    assert result.exit_code == 0 and "S031" not in result.output and "自评报告" in result.output


def test_no_report_names_the_report_it_looked_for_not_the_workbook(tmp_path):
    import json

    book = tmp_path / "审计局.xlsx"
    book.write_bytes(CONSISTENT.read_bytes())
    out = json.loads(run("check", "--format", "json", "--select", "N", book).output)
    (n001,) = out["files"][0]["findings"]
    assert n001["code"] == "N001" and str(tmp_path / "审计局.docx") in n001["message"]


@pytest.mark.parametrize("name, content", [("r.docx", b"not a zip"), ("r.doc", b"\xd0\xcf\x11\xe0")])
def test_an_unreadable_report_given_is_one_finding_in_one_language(tmp_path, name, content):
    import json
    import re

    report = tmp_path / name
    report.write_bytes(content)
    for lang in ("zh", "en"):
        out = json.loads(run("check", "--format", "json", "--lang", lang, "--select", "N", "--report", report,
                             CONSISTENT).output)
        findings = out["files"][0]["findings"]
        assert [f["code"] for f in findings] == ["N002"]
        message = findings[0]["message"]
        if lang == "zh":
            assert not re.search(r"\b(cannot|unsupported|report|save)\b", message), message
        else:
            assert not re.search(r"[\u4e00-\u9fff]", message), message


def test_a_doc_report_beside_its_workbook_says_it_cannot_be_read_not_that_none_was_found(tmp_path):
    import json

    book = tmp_path / "审计局.xlsx"
    book.write_bytes(CONSISTENT.read_bytes())
    (tmp_path / "审计局.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    out = json.loads(run("check", "--format", "json", "--select", "N", book).output)
    assert [f["code"] for f in out["files"][0]["findings"]] == ["N002"]


def test_the_blank_form_is_one_finding_and_no_score(tmp_path):
    import json

    blank = tmp_path / "空白.xlsx"
    assert run("template", "-o", blank).exit_code == 0
    out = json.loads(run("check", "--format", "json", blank).output)
    f = out["files"][0]
    assert [x["code"] for x in f["findings"]] == ["S014"]
    assert f["score"]["stated"] is None and f["score"]["recomputed"] is None
    assert "自评得分 0" not in run("check", blank).output


def test_checking_a_folder_names_what_it_cannot_audit(tmp_path):
    (tmp_path / "审计局.xlsx").write_bytes(CONSISTENT.read_bytes())
    (tmp_path / "林业局.et").write_bytes(b"\xd0\xcf\x11\xe0 not really")
    result = run("check", tmp_path)
    assert result.exit_code == 1 and "林业局.et" in result.output and "S030" in result.output


def test_o_names_the_output_in_every_command_that_writes_one(tmp_path):
    """`-o` is where the output goes in batch (a folder) as in template (a file): a clerk who
    learnt one need not look up the other."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "甲局.xlsx").write_bytes((SAMPLES / "audit-bureau-2023.xlsx").read_bytes())
    run = CliRunner().invoke(main, ["batch", str(folder), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert run.exit_code == 0, run.output
    assert (tmp_path / "out" / "report.json").is_file()
    run = CliRunner().invoke(main, ["template", "-o", str(tmp_path / "blank.xlsx")])
    assert run.exit_code == 0, run.output
    assert (tmp_path / "blank.xlsx").is_file()
