"""A narrative report sent alone (issue 27): the reference report's own arithmetic, as .txt,
.docx and PDF; a batch's stray report; the annotated .docx; the web page."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from auditor.api import check_file

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path("/work/shared/reference/renhua-2023-self-evaluation-report.txt")
if not REFERENCE.exists():
    REFERENCE = ROOT / "sample_workbooks" / "renhua-zuzhibu-2023.txt"   # the same report, bundled
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
WRONG_LINE = 152   # 比年初预算增加1405.64万元，增加37.3%


def reference_lines(fixed: bool = False) -> list[str]:
    text = REFERENCE.read_text(encoding="utf-8")
    return (text.replace("增加37.3%", "增加37.05%") if fixed else text).splitlines()


def write(tmp_path: Path, fmt: str, lines: list[str], stem: str = "report") -> Path:
    if fmt == "txt":
        path = tmp_path / f"{stem}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
    from tests.rules.report_harness import write_docx

    docx_path = write_docx(lines, tmp_path / f"{stem}.docx")
    if fmt == "docx":
        return docx_path
    return to_pdf(docx_path, tmp_path)


def to_pdf(path: Path, tmp_path: Path) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / "pdf"
    try:
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                        "pdf", "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=300)
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.skip(f"LibreOffice could not convert: {exc}")
    pdf = out / (path.stem + ".pdf")
    if not pdf.exists():
        pytest.skip("LibreOffice made no PDF")
    return pdf


def problems(result) -> list:
    return [f for f in result.findings if f.severity.value in ("error", "warning")]


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_the_reference_alone_gets_its_37_3_and_nothing_else(tmp_path, fmt):
    result = check_file(write(tmp_path, fmt, reference_lines()))
    assert result.checked and result.form == "report"
    (finding,) = problems(result)
    assert finding.code == "R001" and finding.severity.value == "error"
    assert finding.expected == "37.05%" and finding.actual == "37.3%"
    if fmt == "pdf":   # where the PDF's page and line are: the wrong sentence stands there
        place = str(finding.args["place"])
        assert place.startswith("第") and "页第" in place
    else:              # a .docx a paragraph a line: the same number, said as a paragraph
        assert finding.location.line == WRONG_LINE
        assert str(finding.args["place"]) == (f"第{WRONG_LINE}段" if fmt == "docx" else f"第{WRONG_LINE}行")
    assert "37.3%" in finding.args["sentence"]


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_the_reference_corrected_gets_no_error_and_no_warning(tmp_path, fmt):
    result = check_file(write(tmp_path, fmt, reference_lines(fixed=True)))
    assert result.checked and problems(result) == []
    assert (result.department, result.year, result.score_stated, result.grade_stated) == \
        ("中共仁化县委组织部", 2023, 95, "优")


def test_the_pdf_says_which_page(tmp_path):
    lines = ["部门整体支出绩效自评报告"] + ["（一）部门职能。"] * 60 + \
        ["2023年决算收入5199.03万元，比年初预算增加1405.64万元，增加37.3%。"]
    result = check_file(write(tmp_path, "pdf", lines))
    (finding,) = problems(result)
    page = int(str(finding.args["place"]).split("页")[0][1:])
    assert page >= 2 and finding.location.line > 60


def test_words_against_the_sign_on_a_report_alone(tmp_path):
    path = write(tmp_path, "txt", ["公务接待费决算1.20万元，预算1.50万元，比预算增加0.30万元。"])
    codes = {f.code for f in check_file(path).findings}
    assert "N011" in codes


def test_an_unreadable_report_alone_says_why(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04 not a zip at all")
    result = check_file(path)
    assert not result.checked and {f.code for f in result.findings} <= {"N002", "S021", "S022", "S031"}


def test_check_annotates_a_docx_report_and_libreoffice_opens_it(tmp_path):
    import docx

    from click.testing import CliRunner

    from auditor.cli import main

    source = write(tmp_path, "docx", reference_lines())
    before = source.read_bytes()
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["check", str(source), "--annotate", str(out), "--format", "json"])
    assert r.exit_code == 1, r.output
    copy = out / "report.docx"
    assert source.read_bytes() == before                      # the input never changes
    document = docx.Document(str(copy))
    (comment,) = list(document.comments)
    assert comment.text.startswith("R001") and "37.05%" in comment.text
    marked = document.paragraphs[WRONG_LINE - 1]
    assert any(run.font.highlight_color is not None for run in marked.runs)
    assert all(run.font.highlight_color is None for i, p in enumerate(document.paragraphs) if i != WRONG_LINE - 1
               for run in p.runs)
    # every part but the body, its relations and the content types is the sender's, byte for byte
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(copy) as b:
        edited = {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml", "word/comments.xml"}
        for name in a.namelist():
            if name not in edited:
                assert a.read(name) == b.read(name), name
    text = to_pdf(copy, tmp_path)                            # LibreOffice opens it
    from pypdf import PdfReader
    assert "37.3%" in "".join(p.extract_text() for p in PdfReader(str(text)).pages).replace(" ", "")


def test_a_txt_report_has_no_copy_and_no_s033(tmp_path):
    from click.testing import CliRunner

    from auditor.cli import main

    source = write(tmp_path, "txt", reference_lines())
    r = CliRunner().invoke(main, ["check", str(source), "--annotate", str(tmp_path / "out"), "--format", "json"])
    report = json.loads(r.output)
    assert [f["code"] for f in report["files"][0]["findings"]] == ["R001"]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_batch_takes_a_stray_report_as_a_file_of_its_own(tmp_path):
    from auditor.batch.run import run_batch

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ROOT / "sample_workbooks" / "renhua-zuzhibu-2023.xlsx", folder)
    shutil.copy(ROOT / "sample_workbooks" / "renhua-zuzhibu-2023.txt", folder)   # its workbook's report
    write(folder, "txt", reference_lines(), stem="组织部-报告")
    write(folder, "docx", reference_lines(fixed=True), stem="已更正自评报告")
    (folder / "说明.txt").write_text("请于月底前报送", encoding="utf-8")   # no report: not a row
    result = run_batch(folder, tmp_path / "out", jobs=1)
    files = {Path(f.path).name: f for f in result.files}
    assert set(files) == {"renhua-zuzhibu-2023.xlsx", "组织部-报告.txt", "已更正自评报告.docx"}
    assert [f.code for f in files["组织部-报告.txt"].findings] == ["R001"]
    assert files["已更正自评报告.docx"].findings == [] and files["已更正自评报告.docx"].form == "report"
    assert files["renhua-zuzhibu-2023.xlsx"].report and files["renhua-zuzhibu-2023.xlsx"].form == "department"
    assert not any(f.code in ("S030", "S031") for a in result.files for f in a.findings)
    copies = {p.name for p in (tmp_path / "out" / "annotated").iterdir()}
    assert copies == {"renhua-zuzhibu-2023.xlsx", "已更正自评报告.docx"}      # a .txt has none
    import openpyxl
    book = openpyxl.load_workbook(tmp_path / "out" / "summary.xlsx", read_only=True)
    rows = [[c for c in row if c is not None] for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    assert any("组织部-报告.txt" in map(str, row) and "退回修改" in map(str, row) for row in rows)


def test_the_web_page_takes_a_report_alone(tmp_path):
    from tests.web_support import csrf, make_app, upload

    app = make_app(tmp_path / "data")
    try:
        client = app.test_client()
        report = write(tmp_path, "txt", reference_lines())
        got = client.post("/api/check", data={"report": upload(report)}).get_json()
        (finding,) = got["files"][0]["findings"]
        assert finding["code"] == "R001" and finding["location"]["file"] == report.name
        page = client.post("/check", data={"csrf": csrf(client), "report": upload(report)}).get_data(as_text=True)
        assert "自评报告" in page and "37.05%" in page and "退回修改" in page
        assert str(tmp_path) not in page
        docx_report = write(tmp_path, "docx", reference_lines(), stem="报告")
        r = client.post("/api/check", data={"report": upload(docx_report)})
        link = r.headers.get("Link", "")
        assert link, "a .docx report alone has its annotated copy"
        copy = client.get(link[1:link.index(">")])
        assert copy.status_code == 200 and zipfile.ZipFile(io.BytesIO(copy.data)).read("word/comments.xml")
    finally:
        app.extensions["auditor.checker"].close()


def test_beside_its_workbook_the_report_gets_the_counts_too_and_nothing_new_when_consistent(tmp_path):
    """The R rules no workbook answers (counts, year, department) run beside one; the rest
    are the N rules' there, so the 37.3% stays N014 beside the workbook's own B012."""
    book = tmp_path / "组织部.xlsx"
    shutil.copy(ROOT / "sample_workbooks" / "renhua-zuzhibu-2023.xlsx", book)
    report = write(tmp_path, "txt", reference_lines(), stem="组织部")
    before = {f.code for f in check_file(book, report=report).findings}
    assert not any(c.startswith("R") for c in before) and "N014" in before
    wrong = [line.replace("内设机构 9 个，分别是：1、", "内设机构 10 个，分别是：1、") for line in reference_lines()]
    report = write(tmp_path, "txt", wrong, stem="组织部")
    after = check_file(book, report=report).findings
    assert {f.code for f in after} - before == {"R007"}
    (r007,) = [f for f in after if f.code == "R007"]
    assert r007.location.line == 19 and r007.expected is None


def test_a_docx_findings_place_is_its_paragraph():
    from auditor.report.verdict import place

    assert place({"location": {"file": "报告.docx", "line": 152}}) == "报告第152段"
    assert place({"location": {"file": "报告.txt", "line": 152}}) == "报告第152行"
