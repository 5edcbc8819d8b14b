"""Sichuan's and Hubei's project forms laid out as departments print them (FORMS.md §2),
a consistent workbook and one with planted faults each.  Written by make_samples.build_all.

Written from the description, cell by cell, not from the reader's layouts: these samples
test that the reader reads what departments print.  Figures invented; values typed as a
department types them (no formulas: published tables carry values).

- Sichuan 部门预算项目支出绩效自评表 (报表编号 510000_0013zp): 预算执行情况（10分） over a
  row-label column headed 年度预算数（万元）, the total row 总额, 年初预算 | 调整后预算数 |
  预算执行数 | 预算执行率 | 权重 | 得分 | 原因 (one cell merged over the fund rows, printed
  with the form's note); 绩效指标（90分） split freely; 指标性质 | 指标值 | 度量单位 | 完成值 |
  权重 | 得分 | 未完成原因分析; 合计 with its points right after the label; 年度目标完成情况,
  评价结论, 存在问题, 改进措施 printed with the form's instruction sentences.
- Hubei 项目绩效自评表: 总分 in the header line beside 单位名称 and 填报日期; 预算执行情况
  （万元）（20分） with 预算数（A） | 执行数（B） | 执行率（B/A） | 得分（20分*执行率）, the rate a
  fraction; blocks 年度绩效目标1（40分） and 年度绩效目标2（40分）, each label the first cell of
  its header row merged down over the block, with no 分值 or 权重 column; then the text rows
  偏差大或目标未完成原因分析 and 改进措施及结果应用方案.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

from auditor.forms.template_book import Sheet, TemplateBook, emit
from xlsxwriter.utility import xl_rowcol_to_cell

# The Sichuan form's printed instruction sentences (in substance), as a blank form holds them.
SICHUAN_NOTES = {
    "reason": "预算执行率<90%或年中有调整的须说明原因",
    "goal": "简述项目年度绩效目标实际完成情况（100字以内）",
    "conclusion": "根据自评得分及指标完成情况作出总体评价（200字以内）",
    "problems": "说明项目实施和管理中存在的主要问题（200字以内）",
    "measures": "针对存在的问题提出改进措施（200字以内）",
}


class _Book:
    """A TemplateBook with the anchors this script's fault lists point at."""

    def __init__(self, title: str):
        self.book = TemplateBook([], title=title)

    def sheet(self, name: str) -> Sheet:
        sh = Sheet(name, freeze=None)
        self.book.sheets.append(sh)
        return sh

    def anchor(self, sh: Sheet, key: tuple, r: int, c: int) -> None:
        self.book.anchors[(sh.name,) + key] = f"{sh.name}!{xl_rowcol_to_cell(r, c)}"


# --- Sichuan ---------------------------------------------------------------------------

_SC_FUND_COLS = ("年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因")
_SC_IND_COLS = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分",
                "未完成原因分析")
_SC_IND_KEYS = ("level1", "level2", "name", "nature", "target", "unit", "achieved", "points", "score", "reason")


