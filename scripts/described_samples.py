"""Samples of the described forms (auditor/forms/described/descriptions/): for each, a
consistent workbook and one with planted faults, laid out from its description, with
invented figures written here by hand (rates and scores worked out in the comments).

Written into sample_workbooks/ as ``described-<id>-2023.xlsx`` and
``described-<id>-faulty-2023.xlsx``, with ``described-planted-faults.json`` saying where
each planted fault sits and which code finds it.  ``python3 scripts/make_samples.py``
builds them with the others.
"""
from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from auditor.forms import get  # noqa: E402
from auditor.forms.described.template import build  # noqa: E402
from auditor.forms.template_book import emit  # noqa: E402

YEAR = 2023


def _rows(keys: str, *rows, **same) -> list[dict]:
    """Indicator rows from tuples in the order ``keys`` names (space-separated roles), each with
    ``same`` added; a tuple shorter than the keys leaves the rest out."""
    names = keys.split()
    return [{**same, **dict(zip(names, row))} for row in rows]

# 贵州: rates against the opening budget; 1,203.60 ÷ 1,180.00 = 102.00% scores the full 10.
GUIZHOU = {
    "fields": {"seal": "某某县农业农村局（盖章）", "date": "2024年3月15日", "department": "某某县农业农村局"},
    "funds": {
        "total": {"opening": 1180.00, "execution": 1203.60, "points": 10, "score": 10,
                  "method": "执行率*该指标分值，最高不得超过分值上限"},
        "basic": {"opening": 820.00, "execution": 815.40},
        "project": {"opening": 330.00, "execution": 358.20},
        "other": {"opening": 30.00, "execution": 30.00},
    },
    "goal": {"expected": "完成高标准农田建设2.5万亩，培训农民1200人次，农产品抽检合格率不低于98%。",
             "achieved": "建成高标准农田2.6万亩，培训农民1260人次，抽检合格率98.6%；2个项目延后完成。"},
    "rows": _rows(
        "level1 level2 name target achieved points score method reason",
        ("产出指标（50分）", "数量指标", "培训农民人数", "≥1200人", "1260人", 15, 15),
        ("产出指标（50分）", "数量指标", "新建高标准农田面积", "≥2.5万亩", "2.6万亩", 15, 15),
        ("产出指标（50分）", "质量指标", "农产品抽检合格率", "≥98%", "98.6%", 10, 10),
        # 10 × 90 ÷ 95 = 9.47
        ("产出指标（50分）", "时效指标", "项目按期完成率", "≥95%", "90%", 10, 9.47, "实际值/指标值*分值",
         "2个项目因征地延后开工，已调整至下年一季度完成"),
        ("效益指标（30分）", "经济效益指标", "带动农户户均增收", "≥1500元", "1620元", 10, 10),
        ("效益指标（30分）", "社会效益指标", "受益农户数", "≥3000户", "3150户", 10, 10),
        ("效益指标（30分）", "可持续影响指标", "农田设施管护机制", "健全", "已健全", 10, 10),
        ("满意度指标（10分）", "服务对象满意度指标", "农户满意度", "≥90%", "93%", 10, 10)),
    "total": {"points": 100, "score": 99.47},
}

# 重庆: 2,432.00 ÷ 2,560.00 = 95.00% of the adjusted budget, × 10 = 9.50;
# 指标得分 = 得分系数 × 指标权重 (92% × 15 = 13.80); total 9.5 + 28 + 20 + 13.8 + 15 + 12 = 98.30.
_CQ_COMMON = [  # (name, unit, nature, target, achieved)
    ("财政供养人员控制率", "%", "定量", "≤100", "98.5"), ("“三公”经费变动率", "%", "定量", "≤0", "-3.2"),
    ("基础信息完善", "", "定性", "完善", "完善"), ("预算完成率", "%", "定量", "≥95", "95"),
    ("预算调整率", "%", "定量", "≤10", "6.67"), ("结转结余率", "%", "定量", "≤5", "5"),
    ("公用经费控制率", "%", "定量", "≤100", "97"), ("“三公”经费控制率", "%", "定量", "≤100", "92"),
    ("政府采购执行率", "%", "定量", "≥95", "96"), ("管理制度健全性", "", "定性", "健全", "健全"),
    ("资金使用合规性", "", "定性", "合规", "合规"), ("预决算信息公开性", "", "定性", "公开", "公开"),
    ("资产管理安全性", "", "定性", "安全", "安全"), ("固定资产利用率", "%", "定量", "≥90", "93"),
]
CHONGQING = {
    "fields": {"department": "重庆市某区农业农村委员会", "office": "农业农村科", "contact": "张明",
               "phone": "023-61234567", "total": 98.3},
    "funds": {"total": {"opening": 2400.00, "adjusted": 2560.00, "execution": 2432.00, "rate": 95.00,
                        "points": 10, "score": 9.5}},
    "goal": {"expected": "建设高标准农田3万亩，培训农民5000人次。",
             "adjusted": "因资金调整，高标准农田建设调整为2.8万亩。",
             "achieved": "建成高标准农田2.8万亩，培训农民4600人次。"},
    "rows": [{"name": n, "unit": u, "nature": k, "target": t, "achieved": a, "coefficient": 100, "points": 2,
              "score": 2, "core": "否"} for n, u, k, t, a in _CQ_COMMON] + _rows(
        "name unit nature target achieved coefficient points score core target_adjusted",
        ("高标准农田建设面积", "万亩", "定量", "≥3", "2.8", 100, 20, 20, "是", "≥2.8"),
        ("农民培训人次", "人次", "定量", "≥5000", "4600", 92, 15, 13.8, "是"),
        ("农产品质量安全抽检合格率", "%", "定量", "≥98", "98.7", 100, 15, 15, "否"),
        ("服务对象满意度", "%", "定量", "≥90", "92", 100, 12, 12, "否")),
}

