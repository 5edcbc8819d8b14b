"""A bureau adds a form without code: ``auditor forms`` lists, exports and checks
descriptions; ``--forms DIR`` registers its own for check, batch and template."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import forms
from auditor.cli import main

HERE = Path(__file__).resolve().parent
SHIPPED = HERE.parent / "auditor/forms/described/descriptions"


def test_forms_lists_every_form_with_its_province():
    out = CliRunner().invoke(main, ["forms"]).output
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert {"department", "project", "guizhou-dept", "chongqing-dept", "jiangxi-unit"} <= set(lines)
    assert "贵州" in lines["guizhou-dept"] and "重庆" in lines["chongqing-dept"] and "广东" in lines["department"]


def test_export_writes_the_description_and_refuses_a_code_form(tmp_path):
    result = CliRunner().invoke(main, ["forms", "--export", "guizhou-dept", "-o", str(tmp_path / "g.toml")])
    assert result.exit_code == 0
    assert (tmp_path / "g.toml").read_text("utf-8") == (SHIPPED / "guizhou-dept.toml").read_text("utf-8")
    refused = CliRunner().invoke(main, ["forms", "--export", "department"])
    assert refused.exit_code == 2 and "不是由描述文件定义的" in refused.output


def test_check_names_each_problem_in_chinese_with_its_line(tmp_path):
    text = (SHIPPED / "chongqing-dept.toml").read_text("utf-8").replace('indicator = "coefficient"', 'indicator = "ratio"')
    bad = tmp_path / "cq.toml"
    bad.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["forms", "--check", str(bad)])
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("indicator ="))
    assert result.exit_code == 1 and f"cq.toml 第{line}行：[scoring] 的 indicator 应为" in result.output
    ok = CliRunner().invoke(main, ["forms", "--check", str(SHIPPED / "chongqing-dept.toml")])
    assert ok.exit_code == 0 and "有效" in ok.output


BLIND = HERE / "blind/cost-2021-project.toml"
# What `forms --check` once passed as valid (tests/blind/FINDINGS.md), each a mistake that
# `check --forms` refused or that left a form loaded and never used: (edit, the line's start,
# the message's words).  The line is the key's, or its table's where the key is left out.
CHECK_REFUSES = [
    (('id = "cost-2021-project"', 'id = "project"'), 'id = "project"', "表式 id“project”已被内置表式使用，请换一个 id"),
    (('narrows = ["project"]', 'narrows = ["projekt"]'), "narrows", "narrows 中的“projekt”不是已知的表式"),
    (('labels = ["经济成本指标", "项目资金", "绩效指标"]\n', ""), "[signs]", "[signs] 须有 labels"),
    (('["满意度指标", 10]', '["满意度指标", 20]'), "level1", "level1 合计 100，加 execution_points 10 为 110，与 total_points 100 不符"),
    (("total_points = 100", "total_points = 95"), "level1", "与 total_points 95 不符"),
    (('id = "cost-2021-project"\n', ""), "[form]", "[form] 的 id 应为"),
    (("[scoring]", "[grid]\nx = 1\n\n[scoring]"), "[grid]", "描述文件中的“grid”未知"),
    (("[[funds.row]]", "[[funds.rows]]"), "[[funds.rows]]", "[funds]中的“rows”未知"),
]


@pytest.mark.parametrize("edit, where, said", CHECK_REFUSES, ids=[c[2][:12] for c in CHECK_REFUSES])
def test_check_refuses_what_check_forms_would_refuse_or_lose_at_its_line(tmp_path, edit, where, said):
    text = BLIND.read_text("utf-8")
    assert edit[0] in text
    text = text.replace(edit[0], edit[1])
    bad = tmp_path / "bad.toml"
    bad.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["forms", "--check", str(bad)])
    assert result.exit_code == 1, result.output
    (said_line,) = [ln for ln in result.output.splitlines() if said in ln]   # one message, no consequential other
    assert len(result.output.splitlines()) == 1, result.output
    line = int(said_line.split("第")[1].split("行")[0])
    assert text.splitlines()[line - 1].startswith(where), (line, said_line)


def test_check_passes_the_blind_description_and_a_narrowing_of_a_described_form(tmp_path):
    ok = CliRunner().invoke(main, ["forms", "--check", str(BLIND)])
    assert ok.exit_code == 0 and "有效" in ok.output
    # a variant of a described form, and fixed 一级 points where the execution points are in a cell
    text = BLIND.read_text("utf-8").replace('narrows = ["project"]', 'narrows = ["national-method"]').replace(
        "execution_points = 10\n", "")
    (tmp_path / "v.toml").write_text(text, "utf-8")
    ok = CliRunner().invoke(main, ["forms", "--check", str(tmp_path / "v.toml")])
    assert ok.exit_code == 0 and "有效" in ok.output, ok.output


def test_check_forms_refuses_a_built_in_id_with_the_same_words(tmp_path, restore):
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "p.toml").write_text(BLIND.read_text("utf-8").replace('id = "cost-2021-project"', 'id = "project"'),
                                   "utf-8")
    result = CliRunner().invoke(main, ["check", "--forms", str(folder), str(tmp_path)])
    assert result.exit_code == 2 and "表式 id“project”已被内置表式使用，请换一个 id" in result.output


def _bureau(tmp_path) -> Path:
    folder = tmp_path / "forms"
    folder.mkdir()
    shutil.copy(HERE / "rules/described/texts.toml", folder / "texts.toml")
    return folder


def test_a_bureaus_own_form_is_checked_in_check_and_batch_and_written_blank(tmp_path, restore):
    folder = _bureau(tmp_path)
    runner = CliRunner()
    blank = tmp_path / "blank.xlsx"
    assert runner.invoke(main, ["template", "--forms", str(folder), "--form", "test-texts",
                                "-o", str(blank)]).exit_code == 0
    result = runner.invoke(main, ["check", "--forms", str(folder), "--form", "test-texts", "--format", "json",
                                  str(blank)])
    (f,) = json.loads(result.output)["files"]
    assert f["form"] == "test-texts" and [x["code"] for x in f["findings"]] == ["S014"]
    # in a batch the workers, fresh processes, register the folder's forms too
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(blank, inbox / "a.xlsx")
    out = tmp_path / "out"
    done = runner.invoke(main, ["batch", str(inbox), "--forms", str(folder), "--form", "test-texts", "--jobs", "2",
                                "--out", str(out), "--no-annotate"])
    assert done.exit_code == 0, done.output
    (f,) = json.loads((out / "report.json").read_text("utf-8"))["files"]
    assert f["form"] == "test-texts" and [x["code"] for x in f["findings"]] == ["S014"]


def test_a_bad_forms_folder_is_a_usage_error_naming_the_line(tmp_path, restore):
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "x.toml").write_text('[form]\nid = "x x"\n', "utf-8")
    result = CliRunner().invoke(main, ["check", "--forms", str(folder), str(tmp_path)])
    assert result.exit_code == 2 and "x.toml" in result.output and "第2行" in result.output


def test_serve_takes_the_forms_folder_of_its_data_directory(tmp_path, restore, monkeypatch):
    from auditor.web import serve as web

    data = tmp_path / "data"
    (data / "forms").mkdir(parents=True)
    shutil.copy(HERE / "rules/described/texts.toml", data / "forms/texts.toml")
    seen = {}
    monkeypatch.setattr(web, "serve", lambda config, host, port: seen.update(form=forms.FORMS.get("test-texts")))
    result = CliRunner().invoke(main, ["serve", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert seen["form"] is not None and str((data / "forms").resolve()) in os.environ["AUDITOR_FORMS"]


def test_the_web_page_checks_a_described_form_and_names_it(tmp_path):
    from tests.web_support import make_app, upload

    app = make_app(tmp_path / "data")
    try:
        client = app.test_client()
        r = client.post("/api/check", data={"workbook": upload(HERE.parent / "sample_workbooks"
                                                                 / "described-guizhou-dept-faulty-2023.xlsx")})
        assert r.status_code == 200
        (f,) = r.get_json()["files"]
        assert f["form"] == "guizhou-dept"
        assert ("F003", "F6") in {(x["code"], x["location"]["cell"]) for x in f["findings"]}
        assert r.headers.get("Link")   # its annotated copy is offered as for any form
    finally:
        app.extensions["auditor.checker"].close()