def sichuan_sheet(b: _Book, p: dict) -> None:
    sh = b.sheet(p["sheet"])
    last = 10  # A..K: the block label, then the indicator grid's ten columns
    sh.merge(0, 0, 0, last, "部门预算项目支出绩效自评表", "title")
    sh.merge(1, 0, 1, 7, f"（{p['year']}年度）", "subtitle")
    sh.merge(1, 8, 1, last, "报表编号：510000_0013zp", "subtitle")
    sh.put(2, 0, "项目名称", "cover_label")
    sh.merge(2, 1, 2, last, p["name"], "cover_value")
    sh.put(3, 0, "主管部门及代码", "cover_label")
    sh.merge(3, 1, 3, 5, p["department"], "cover_value")
    sh.merge(3, 6, 3, 7, "实施单位", "cover_label")
    sh.merge(3, 8, 3, last, p["implementer"], "cover_value")
    b.anchor(sh, ("field", "department"), 3, 1)
    # the funding block: 年度预算数（万元） heads the row-label column
    lines = p["funds"]
    r0 = 4
    sh.merge(r0, 0, r0 + len(lines), 0, "预算执行情况\n（10分）", "group")
    sh.put(r0, 1, "年度预算数（万元）", "header")
    for i, title in enumerate(_SC_FUND_COLS):
        if title == "原因":
            sh.merge(r0, 2 + i, r0, last, title, "header")
        else:
            sh.put(r0, 2 + i, title, "header")
    reason_col = 2 + _SC_FUND_COLS.index("原因")
    for j, (key, line) in enumerate(lines.items()):
        r = r0 + 1 + j
        sh.put(r, 1, line["label"], "label_total" if key == "total" else "label")
        for i, k in enumerate(("initial", "budget", "actual", "rate", "points", "score")):
            v = line.get(k)
            sh.put(r, 2 + i, v, "pct" if k == "rate" and isinstance(v, float) else "num" if i < 3 else "points")
            b.anchor(sh, ("fund", key, k), r, 2 + i)
    sh.merge(r0 + 1, reason_col, r0 + len(lines), last, p.get("fund_reason", SICHUAN_NOTES["reason"]), "text")
    b.anchor(sh, ("fund", "reason"), r0 + 1, reason_col)
    r = r0 + 1 + len(lines)
    sh.put(r, 0, "年度目标完成情况", "label_total")
    sh.merge(r, 1, r, last, p.get("goal", SICHUAN_NOTES["goal"]), "text")
    sh.heights[r] = 48
    b.anchor(sh, ("text", "goal"), r, 1)
    r += 1
    rows = p["indicators"]
    sh.merge(r, 0, r + len(rows), 0, "绩效指标\n（90分）", "group")
    for i, title in enumerate(_SC_IND_COLS):
        sh.put(r, 1 + i, title, "header")
    for j, ind in enumerate(rows):
        rr = r + 1 + j
        for i, k in enumerate(_SC_IND_KEYS):
            sh.put(rr, 1 + i, ind.get(k), "text" if k in ("name", "reason") else "center")
            b.anchor(sh, ("indicator", ind["name"], k), rr, 1 + i)
    _merge_down(sh, r + 1, [ind["level1"] for ind in rows], 1)
    _merge_down(sh, r + 1, [(ind["level1"], ind["level2"]) for ind in rows], 2)
    r += 1 + len(rows)
    # 合计: its points total right after the label, its score under 得分
    sh.put(r, 0, "合计", "label_total")
    sh.merge(r, 1, r, 8, p["total_points"], "points")
    sh.put(r, 9, p["total_score"], "points")
    sh.put(r, 10, None, "text")
    b.anchor(sh, ("total", "points"), r, 1)
    b.anchor(sh, ("total", "score"), r, 9)
    for key, label in (("conclusion", "评价结论"), ("problems", "存在问题"), ("measures", "改进措施")):
        r += 1
        sh.put(r, 0, label, "label_total")
        sh.merge(r, 1, r, last, p.get(key, SICHUAN_NOTES[key]), "text")
        sh.heights[r] = 48
        b.anchor(sh, ("text", key), r, 1)
    sh.widths = {0: 12, 1: 16, 2: 12, 3: 22, 4: 9, 5: 9, 6: 9, 7: 10, 8: 8, 9: 8, 10: 30}


def _merge_down(sh: Sheet, r0: int, keys: list, col: int) -> None:
    """一级 and 二级 labels merged down over their rows, as the form prints them."""
    i = 0
    while i < len(keys):
        j = i
        while j + 1 < len(keys) and keys[j + 1] == keys[i]:
            j += 1
        value = sh.value(r0 + i, col)
        sh.merge(r0 + i, col, r0 + j, col, value, "group")
        i = j + 1


def _sc_ind(level1, level2, name, nature, target, unit, achieved, points, score, reason="") -> dict:
    return dict(zip(_SC_IND_KEYS, (level1, level2, name, nature, target, unit, achieved, points, score, reason)))


