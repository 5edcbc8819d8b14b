"""sample_workbooks/ is reproducible, its planted faults sit where planted-faults.json says,
and the consistent samples really are consistent (checked here with independent arithmetic)."""
from __future__ import annotations

import importlib.util
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_workbooks"
sys.path.insert(0, str(ROOT / "scripts"))

import make_samples  # noqa: E402

HAVE_XLWT = importlib.util.find_spec("xlwt") is not None


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples")
    make_samples.build_all(out)
    return out


def test_rebuilding_gives_the_committed_bytes(rebuilt):
    committed = sorted(p.name for p in SAMPLES.iterdir())
    assert "planted-faults.json" in committed and "renhua-zuzhibu-2023.txt" in committed
    for name in committed:
        if name.endswith(".xls") and not HAVE_XLWT:
            continue
        fresh = rebuilt / name
        assert fresh.is_file(), f"{name} was not regenerated"
        assert fresh.read_bytes() == (SAMPLES / name).read_bytes(), f"{name} differs from a fresh build"


def _faults():
    return json.loads((SAMPLES / "planted-faults.json").read_text(encoding="utf-8"))


def test_planted_faults_are_at_their_cells():
    wb = openpyxl.load_workbook(SAMPLES / "planted-faults-2023.xlsx", data_only=True)
    faults = _faults()
    assert len(faults) >= 27
    assert len({(f["sheet"], f["cell"]) for f in faults}) == len(faults)
    for f in faults:
        value = wb[f["sheet"]][f["cell"]].value
        assert value == f["value"], f
        for ref in f["related"]:
            sheet, cell = ref.split("!")
            assert sheet in wb.sheetnames and wb[sheet][cell].coordinate == cell


def test_planted_values_are_typed_where_a_department_typed_over_a_formula():
    wb = openpyxl.load_workbook(SAMPLES / "planted-faults-2023.xlsx")
    typed = {"收支情况": ["B11", "B13", "C26", "E18", "F6", "G10", "B34", "E3"], "三公经费": ["B7", "C3", "E5"]}
    for sheet, cells in typed.items():
        for cell in cells:
            assert not str(wb[sheet][cell].value).startswith("="), f"{sheet}!{cell}"
    assert str(wb["收支情况"]["E22"].value).startswith("=")   # the lines' 103 is left to the reader to add


def _nums(ws, col, rows):
    return [Decimal(str(ws.cell(row=r, column=col).value or 0)) for r in rows]


CONSISTENT = ["renhua-zuzhibu-2023.xlsx", "audit-bureau-2023.xlsx", "archives-yuan-2023.xlsx"]


@pytest.mark.parametrize("name", CONSISTENT)
def test_consistent_samples_add_up(name):
    wb = openpyxl.load_workbook(SAMPLES / name, data_only=True)
    b = wb["收支情况"]
    for col in (2, 3, 4):
        lines = sum(_nums(b, col, range(3, 11)))
        assert _nums(b, col, [11]) == [lines]
        assert _nums(b, col, [13]) == [lines + _nums(b, col, [12])[0]]
        assert _nums(b, col, [22]) == [sum(_nums(b, col, range(17, 22)))]
    for col in (2, 3):   # 按支出性质: 调整后预算数, 决算数
        basic, personnel, public, project, total, carry, grand = _nums(b, col, range(26, 33))
        assert basic == personnel + public and total == basic + project and grand == total + carry
        assert total == _nums(b, col + 1, [22])[0]                      # = 按经济分类
    assert _nums(b, 3, [32]) == _nums(b, 4, [13])                       # 支出总计 = 收入总计
    s = wb["自评评分表"]
    rows = [r for r in s.iter_rows(min_row=2, values_only=True) if r[2]]
    assert all(0 <= r[5] <= r[3] for r in rows)
    assert sum(r[3] for r in rows) == 100
    total = sum(r[5] for r in rows)
    grade = s.cell(row=s.max_row, column=4).value
    assert grade == ("优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差")
    for r in rows:
        if r[5] < r[3]:
            assert r[6], f"{r[2]} lost points without a reason"


