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