# 江西: each group adds up to the 合计 row (3,650.00 / 3,475.50 = 95.22%);
# 项目按期完成率 7 × 91 ÷ 95 = 6.71; total 99.71.
JIANGXI = {
    "fields": {"department": "某某县水利局", "units": "3"},
    "funds": {
        "total": {"adjusted": 3650.00, "execution": 3475.50, "rate": "95.22%"},
        "general": {"adjusted": 3200.00, "execution": 3068.40, "rate": "95.89%"},
        "fund": {"adjusted": 300.00, "execution": 262.10, "rate": "87.37%"},
        "other": {"adjusted": 150.00, "execution": 145.00, "rate": "96.67%"},
        "basic": {"adjusted": 1420.00, "execution": 1398.60, "rate": "98.49%"},
        "project": {"adjusted": 2230.00, "execution": 2076.90, "rate": "93.13%"},
    },
    "goal": {"expected": "完成12处水利工程建设，新增灌溉面积1.2万亩。",
             "achieved": "完成12处水利工程，新增灌溉面积1.25万亩，1处工程延期验收。"},
    "rows": _rows(
        "level1 level1_points level2 name target achieved points score reason",
        ("管理指标", 30, "预算执行管理", "预算执行率", "≥95%", "95.22%", 10, 10),
        ("管理指标", 30, "资金管理", "资金使用合规性", "合规", "合规", 10, 10),
        ("管理指标", 30, "资产管理", "资产管理规范性", "规范", "规范", 10, 10),
        ("产出指标", 25, "数量指标", "水利工程建设完成数", "≥12处", "12处", 10, 10),
        ("产出指标", 25, "质量指标", "工程验收合格率", "≥98%", "100%", 8, 8),
        ("产出指标", 25, "时效指标", "项目按期完成率", "≥95%", "91%", 7, 6.71, "1处工程因汛期停工，验收延至次年3月"),
        ("效果指标", 35, "社会效益", "新增灌溉面积", "≥1.2万亩", "1.25万亩", 15, 15),
        ("效果指标", 35, "生态效益", "水土流失治理面积", "≥8平方公里", "8.4平方公里", 10, 10),
        ("效果指标", 35, "可持续影响", "工程管护制度", "健全", "健全", 10, 10),
        ("满意度指标", 10, "服务对象满意度", "受益群众满意度", "≥90%", "94%", 10, 10)),
    "total": {"points": 100, "score": 99.71},
}

# 河北/山东's national form: execution against 年初预算数（A）.  项目1: 312 ÷ 300 = 104.00%, the
# full 10; 项目2: 170 ÷ 200 = 85.00%, 8.50, and 培训场次 20 × 36 ÷ 40 = 18.00: total 96.50.
_FUNDS_1 = {"total": {"opening": 300.00, "adjusted": 320.00, "execution": 312.00, "points": 10, "rate": "104.00%",
                      "score": 10},
            "fiscal": {"opening": 280.00, "adjusted": 300.00, "execution": 292.00, "rate": "104.29%"},
            "carryover": {"opening": 20.00, "adjusted": 20.00, "execution": 20.00, "rate": "100.00%"},
            "other": {"opening": 0, "adjusted": 0, "execution": 0}}