def _plain(text: str) -> str:
    """The report as extracted (spaces between words, LaTeX for ≥ ≤ %) against the plain text."""
    text = text.replace(r"\geq", "≥").replace(r"\leq", "≤").replace(r"\%", "%").replace("$", "")
    text = text.replace("(", "（").replace(")", "）")
    return re.sub(r"\s+", "", text)


def test_renhua_sample_carries_the_reports_figures_and_words():
    report = _plain((SAMPLES / "renhua-zuzhibu-2023.txt").read_text(encoding="utf-8"))
    wb = openpyxl.load_workbook(SAMPLES / "renhua-zuzhibu-2023.xlsx", data_only=True)
    b = wb["收支情况"]
    assert [b["D3"].value, b["B3"].value, b["F3"].value, b["G3"].value] == [5199.03, 3793.39, 1405.64, 37.3]
    assert [b["B4"].value, b["D4"].value, b["F4"].value, b["G4"].value] == [888.56, 0, -888.56, -100]
    assert [b[f"D{r}"].value for r in (17, 18, 19, 22)] == [4990.28, 174.64, 34.11, 5199.03]
    assert [b[f"E{r}"].value for r in (17, 18, 19)] == [95.98, 3.36, 0.66]
    assert [b[f"C{r}"].value for r in (26, 27, 28, 29)] == [5084.39, 5010.12, 74.27, 114.64]
    s3 = wb["三公经费"]
    assert all((s3.cell(row=r, column=3).value or 0) <= (s3.cell(row=r, column=2).value or 0) for r in range(2, 8))
    s = wb["自评评分表"]
    rows = [r for r in s.iter_rows(min_row=2, values_only=True) if r[2]]
    assert len(rows) == 35
    for name, points, _, score, reason in ((r[2], r[3], r[4], r[5], r[6]) for r in rows):
        assert _plain(name) in report, name
        assert _plain(reason) in report, name
        assert f"{name}：" in report or f"{_plain(name)}：" in report
        for stated in re.findall(r"该指标分值(\d+)分", _plain(reason)):
            assert int(stated) == points, name
    assert s.cell(row=s.max_row - 1, column=6).value == 95 and s.cell(row=s.max_row, column=4).value == "优"
    targets = {r[2]: r[3] for r in wb["绩效目标完成情况"].iter_rows(min_row=2, values_only=True)}
    assert targets["公职人员培训年度学分"] == "≥80分" and targets["干部考察次数"] == "≥20次"
    assert targets["部门预算资金支出率"] == "≥90%" and targets["专项资金支出率"] == "≥85%"


def test_archives_sample_is_in_yuan():
    wb = openpyxl.load_workbook(SAMPLES / "archives-yuan-2023.xlsx", data_only=True)
    assert wb["封面"]["B9"].value == "元"
    assert wb["收支情况"]["D11"].value > 1_000_000


def test_drift_sample_drifts():
    wb = openpyxl.load_workbook(SAMPLES / "science-assoc-drift-2023.xlsx")
    assert wb.sheetnames[0] == "基本信息" and "附表说明" in wb.sheetnames
    assert "封面" not in wb.sheetnames and "收支情况" not in wb.sheetnames
    b = wb["1.收支表"]
    texts = {c.value for row in b.iter_rows() for c in row if isinstance(c.value, str)}
    assert "单位：万元" in texts and "1,505.23" in texts and "１５１９．０３" in texts
    assert any(t.endswith("%") for t in texts) and any(t.startswith("（") for t in texts)
    assert {"-", "—"} <= texts and "年初结转和结余" not in texts
    assert any(c.number_format == "0.00%" for row in b.iter_rows() for c in row)
    s = wb["4.自评评分表"]
    labels = {c.value for row in s.iter_rows() for c in row if isinstance(c.value, str)}
    assert "履职效能（46分）" in labels and "小计" in labels


@pytest.mark.skipif(not HAVE_XLWT, reason="xlwt not installed")
def test_legacy_sample_is_an_ole2_xls():
    head = (SAMPLES / "forestry-legacy-2023.xls").read_bytes()[:8]
    assert head == bytes.fromhex("D0CF11E0A1B11AE1")
