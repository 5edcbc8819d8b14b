"""The N rules on the reference report (仁化县委组织部 2023) and on variants of its sentences.

The workbook reader is written elsewhere, so workbooks are built by hand here, mirroring
the reference: what the report states, plus the 年初预算 it implies.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from auditor.values import Value
from auditor.forms.department.model import Indicator, Line, Scoring, Table, Workbook
from auditor.narrative import Report, read_report
from auditor.numbers import BLANK, NUMBER, TEXT
from auditor.forms.department.packs import for_year
from auditor.codes import ERROR, REGISTRY, WARNING
from auditor.rules.context import Context
import auditor.forms.department.rules.narrative as narrative  # noqa: F401  (registers the N rules)

REFERENCE = Path("/work/shared/reference/renhua-2023-self-evaluation-report.txt")
WB_PATH = "仁化县委组织部.xlsx"

# (name, points, score) in the order of the report.
OWN = [
    ("整体效能", [("全县干部培训", 3, 3), ("全县干部提拔调整和后备干部培育", 4, 4), ("基层党组织政治领导力", 2, 2),
              ("全县党建带群建示范点", 3, 3), ("丹霞英才计划", 3, 3), ("五站合一党群服务中心建设", 3, 3),
              ("干部人事档案管理", 2, 2), ("部门预算资金支出率", 3, 3)]),
    ("专项效能", [("选调生驻村履职考核", 4, 4), ("乡镇“五小”场所和周转房保障", 5, 5), ("基层党组织建设保障", 5, 5),
              ("两新组织覆盖率", 2, 2), ("正常离任村干部生活保障", 4, 4), ("专项资金支出率", 3, 3)]),
]
REFERENCE_SCORES = {"绩效管理制度执行": 3, "采购内控制度建设": 0, "资产盘点情况": 0}


# --- a hand-built workbook ---------------------------------------------------------------

class Sheet:
    """Hands out cells row by row so every value has a plausible, distinct address."""

    def __init__(self, name: str):
        self.name, self.row = name, 0

    def value(self, col: str, raw, row: int | None = None) -> Value:
        row = row or self.row
        if raw is None:
            return Value(self.name, f"{col}{row}", None, BLANK, file=WB_PATH)
        if isinstance(raw, str) and not raw.replace(".", "").lstrip("-").isdigit():
            return Value(self.name, f"{col}{row}", raw, TEXT, file=WB_PATH)
        d = Decimal(str(raw))
        return Value(self.name, f"{col}{row}", raw, NUMBER, d, max(0, -d.as_tuple().exponent), file=WB_PATH)


def table(key: str, sheet: Sheet, columns: list[str], rows: dict[str, tuple]) -> Table:
    letters = {c: chr(ord("B") + i) for i, c in enumerate(columns)}
    t = Table(key, sheet.name, None, columns=letters)
    for line_key, (label, *values) in rows.items():
        sheet.row += 1
        t.lines[line_key] = Line(line_key, sheet.value("A", label),
                                 {c: sheet.value(letters[c], v) for c, v in zip(columns, values)})
    return t


def scoring(scores: dict[str, int] | None = None, total=95, grade="优") -> Scoring:
    scores = {**REFERENCE_SCORES, **(scores or {})}
    sheet = Sheet("自评评分表")
    roots = []
    standard = {}
    for ind in for_year(2023).standard_indicators():
        standard.setdefault(ind.level1, {}).setdefault(ind.level2, []).append((ind.name, ind.points, ind.points))
    tree = {"履职效能": dict(OWN), **standard}
    for level1, groups in tree.items():
        sheet.row += 1
        top = Indicator(1, level1, sheet.value("A", level1))
        for level2, items in groups.items():
            mid = Indicator(2, level2, sheet.value("B", level2), parent=top)
            for name, points, score in items:
                sheet.row += 1
                leaf = Indicator(3, name, sheet.value("C", name), parent=mid,
                                 points=sheet.value("D", points), score=sheet.value("F", scores.get(name, score)))
                mid.children.append(leaf)
            top.children.append(mid)
        roots.append(top)
    sheet.row += 1
    return Scoring(sheet.name, roots, total_points=sheet.value("D", 100), total_score=sheet.value("F", total),
                   grade=sheet.value("B", grade, sheet.row + 1))


def workbook(unit: str = "万元", *, income=None, economic=None, sangong=None, **score_kw) -> Workbook:
    k = Decimal(10000) if unit == "元" else Decimal(1)

    def u(x):
        return None if x is None else str((Decimal(str(x)) * k).quantize(Decimal("0.01")))

    sheet = Sheet("收支情况")
    income = income or {
        "general_public": ("一般公共预算财政拨款收入", 3793.39, 5199.03, 5199.03, 100, 1405.64, 37.05),
        "gov_fund": ("政府性基金预算财政拨款收入", 888.56, 0, 0, 0, -888.56, -100),
        "total": ("本年收入合计", 4681.95, 5199.03, 5199.03, 100, 517.08, 11.04),
        "grand_total": ("收入总计", 4681.95, 5199.03, 5199.03, None, None, None),
    }
    cols = ["budget_initial", "budget_adjusted", "actual", "share", "change", "change_rate"]
    inc = table("income", sheet, cols, {key: (label, u(a), u(b), u(c), s, u(d), r)
                                        for key, (label, a, b, c, s, d, r) in income.items()})
    economic = economic or {
        "wages": ("工资福利支出", 3600.00, 4990.28, 4990.28, 95.98),
        "goods_services": ("商品和服务支出", 1050.00, 174.64, 174.64, 3.36),
        "household": ("对个人和家庭的补助", 31.95, 34.11, 34.11, 0.66),
        "total": ("本年支出合计", 4681.95, 5199.03, 5199.03, 100),
    }
    eco = table("expense_economic", sheet, ["budget_initial", "budget_adjusted", "actual", "share"],
                {key: (label, u(a), u(b), u(c), s) for key, (label, a, b, c, s) in economic.items()})
    sg = None
    if sangong is not None:
        sg = table("sangong", Sheet("三公经费"), ["budget", "actual", "change", "rate"],
                   {key: (label, u(b), u(a), u(a - b), None) for key, (label, b, a) in sangong.items()})
    return Workbook(WB_PATH, unit=unit, income=inc, expense_economic=eco, sangong=sg,
                    scoring=scoring(**score_kw))


# --- running the rules -------------------------------------------------------------------

def report_of(tmp_path, text: str, name="报告.txt") -> Report:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return read_report(p)


def run(wb: Workbook, report: Report | None, codes=None):
    ctx = Context(wb=wb, pack=for_year(2023), report=report)
    codes = codes or sorted(c for c in REGISTRY if c.startswith("N"))
    return [f for c in codes for f in REGISTRY[c].check(ctx)]


def codes(findings):
    return sorted(f.code for f in findings)


@pytest.fixture(scope="module")
def reference():
    return read_report(REFERENCE)


# --- the reference ----------------------------------------------------------------------

def test_reference_only_error_is_the_37_3_percent(reference):
    findings = run(workbook(), reference)
    errors = [f for f in findings if f.severity == ERROR]
    assert [(f.code, f.location.line) for f in errors] == [("N008", 152)]
    f = errors[0]
    assert f.location.file == str(REFERENCE)
    assert f.args["sentence"] == "比年初预算增加1405.64万元，增加37.3%；"
    assert f.args["computed"] == "37.05%" and f.actual == "37.3%"
    # The warnings the report deserves: 年中追加 admitted, 预算编制约束性 at full marks; and its
    # 部门整体支出绩效目标 are its 部门职能 copied word for word (N031).
    warnings = [f for f in findings if f.severity == WARNING]
    assert [(f.code, f.location.line, f.args.get("indicator")) for f in warnings] == [
        ("N012", 264, "预算编制约束性"), ("N031", 127, None)]
    assert [f.code for f in findings if f.severity not in (ERROR, WARNING)] == []


def test_reference_in_yuan_is_the_same(reference):
    assert codes(run(workbook("元"), reference)) == ["N008", "N012", "N031"]


def test_no_report_is_one_info_at_the_workbook():
    findings = run(workbook(), None)
    assert len(findings) == 1
    f = findings[0]
    assert (f.code, f.location.file, f.location.line) == ("N001", WB_PATH, None)


def test_missing_parts_of_the_workbook_do_not_crash(reference):
    # With nothing to compare against, only what the report shows about itself remains.
    bare = Workbook(WB_PATH)
    assert codes(run(bare, reference)) == ["N008", "N012", "N031"]
    partial = workbook()
    partial.income.lines.pop("general_public")
    partial.income.lines["total"].values.pop("actual")
    partial.scoring.total_score = None
    partial.scoring.grade = Sheet("x").value("B", None, 1)
    # general_public deleted from the table counts as zero: the report's 5199.03 differs.
    assert "N003" in codes(run(partial, reference))


# --- N003 income ----------------------------------------------------------------------

INCOME = ("2023年决算收入5199.03万元，其中：一般公共预算财政拨款收入决算5199.03万元，占总收入的100%。"
          "比年初预算增加1405.64万元，增加37.05%；政府性基金预算财政拨款收入0万元，比年初预算数减少888.56万元，下降100%；")


def test_income_matching_passes(tmp_path):
    assert codes(run(workbook(), report_of(tmp_path, INCOME))) == []


def test_income_source_differs(tmp_path):
    text = INCOME.replace("拨款收入决算5199.03", "拨款收入决算5099.03")
    found = run(workbook(), report_of(tmp_path, text), ["N003"])
    assert [(f.code, f.args["item"], f.args["stated"], f.args["wb_value"]) for f in found] == [
        ("N003", "一般公共预算财政拨款收入决算数", "5099.03万元", "5199.03万元")]
    assert found[0].related[0].cell == "D1" and found[0].location.line == 1


def test_income_total_differs_and_change_size_differs(tmp_path):
    text = INCOME.replace("决算收入5199.03", "决算收入5200.03").replace("减少888.56", "减少880.56")
    found = run(workbook(), report_of(tmp_path, text), ["N003"])
    assert sorted(f.args["item"] for f in found) == ["政府性基金预算财政拨款收入增减额", "本年收入合计决算数"]


def test_income_total_may_mean_grand_total(tmp_path):
    inc = {"general_public": ("一般公共预算", 3793.39, 5199.03, 5000.00, 100, 1206.61, 31.81),
           "total": ("本年收入合计", 3793.39, 5199.03, 5000.00, 100, 1206.61, 31.81),
           "carryover": ("年初结转和结余", 0, 199.03, 199.03, None, None, None),
           "grand_total": ("收入总计", 3793.39, 5398.06, 5199.03, None, None, None)}
    found = run(workbook(income=inc), report_of(tmp_path, "2023年决算收入5199.03万元。"), ["N003"])
    assert found == []


# --- N004 expenditure ------------------------------------------------------------------

EXPENSE = ("2023 年决算支出 5199.03 万元，其中：工资福利支出 4990.28 万元，占总支出的 95.98%；"
           "商品和服务支出 174.64 万元，占总支出的 3.36%；对个人和家庭的补助 34.11 万元，占总支出的 0.66%。")


def test_expense_matching_passes(tmp_path):
    assert codes(run(workbook(), report_of(tmp_path, EXPENSE))) == []


def test_expense_class_differs(tmp_path):
    text = EXPENSE.replace("174.64 万元，占总支出的 3.36%", "147.64 万元，占总支出的 2.84%")
    found = run(workbook(), report_of(tmp_path, text))
    assert codes(found) == ["N004"]
    assert found[0].args["item"] == "商品和服务支出决算数" and found[0].expected == "174.64万元"


def test_share_without_amount_is_judged_against_the_workbook(tmp_path):
    found = run(workbook(), report_of(tmp_path, "2023年工资福利支出占总支出的96.5%。"))
    assert codes(found) == ["N004"]
    assert found[0].args["wb_value"] == "95.98%"
    assert run(workbook(), report_of(tmp_path, "2023年工资福利支出占总支出的95.98%。")) == []


# --- N005 三公 ----------------------------------------------------------------------------

SANGONG = {"abroad": ("因公出国（境）费", 0, 0), "vehicles": ("公务用车购置及运行维护费", 6.00, 5.40),
           "reception": ("公务接待费", 1.50, 1.20), "total": ("合计", 7.50, 6.60)}


def test_sangong_matching_passes(tmp_path):
    text = ("2023年“三公”经费支出6.60万元，比预算减少0.90万元，下降12%。其中：因公出国（境）费0万元，与预算持平；"
            "公务用车购置及运行维护费5.40万元，比预算减少0.60万元，下降10%；公务接待费1.20万元，比预算减少0.30万元，下降20%。")
    assert codes(run(workbook(sangong=SANGONG), report_of(tmp_path, text))) == []


def test_sangong_item_differs(tmp_path):
    text = "公务接待费1.80万元，比预算增加0.30万元。"
    found = run(workbook(sangong=SANGONG), report_of(tmp_path, text))
    assert "N005" in codes(found)
    f = next(f for f in found if f.code == "N005")
    assert f.args["item"] == "公务接待费决算数" and f.args["wb_value"] == "1.20万元"


# --- N006 / N013 indicators ---------------------------------------------------------------

def test_indicator_score_and_points_differ(tmp_path):
    text = "绩效管理制度执行：未评价部门整体预算绩效目标，该指标分值 5 分，自评得分 4 分。"
    found = run(workbook(), report_of(tmp_path, text), ["N006"])
    assert sorted((f.args["what"], f.args["stated"], f.args["wb_value"]) for f in found) == [
        ("分值", Decimal(5), Decimal(6)), ("自评得分", Decimal(4), Decimal(3))]
    assert all(f.related[0].sheet == "自评评分表" for f in found)


def test_indicator_names_match_across_quotes_and_spaces(tmp_path):
    text = '"三公" 经费控制情况：实际支出数 ≤ 预算安排数，该指标分值1分，自评得分1分。'
    assert run(workbook(), report_of(tmp_path, text), ["N006", "N013"]) == []
    found = run(workbook(scores={'"三公"经费控制情况': 0}), report_of(tmp_path, text), ["N006"])
    assert [f.args["indicator"] for f in found] == ['"三公"经费控制情况']


def test_indicator_score_from_items_when_not_restated(tmp_path):
    text = "两新组织覆盖率：完成2023年度新增两新组织党组织建设计划，得1分。"
    found = run(workbook(), report_of(tmp_path, text), ["N006"])
    assert [(f.args["stated"], f.args["wb_value"]) for f in found] == [(Decimal(1), Decimal(2))]


def test_indicator_unknown_to_the_workbook(tmp_path):
    text = "党员发展计划完成率：完成年度计划，该指标分值2分，自评得分2分。"
    found = run(workbook(), report_of(tmp_path, text))
    assert codes(found) == ["N013"]
    assert found[0].severity.value == "info"


# --- N007 total and grade ---------------------------------------------------------------

CONCLUSION = "按照部门整体支出绩效评价指标体系对照打分得出结果为 95 分，等级为“优”。"


def test_total_and_grade_match(tmp_path):
    assert run(workbook(), report_of(tmp_path, CONCLUSION)) == []


def test_total_and_grade_differ(tmp_path):
    found = run(workbook(total=88, grade="良"), report_of(tmp_path, CONCLUSION), ["N007"])
    assert sorted((f.args["what"], str(f.args["stated"]), str(f.args["wb_value"])) for f in found) == [
        ("总分", "95", "88"), ("等级", "优", "良")]


# --- N008 / N009 the report's own arithmetic ------------------------------------------------

def test_own_rate_wrong_without_workbook_budget(tmp_path):
    text = "一般公共预算财政拨款收入决算5199.03万元。比年初预算增加1405.64万元，增加37.3%；"
    found = run(Workbook(WB_PATH), report_of(tmp_path, text))
    assert codes(found) == ["N008"]
    assert found[0].args["computed"] == "37.05%"


def test_own_share_wrong(tmp_path):
    text = "2023年决算支出5678.00万元，其中：工资福利支出1234.00万元，占总支出的21.74%。"
    found = run(Workbook(WB_PATH), report_of(tmp_path, text))
    assert codes(found) == ["N008"] and found[0].args["computed"] == "21.73%"


def test_own_share_truncated(tmp_path):
    # 5084.60 ÷ 5199.03 = 97.799…%: rounding gives 97.80, cutting off 97.79.
    text = "2023年决算支出5199.03万元，其中：工资福利支出5084.60万元，占总支出的97.79%。"
    found = run(Workbook(WB_PATH), report_of(tmp_path, text))
    assert codes(found) == ["N009"] and found[0].severity == WARNING


def test_rounding_that_the_inputs_allow_is_not_a_finding(tmp_path):
    text = ("2023年决算支出5199.03万元，其中：工资福利支出5084.39万元，占总支出的97.80%；"
            "商品和服务支出114.64万元，占总支出的2.20%。")
    assert run(Workbook(WB_PATH), report_of(tmp_path, text)) == []


# --- N010 itemised points -----------------------------------------------------------------

ITEMS = ("选调生驻村履职考核：该指标分值 4 分，自评得分 4 分，得分原因是 15 名下派选调生驻村履职考核通过率 100%，"
         "得 2 分；15 名驻村选调生调研国情报告完成率 100%，得 {n} 分。")


def test_items_add_up(tmp_path):
    assert run(workbook(), report_of(tmp_path, ITEMS.format(n=2))) == []


def test_items_do_not_add_up(tmp_path):
    found = run(workbook(), report_of(tmp_path, ITEMS.format(n=1)))
    assert codes(found) == ["N010"] and found[0].args["items_total"] == Decimal(3)


# --- N011 words against numbers -------------------------------------------------------------

def test_flat_word_where_the_amounts_differ(tmp_path):
    found = run(workbook(sangong=SANGONG), report_of(tmp_path, "公务接待费1.20万元，与预算持平。"))
    assert codes(found) == ["N011"] and found[0].args["word"] == "持平"


def test_decrease_word_where_it_rose(tmp_path):
    text = "一般公共预算财政拨款收入决算5199.03万元，比年初预算减少1405.64万元，下降37.05%。"
    found = run(workbook(), report_of(tmp_path, text))
    assert codes(found) == ["N011"] and found[0].args["word"] == "减少"


def test_words_from_the_report_alone(tmp_path):
    text = "公务接待费预算1.50万元，决算1.80万元，比预算减少0.30万元。"
    assert codes(run(Workbook(WB_PATH), report_of(tmp_path, text))) == ["N011"]
    fixed = text.replace("减少", "增加")
    assert run(Workbook(WB_PATH), report_of(tmp_path, fixed)) == []


def test_rate_word_contradicts_amount_word(tmp_path):
    text = "一般公共预算财政拨款收入决算5199.03万元，比年初预算增加1405.64万元，下降37.05%。"
    assert codes(run(Workbook(WB_PATH), report_of(tmp_path, text))) == ["N011"]


# --- N012 admissions ---------------------------------------------------------------------

PROBLEMS = "三、存在问题及改进意见。\n\n一年来，{}\n\n改进意见：避免年中追加，科学合理编制预算。\n"


def test_admission_with_full_marks_warns(tmp_path):
    report = report_of(tmp_path, PROBLEMS.format("由于年初部门预算载量限制，导致年中追加项目预算资金。"))
    found = run(workbook(), report)
    assert codes(found) == ["N012"] and found[0].location.line == 3


def test_admission_with_marks_taken_off_is_fine(tmp_path):
    report = report_of(tmp_path, PROBLEMS.format("由于年初部门预算载量限制，导致年中追加项目预算资金。"))
    assert run(workbook(scores={"预算编制约束性": 3}), report) == []


def test_admission_of_something_not_done_finds_its_indicator(tmp_path):
    report = report_of(tmp_path, PROBLEMS.format("本年度未进行资产盘点。"))
    assert run(workbook(), report) == []  # 资产盘点情况 already at 0
    found = run(workbook(scores={"资产盘点情况": 1}), report)
    assert codes(found) == ["N012"] and found[0].args["indicator"] == "资产盘点情况"


def test_improvement_advice_is_not_an_admission(tmp_path):
    report = report_of(tmp_path, PROBLEMS.format("预算执行总体良好。"))
    assert run(workbook(), report) == []


def test_a_denied_fault_is_not_an_admission(tmp_path):
    report = report_of(tmp_path, PROBLEMS.format("本年度预算执行中不存在年中追加情况。"))
    assert run(workbook(), report) == []


# --- declarations ------------------------------------------------------------------------

def test_n_rules_are_declared_in_both_languages(reference):
    from auditor.codes import render
    rules = [REGISTRY[c] for c in sorted(REGISTRY) if c.startswith("N")]
    assert [r.code for r in rules] == [f"N{i:03d}" for i in (*range(1, 22), *range(30, 36))]
    for r in rules:
        assert r.placeholders("zh") == r.placeholders("en"), r.code
        assert "Bad" in r.doc() and "Good" in r.doc(), r.code
    f = next(f for f in run(workbook(), reference) if f.code == "N008")
    assert render(f, "zh") == ("报告第152行的一般公共预算财政拨款收入比年初预算增减率为37.3%，"
                               "按报告自身的数字应为37.05%：“比年初预算增加1405.64万元，增加37.3%；”")
    assert "{" not in render(f, "en")


def test_a_wrong_figure_typed_in_both_places_is_one_error(reference):
    """The workbook's 增减率 cell says 37.3 too: B012 carries the error, N014 points at the sentence."""
    income = {
        "general_public": ("一般公共预算财政拨款收入", 3793.39, 5199.03, 5199.03, 100, 1405.64, 37.3),
        "total": ("本年收入合计", 3793.39, 5199.03, 5199.03, 100, 1405.64, 37.05),
        "grand_total": ("收入总计", 3793.39, 5199.03, 5199.03, None, None, None),
    }
    found = run(workbook(income=income), reference)
    assert [f.line if hasattr(f, "line") else f.location.line for f in found if f.code == "N014"] == [152]
    assert not [f for f in found if f.code == "N008"]