_FUNDS_2 = {"total": {"opening": 200.00, "adjusted": 180.00, "execution": 170.00, "points": 10, "rate": "85.00%",
                      "score": 8.5},
            "fiscal": {"opening": 200.00, "adjusted": 180.00, "execution": 170.00, "rate": "85.00%"},
            "carryover": {"opening": 0, "adjusted": 0, "execution": 0},
            "other": {"opening": 0, "adjusted": 0, "execution": 0}}
_METHOD = "完成值/指标值*分值，最高不超过分值"
NATIONAL = {"list": ["农村公路养护", "职业技能培训"], "projects": [
    {"sheet": "项目1", "fields": {"name": "农村公路养护", "department": "某某县交通运输局", "implementer": "县公路管理段"},
     "funds": _FUNDS_1,
     "goal": {"expected": "养护农村公路120公里，路面优良率不低于85%。", "achieved": "养护126公里，优良率88%。"},
     "rows": _rows(
         "level1 level2 name target achieved points score method",
         ("产出指标（50分）", "数量指标", "养护道路里程", "≥120公里", "126公里", 20, 20, _METHOD),
         ("产出指标（50分）", "质量指标", "路面优良率", "≥85%", "88%", 15, 15, _METHOD),
         ("产出指标（50分）", "时效指标", "养护任务按时完成率", "≥95%", "96%", 15, 15, _METHOD),
         ("效益指标（30分）", "社会效益指标", "群众出行条件", "明显改善", "明显改善", 15, 15, "达成得满分"),
         ("效益指标（30分）", "可持续影响指标", "养护长效机制", "建立", "已建立", 15, 15, "达成得满分"),
         ("满意度指标（10分）", "服务对象满意度指标", "沿线群众满意度", "≥90%", "92%", 10, 10, _METHOD)),
     "total": {"points": 100, "score": 100}},
    {"sheet": "项目2", "fields": {"name": "职业技能培训", "department": "某某县人力资源和社会保障局",
                                 "implementer": "县就业服务中心"},
     "funds": _FUNDS_2,
     "goal": {"expected": "开展技能培训40场，培训后就业率不低于70%。", "achieved": "开展36场，就业率75%。"},
     "rows": _rows(
         "level1 level2 name target achieved points score reason",
         ("产出指标（50分）", "数量指标", "培训场次", "≥40场", "36场", 20, 18, "4场因场地改造延期，已并入下年计划"),
         ("产出指标（50分）", "质量指标", "培训合格率", "≥95%", "97%", 15, 15),
         ("产出指标（50分）", "时效指标", "补贴发放及时率", "≥90%", "95%", 15, 15),
         ("效益指标（30分）", "社会效益指标", "培训后就业率", "≥70%", "75%", 30, 30),
         ("满意度指标（10分）", "服务对象满意度指标", "学员满意度", "≥90%", "93%", 10, 10), method=_METHOD),
     "total": {"points": 100, "score": 96.5}}]}

# 湖南: 控制率 43 ÷ 45 = 95.56%; 三公 = 公务用车 + 出国 + 公务接待, 公务用车 = 购置 + 运行维护,
# 项目支出 and 公用经费 the sums of their items, in each column; points 投入 16 = 16, 过程 24 = 16 + 8 …
_HN = "level1 level1_points level2 level2_points name points method note score"
HUNAN = {
    "fields": {"department": "某某县农业农村局"},
    "tables": {
        "staff": {"people": {"quota": 45, "staff": 43, "rate": "95.56%"}},
        # (上年决算数, 本年预算数, 本年决算数) of each line
        "spending": {key: dict(zip(("last_year", "budget", "actual"), figures)) for key, figures in (
            ("sangong", (9.30, 9.00, 8.50)), ("car", (6.20, 6.00, 5.80)), ("car_buy", (0, 0, 0)),
            ("car_run", (6.20, 6.00, 5.80)), ("abroad", (0, 0, 0)), ("reception", (3.10, 3.00, 2.70)),
            ("projects", (200.00, 235.00, 229.50)), ("project_work", (120.00, 150.00, 146.30)),
            ("project_upkeep", (80.00, 85.00, 83.20)), ("public", (25.20, 25.00, 23.80)),
            ("office", (12.40, 12.00, 11.60)), ("utilities", (8.60, 9.00, 8.70)), ("meetings", (4.20, 4.00, 3.50)),
            ("procurement", (35.00, 40.00, 38.60)))}},
    "rows": _rows(
        _HN,
        ("投入", 16, "预算配置", 16, "在职人员控制率", 8, "≤100%得满分，每超1个百分点扣0.5分", "43÷45=95.56%", 8),
        ("投入", 16, "预算配置", 16, "“三公”经费变动率", 8, "≤0得满分，每超1个百分点扣0.8分",
         "(8.50-9.30)÷9.30=-8.60%", 8),
        ("过程", 24, "预算执行", 16, "预算完成率", 8, "100%得满分，每低5%扣2分", "259.80÷269.00=96.58%", 7),
        ("过程", 24, "预算执行", 16, "预算控制率", 8, "0得8分，≤10%得6分", "无追加预算", 8),
        ("过程", 24, "预算管理", 8, "管理制度健全性", 8, "制度健全得满分", "已建立财务、资产管理制度", 8),
        ("产出", 30, "职责履行", 30, "实际完成率", 10, "100%得满分", "年度工作任务全部完成", 10),
        ("产出", 30, "职责履行", 30, "完成及时率", 10, "按期完成得满分", "1项工作延期半月", 9),
        ("产出", 30, "职责履行", 30, "质量达标率", 10, "达标得满分", "抽检全部达标", 10),
        ("效果", 30, "履职效益", 30, "社会效益", 10, "效益明显得满分", "带动农户增收", 9),
        ("效果", 30, "履职效益", 30, "可持续影响", 10, "机制健全得满分", "建立长效管护机制", 10),
        ("效果", 30, "履职效益", 30, "服务对象满意度", 10, "≥90%得满分", "问卷满意度94%", 10)),
    "total": {"points": 100, "score": 97},
}

