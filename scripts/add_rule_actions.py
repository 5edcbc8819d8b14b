"""Declare ``action`` (what to do, zh and en) on every rule class that lacks one.

A one-off for merging branches whose rules were written before ``Rule.action``: it adds the
attribute, from the table below, right after each class's ``code`` line, and says which
codes it could not place.  Run it from the repository root, then review the diff:

    python3 scripts/add_rule_actions.py
"""
from __future__ import annotations

import json
import re
from pathlib import Path

ACTIONS = {
    "B001": ("请核对各项收入，把本年收入合计改为各项之和", "Check the income lines and make 本年收入合计 their sum"),
    "B002": ("请把收入总计改为本年收入合计与年初结转和结余之和", "Make 收入总计 the sum of 本年收入合计 and 年初结转和结余"),
    "B003": ("请核对各类支出，使本年支出合计等于各类之和", "Check the classes so that 本年支出合计 is their sum"),
    "B004": ("请把本年支出合计改为基本支出与项目支出之和", "Make 本年支出合计 the sum of 基本支出 and 项目支出"),
    "B005": ("请核对人员经费、公用经费，使基本支出等于两者之和", "Check 人员经费 and 公用经费 so that 基本支出 is their sum"),
    "B006": ("请把支出总计改为本年支出合计与年末结转和结余之和", "Make 支出总计 the sum of 本年支出合计 and 年末结转和结余"),
    "B007": ("请核对支出总计与收入总计，两者应相等", "Check 支出总计 against 收入总计: they must be equal"),
    "B008": ("请核对两张支出表，使按经济分类与按支出性质的合计一致", "Check both expenditure tables so that their totals agree"),
    "B009": ("请按决算数除以本年合计重新计算占比，四舍五入保留两位小数", "Recompute the share as 决算数 divided by the total, rounded to two decimals"),
    "B010": ("请核对各项占比，使其合计为100%", "Check the shares so that they add up to 100%"),
    "B011": ("请按决算数减年初预算数重新填写增减额", "Fill in the change as 决算数 minus 年初预算数"),
    "B012": ("请按增减额除以年初预算数重新计算增减率，四舍五入保留两位小数", "Recompute the rate as the change divided by 年初预算数, rounded to two decimals"),
    "B013": ("请按本年支出合计决算数除以调整后预算数重新计算预算执行率", "Recompute 预算执行率 as 决算数 divided by 调整后预算数 of 本年支出合计"),
    "B014": ("请按四舍五入填写，不要直接截去尾数", "Round the figure instead of cutting off its last digits"),
    "B020": ("请说明超出调整后预算部分的资金来源，或核对决算数", "Say where the money beyond the adjusted budget came from, or check the 决算"),
    "B021": ("请核对该行，使其等于所含各类支出之和", "Check the line so that it is the sum of its classes"),
    "B022": ("请核对金额单位，统一按万元或元填写", "Check the unit: fill in every amount in 万元 or all in 元"),
    "B023": ("请按预算批复填写调整后预算数", "Fill in the adjusted budget from the budget approval"),
    "D001": ("请核实得分说明是否照抄其他部门，按本部门实际情况填写", "Check whether the explanation was copied, and write this department's own"),
    "D002": ("请核实部门编码，每个部门一个编码", "Check the department code: one code per department"),
    "D003": ("请核实该部门的自评总分与各项得分", "Check this department's total and its scores"),
    "D004": ("请核实是否重复报送，保留一份", "Check whether the department submitted twice, and keep one"),
    "D005": ("请核实该自设指标的分值设置", "Check the points this own indicator carries"),
    "G001": ("请补填该项内容", "Fill in the missing field"),
    "G002": ("请把完成情况改为“未完成”，并填写偏差原因分析", "Mark the target 未完成 and give the reason for the gap"),
    "G003": ("请在偏差原因分析栏写明未完成的原因及改进措施", "Write in the 偏差原因分析 column why the target was missed and what will be done"),
    "G004": ("请填写“已完成”或“未完成”", "Fill in 已完成 or 未完成"),
    "G010": ("请分析指标值是否设置偏低，并按偏离度调减得分或说明原因", "Say whether the target was set too low, and lower the score by the deviation or give the reason"),
    "J001": ("请核对其中各项资金，使年度资金总额等于各项之和", "Check the fund lines so that the total is their sum"),
    "J002": ("请按执行数除以预算数重新计算执行率", "Recompute the rate as 执行数 divided by the budget"),
    "J003": ("请按执行率乘以分值重新计算得分，执行率超过100%的按满分计", "Recompute the score as rate times points, full points at most"),
    "J004": ("请补填执行率和得分", "Fill in the rate and the score"),
    "J005": ("请在备注或原因栏说明预算调整的原因", "State why the budget was changed"),
    "J006": ("请在原因栏说明执行偏差的原因", "State the reason for the execution gap"),
    "J007": ("请说明超出全年预算部分的资金来源，或核对执行数", "Say where the money beyond the budget came from, or check the amount spent"),
    "J020": ("请把得分改在0至分值之间", "Keep the score between 0 and its points"),
    "J021": ("请核对所属指标的分值或得分，使其合计与一级指标一致", "Check the indicators so that they add up to their group"),
    "J022": ("请调整各项分值，使合计为规定总分", "Adjust the points so that they add up to the form's total"),
    "J023": ("请把总分改为各项之和", "Make the total the sum of the rows"),
    "J024": ("请按表样规定的分值设置", "Set the points the form gives"),
    "J025": ("请按各项得分加总的总分填写等级", "Fill in the grade that the re-added total earns"),
    "J040": ("请补写扣分原因，或按已完成目标给满分", "Give the reason for the deduction, or give full points for a target met"),
    "J041": ("请按完成比例扣分，并填写偏差原因", "Take points off in proportion and give the reason"),
    "J042": ("请把得分调低到分值乘以完成比例以内", "Lower the score to at most points times completion"),
    "J043": ("请按该档的得分范围重新评分", "Score the indicator within its band"),
    "J044": ("请在偏差原因分析及改进措施栏写明原因和措施", "Write the reason and the remedy in the 偏差原因分析及改进措施 column"),
    "J045": ("请按目标完成情况计分，完成目标的给满分", "Score by completion: full points for a target met"),
    "J050": ("请分析指标值是否设置偏低，并按偏离度调减得分或说明原因", "Say whether the target was set too low, and lower the score by the deviation or give the reason"),
    "J051": ("请按资金表的执行数与预算数改写该说明", "Restate the figure from the funds table"),
    "J052": ("请逐项写明各指标的偏差原因", "Give each indicator its own reason"),
    "J053": ("请补充满意度指标，或说明分值调整的依据", "Add a satisfaction indicator, or state why the points were moved"),
    "J054": ("请核对表头年度，删除其他年度遗留的项目表", "Check the title year; remove a table left from another year"),
    "J060": ("请补填年度指标值和实际完成值", "Fill in the target and the achieved value"),
    "J061": ("请填写实际达到的数值", "Fill in the value actually achieved"),
    "J062": ("请补填该项", "Fill in the field"),
    "J063": ("请补填年度总体目标", "Fill in the project's annual goal"),
    "J070": ("请按执行率对应的上限调减自评总分", "Lower the total to the cap the execution rate allows"),
    "J071": ("请按分档标准重新计算得分", "Score by the steps of the rules"),
    "J072": ("请按及格线公式重新计算得分", "Score by the pass-line formula"),
    "J073": ("请按满意度分档重新计算得分", "Score satisfaction by its steps"),
    "J074": ("请按适用指标得分折算为百分制填写总分", "Rescale the applicable indicators' score to 100"),
    "N001": ("请一并报送自评报告（与工作簿同名的 .docx、.txt 或 .pdf）", "Send the self-evaluation report too (a .docx, .txt or .pdf of the workbook's name)"),
    "N002": ("请把报告另存为 .docx、UTF-8 文本或带文字层的 PDF 后重新报送", "Save the report as .docx, UTF-8 text or a PDF with text, and send it again"),
    "N003": ("请核对报告与工作簿中的收入数，改正有误的一方", "Check the income figure in both, and correct the wrong one"),
    "N004": ("请核对报告与工作簿中的支出数，改正有误的一方", "Check the expenditure figure in both, and correct the wrong one"),
    "N005": ("请核对报告与三公经费表中的数字，改正有误的一方", "Check the 三公 figure in both, and correct the wrong one"),
    "N006": ("请使报告中的分值、得分与评分表一致", "Make the report's points and score agree with the scoring table"),
    "N007": ("请使报告中的总分、等级与评分表一致", "Make the report's total and grade agree with the scoring table"),
    "N008": ("请按报告中的金额重新计算该比率", "Recompute the rate from the report's own amounts"),
    "N009": ("请按四舍五入填写", "Round the figure instead of cutting it off"),
    "N010": ("请使分项得分之和与自评得分一致", "Make the itemised points add up to the score"),
    "N011": ("请把增减的说法改为与数字一致", "Make the word (增加/减少) agree with the figures"),
    "N012": ("请按存在的问题扣分，或说明为何仍得满分", "Take points off for the problem, or explain the full marks"),
    "N013": ("请使报告中的指标名称与评分表一致", "Name the indicator as the scoring table does"),
    "N014": ("请与工作簿一并更正报告中的该数字", "Correct the figure in the report along with the workbook"),
    "N015": ("请核对报告与项目表中的数字，改正有误的一方", "Check the figure in both, and correct the wrong one"),
    "N016": ("请使报告中的得分、等级与项目表一致", "Make the report's score and grade agree with the project table"),
    "N017": ("请按报告中的金额重新计算执行率", "Recompute the rate from the report's own amounts"),
    "N030": ("请在报告中补充该部分", "Add the section to the report"),
    "N031": ("请把绩效目标改写为本年度可衡量的产出和效果", "Rewrite the targets as this year's measurable outputs and effects"),
    "N032": ("请核对报告标题的年度，报送本年度的报告", "Check the report's year, and send this year's report"),
    "N033": ("请使报告与工作簿封面的填报信息一致", "Make the report's particulars agree with the cover"),
    "N034": ("请核对金额单位，使报告与工作簿一致", "Check the unit so that the report and the workbook agree"),
    "N035": ("请在报告中说明满意度调查的方式和样本量", "Say in the report how satisfaction was surveyed and how many answered"),
    "P001": ("请把自评得分改在0至分值之间", "Keep the score between 0 and its points"),
    "P002": ("请核对所属指标的分值，使其合计等于该组分值", "Check the indicators' points so that they add up to their group's"),
    "P003": ("请把小计改为所属指标得分之和", "Make the subtotal the sum of its indicators' scores"),
    "P004": ("请调整各指标分值，使合计为100分", "Adjust the points so that they add up to 100"),
    "P005": ("请把合计改为各指标之和", "Make the 合计 row the sum of the indicators"),
    "P006": ("请按各指标得分加总的总分填写等级", "Fill in the grade that the re-added total earns"),
    "P007": ("请在得分说明栏写明扣分原因", "Write why points were taken off"),
    "P008": ("请核实得分，按说明扣分或改写说明", "Check the score: take the points off, or correct the explanation"),
    "P009": ("请使说明中的分项得分之和与自评得分一致", "Make the itemised points add up to the score"),
    "P010": ("请使说明中的分值、得分与表中一致", "Make the explanation's points and score agree with the table"),
    "P011": ("请按当年规则包规定的分值填写", "Use the points the year's rules give"),
    "P012": ("请按当年规则补齐标准指标", "Add the standard indicators of the year's rules"),
    "P013": ("请按当年规则调整该组指标的分值", "Adjust the group's points to the year's rules"),
    "P020": ("请逐项写明各指标的扣分原因", "Give each indicator its own reason"),
    "P021": ("请按执行率对应的上限调减自评总分", "Lower the total to the cap the execution rate allows"),
    "R001": ("请按报告中的金额重新计算该比率", "Recompute the rate from the report's own amounts"),
    "R002": ("请核对各分项与合计，使其相符", "Check the parts against the whole so that they agree"),
    "R003": ("请按报告中的金额重新计算完成率", "Recompute the rate from the report's own amounts"),
    "R004": ("请把得分改为不超过分值", "Keep the score within its points"),
    "R005": ("请使该组得分等于其下各指标得分之和", "Make the group's score the sum of its indicators'"),
    "R006": ("请按总分填写对应等级", "Give the grade the total earns"),
    "R007": ("请使所述个数与其后所列一致", "Make the count agree with the list that follows"),
    "R008": ("请核对报告中的年度", "Check the year the report speaks of"),
    "R009": ("请统一报告中的单位名称", "Name one department throughout the report"),
    "R010": ("请核对年初数、年中增加数与合计", "Check the opening count, the additions and the total"),
    "R011": ("请改正该说法，或核对决算与预算", "Correct the wording, or check the spending and the budget"),
    "S001": ("请按标准模板补齐该工作表", "Add the sheet as in the template"),
    "S002": ("请按标准模板补齐该表的标题和表头", "Add the table's title and header as in the template"),
    "S003": ("请按标准模板补齐该列", "Add the column as in the template"),
    "S004": ("请按标准模板补齐该行", "Add the row as in the template"),
    "S005": ("请填写数字，不要夹带文字或单位", "Fill in a number, without words or units"),
    "S006": ("请用 Excel 或 WPS 打开重算后保存", "Open the file in Excel or WPS, recalculate and save"),
    "S007": ("请补填封面该项", "Fill in the cover field"),
    "S008": ("请在封面写明金额单位（万元或元）", "State the unit on the cover (万元 or 元)"),
    "S009": ("请确认数据所在的工作表，删除或取消隐藏其余工作表", "Confirm which sheet holds the data; delete or unhide the others"),
    "S010": ("请确认评价年度，或提供当年的规则包", "Check the year, or supply that year's rules"),
    "S011": ("请补填该项", "Fill in the field"),
    "S012": ("请统一金额单位", "Use one unit throughout"),
    "S013": ("请删除重复的行", "Delete the repeated row"),
    "S014": ("请填写后重新报送", "Fill in the form and send it again"),
    "S015": ("请按已知表式填报", "Use one of the known forms"),
    "S016": ("请用 Excel 或 WPS 重新保存工作簿", "Save the workbook again with Excel or WPS"),
    "S017": ("请核对评价年度，或按该年度的文件审核", "Check the year, or check the file against its own year"),
    "S020": ("请重新报送完整的工作簿", "Send the complete workbook again"),
    "S021": ("请在 Excel 或 WPS 中打开后另存为 .xlsx 重新报送", "Open it in Excel or WPS, save as .xlsx and send it again"),
    "S022": ("请在 Excel 或 WPS 中打开后另存为 .xlsx 重新报送", "Open it in Excel or WPS, save as .xlsx and send it again"),
    "S023": ("请另存为 .xlsx 后重新报送", "Save it as .xlsx and send it again"),
    "S024": ("请取消密码保护后重新报送", "Remove the password and send it again"),
    "S025": ("请在 Excel 或 WPS 中打开后另存为 .xlsx 重新报送", "Open it in Excel or WPS, save as .xlsx and send it again"),
    "S026": ("请在 Excel 或 WPS 中另存为 .xlsx 后重新报送", "Save it as .xlsx in Excel or WPS and send it again"),
    "S027": ("请删除多余的行后重新报送", "Delete the extra rows and send it again"),
    "S028": ("请删除多余内容后另存为 .xlsx 重新报送", "Remove what is not needed, save as .xlsx and send it again"),
    "S029": ("请在 Excel 或 WPS 中打开确认后另存为 .xlsx 重新报送", "Open it in Excel or WPS, save as .xlsx and send it again"),
    "S030": ("请另存为 Excel 工作簿（.xlsx）后重新报送", "Save it as an Excel workbook (.xlsx) and send it again"),
    "S031": ("请报送同名的 .xlsx 自评表", "Send the .xlsx workbook of the same name"),
    "S032": ("请检查文件后重新报送", "Check the file and send it again"),
    "S033": ("无需处理；审核结果已给出", "Nothing to do: the findings stand"),
    "T001": ("请核实超支原因；三公经费决算不得超过预算", "Explain the overspending: 三公 spending may not exceed its budget"),
    "T002": ("请把三公经费合计改为三项之和", "Make the 三公 total the sum of the three items"),
    "T003": ("请把公务用车购置及运行维护费改为购置费与运行维护费之和", "Make 公务用车购置及运行维护费 the sum of its two parts"),
    "T004": ("请按决算数减预算数重新填写增减额", "Fill in the change as 决算数 minus 预算数"),
    "T005": ("请按决算数除以预算数重新计算执行率", "Recompute the rate as 决算数 divided by 预算数"),
    "T010": ("请核对三公经费与支出表中的商品和服务支出", "Check the 三公 figures against 商品和服务支出"),
    "X001": ("请按实际执行率扣分，并说明原因", "Take points off for the execution rate, and say why"),
    "X002": ("请按三公经费超支情况扣分，并说明原因", "Take points off for the overspending, and say why"),
    "X003": ("请按目标未完成扣分，并说明原因", "Take points off for the missed target, and say why"),
    "X010": ("请按收支表的执行率改写该说明", "Restate the rate from the budget tables"),
    "X011": ("请在封面补填填报日期", "Fill in the date on the cover"),
    "X012": ("请核实填报日期或评价年度", "Check the date or the year under review"),
    "X013": ("请核对封面标题的年度，使用本年度的表", "Check the title's year, and use this year's form"),
    "X020": ("请按规则包的公式重新计算得分", "Score by the formula of the rules"),
    "F001": ("请核对各资金来源行，使总额等于各部分之和", "Check the fund rows so that the total is the sum of its parts"),
    "F002": ("请按执行数除以表式规定的预算数重新计算执行率", "Recompute the rate as 执行数 divided by the budget the form names"),
    "F003": ("请按表式的计分方法重新计算预算执行得分", "Recompute the execution score by the form's formula"),
    "F004": ("请核对各分项，使合计等于各分项之和", "Check the items so that the total is their sum"),
    "F005": ("请按表式的计算方法重新计算比率", "Recompute the rate as the form defines it"),
    "F010": ("请把得分改在 0 至该项分值之间", "Keep the score between 0 and the item's points"),
    "F011": ("请核对该一级指标下各指标的分值，使其合计等于一级指标的分值", "Check the indicators' points so that they add up to their group's"),
    "F012": ("请核对各项分值，使合计等于表式规定的总分", "Check the points so that they add up to the form's total"),
    "F013": ("请按表式的计分方法和实际完成值重新计算得分", "Recompute the score from the achieved value by the form's formula"),
    "F014": ("请按得分系数乘以指标权重重新计算指标得分", "Recompute the score as coefficient times weight"),
    "F015": ("请把自评总分改为各项得分之和", "Make the total the sum of the scores"),
    "F016": ("请按重新加总的得分对应的等级填写自评等级", "State the grade of the re-added total"),
    "F017": ("请按定性指标的完成档次给分", "Score the qualitative indicator within its band"),
    "F020": ("请在原因分析栏写明扣分原因", "State in the reason column why points were lost"),
    "F021": ("请填写该栏", "Fill in this field"),
    "F022": ("请删去表式自带的填写说明，填写实际内容", "Replace the form's instruction with what the department has to say"),
    "J064": ("请删去表样自带的填写说明，填写实际内容", "Replace the form's instruction with what the department has to say"),
    "J065": ("请填写该指标的得分（及未计分时的完成值）", "Fill in the indicator's score (and its achieved value where it is not scored)"),
}

_CODE = re.compile(r'^    code(?:, name, severity(?:, tags)?)? = "([A-Z]\d{3})"')


def main() -> int:
    placed = set()
    for path in sorted(Path("auditor").rglob("*.py")):
        lines = path.read_text("utf-8").split("\n")
        out, code, changed = [], None, False
        for i, line in enumerate(lines):
            out.append(line)
            m = _CODE.match(line)
            if not m:
                continue
            code = m.group(1)
            body = "\n".join(lines[i:i + 12])
            if code in ACTIONS and "    action = " not in body.split("\n    def ")[0]:
                zh, en = ACTIONS[code]
                out.append(f'    action = {{"zh": {json.dumps(zh, ensure_ascii=False)},')
                out.append(f'              "en": {json.dumps(en, ensure_ascii=False)}}}')
                placed.add(code)
                changed = True
        if changed:
            path.write_text("\n".join(out), "utf-8")
    print("declared:", " ".join(sorted(placed)) or "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