def test_a_workbook_without_report_is_checked_without_loading_the_report_modules():
    """The report's patterns cost ~18 ms to compile; a check without a report skips them,
    and a check with one loads them when its rules first ask.  (No time limit: so that the
    check runs in this process even where its deadline would need a worker of its own.)"""
    import subprocess
    import sys

    code = (
        "import sys, types\n"
        "from auditor.api import check_file as _check\n"
        "from auditor.guards import Limits\n"
        "def check_file(*args, **kw):\n"
        "    return _check(*args, limits=Limits(max_seconds=0), **kw)\n"
        "def loaded():\n"
        "    return sorted(m for m, mod in sys.modules.items() if m.startswith('auditor.narrative.')\n"
        "                  and type(mod) is types.ModuleType)\n"
        "r = check_file(sys.argv[1])\n"
        "print(r.status, loaded())\n"
        "r = check_file(sys.argv[1], report=sys.argv[2])\n"
        "print(r.status, loaded(), sorted({f.code for f in r.findings if f.code.startswith('N')}))\n"
    )
    root = Path(__file__).resolve().parent.parent / "sample_workbooks"
    out = subprocess.run([sys.executable, "-c", code, str(root / "renhua-zuzhibu-2023.xlsx"),
                          str(root / "renhua-zuzhibu-2023.txt")], capture_output=True, text=True, check=True,
                         cwd=root.parent).stdout.splitlines()
    assert out[0] == "checked []"
    status, rest = out[1].split(" ", 1)
    assert status == "checked"
    assert "'auditor.narrative.compare'" in rest and "'auditor.narrative.extract'" in rest
    assert "N014" in rest  # the report was compared: it repeats the workbook's wrong 37.3


