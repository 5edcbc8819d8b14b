"""The project-form samples (项目支出绩效自评表): written by make_samples.build_all.

Figures invented.  A consistent national table, one in Yunnan's split columns, a Hubei
20/40/40 table, a Sichuan table as legacy .xls, a workbook of three projects behind a
项目清单 sheet (with its narrative report), and one with planted faults of every kind the
J rules check (and ``project-planted-faults.json`` saying where each sits and which code
finds it).  Sichuan's and Hubei's forms as printed are written by printed_project_samples.py.
"""
from __future__ import annotations

import copy
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from auditor.forms.template_book import emit
from auditor.forms.project.template import build_projects
from printed_project_samples import build_printed_samples

_KEYS = ("level1", "level2", "name", "target", "achieved", "points", "score", "reason")


def _project(sheet, name, dept, unit, funds, goal, rows, **extra) -> dict:
    p = {"sheet": sheet, "year": 2022, "name": name, "department": dept, "implementer": unit,
         "funds": funds, "goal": dict(zip(("expected", "actual"), goal)),
         "level1_points": {"产出指标": 50, "效益指标": 30, "满意度指标": 10},
         "indicators": [dict(zip(_KEYS, r)) for r in rows], "grade": "优"}
    p.update(extra)
    return p


def _funds(initial, budget, actual, carry=(0, 0, 0), other=(0, 0, 0)) -> dict:
    keys = ("budget_initial", "budget", "actual")
    return {"total": {"points": 10}, "fiscal": dict(zip(keys, (initial, budget, actual))),
            "carryover": dict(zip(keys, carry)), "other": dict(zip(keys, other))}


ROADS = _project(
    "农村公路养护", "2022年农村公路养护工程", "某县交通运输局", "某县公路事务中心",
    _funds(600, 640, 612.35, carry=(0, 35.5, 35.5)),
    ("完成县乡道养护里程420公里，实施安全生命防护工程30公里，路况优良率保持在80%以上。",
     "完成养护里程436公里，防护工程30公里，优良率83.6%，群众满意度95%。"),
    [("产出指标", "数量指标", "县乡道日常养护里程", "≥420公里", "436公里", 15, 15, ""),
     ("产出指标", "数量指标", "安全生命防护工程", "＞＝30公里", "30公里", 10, 10, ""),
     ("产出指标", "质量指标", "路况优良率", "不低于80%", "83.6%", 10, 10, ""),
     ("产出指标", "时效指标", "养护任务按期完成率", "100%", "100%", 5, 5, ""),
     ("产出指标", "成本指标", "每公里养护成本", "≤1.5万元", "1.41万元", 10, 10, ""),
     ("效益指标", "社会效益指标", "公路通行安全事故下降", "较上年下降", "达成预期指标", 15, 15, ""),
     ("效益指标", "可持续影响指标", "养护长效机制", "建立并运行", "效果明显", 15, 15, ""),
     ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "95%", 10, 10, "")])
# 612.35 + 35.5 of 640 + 35.5 = 647.85 / 675.5 = 95.91% → 9.59 points; total 99.59

CLINICS = _project(
    "村卫生室", "基层医疗卫生机构能力提升", "某县卫生健康局", "某县卫生健康局",
    _funds(180, 180, 171.2, other=(20, 20, 18)),
    ("为40个村卫生室配备基本诊疗设备，培训乡村医生120人次。",
     "完成38个村卫生室设备配备，培训乡村医生126人次。"),
    [("产出指标", "数量指标", "配备设备的村卫生室", "≥40个", "38个", 20, 19, "2个村卫生室改建未完工，设备延至次年配备"),
     ("产出指标", "数量指标", "乡村医生培训人次", "≥120人次", "126人次", 10, 10, ""),
     ("产出指标", "质量指标", "设备验收合格率", "100%", "100%", 10, 10, ""),
     ("产出指标", "时效指标", "资金支付及时率", "≥95%", "96%", 10, 10, ""),
     ("效益指标", "社会效益指标", "村民就近就诊率", "≥65%", "68%", 15, 15, ""),
     ("效益指标", "可持续影响指标", "基层服务能力", "明显提升", "显著提升", 15, 15, ""),
     ("满意度指标", "服务对象满意度指标", "村民满意度", "≥90%", "92%", 10, 10, "")])
# 189.2 / 200 = 94.6% → 9.46; 19 = 20 × 38/40; total 98.46

