"""A consistent project table: the base every J rule case starts from, then plants one fault.

Figures invented.  Execution 324 of 340 万元 (95.29%, 9.53 of 10 points); one target
missed with its reason and its share of the points (2850 of 3000 吨: 9.5 of 10); every
other target met at full marks; 总分 99.03, 优.
"""
from __future__ import annotations

import copy

_INDICATORS = [
    ("产出指标", "数量指标", "改造农村户厕数量", "≥500户", "512户", 15, 15, ""),
    ("产出指标", "数量指标", "清运农村生活垃圾", "≥3000吨", "2850吨", 10, 9.5, "部分乡镇转运站建设滞后，下年度加快建设"),
    ("产出指标", "质量指标", "户厕改造验收合格率", "≥95%", "98%", 10, 10, ""),
    ("产出指标", "时效指标", "项目完成及时率", "100%", "100%", 5, 5, ""),
    ("产出指标", "成本指标", "户均改造成本", "≤4000元", "3850元", 10, 10, ""),
    ("效益指标", "社会效益指标", "农村卫生厕所普及率", "≥85%", "87%", 10, 10, ""),
    ("效益指标", "生态效益指标", "生活垃圾无害化处理率", "≥90%", "92%", 10, 10, ""),
    ("效益指标", "可持续影响指标", "长效管护机制", "建立并运行", "达成预期指标", 10, 10, ""),
    ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "93%", 10, 10, ""),
]
KEYS = ("level1", "level2", "name", "target", "achieved", "points", "score", "reason")

BASE = {
    "sheet": "项目1", "year": 2022, "name": "农村人居环境整治专项", "department": "某县农业农村局",
    "implementer": "某县农村能源站",
    "funds": {"total": {"points": 10},
              "fiscal": {"budget_initial": 300, "budget": 320, "actual": 304},
              "carryover": {"budget_initial": 0, "budget": 20, "actual": 20},
              "other": {"budget_initial": 0, "budget": 0, "actual": 0}},
    "goal": {"expected": "完成农村户厕改造500户，清运生活垃圾3000吨，农村卫生厕所普及率达到85%以上。",
             "actual": "完成改厕512户，清运生活垃圾2850吨，卫生厕所普及率87%，群众满意度93%。"},
    "level1_points": {"产出指标": 50, "效益指标": 30, "满意度指标": 10},
    "indicators": [dict(zip(KEYS, row)) for row in _INDICATORS],
    "grade": "优",
}


def base_project() -> dict:
    return copy.deepcopy(BASE)


def _split(target, achieved):
    """``≥500户`` / ``512户`` as Yunnan writes them: 指标性质 ≥, 指标值 500, 度量单位 户, value 512."""
    from auditor.rules.targets import parse_achieved, parse_goal

    goal = parse_goal(target)
    if goal is None or not any(ch in target for ch in "≥≤=<>") and not target[0].isdigit():
        return {"nature": "定性", "target": target, "unit": "", "achieved": achieved}
    got = parse_achieved(achieved)
    sym = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}[goal.op]
    return {"nature": sym if target[0] in "≥≤=<>" else "=", "target": float(goal.value),
            "unit": goal.unit, "achieved": float(got[0])}


_HUBEI_POINTS = {"改造农村户厕数量": (10, 10), "清运农村生活垃圾": (10, 9.5), "户厕改造验收合格率": (10, 10),
                 "项目完成及时率": (5, 5), "户均改造成本": (5, 5), "农村卫生厕所普及率": (10, 10),
                 "生活垃圾无害化处理率": (10, 10), "长效管护机制": (10, 10), "受益群众满意度": (10, 10)}


def base_in(layout: str = "national") -> dict:
    """The base project in one of the layouts of auditor.forms.project.layouts."""
    p = base_project()
    p["layout"] = layout
    if layout == "split":
        for ind in p["indicators"]:
            ind.update(_split(ind["target"], ind["achieved"]))
    elif layout in ("sichuan", "county"):
        if layout == "sichuan":
            p["funds"]["special"] = p["funds"].pop("carryover")
            p["funds"]["unit_funds"] = {"budget_initial": 0, "budget": 0, "actual": 0}
        else:
            for line in p["funds"].values():
                line.pop("budget_initial", None)
    elif layout == "hubei":
        p["funds"] = {k: v for k, v in p["funds"].items() if k != "total"}
        fiscal, carry = p["funds"].pop("fiscal"), p["funds"].pop("carryover")
        p["funds"] = {"total": {"budget": fiscal["budget"] + carry["budget"],
                                "actual": fiscal["actual"] + carry["actual"]}}
        p["execution_points"] = 20
        p.pop("level1_points")
        p["blocks"] = {1: "完成农村户厕改造和生活垃圾清运任务。", 2: "改善农村人居环境，群众满意。"}
        for ind in p["indicators"]:
            ind["points"], ind["score"] = _HUBEI_POINTS[ind["name"]]
            ind["block"] = 1 if ind["level1"] == "产出指标" else 2
    return p