SICHUAN = {
    "sheet": "营养改善计划", "year": 2022, "name": "农村义务教育学生营养改善计划",
    "department": "[105]某县教育局", "implementer": "某县学生资助管理中心",
    # 331.2 of 340 (adjusted from 320): 97.41%, 9.74 of 10 points
    "funds": {"total": {"label": "总额", "initial": 320, "budget": 340, "actual": 331.2, "rate": 0.9741,
                        "points": 10, "score": 9.74},
              "fiscal": {"label": "其中：财政资金", "initial": 300, "budget": 320, "actual": 312.8, "rate": 0.9775},
              "special": {"label": "财政专户管理资金", "initial": 0, "budget": 0, "actual": 0},
              "unit_funds": {"label": "单位资金", "initial": 20, "budget": 20, "actual": 18.4, "rate": 0.92}},
    "fund_reason": "年中追加秋季学期营养膳食补助资金20万元",
    "goal": "全年为5680名农村义务教育学生提供营养膳食补助，供餐200天，食品安全抽检全部合格。",
    # 绩效指标（90分） split 60 / 20 / 10: the form sets no 50/30/10
    "indicators": [
        _sc_ind("产出指标", "数量指标", "受益学生人数", "≥", 5600, "人", 5680, 20, 20),
        _sc_ind("产出指标", "数量指标", "供餐天数", "≥", 200, "天", 200, 10, 10),
        _sc_ind("产出指标", "质量指标", "食品安全抽检合格率", "=", 100, "%", 100, 10, 10),
        _sc_ind("产出指标", "时效指标", "补助资金拨付及时率", "≥", 95, "%", 96, 10, 10),
        _sc_ind("产出指标", "成本指标", "生均每天补助标准", "≤", 5, "元", 5, 10, 10),
        _sc_ind("效益指标", "社会效益指标", "学生营养健康状况", "定性", "明显改善", "", "达成预期指标", 10, 10),
        _sc_ind("效益指标", "可持续影响指标", "学生体质健康达标率", "≥", 90, "%", 88, 10, 9.78,
                "部分新入学学生体测未达标，下年度加强体育锻炼"),
        _sc_ind("满意度指标", "服务对象满意度指标", "学生及家长满意度", "≥", 90, "%", 95, 10, 10),
    ],
    "total_points": 100, "total_score": 99.52,  # 9.74 + 60 + 19.78 + 10
    "conclusion": "项目资金执行较好，年度绩效目标基本完成，自评得分99.52分，评价等级为优。",
    "problems": "个别学校食堂设施老化，部分新入学学生体质达标率偏低。",
    "measures": "加快食堂设施改造，加强学生体育锻炼和营养宣传。",
}


def sichuan_consistent() -> list[dict]:
    return [copy.deepcopy(SICHUAN)]


def _ind(p: dict, name: str) -> dict:
    return next(i for i in p["indicators"] if i["name"] == name)


def _pair(base: dict, names: tuple[str, str]):
    """Two copies of a consistent project, on sheets 项目A and 项目B, the list of faults
    planted in them, and the function that records one (sheet, anchor, code, what)."""
    a, b = copy.deepcopy(base), copy.deepcopy(base)
    a.update(sheet="项目A", name=names[0])
    b.update(sheet="项目B", name=names[1])
    faults: list[tuple] = []
    return a, b, faults, lambda p, anchor, code, what: faults.append((p["sheet"], anchor, code, what))


def sichuan_faulty() -> tuple[list[dict], list[tuple]]:
    """Two projects: what is left unfilled (A), and what does not add up (B)."""
    a, b, faults, fault = _pair(SICHUAN, ("营养改善计划（未填写）", "营养改善计划（计算）"))

    # A: the form's own sentences left in, scores and values left blank
    del a["fund_reason"]
    fault(a, ("fund", "reason"), "J006", "budget adjusted 320 → 340, 原因 still the printed note")
    del a["goal"]
    fault(a, ("text", "goal"), "J064", "年度目标完成情况 still the form's instruction sentence")
    del a["conclusion"]
    fault(a, ("text", "conclusion"), "J064", "评价结论 still the form's instruction sentence")
    _ind(a, "供餐天数").update(score=None)
    a["total_score"] = 89.52
    fault(a, ("indicator", "供餐天数", "score"), "J065", "得分 left blank under 权重 10")
    _ind(a, "补助资金拨付及时率").update(achieved=None)
    fault(a, ("indicator", "补助资金拨付及时率", "achieved"), "J060", "完成值 left blank, 10 points kept")
    _ind(a, "学生及家长满意度").update(achieved=None, score=None)
    a["total_score"] = 79.52
    fault(a, ("indicator", "学生及家长满意度", "score"), "J065", "完成值 and 得分 both left blank")
    # B: the arithmetic
    b["funds"]["total"]["initial"] = 310
    fault(b, ("fund", "total", "initial"), "J001", "总额 年初预算 310 over parts of 320")
    b["funds"]["unit_funds"]["rate"] = 0.95
    fault(b, ("fund", "unit_funds", "rate"), "J002", "单位资金 预算执行率 95% (18.4 ÷ 20 = 92%)")
    b["funds"]["total"]["score"] = 10
    b["total_score"] = 99.78
    fault(b, ("fund", "total", "score"), "J003", "execution 得分 10 at 97.41%")
    _ind(b, "供餐天数").update(achieved=186, score=10, reason="部分学校因疫情停课")
    fault(b, ("indicator", "供餐天数", "score"), "J041", "186 of ≥200 天 kept full marks")
    _ind(b, "学生及家长满意度").update(points=15, score=15)
    b["total_score"] = 104.78
    fault(b, ("total", "points"), "J022", "权重 add up to 105 under 合计 100")
    return [a, b], faults