SCHOOLS = _project(
    "学生资助", "学生资助补助经费", "某县教育局", "某县学生资助管理中心",
    _funds(260, 275, 275, carry=(15, 15, 15)),
    ("按标准发放家庭经济困难学生资助，应助尽助。", "资助学生4,820人次，发放及时足额。"),
    [("产出指标", "数量指标", "资助学生人次", "≥4800人次", "4820人次", 20, 20, ""),
     ("产出指标", "质量指标", "资助对象认定准确率", "100%", "100%", 15, 15, ""),
     ("产出指标", "时效指标", "资金发放及时率", "100%", "100%", 15, 15, ""),
     ("效益指标", "社会效益指标", "因贫辍学学生", "0人", "0人", 30, 30, ""),
     ("满意度指标", "服务对象满意度指标", "受助学生及家长满意度", "≥95%", "97%", 10, 10, "")],
    level1_points={})
# 290 / 290 = 100% → 10; total 100


def consistent_national() -> dict:
    p = copy.deepcopy(ROADS)
    # reading habits that must not matter: a typed total as text with 万元, a text rate
    p["funds"]["total"].update({"budget_initial": "600万元", "rate": "95.91%", "score": 9.59})
    _ind(p, "县乡道日常养护里程")["achieved"] = "４３６公里"  # full-width digits
    _ind(p, "每公里养护成本")["target"] = "不超过1.5万元"
    return p


def yunnan() -> dict:
    p = copy.deepcopy(CLINICS)
    p["layout"] = "split"
    split = {"≥40个": ("≥", 40, "个", 38), "≥120人次": ("≥", 120, "人次", 126), "100%": ("﹦", 100, "%", 100),
             "≥95%": ("≥", 95, "%", 96), "≥65%": ("≥", 65, "%", 68), "≥90%": ("≥", 90, "%", 92)}
    for ind in p["indicators"]:
        if ind["target"] in split:
            nature, target, unit, achieved = split[ind["target"]]
            ind.update(nature=nature, target=target, unit=unit, achieved=achieved)
        else:
            ind.update(nature="定性", unit="")
    return p


def hubei() -> dict:
    p = copy.deepcopy(CLINICS)
    p.update(layout="hubei", execution_points=20, level1_points={},
             blocks={1: "完成村卫生室设备配备和乡村医生培训。", 2: "提升基层医疗服务能力，村民满意。"})
    p["funds"] = {"total": {"budget": 200, "actual": 189.2}}
    weights = [(15, 14.25), (10, 10), (10, 10), (5, 5), (15, 15), (15, 15), (10, 10)]
    for ind, (pts, score) in zip(p["indicators"], weights):
        ind.update(points=pts, score=score, block=1 if ind["level1"] == "产出指标" else 2)
    # 20 × 94.6% = 18.92; 14.25 = 15 × 38/40; total 98.17
    return p


def sichuan() -> dict:
    p = copy.deepcopy(SCHOOLS)
    p["layout"] = "sichuan"
    p["funds"]["special"] = p["funds"].pop("carryover")
    p["funds"]["unit_funds"] = {"budget_initial": 0, "budget": 0, "actual": 0}
    p["funds"]["total"]["reason"] = "年中追加春季学期资助资金15万元"
    return p


def three_projects() -> list[dict]:
    out = [copy.deepcopy(x) for x in (ROADS, CLINICS, SCHOOLS)]
    for p in out:
        p["department"] = "某县人民政府办公室"
    return out


def _money(p: dict, column: str) -> Decimal:
    return sum((Decimal(str(line.get(column, 0))) for key, line in p["funds"].items() if key != "total"), Decimal(0))


def _amount(x: Decimal) -> str:
    return f"{x.normalize():f}"


