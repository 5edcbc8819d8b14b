"""Reading the narrative report: formats, encodings, line numbers, the normalised view, extraction."""
from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from auditor.narrative import ReportUnreadable, decode_text, extract, normalize, read_report

REFERENCE = Path("/work/shared/reference/renhua-2023-self-evaluation-report.txt")

SAMPLE = [
    "2023年决算收入5199.03万元，其中：一般公共预算财政拨款收入决算5199.03万元，占总收入的100%。比年初预算增加1405.64万元，增加37.3%；",
    "2023 年决算支出 5199.03 万元，其中：工资福利支出 4990.28 万元，占总支出的 95.98%。",
    "按照部门整体支出绩效评价指标体系对照打分得出结果为 95 分，等级为“优”。",
]


@pytest.fixture(scope="module")
def reference():
    return read_report(REFERENCE)


# --- the normalised view -----------------------------------------------------------------

@pytest.mark.parametrize("raw, norm", [
    ("2023 年决算支出 5199.03 万元", "2023年决算支出5199.03万元"),
    ("满意度 $\\geq 85\\%$ ，得 1 分", "满意度≥85%,得1分"),
    ("实际支出数 \\leq 预算安排数", "实际支出数≤预算安排数"),
    ("**一是**结合村（社区）", "一是结合村(社区)"),
    ("促进公务员流动的稳定性 and 合理", "促进公务员流动的稳定性和合理"),
    ("等级为“优”，ＡＢ１２３", "等级为优,AB123"),
])
def test_normalize(raw, norm):
    assert normalize(raw) == norm


# --- the reference -----------------------------------------------------------------------

def test_reference_lines_are_the_files_lines(reference):
    assert len(reference.lines) == len(REFERENCE.read_text(encoding="utf-8").splitlines())
    assert reference.lines[151].startswith("2023年决算收入5199.03万元")


def test_sentences_keep_the_original_text_and_their_line(reference):
    sentences = [s for p in reference.paragraphs for s in p.sentences]
    s = next(s for s in sentences if "37.3%" in s.text)
    assert (s.line, s.text, s.norm) == (152, "比年初预算增加1405.64万元，增加37.3%；", "比年初预算增加1405.64万元,增加37.3%;")


def test_a_sentence_broken_at_a_page_end_is_joined(reference):
    para = next(p for p in reference.paragraphs if p.text.startswith("基层党组织建设保障"))
    assert para.line == 186 and para.text.endswith("得1分。")
    assert para.sentences[-1].line == 186
    heading = next(p for p in reference.paragraphs if p.text == "(2) 专项效能")
    assert heading.line == 180  # a heading never swallows the indicator paragraph below it


def test_reference_facts(reference):
    f = extract(reference)
    income = {s.key: s for s in f.income}
    assert income["total"].actual.value == Decimal("5199.03")
    gp = income["general_public"]
    assert (gp.actual.value, gp.share.value) == (Decimal("5199.03"), Decimal("100"))
    # The change sentence names no source: it belongs to the line stated just before it.
    assert (gp.change.direction, gp.change.amount.value, gp.change.rate.value, gp.change.sentence.line) == (
        1, Decimal("1405.64"), Decimal("37.3"), 152)
    gf = income["gov_fund"].change
    assert (gf.direction, gf.amount.value, gf.rate.value, gf.rate_direction) == (-1, Decimal("888.56"), 100, -1)
    assert income["state_capital"].change.last_year  # 比上年决算数: not against the budget
    expense = {s.key: (s.actual.value, s.share and s.share.value) for s in f.expense}
    assert expense == {"total": (Decimal("5199.03"), None), "wages": (Decimal("4990.28"), Decimal("95.98")),
                       "goods_services": (Decimal("174.64"), Decimal("3.36")),
                       "household": (Decimal("34.11"), Decimal("0.66"))}
    assert f.sangong == []
    assert (f.total_score.value, f.grade, f.total_sentence.line) == (95, "优", 260)
    assert [p.line for p in f.problems] == [264]


def test_reference_indicators(reference):
    claims = {c.key: c for c in extract(reference).indicators}
    assert len(claims) == 35
    c = claims["选调生驻村履职考核"]
    assert (c.points.value, c.score.value, [i.value for i in c.items]) == (4, 4, [2, 2])
    assert [i.value for i in claims["基层党组织建设保障"].items] == [1, 2, 1, 1]
    assert claims["两新组织覆盖率"].score is None and claims["两新组织覆盖率"].effective_score.value == 2
    assert claims["采购内控制度建设"].score.value == 0  # 该指标分值 1 分，不得分
    assert claims["三公经费控制情况"].points.value == 1
    assert claims["乡镇五小场所和周转房保障"].score.value == 5


# --- formats and encodings ---------------------------------------------------------------

def test_utf8_with_bom(tmp_path):
    p = tmp_path / "r.txt"
    p.write_bytes("\n".join(SAMPLE).encode("utf-8-sig"))
    r = read_report(p)
    assert r.lines[0].startswith("2023年") and extract(r).total_score.value == 95


def test_gb18030(tmp_path):
    p = tmp_path / "r.txt"
    p.write_bytes("\r\n".join(SAMPLE).encode("gb18030"))
    r = read_report(p)
    assert r.lines == SAMPLE
    assert extract(r).first("income", "general_public").change.rate.value == Decimal("37.3")


def test_decode_prefers_utf8_then_gb18030():
    assert decode_text("增加".encode("utf-8")) == "增加"
    assert decode_text("增加".encode("gb18030")) == "增加"