# --- where a finding says it is: a .txt's lines, a .docx's paragraphs ------------------------

def _docx_of(tmp_path, paragraphs: list[str]) -> Report:
    import docx

    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    p = tmp_path / "报告.docx"
    d.save(p)
    return read_report(p)


@pytest.mark.parametrize("code,wb,text", [
    ("N009", lambda: Workbook(WB_PATH), "2023年决算支出5199.03万元，其中：工资福利支出5084.60万元，占总支出的97.79%。"),
    ("N010", lambda: workbook(), ITEMS.format(n=1)),
    ("N011", lambda: workbook(sangong=SANGONG), "公务接待费1.20万元，与预算持平。"),
])
def test_a_docx_finding_names_its_paragraph_a_txt_finding_its_line(tmp_path, code, wb, text):
    from auditor.codes import render

    lines = ["部门整体支出绩效自评报告", text]
    (as_txt,) = run(wb(), report_of(tmp_path, "\n".join(lines)), [code])
    (as_docx,) = run(wb(), _docx_of(tmp_path, lines), [code])
    assert as_txt.location.line == as_docx.location.line == 2
    assert render(as_txt, "zh").startswith("报告第2行") and "line 2" in render(as_txt, "en")
    assert render(as_docx, "zh").startswith("报告第2段") and "paragraph 2" in render(as_docx, "en")
    assert "第2行" not in render(as_docx, "zh")


@pytest.mark.parametrize("lang,docx,txt", [("zh", "第2段", "第2行"), ("en", "paragraph 2", "line 2")])
def test_every_location_column_says_a_docx_paragraph_as_the_message_does(lang, docx, txt):
    from types import SimpleNamespace

    from auditor.findings import Finding, Location, Severity
    from auditor.report.verdict import place
    from auditor.reporters.annotated.findings_sheet import report_place
    from auditor.reporters.summary.book import W
    from auditor.reporters.summary.findings import where

    book = SimpleNamespace(w=W[lang])
    for name, said in (("报告.docx", docx), ("报告.txt", txt)):
        loc = Location(file=name, line=2)
        assert said.replace(" ", "") in where(book, loc.as_dict()).replace(" ", "")
        assert report_place(loc, lang).replace(" ", "") == said.replace(" ", "")
        if lang == "zh":
            assert place({"location": loc.as_dict()}) == "报告" + said