CONSISTENT = {"guizhou-dept": GUIZHOU, "chongqing-dept": CHONGQING, "jiangxi-unit": JIANGXI,
              "national-method": NATIONAL, "hunan-dept": HUNAN}


def _row(data, name):
    return next(r for r in data["rows"] if r["name"] == name)


def _plant_guizhou(d):
    d["funds"]["total"]["execution"] = 1213.60          # typed over: the parts add up to 1,203.60
    d["funds"]["total"]["score"] = 9                    # 102.00% of the opening budget scores the full 10
    _row(d, "项目按期完成率")["score"] = 10               # 90% against ≥95%: 9.47
    _row(d, "受益农户数")["score"] = 12                   # above its 10 points
    _row(d, "农户满意度").update(achieved="86%", score=9.56)   # 10 × 86 ÷ 90, and no reason
    d["fields"]["department"] = None
    d["total"]["score"] = 101                           # the scores add up to 99.56
    return [(("fund", "total", "execution"), "F001", "年度资金总额 全年执行数 1,213.60 over parts of 1,203.60"),
            (("fund", "total", "score"), "F003", "execution score 9 at 102% of the opening budget (10)"),
            (("row", 3, "score"), "F013", "项目按期完成率 full marks at 90% of ≥95% (9.47)"),
            (("row", 5, "score"), "F010", "受益农户数 scores 12 of 10"),
            (("row", 7, "reason"), "F020", "农户满意度 lost points with no reason"),
            (("field", "department"), "F021", "部门（单位）名称 blank"),
            (("total", "score"), "F015", "总分 101 over scores of 99.56")]


def _plant_chongqing(d):
    d["funds"]["total"]["rate"] = 96.00                 # 2,432 ÷ 2,560 = 95.00%
    _row(d, "农民培训人次")["score"] = 15                 # 92% × 15 = 13.80
    _row(d, "服务对象满意度").update(points=14, score=14)  # the points now add up to 102
    d["fields"]["total"] = 103.5                        # the scores now add up to 101.50
    d["fields"]["department"] = None
    return [(("fund", "total", "rate"), "F002", "执行率 96.00 (95.00)"),
            (("row", 15, "score"), "F014", "农民培训人次 15 with 得分系数 92% × 权重 15 (13.80)"),
            (("row", 17, "points"), "F012", "服务对象满意度 weight 14: points add up to 102"),
            (("field", "total"), "F015", "自评总分 103.5 over scores adding up to 101.50"),
            (("field", "department"), "F021", "主管部门 blank")]


def _plant_jiangxi(d):
    d["funds"]["project"]["execution"] = 2106.90        # 资金结构 no longer adds up; its printed rate stays
    _row(d, "工程验收合格率").update(points=10, score=10)  # 产出指标 25 over 10 + 10 + 7
    _row(d, "受益群众满意度")["score"] = 9.4              # 94% × 10: met, points off, no reason
    d["total"]["score"] = 99.71                         # the scores add up to 101.11
    return [(("fund", "basic", "execution"), "F001", "资金结构 (基本支出 + 项目支出) ≠ 合计 全年执行数"),
            (("fund", "project", "rate"), "F002", "项目支出 执行率 93.13% over 2,106.90 ÷ 2,230.00"),
            (("level", 3, "level1_points"), "F011", "产出指标 25 over indicators of 27"),
            (("row", 9, "score"), "F013", "受益群众满意度 met yet 9.4 with no reason"),
            (("total", "score"), "F015", "总分 99.71 over scores of 101.11")]


