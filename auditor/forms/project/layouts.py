"""The layouts the project form is written in: the national table and its variants.

Each layout says which columns its funding block and its indicator table have, in order,
and what each column is headed; ``template`` lays a project out by these.  The reader
does not use them (it reads by label), so a layout here is also a test of the reader.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    id: str
    fund_columns: tuple[tuple[str, str], ...]       # (key, header)
    fund_lines: tuple[tuple[str, str], ...]         # (key, label)
    indicator_columns: tuple[tuple[str, str], ...]  # (key, header), 一级 … reason
    fund_label: str = "项目资金\n（万元）"
    block_column: bool = True                       # column A holds 项目资金 / 年度总体目标 / 绩效指标
    target_blocks: tuple[str, ...] = ()             # Hubei: 年度绩效目标1（40分）, …


_NATIONAL_FUNDS = (("budget_initial", "年初预算数"), ("budget", "全年预算数（A）"), ("actual", "全年执行数（B）"),
                   ("points", "分值"), ("rate", "执行率（B/A）"), ("score", "得分"))
_NATIONAL_LINES = (("total", "年度资金总额"), ("fiscal", "其中：当年财政拨款"), ("carryover", "上年结转资金"),
                   ("other", "其他资金"))
_LEVELS = (("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"))

LAYOUTS = {
    "national": Layout(
        "national", _NATIONAL_FUNDS, _NATIONAL_LINES,
        _LEVELS + (("target", "年度指标值"), ("achieved", "实际完成值"), ("points", "分值"), ("score", "得分"),
                   ("reason", "偏差原因分析及改进措施"))),
    # Yunnan and others: the target split into 指标性质 | 指标值 | 度量单位, the value a bare number
    "split": Layout(
        "split", _NATIONAL_FUNDS, _NATIONAL_LINES,
        _LEVELS + (("nature", "指标性质"), ("target", "指标值"), ("unit", "度量单位"), ("achieved", "实际完成值"),
                   ("points", "分值"), ("score", "得分"), ("reason", "偏差原因分析及改进措施"))),
    # some Sichuan counties: 分值 before the target, 全年实际值, no 年初预算数
    "county": Layout(
        "county", tuple(c for c in _NATIONAL_FUNDS if c[0] != "budget_initial"),
        (("total", "年度资金总额"), ("fiscal", "其中：本年财政拨款"), ("carryover", "上年结转资金"),
         ("other", "其他资金")),
        _LEVELS + (("points", "分值"), ("target", "年度指标值"), ("achieved", "全年实际值"), ("score", "得分"),
                   ("reason", "未完成原因及拟采取的改进措施"))),
    # Sichuan's execution block on the national grid (FORMS.md §1's variant).  The form as
    # Sichuan prints it (年度预算数（万元） over the labels, 总额, 指标性质 … 完成值 | 权重, 合计,
    # its text fields) is written from FORMS.md §2 by scripts/printed_project_samples.py.
    "sichuan": Layout(
        "sichuan", (("budget_initial", "年初预算"), ("budget", "调整后预算数"), ("actual", "预算执行数"),
                    ("rate", "预算执行率"), ("points", "权重"), ("score", "得分"), ("reason", "原因")),
        (("total", "合计"), ("fiscal", "财政资金"), ("special", "财政专户管理资金"), ("unit_funds", "单位资金"),
         ("other", "其他资金")),
        _LEVELS + (("target", "年度指标值"), ("achieved", "实际完成值"), ("points", "分值"), ("score", "得分"),
                   ("reason", "偏差原因分析及改进措施")),
        fund_label="预算执行情况\n（10分）"),
    # Hubei's 20/40/40 form with a 权重 column (FORMS.md §1's variant).  As Hubei prints it,
    # with no 分值 or 权重 column and 总分 in the header line: scripts/printed_project_samples.py.
    "hubei": Layout(
        "hubei", (("budget", "预算数（A）"), ("actual", "执行数（B）"), ("rate", "执行率（B/A）"),
                  ("score", "得分（20分*执行率）")),
        (("total", ""),),
        _LEVELS + (("points", "权重"), ("target", "年初目标值（A）"), ("achieved", "实际完成值（B）"),
                   ("score", "得分"), ("reason", "偏差原因分析")),
        fund_label="预算执行情况（万元）（20分）", block_column=False,
        target_blocks=("年度绩效目标1（40分）", "年度绩效目标2（40分）")),
}