def three_projects_report(projects: list[dict]) -> str:
    """The narrative report beside project-three-2022.xlsx, its figures worked out from the
    same data as the tables (so it agrees with them): a section per project, headed by its
    name, and a closing section about all three, which names none of them."""
    cn = "一二三四五六七八九十"
    parts = [f"{projects[0]['department']}2022年度项目支出绩效自评报告", ""]
    for i, p in enumerate(projects):
        initial, budget, actual = (_money(p, c) for c in ("budget_initial", "budget", "actual"))
        rate = (actual / budget * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        execution = (actual / budget * 10).quantize(Decimal("0.01"), ROUND_HALF_UP)
        groups: dict[str, Decimal] = {}
        for ind in p["indicators"]:
            groups[ind["level1"]] = groups.get(ind["level1"], Decimal(0)) + Decimal(str(ind["score"]))
        total = execution + sum(groups.values())
        fiscal = p["funds"]["fiscal"]
        parts += [f"{cn[i]}、{p['name']}",
                  "（一）项目资金情况",
                  f"{p['name']}年初预算数{_amount(initial)}万元，全年预算数{_amount(budget)}万元，"
                  f"全年执行数{_amount(actual)}万元，预算执行率{rate}%。"
                  f"其中当年财政拨款全年预算{_amount(Decimal(str(fiscal['budget'])))}万元。",
                  "（二）绩效目标完成情况",
                  p["goal"]["actual"],
                  *[f"{name}：自评得分{_amount(score)}分。" for name, score in groups.items()],
                  "（三）自评结论",
                  f"经自评，该项目自评得分{_amount(total)}分，评价等级为{p['grade']}。", ""]
    budgets = sum((_money(p, "budget") for p in projects), Decimal(0))
    parts += [f"{cn[len(projects)]}、总体情况",
              f"{len(projects)}个项目全年预算合计{_amount(budgets)}万元，均按期完成年度绩效目标。", ""]
    return "\n".join(parts)


def _ind(p: dict, name: str) -> dict:
    return next(i for i in p["indicators"] if i["name"] == name)


def planted() -> tuple[list[dict], list[tuple]]:
    """Seven projects, each with faults that do not touch one another, and the faults:
    (sheet, anchor, code, what was planted, value typed over the cell or None).  The sixth
    is in Sichuan's layout, whose pack asks for reasons the national form does not; the
    seventh's figures add up and are still implausible."""
    a, b, c, d, e = (copy.deepcopy(ROADS) for _ in range(5))
    for p, sheet, name in ((a, "项目A", "农村公路养护（资金）"), (b, "项目B", "农村公路养护（分值）"),
                           (c, "项目C", "农村公路养护（总分）"), (d, "项目D", "农村公路养护（评分）"),
                           (e, "项目E", "农村公路养护（完整性）")):
        p.update(sheet=sheet, name=name)
    faults = []

    def fault(p, anchor, code, what, typed=None):
        faults.append((p["sheet"], anchor, code, what, typed))

    # A: the funding block
    fault(a, ("fund", "total", "budget"), "J001", "年度资金总额 全年预算数 left at 0 under its 其中 rows", 0)
    fault(a, ("fund", "fiscal", "rate"), "J002", "当年财政拨款 执行率 98.00% (612.35 ÷ 640 = 95.68%)", 0.98)
    a["funds"]["total"]["score"] = 10
    fault(a, ("fund", "total", "score"), "J003", "execution 得分 10 at 95.91% execution (9.59)")
    # B: points
    b["funds"]["total"].update(rate="", score=9.59)
    fault(b, ("fund", "total", "rate"), "J004", "执行率 left blank under given amounts")
    _ind(b, "县乡道日常养护里程")["score"] = 16
    fault(b, ("indicator", "县乡道日常养护里程", "score"), "J020", "得分 16 of 15")
    b["level1_points"]["效益指标"] = 35
    fault(b, ("level1", "效益指标"), "J021", "效益指标（35分） over rows of 30")
    _ind(b, "沿线群众满意度")["achieved"] = "≥90%"
    fault(b, ("indicator", "沿线群众满意度", "achieved"), "J061", "实际完成值 repeats the target ≥90%")
    b["grade"] = "良"
    fault(b, ("total", "grade"), "J025", "等级 良 for a total of 100.59")
    # C: 分值 adding to 110 under a 总分 of 100, and a met target docked without a reason
    _ind(c, "县乡道日常养护里程").update(points=25, score=25)
    c["level1_points"]["产出指标"] = 60
    c["total"] = {"points": 100}
    fault(c, ("total", "points"), "J022", "分值 add up to 110 under 总分 100")
    fault(c, ("level1", "产出指标"), "J024", "产出指标 60 where the form sets 50")
    _ind(c, "路况优良率")["score"] = 9
    fault(c, ("indicator", "路况优良率", "score"), "J040", "83.6% against 不低于80%, 9 of 10, no reason")
    # D: scores against targets
    _ind(d, "安全生命防护工程").update(achieved="27公里", score=10, reason="2公里因征地延后")
    fault(d, ("indicator", "安全生命防护工程", "score"), "J041", "27 of ≥30公里 kept full marks")
    _ind(d, "每公里养护成本").update(achieved="1.8万元", score=9.5, reason="材料价格上涨")
    fault(d, ("indicator", "每公里养护成本", "score"), "J042", "1.8万元 against ≤1.5万元: at most 8.33, scored 9.5")
    _ind(d, "养护长效机制").update(achieved="部分达成", score=15, reason="管护制度尚未覆盖全部乡镇")
    fault(d, ("indicator", "养护长效机制", "score"), "J043", "定性 部分达成 at full marks (band 60–80%)")
    _ind(d, "沿线群众满意度").update(achieved="85%", score=9.44)
    fault(d, ("indicator", "沿线群众满意度", "reason"), "J044", "85% against ≥90%, no reason")
    _ind(d, "县乡道日常养护里程").update(points=5, score=5)
    _ind(d, "路况优良率").update(points=20, score=16.72, reason="按完成值计分")
    fault(d, ("indicator", "路况优良率", "score"), "J045", "83.6% × 20 = 16.72 where the target was met")
    # E: the budget cut to the spending, and what is left blank
    e["funds"]["fiscal"].update(budget_initial=700, budget=612.35)
    fault(e, ("fund", "total", "budget"), "J005", "全年预算 cut from 700 to the 647.85 spent, no reason")
    _ind(e, "县乡道日常养护里程")["achieved"] = ""
    fault(e, ("indicator", "县乡道日常养护里程", "achieved"), "J060", "实际完成值 blank, 15 points kept")
    e["department"] = ""
    fault(e, ("field", "department"), "J062", "主管部门 blank")
    e["goal"]["actual"] = ""
    fault(e, ("goal", "actual"), "J063", "实际完成情况 blank")
    fault(e, ("total", "score"), "J023", "总分 得分 typed as 95 over rows of 100", 95)
    # F: Sichuan's execution block, its budget adjusted in the year with no reason
    f = sichuan()
    f.update(sheet="项目F", name="学生资助补助经费（原因）", department=a["department"], implementer=a["implementer"])
    del f["funds"]["total"]["reason"]
    fault(f, ("fund", "total", "reason"), "J006", "调整后预算数 290 over 年初预算 275, 原因 left empty")
    # G: figures that add up and are still implausible
    g = copy.deepcopy(ROADS)
    g.update(sheet="项目G", name="农村公路养护（合理性）")
    g["funds"]["fiscal"]["actual"] = 660
    fault(g, ("fund", "total", "actual"), "J007", "695.5 spent of a 675.5 budget, no word of where from")
    _ind(g, "县乡道日常养护里程")["achieved"] = "600公里"
    fault(g, ("indicator", "县乡道日常养护里程", "achieved"), "J050", "600 of ≥420公里 (42.9% beyond) at full marks")
    _ind(g, "养护任务按期完成率").update(name="资金支出率", target="≥90%", achieved="95.91%")
    fault(g, ("indicator", "资金支出率", "achieved"), "J051", "资金支出率 95.91% where 695.5 ÷ 675.5 = 102.96%")
    pasted = "受汛期强降雨影响，部分路段养护工作未按计划推进"
    for name in ("安全生命防护工程", "路况优良率", "每公里养护成本"):
        _ind(g, name).update(score=9, reason=pasted)
    fault(g, ("indicator", "安全生命防护工程", "reason"), "J052", "one reason pasted on three docked indicators")
    g["indicators"] = [i for i in g["indicators"] if i["name"] != "沿线群众满意度"]
    _ind(g, "养护长效机制").update(points=25, score=25)
    g["level1_points"]["效益指标"] = 40
    fault(g, ("total", "points"), "J053", "满意度指标 dropped, its 10 points given to 效益, 总分 still 100")
    fault(g, ("level1", "效益指标"), "J024", "效益指标 40 (满意度's 10 moved in) where the form sets 30")
    g["year"] = 2021
    fault(g, ("title", "year"), "J054", "（2021年度） among tables of 2022: left from last year's file")
    return [a, b, c, d, e, f, g], faults


def write_planted(out: Path) -> list[Path]:
    projects, faults = planted()
    book = build_projects(projects)
    listed = []
    for sheet, anchor, code, what, typed in faults:
        ref = book.anchors[(sheet,) + anchor]
        if typed is not None:
            book.set(ref, typed)
        listed.append({"sheet": sheet, "cell": ref.split("!")[1], "code": code, "fault": what,
                       "project": next(p["name"] for p in projects if p["sheet"] == sheet)})
    emit(book, out / "project-planted-faults-2022.xlsx")
    (out / "project-planted-faults.json").write_text(json.dumps(listed, ensure_ascii=False, indent=2) + "\n",
                                                     encoding="utf-8")
    return [out / "project-planted-faults-2022.xlsx", out / "project-planted-faults.json"]


def build_project_samples(out: Path, write_xls=None) -> list[Path]:
    written = []
    for name, projects, kw in (("project-roads-2022.xlsx", [consistent_national()], {}),
                               ("project-yunnan-clinics-2022.xlsx", [yunnan()], {}),
                               ("project-hubei-clinics-2022.xlsx", [hubei()], {}),
                               ("project-three-2022.xlsx", three_projects(), {"with_list": True})):
        emit(build_projects(projects, **kw), out / name)
        written.append(out / name)
        if name == "project-three-2022.xlsx":
            report = out / "project-three-2022.txt"
            report.write_text(three_projects_report(projects), encoding="utf-8")
            written.append(report)
    if write_xls is not None:
        try:
            write_xls(out / "project-sichuan-schools-2022.xls", build_projects([sichuan()]))
            written.append(out / "project-sichuan-schools-2022.xls")
        except ModuleNotFoundError:  # xlwt: only for regenerating the legacy sample
            pass
    return written + write_planted(out) + build_printed_samples(out)
