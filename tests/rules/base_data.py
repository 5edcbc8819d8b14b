"""A consistent department: the base every rule case starts from, then plants one fault."""
from __future__ import annotations

import copy

from auditor.forms.department.packs import for_year

_OWN = [
    ("履职效能", "整体效能", "全县干部培训", 3), ("履职效能", "整体效能", "干部考察次数", 4),
    ("履职效能", "整体效能", "基层党组织政治领导力", 2), ("履职效能", "整体效能", "党建带群建示范点", 3),
    ("履职效能", "整体效能", "丹霞英才计划", 3), ("履职效能", "整体效能", "党群服务中心建设", 3),
    ("履职效能", "整体效能", "干部人事档案管理", 2), ("履职效能", "整体效能", "部门预算资金支出率", 3),
    ("履职效能", "专项效能", "选调生驻村履职考核", 4), ("履职效能", "专项效能", "周转房保障", 5),
    ("履职效能", "专项效能", "基层党组织建设保障", 5), ("履职效能", "专项效能", "两新组织覆盖率", 2),
    ("履职效能", "专项效能", "正常离任村干部生活保障", 4), ("履职效能", "专项效能", "专项资金支出率", 3),
]


def base_data() -> dict:
    pack = for_year(2023)
    scoring = [{"level1": a, "level2": b, "name": n, "points": p, "criteria": "完成计划得满分",
                "score": p, "reason": f"按计划完成，得{p}分"} for a, b, n, p in _OWN]
    for std in pack.standard_indicators():
        scoring.append({"level1": std.level1, "level2": std.level2, "name": std.name, "points": std.points,
                        "criteria": std.criteria, "score": std.points, "reason": "符合要求，分值满分无失分"})
    for row in scoring:  # lose 3 points, with a reason, for a total of 97
        if row["name"] == "绩效管理制度执行":
            row["score"], row["reason"] = 3, "未评价部门整体预算绩效目标申报质量，扣3分"
    return copy.deepcopy({
        "cover": {"year": 2023, "department": "仁化县测试局", "code": "401999", "filler": "张三",
                  "phone": "0751-6300000", "date": "2024-08-01", "unit": "万元"},
        "income": {
            "general_public": {"budget_initial": 3793.39, "budget_adjusted": 5199.03, "actual": 5199.03},
            "gov_fund": {"budget_initial": 888.56, "budget_adjusted": 0, "actual": 0},
            "carryover": {"budget_initial": 0, "budget_adjusted": 0, "actual": 0},
        },
        "expense_economic": {
            "wages": {"budget_initial": 3500, "budget_adjusted": 4995, "actual": 4990.28},
            "goods_services": {"budget_initial": 1150, "budget_adjusted": 190, "actual": 174.64},
            "household": {"budget_initial": 31.95, "budget_adjusted": 35, "actual": 34.11},
        },
        "expense_nature": {
            "personnel": {"budget_adjusted": 5020, "actual": 5010.12},
            "public_use": {"budget_adjusted": 80, "actual": 74.27},
            "project": {"budget_adjusted": 120, "actual": 114.64},
            "carryover_end": {"budget_adjusted": 0, "actual": 0},
        },
        "sangong": {
            "abroad": {"budget": 0, "actual": 0},
            "vehicle_purchase": {"budget": 0, "actual": 0},
            "vehicle_running": {"budget": 5, "actual": 4.2},
            "reception": {"budget": 2, "actual": 1.5},
        },
        "targets": [
            {"level1": "产出指标", "level2": "数量指标", "name": "干部考察次数", "target": "≥20次",
             "achieved": "25次", "status": "已完成", "deviation": ""},
            {"level1": "产出指标", "level2": "质量指标", "name": "公务员培训覆盖率", "target": "100%",
             "achieved": "100%", "status": "已完成", "deviation": ""},
            {"level1": "效益指标", "level2": "满意度指标", "name": "党员对课件满意度", "target": "不低于85%",
             "achieved": "92%", "status": "已完成", "deviation": ""},
        ],
        "scoring": scoring,
        "grade": "优",
    })
