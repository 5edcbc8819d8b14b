"""Values no arithmetic or encoding can hold: each is a finding on its file, and the batch
goes on to write strict JSON, a summary and the annotated copies."""
from __future__ import annotations

import io
import json
import zipfile
from xml.etree import ElementTree
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from auditor.batch.run import run_batch
from auditor.report import FileReport, RunReport, Status, execution_rate
from auditor.forms.template_book import emit
from auditor.numbers import parse_number, parse_text
from auditor.forms.department.template import build_book
from tests.rules.base_data import base_data

SAMPLE = Path(__file__).resolve().parent.parent / "sample_workbooks" / "renhua-zuzhibu-2023.xlsx"


def make(path: Path, **cells) -> Path:
    book = build_book(base_data())
    for ref, value in cells.items():
        book.set(ref, value)
    emit(book, path)
    return path


def rewrite(src: Path, dst: Path, part: str, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, change(data.decode("utf-8")).encode("utf-8") if info.filename == part else data)
    return dst


def strict_json(path: Path):
    def refuse(name):
        raise AssertionError(f"{name} is not JSON")
    return json.loads(path.read_text("utf-8"), parse_constant=refuse)


def findings(report, name):
    f = next(f for f in report["files"] if Path(f["path"]).name == name)
    return {(x["code"], x["location"]["sheet"], x["location"]["cell"]) for x in f["findings"]}


def test_a_lone_surrogate_in_a_shared_string_is_kept_escaped_and_the_batch_writes_everything(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    rewrite(SAMPLE, inputs / "surrogate.xlsx", "xl/sharedStrings.xml",
            lambda x: x.replace("中共仁化县委组织部", "中共&#xD800;组织部"))
    make(inputs / "plain.xlsx")
    result = run_batch(inputs, tmp_path / "out", jobs=1)
    assert not result.write_errors
    raw = (tmp_path / "out" / "report.json").read_text("utf-8")
    assert "\\ud800" in raw  # the escape, as JSON writes a character UTF-8 cannot hold
    report = strict_json(tmp_path / "out" / "report.json")
    assert "中共\ud800组织部" in [f["department"] for f in report["files"]]
    summary = openpyxl.load_workbook(tmp_path / "out" / "summary.xlsx")
    assert any("组织部" in str(c.value) for c in summary.worksheets[0]["A"])
    assert set(result.annotated) == {"plain.xlsx", "surrogate.xlsx"}
    # the copy's own parts are well-formed (the source's shared strings are as the source wrote them)
    with zipfile.ZipFile(tmp_path / "out" / "annotated" / "surrogate.xlsx") as z:
        for name in z.namelist():
            if name.endswith(".xml") and name != "xl/sharedStrings.xml":
                ElementTree.fromstring(z.read(name))


@pytest.mark.parametrize("ref, value", [("收支情况!D22", 1e40), ("自评评分表!F37", "9" * 400),
                                        ("自评评分表!F37", 1.7e308)],
                         ids=["total-1e40", "score-400-digits", "score-1.7e308"])
def test_a_number_beyond_any_figure_is_a_finding_at_its_cell(tmp_path, ref, value):
    inputs = tmp_path / "in"
    inputs.mkdir()
    make(inputs / "huge.xlsx", **{ref: value})
    make(inputs / "plain.xlsx")
    result = run_batch(inputs, tmp_path / "out", jobs=1)
    assert not result.write_errors
    report = strict_json(tmp_path / "out" / "report.json")
    sheet, cell = ref.split("!")
    assert ("S005", sheet, cell) in findings(report, "huge.xlsx")
    assert [f["status"] for f in report["files"]] == ["checked", "checked"]
    openpyxl.load_workbook(tmp_path / "out" / "summary.xlsx")


def test_numbers_past_the_bound_read_as_text_and_real_figures_do_not():
    for raw in (1.5e15, -2.5e16, Decimal("1E+40"), 10 ** 20, float("inf")):
        assert not parse_number(raw).is_number, raw
    for text in ("9" * 400, "1" + "0" * 16, "-1000000000000000.5"):
        assert not parse_text(text).is_number, text
    for raw, want in ((1e15, Decimal(10 ** 15)), (5199.03, Decimal("5199.03")),
                      ("51,990,300.00", Decimal("51990300.00")), (0.0, Decimal(0))):
        parsed = parse_number(raw)
        assert parsed.is_number and parsed.number == want, raw


def test_json_is_strict_whatever_the_scores_hold():
    from auditor.reporters.json_report import dumps, report_dict

    r = FileReport("x.xlsx", Status.CHECKED, score_stated=Decimal("1E+400"), score_recomputed=Decimal("9" * 400 + ".5"))
    text = dumps(report_dict(RunReport([r])))
    assert "Infinity" not in text and "NaN" not in text
    score = json.loads(text)["files"][0]["score"]
    assert Decimal(score["stated"]) == Decimal("1E+400")


def test_an_execution_rate_past_a_decimal_is_none_not_an_exception():
    assert execution_rate(Decimal("1E+40"), Decimal("1E-40")) is None
    assert execution_rate(Decimal("4990.28"), Decimal("5199.03")) == Decimal("95.98")


def test_summary_writes_a_number_no_double_holds_as_text(tmp_path):
    from auditor.reporters.summary import write_summary

    r = FileReport("x.xlsx", Status.CHECKED, department="甲", score_stated=Decimal("1E+400"))
    buf = io.BytesIO()
    write_summary(buf, RunReport([r]))
    ws = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).worksheets[0]
    assert "1E+400" in [str(c.value) for c in ws[2]]