# --- Hubei -----------------------------------------------------------------------------

_HB_IND_KEYS = ("level1", "level2", "name", "target", "achieved", "score")


def hubei_sheet(b: _Book, p: dict) -> None:
    sh = b.sheet(p["sheet"])
    last = 6  # A..G
    sh.merge(0, 0, 0, last, "项目绩效自评表", "title")
    sh.merge(1, 0, 1, last, f"（{p['year']}年度）", "subtitle")
    # the header line: 单位名称, 总分, 填报日期
    sh.put(2, 0, "单位名称", "cover_label")
    sh.merge(2, 1, 2, 2, p["department"], "cover_value")
    sh.put(2, 3, "总分", "cover_label")
    sh.put(2, 4, p["total_score"], "cover_value")
    sh.put(2, 5, "填报日期", "cover_label")
    sh.put(2, 6, p["date"], "cover_value")
    b.anchor(sh, ("total", "score"), 2, 4)
    b.anchor(sh, ("date",), 2, 6)
    sh.put(3, 0, "项目名称", "cover_label")
    sh.merge(3, 1, 3, last, p["name"], "cover_value")
    sh.put(4, 0, "实施单位", "cover_label")
    sh.merge(4, 1, 4, last, p["implementer"], "cover_value")
    # 预算执行情况（万元）（20分）: one row of figures
    sh.merge(5, 0, 6, 2, "预算执行情况（万元）（20分）", "group")
    for i, title in enumerate(("预算数（A）", "执行数（B）", "执行率（B/A）", "得分（20分*执行率）")):
        sh.put(5, 3 + i, title, "header")
    f = p["funds"]
    for i, k in enumerate(("budget", "actual", "rate", "score")):
        sh.put(6, 3 + i, f.get(k), "num" if i < 2 else "center")
        b.anchor(sh, ("fund", "total", k), 6, 3 + i)
    r = 7
    for n, (label, rows) in enumerate(p["blocks"], start=1):
        # the block's label: the first cell of its header row, merged down over the block
        sh.merge(r, 0, r + len(rows), 0, label, "group")
        b.anchor(sh, ("block", n), r, 0)
        for i, title in enumerate(("一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "得分")):
            sh.put(r, 1 + i, title, "header")
        for j, ind in enumerate(rows):
            for i, k in enumerate(_HB_IND_KEYS):
                sh.put(r + 1 + j, 1 + i, ind.get(k), "text" if k == "name" else "center")
                b.anchor(sh, ("indicator", ind["name"], k), r + 1 + j, 1 + i)
        _merge_down(sh, r + 1, [ind["level1"] for ind in rows], 1)
        _merge_down(sh, r + 1, [(ind["level1"], ind["level2"]) for ind in rows], 2)
        r += 1 + len(rows)
    for key, label in (("deviation", "偏差大或目标未完成原因分析"), ("measures", "改进措施及结果应用方案")):
        sh.put(r, 0, label, "label_total")
        sh.merge(r, 1, r, last, p.get(key), "text")
        sh.heights[r] = 48
        b.anchor(sh, ("text", key), r, 1)
        r += 1
    sh.widths = {0: 16, 1: 11, 2: 14, 3: 22, 4: 14, 5: 14, 6: 12}


def _hb_ind(level1, level2, name, target, achieved, score) -> dict:
    return dict(zip(_HB_IND_KEYS, (level1, level2, name, target, achieved, score)))


HUBEI = {
    "sheet": "项目绩效自评表", "year": 2022, "name": "基层医疗卫生机构能力提升", "department": "某县卫生健康局",
    "implementer": "某县卫生健康局", "date": "2023年3月15日",
    # 189.2 of 200: the rate printed as a fraction, 20 × 0.946 = 18.92
    "funds": {"budget": 200, "actual": 189.2, "rate": 0.946, "score": 18.92},
    "blocks": [
        ("年度绩效目标1（40分）", [
            _hb_ind("产出指标", "数量指标", "配备设备的村卫生室", "≥40个", "38个", 9.5),
            _hb_ind("产出指标", "数量指标", "乡村医生培训人次", "≥120人次", "126人次", 10),
            _hb_ind("产出指标", "质量指标", "设备验收合格率", "100%", "100%", 10),
            _hb_ind("产出指标", "时效指标", "资金支付及时率", "≥95%", "96%", 10)]),
        ("年度绩效目标2（40分）", [
            _hb_ind("效益指标", "社会效益指标", "村民就近就诊率", "≥65%", "68%", 15),
            _hb_ind("效益指标", "可持续影响指标", "基层服务能力", "明显提升", "显著提升", 15),
            _hb_ind("满意度指标", "服务对象满意度指标", "村民满意度", "≥90%", "92%", 10)]),
    ],
    "total_score": 98.42,  # 18.92 + 39.5 + 40
    "deviation": "2个村卫生室改建未完工，设备延至次年配备；资金结余10.8万元按规定收回。",
    "measures": "督促改建工程按期完工，及时完成设备配备；自评结果作为下年度预算安排的依据。",
}


def hubei_consistent() -> list[dict]:
    return [copy.deepcopy(HUBEI)]


def _hb(p: dict, name: str) -> dict:
    return next(i for _, rows in p["blocks"] for i in rows if i["name"] == name)


def hubei_faulty() -> tuple[list[dict], list[tuple]]:
    a, b, faults, fault = _pair(HUBEI, ("基层医疗卫生机构能力提升（执行）", "基层医疗卫生机构能力提升（指标）"))

    # A: the execution row and the 总分
    a["funds"]["rate"] = 0.964
    fault(a, ("fund", "total", "rate"), "J002", "执行率 0.964 (189.2 ÷ 200 = 94.6%)")
    a["funds"]["score"] = 20
    a["total_score"] = 99.5
    fault(a, ("fund", "total", "score"), "J003", "得分 20 at 94.6% (20 × 执行率 = 18.92)")
    _hb(a, "村民满意度")["score"] = None
    fault(a, ("indicator", "村民满意度", "score"), "J065", "得分 left blank")
    fault(a, ("total", "score"), "J023", "总分 99.5 over rows adding to 89.5")
    a["date"] = "2022年12月20日"
    fault(a, ("date",), "J056", "填报日期 2022年12月20日, before the evaluated year 2022 is over")
    # B: the blocks
    _hb(b, "乡村医生培训人次")["score"] = 12
    b["total_score"] = 100.42
    fault(b, ("block", 1), "J020", "年度绩效目标1 scores 41.5 of its 40 points")
    b["deviation"] = ""
    fault(b, ("text", "deviation"), "J044", "a target missed (38 of ≥40个), 原因分析 left blank")
    b["date"] = ""
    fault(b, ("date",), "J055", "填报日期 left empty in the header line")
    return [a, b], faults


# --- writing -----------------------------------------------------------------------------

def _book(projects: list[dict], build, title: str) -> _Book:
    b = _Book(title)
    for p in projects:
        build(b, p)
    return b


def build_printed_samples(out: Path) -> list[Path]:
    written = []
    for name, build, title, consistent, faulty in (
            ("project-sichuan-printed", sichuan_sheet, "部门预算项目支出绩效自评表", sichuan_consistent, sichuan_faulty),
            ("project-hubei-printed", hubei_sheet, "项目绩效自评表", hubei_consistent, hubei_faulty)):
        emit(_book(consistent(), build, title).book, out / f"{name}-2022.xlsx")
        projects, faults = faulty()
        b = _book(projects, build, title)
        emit(b.book, out / f"{name}-faults-2022.xlsx")
        listed = [{"sheet": sheet, "cell": b.book.anchors[(sheet,) + anchor].split("!")[1], "code": code,
                   "fault": what, "project": next(p["name"] for p in projects if p["sheet"] == sheet)}
                  for sheet, anchor, code, what in faults]
        (out / f"{name}-faults.json").write_text(json.dumps(listed, ensure_ascii=False, indent=2) + "\n",
                                                 encoding="utf-8")
        written += [out / f"{name}-2022.xlsx", out / f"{name}-faults-2022.xlsx", out / f"{name}-faults.json"]
    return written