def _plant_national(d):
    one, two = d["projects"]
    one["funds"]["carryover"]["execution"] = 25.00      # the parts add up to 317, the total says 312
    two["funds"]["total"]["score"] = 10                 # 85.00% of the opening budget: 8.50
    next(r for r in two["rows"] if r["name"] == "培训场次").update(score=20, reason="")   # 36 of ≥40: 18.00
    next(r for r in two["rows"] if r["name"] == "学员满意度")["score"] = 8                 # met, no reason
    return [(("项目1", "fund", "total", "execution"), "F001", "项目1 年度资金总额 全年执行数 312 over parts of 317"),
            (("项目1", "fund", "carryover", "rate"), "F002", "项目1 上年结转资金 执行率 100.00% over 25 ÷ 20"),
            (("项目2", "fund", "total", "score"), "F003", "项目2 execution score 10 at 85.00% (8.50)"),
            (("项目2", "row", 0, "score"), "F013", "项目2 培训场次 full marks at 36 of ≥40 (18.00)"),
            (("项目2", "row", 4, "score"), "F013", "项目2 学员满意度 met, 8 of 10 with no reason"),
            (("项目2", "total", "score"), "F015", "项目2 总分 96.5 over scores adding up to 98")]


def _plant_hunan(d):
    d["tables"]["spending"]["reception"]["actual"] = 3.70   # 三公 本年决算数 8.50 over parts of 9.50
    d["tables"]["staff"]["people"]["rate"] = "96.56%"       # 43 ÷ 45 = 95.56%
    _row(d, "预算控制率").update(points=10, score=10)         # 预算执行 16 over 8 + 10
    d["total"]["score"] = 98                               # the scores add up to 99
    return [(("spending", "sangong", "actual"), "F004", "三公经费 本年决算数 8.50 over parts of 9.50"),
            (("staff", "people", "rate"), "F005", "控制率 96.56% (43 ÷ 45 = 95.56%)"),
            (("level", 2, "level2_points"), "F011", "预算执行 16 over indicators of 18"),
            (("total", "score"), "F015", "合计 98 over scores adding up to 99")]


PLANTS = {"guizhou-dept": _plant_guizhou, "chongqing-dept": _plant_chongqing, "jiangxi-unit": _plant_jiangxi,
          "national-method": _plant_national, "hunan-dept": _plant_hunan}


def book_of(form_id: str, data: dict):
    """The workbook of ``data``: one table, or (``projects``) a sheet per table, with a 项目清单
    sheet in front when ``list`` names the projects; anchors of a table start with its sheet."""
    desc = get(form_id).description
    if "projects" not in data:
        return build(desc, year=YEAR, data=data)
    books = [build(desc, year=YEAR, data=t) for t in data["projects"]]
    book = books[0]
    for other in books[1:]:
        book.sheets += other.sheets
    book.anchors = {(b.sheets[0].name,) + k: v for b in books for k, v in b.anchors.items()}
    if data.get("list"):
        from auditor.forms.template_book import Sheet

        listing = Sheet("项目清单")
        listing.put(0, 0, "序号", "header")
        listing.put(0, 1, "项目名称", "header")
        for i, name in enumerate(data["list"], start=1):
            listing.put(i, 0, i, "center")
            listing.put(i, 1, name, "text")
        book.sheets.insert(0, listing)
    return book


def build_described_samples(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written, listed = [], []
    for form_id, data in CONSISTENT.items():
        emit(book_of(form_id, data), out / f"described-{form_id}-{YEAR}.xlsx")
        faulty = copy.deepcopy(data)
        faults = PLANTS[form_id](faulty)
        book = book_of(form_id, faulty)
        name = f"described-{form_id}-faulty-{YEAR}.xlsx"
        emit(book, out / name)
        written += [out / f"described-{form_id}-{YEAR}.xlsx", out / name]
        for anchor, code, what in faults:
            sheet, cell = book.anchors[anchor].split("!")
            listed.append({"file": name, "sheet": sheet, "cell": cell, "code": code, "fault": what})
    faults_file = out / "described-planted-faults.json"
    faults_file.write_text(json.dumps(listed, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return written + [faults_file]


if __name__ == "__main__":
    for path in build_described_samples(ROOT / "sample_workbooks"):
        print(path)
