"""The summary's words, Chinese and English.  Sheet names stay Chinese in both languages:
links and habits use them."""
from __future__ import annotations

W = {
    "zh": {
        "department": "部门名称", "code": "部门编码", "year": "年度", "file": "文件",
        "verdict": "审核结论", "problems": "主要问题",
        "stated": "自评总分", "recomputed": "复核总分", "diff": "差额", "grade": "自评等级",
        "grade_re": "复核等级", "errors": "错误", "warnings": "警告", "income": "本年收入合计（决算，万元）",
        "expense": "本年支出合计（决算，万元）", "exec_stated": "预算执行率（填报，%）",
        "exec_re": "预算执行率（复核，%）", "sg_budget": "三公经费预算合计（万元）",
        "sg_actual": "三公经费决算合计（万元）", "dup": "重复", "note": "说明", "copy": "审核副本",
        "notice": "审核意见书", "open": "打开", "total": "合计", "files": "个文件",
        "dup_code": "部门编码重复", "dup_name": "部门名称重复", "no_copy": "未生成审核副本：",
        "added": "新增", "kept": "仍存在", "fixed": "已整改", "fixed_list": "已整改的问题", "mark": "对比上次",
        "severity": "严重程度", "rule": "代码", "rule_name": "规则名称", "where": "位置", "message": "问题",
        "expected": "应为", "actual": "实为", "count": "问题数", "affected": "涉及部门数", "about": "检查内容",
        "level2": "二级指标", "indicator": "指标", "points": "分值", "score": "得分",
        "own": "各部门自设指标（履职效能等）", "standard": "标准指标（{n} 项，分值按 {year} 年规则）",
        "points_off": "分值 {got}，应为 {want}", "report_line": "报告第{}行", "report": "自评报告",
    },
    "en": {
        "department": "Department", "code": "Code", "year": "Year", "file": "File",
        "verdict": "Verdict", "problems": "Main problems",
        "stated": "Total (stated)", "recomputed": "Total (recomputed)", "diff": "Difference",
        "grade": "Grade (stated)", "grade_re": "Grade (recomputed)", "errors": "Errors",
        "warnings": "Warnings", "income": "Income total, actual (10k yuan)",
        "expense": "Expenditure total, actual (10k yuan)", "exec_stated": "Execution rate, stated (%)",
        "exec_re": "Execution rate, recomputed (%)", "sg_budget": "Three public expenses, budget (10k yuan)",
        "sg_actual": "Three public expenses, actual (10k yuan)", "dup": "Duplicate", "note": "Note",
        "copy": "Annotated copy", "notice": "Notice", "open": "open", "total": "Total", "files": "files",
        "dup_code": "same code as another file", "dup_name": "same department as another file",
        "no_copy": "no annotated copy: ",
        "added": "New", "kept": "Still there", "fixed": "Fixed", "fixed_list": "Fixed since", "mark": "Since last run",
        "severity": "Severity", "rule": "Code", "rule_name": "Rule", "where": "Where", "message": "Message",
        "expected": "Expected", "actual": "Actual", "count": "Findings", "affected": "Departments",
        "about": "What is checked",
        "level2": "Group", "indicator": "Indicator", "points": "Points", "score": "Score",
        "own": "Departments' own indicators", "standard": "Standard indicators ({n}, points of the {year} pack)",
        "points_off": "points {got}, expected {want}", "report_line": "report line {}", "report": "report",
    },
}
for _w in W.values():
    _w.update(summary="汇总", findings="问题清单", scores="指标得分", rules="规则统计", charts="图表")