def test_docx_paragraphs_and_table_cells(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("县级部门整体支出绩效自评报告")
    d.add_paragraph(SAMPLE[0])
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "项目"
    t.cell(0, 1).text = "说明"
    t.cell(1, 0).text = "支出"
    t.cell(1, 1).text = SAMPLE[1]
    d.add_paragraph(SAMPLE[2])
    p = tmp_path / "r.docx"
    d.save(p)
    r = read_report(p)
    assert r.lines == ["县级部门整体支出绩效自评报告", SAMPLE[0], "项目", "说明", "支出", SAMPLE[1], SAMPLE[2]]
    f = extract(r)
    assert f.first("expense_economic", "wages").sentence.line == 6
    assert f.total_sentence.line == 7


def test_docx_merged_cells_are_read_once(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    t = d.add_table(rows=1, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "合并"
    t.cell(0, 2).text = "右"
    p = tmp_path / "r.docx"
    d.save(p)
    assert read_report(p).lines == ["合并", "右"]


def test_docx_tables_are_read_as_tables_beside_the_same_lines(tmp_path):
    """Each cell with its table, row, grid column and the paragraph its text starts at; a
    merged cell in every grid cell it spans; the lines exactly as before."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("基本概况")
    first = d.add_table(rows=1, cols=2)
    first.cell(0, 0).text, first.cell(0, 1).text = "联系人", "周文"
    d.add_paragraph("年度收入情况（万元）")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "机构名称"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "其中"
    t.cell(1, 1).text, t.cell(1, 2).text = "上年结转", "其他"
    t.cell(2, 0).text, t.cell(2, 1).text, t.cell(2, 2).text = "局机关", "1.00", ""
    p = tmp_path / "r.docx"
    d.save(p)
    r = read_report(p)
    assert r.lines == ["基本概况", "联系人", "周文", "年度收入情况（万元）", "机构名称", "其中",
                       "上年结转", "其他", "局机关", "1.00", ""]
    assert [table.number for table in r.tables] == [1, 2]
    grid = [[(c.text, c.row, c.column, c.line) for c in row] for row in r.tables[1].rows]
    assert grid == [[("机构名称", 1, 1, 5), ("其中", 1, 2, 6), ("其中", 1, 3, 6)],
                    [("机构名称", 2, 1, 5), ("上年结转", 2, 2, 7), ("其他", 2, 3, 8)],
                    [("局机关", 3, 1, 9), ("1.00", 3, 2, 10), ("", 3, 3, 11)]]
    assert r.tables[1].line == 5 and r.tables[0].rows[0][1].line == 3


def test_a_txt_report_has_no_tables(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("机构名称 收入合计\n汇总 1.00\n", encoding="utf-8")
    assert read_report(p).tables == []


def test_pdf_with_a_text_layer(tmp_path):
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip("LibreOffice not installed")
    # Only LibreOffice Calc may be present: a one-column CSV prints as a PDF with text.
    src = tmp_path / "r.csv"
    src.write_text("\n".join(SAMPLE), encoding="utf-8")
    try:
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                        "--infilter=CSV:9,34,76", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                       check=True, capture_output=True, timeout=180)
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.skip(f"LibreOffice could not convert: {exc}")
    pdf = tmp_path / "r.pdf"
    if not pdf.exists():
        pytest.skip("LibreOffice made no PDF")
    r = read_report(pdf)
    _skip_without_cjk_font(r)
    f = extract(r)
    assert f.first("expense_economic", "wages").share.value == Decimal("95.98")
    assert f.first("income", "general_public").change.rate.value == Decimal("37.3")
    assert (f.total_score.value, f.grade) == (95, "优")


def _skip_without_cjk_font(report) -> None:
    """Without a CJK font LibreOffice prints the Chinese with a fallback whose text layer
    reads back as repeated characters (2023年年年…): the machine cannot make this PDF, which
    says nothing of the reader, so the test is skipped and says why."""
    text = "".join(normalize(line) for line in report.lines)
    if normalize(SAMPLE[2]) not in text:
        pytest.skip(f"no CJK font on this machine: LibreOffice's PDF text layer reads {text[:24]!r}")


def test_pdf_without_text_is_unreadable(tmp_path):
    from pypdf import PdfWriter
    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    p = tmp_path / "scan.pdf"
    with open(p, "wb") as fh:
        w.write(fh)
    with pytest.raises(ReportUnreadable, match="no text layer"):
        read_report(p)


@pytest.mark.parametrize("name, content, match", [
    ("r.doc", b"\xd0\xcf\x11\xe0", "unsupported report format .doc"),
    ("r.docx", b"not a zip", "cannot open the .docx"),
    ("r.pdf", b"%PDF-broken", "PDF"),
    ("r.txt", b"  \n\n", "holds no text"),
])
def test_unreadable_files(tmp_path, name, content, match):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(ReportUnreadable, match=match):
        read_report(p)


def test_missing_file(tmp_path):
    with pytest.raises(ReportUnreadable, match="not found"):
        read_report(tmp_path / "nope.txt")


def test_unreadable_becomes_a_finding(tmp_path):
    from auditor.forms.department.rules.narrative import unreadable
    p = tmp_path / "scan.doc"
    p.write_bytes(b"x")
    with pytest.raises(ReportUnreadable) as info:
        read_report(p)
    f = unreadable(p, info.value)
    assert (f.code, f.location.file, f.severity.value) == ("N002", str(p), "warning")
    assert ".doc" in f.args["reason"]
