"""`auditor check`, `rules` and `template` as a user runs them."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from auditor.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
REFERENCE = SAMPLES / "renhua-zuzhibu-2023.xlsx"
CONSISTENT = SAMPLES / "audit-bureau-2023.xlsx"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_exit_status_is_1_with_errors_0_without_and_2_on_usage_errors(tmp_path):
    assert run("check", REFERENCE).exit_code == 1
    assert run("check", CONSISTENT).exit_code == 0
    assert run("check", tmp_path / "missing.xlsx").exit_code == 2
    assert run("check", "--format", "yaml", CONSISTENT).exit_code == 2
    assert run("check", "--report", SAMPLES / "renhua-zuzhibu-2023.txt", REFERENCE, CONSISTENT).exit_code == 2


def test_text_output_groups_findings_per_file_with_sheet_cell_and_code():
    out = run("check", REFERENCE, CONSISTENT).output
    ref, other = out.index(str(REFERENCE)), out.index(str(CONSISTENT))
    assert ref < out.index("收支情况!G3  错误 B012") < other
    assert "2 个文件，错误 1，" in out


def test_json_follows_schema_version_1():
    report = json.loads(run("check", "--format", "json", REFERENCE).output)
    assert report["version"] == 1 and set(report) == {"version", "files", "totals"}
    f = report["files"][0]
    assert {"path", "status", "department", "year", "score", "findings"} <= set(f)
    assert f["status"] == "checked" and f["department"] == "中共仁化县委组织部" and f["year"] == 2023
    assert f["score"]["stated"] == 95 and f["score"]["recomputed"] == 95 and f["score"]["grade"] == "优"
    b012 = next(x for x in f["findings"] if x["code"] == "B012")
    assert b012["location"] == {"file": str(REFERENCE), "sheet": "收支情况", "cell": "G3", "line": None}
    assert b012["expected"] == "37.05" and b012["actual"] == "37.30" and b012["severity"] == "error"
    assert {"file", "sheet", "cell", "line"} == set(b012["related"][0])
    assert report["totals"]["files"] == 1 and report["totals"]["errors"] == 1


def test_select_ignore_and_language():
    only_p = json.loads(run("check", "--format", "json", "--select", "P,X", REFERENCE).output)
    assert all(x["code"][0] in "PX" for x in only_p["files"][0]["findings"])
    no_b = json.loads(run("check", "--format", "json", "--ignore", "B012", REFERENCE).output)
    assert "B012" not in {x["code"] for x in no_b["files"][0]["findings"]}
    english = run("check", "--lang", "en", REFERENCE).output
    assert "should be 37.05%; it is 37.30%" in english


def test_an_unreadable_file_is_a_status_not_a_traceback(tmp_path):
    bad = tmp_path / "报表.xlsx"
    bad.write_text("项目,决算数\n收入,1\n", encoding="utf-8")
    result = run("check", "--format", "json", bad)
    report = json.loads(result.output)
    assert result.exit_code == 1
    assert report["files"][0]["status"] == "unreadable"
    assert report["files"][0]["findings"][0]["code"] == "S022"


def test_rules_file_replaces_the_years_pack(tmp_path):
    packs = Path(__file__).resolve().parent.parent / "auditor" / "forms" / "department" / "packs"
    pack = max(packs.glob("[0-9][0-9][0-9][0-9].toml"))   # the newest year's
    text = pack.read_text("utf-8").replace('grade = "优"\nmin = 90', 'grade = "优"\nmin = 96')
    custom = tmp_path / "strict.toml"
    custom.write_text(text, "utf-8")
    report = json.loads(run("check", "--format", "json", "--rules", custom, "--select", "P006", REFERENCE).output)
    assert [(x["code"], x["expected"]) for x in report["files"][0]["findings"]] == [("P006", "良")]


def test_a_folder_is_checked_file_by_file_skipping_lock_files(tmp_path):
    shutil.copy(CONSISTENT, tmp_path / "a.xlsx")
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")
    report = json.loads(run("check", "--format", "json", tmp_path).output)
    assert [Path(f["path"]).name for f in report["files"]] == ["a.xlsx"]


def test_template_writes_the_blank_form(tmp_path):
    out = tmp_path / "form.xlsx"
    result = run("template", "--year", "2023", "-o", out)
    assert result.exit_code == 0 and out.is_file()
    checked = json.loads(run("check", "--format", "json", "--select", "S00", out).output)
    located = {"S001", "S002", "S003", "S004", "S005", "S006"}
    assert not [x for x in checked["files"][0]["findings"] if x["code"] in located]


def test_annotate_option_writes_the_copy(tmp_path):
    run("check", "--annotate", tmp_path / "marked", REFERENCE)
    assert (tmp_path / "marked" / REFERENCE.name).is_file()


def test_template_never_overwrites_a_workbook_of_the_same_name(tmp_path):
    out = tmp_path / "表.xlsx"
    out.write_bytes(b"a department's filled-in workbook")
    result = CliRunner().invoke(main, ["template", "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_bytes() == b"a department's filled-in workbook"
    second = tmp_path / "表 (2).xlsx"
    assert second.is_file() and result.stdout.strip() == str(second)
    assert f"{out} 已存在，未覆盖" in result.stderr and "--force" in result.stderr
    third = CliRunner().invoke(main, ["template", "-o", str(out)])
    assert third.stdout.strip() == str(tmp_path / "表 (3).xlsx") and second.is_file()
    forced = CliRunner().invoke(main, ["template", "-o", str(out), "--force"])
    assert forced.exit_code == 0 and forced.stdout.strip() == str(out) and out.read_bytes()[:2] == b"PK"


def test_template_says_when_no_pack_exists_for_the_year(tmp_path):
    for year in (2019, 2025):
        result = CliRunner().invoke(main, ["template", "--year", str(year), "-o", str(tmp_path / f"{year}.xlsx")])
        assert result.exit_code == 0
        assert f"没有 {year} 年的规则包：空白表的标准指标与分值按 2023 年的写出" in result.stderr
    result = CliRunner().invoke(main, ["template", "--year", "2023", "-o", str(tmp_path / "2023.xlsx")])
    assert result.exit_code == 0 and result.stderr == ""


def test_explain_in_chinese_says_what_is_checked_and_what_to_do_in_chinese():
    from click.testing import CliRunner

    from auditor.cli import main

    out = CliRunner().invoke(main, ["explain", "B013", "--lang", "zh"]).output
    assert "检查内容：预算执行率应为" in out and "处理办法：请按" in out and "错误示例：" in out
    assert "错误示例：决算 5199.03、调整后预算 5220.00" in out
    assert "The stated" not in out and "stated as" not in out
