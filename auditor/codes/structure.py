"""Family S (S001–S019): what the reader could not find or read.  Emitted by the reader."""
from __future__ import annotations

from auditor.codes.base import ERROR, INFO, WARNING, Rule, register


class _Reader(Rule):
    emitted_elsewhere = True


@register
class MissingSheet(_Reader):
    """A sheet of the standard workbook is missing.

    Sheets are found by keyword in their name (封面/基本信息, 收支, 三公, 绩效目标, 评分),
    or failing that by the labels they hold.
    Bad: a workbook with 封面, 收支情况, 三公经费, 自评评分表 (no 绩效目标完成情况).
    Good: all five sheets, in any order, under any name holding the keyword.
    """
    code, name, severity, tags = "S001", "missing-sheet", ERROR, ("structure",)
    action = {"zh": "请按标准模板补齐该工作表", "en": "Add the sheet as in the template"}
    message = {"zh": "未找到“{sheet}”工作表，无法审核该部分；请按标准模板补齐",
               "en": "No '{sheet}' sheet was found, so that part cannot be checked; add it as in the template"}


@register
class MissingTable(_Reader):
    """A table is missing from its sheet: its title row or its header row was not found.

    Bad: 收支情况 with no row titled 支出情况（按支出性质）.
    Good: each table under its title, its header row (项目 · … · 决算数) below it.
    """
    code, name, severity, tags = "S002", "missing-table", ERROR, ("structure",)
    action = {"zh": "请按标准模板补齐该表的标题和表头", "en": "Add the table's title and header as in the template"}
    message = {"zh": "未找到“{table}”表（标题或表头行），该表无法审核",
               "en": "Table '{table}' (its title or header row) was not found; it cannot be checked"}


@register
class MissingColumn(_Reader):
    """A column the checks need is missing from a table's header row.

    Bad: the 收入情况 header has no 决算数 column.
    Good: 项目 · 年初预算数 · 调整后预算数 · 决算数 · 决算占比（%） · 较年初预算增减额 · 较年初预算增减率（%）.
    """
    code, name, severity, tags = "S003", "missing-column", WARNING, ("structure",)
    action = {"zh": "请按标准模板补齐该列", "en": "Add the column as in the template"}
    message = {"zh": "“{table}”表缺少“{column}”列，相关核对未进行",
               "en": "Table '{table}' has no '{column}' column; the checks that need it were skipped"}


@register
class MissingTotalRow(_Reader):
    """A total row is missing (a missing income source or expense class is zero, not a fault).

    Bad: 收入情况 with its lines but no 本年收入合计 row.
    Good: every total row present, lines with nothing to report may be deleted.
    """
    code, name, severity, tags = "S004", "missing-total-row", ERROR, ("structure",)
    action = {"zh": "请按标准模板补齐该行", "en": "Add the row as in the template"}
    message = {"zh": "“{table}”表缺少“{row}”行，无法核对合计",
               "en": "Table '{table}' has no '{row}' row, so its totals cannot be checked"}


@register
class UnparseableValue(_Reader):
    """A cell that should hold a number holds text that is not a number, or a number no figure reaches.

    A "number" of 10^15 or more (``1E+40``, 400 digits typed as text) is no budget figure,
    and no check could do arithmetic on it: it is reported here, at its cell.
    Bad: 决算数 typed as ``约5200``, or holding ``1E+40``.
    Good: ``5199.03``, ``5,199.03``, ``５１９９．０３``, ``（123.4）``, ``95.98%``, or ``-`` for not applicable.
    """
    code, name, severity, tags = "S005", "unparseable-value", ERROR, ("structure", "number")
    action = {"zh": "请填写数字，不要夹带文字或单位", "en": "Fill in a number, without words or units"}
    message = {"zh": "“{what}”应为数字，实际填写为“{text}”，无法识别",
               "en": "'{what}' should be a number but holds '{text}', which cannot be read"}


@register
class UncachedFormula(_Reader):
    """A formula was saved without its calculated value, so its figure cannot be verified.

    Files saved by tools that do not calculate hold formulas with no result; the auditor
    never reads such a cell as 0.
    Bad: ``=SUM(D5:D12)`` with no saved value.
    Good: open the file in Excel or WPS, let it calculate, and save it again.
    """
    code, name, severity, tags = "S006", "uncached-formula", WARNING, ("structure", "formula")
    action = {"zh": "请用 Excel 或 WPS 打开重算后保存", "en": "Open the file in Excel or WPS, recalculate and save"}
    message = {"zh": "“{what}”是未计算保存的公式（{formula}），无法核验；请用 Excel/WPS 打开重算后保存",
               "en": "'{what}' is a formula saved without its value ({formula}); it cannot be verified. Recalculate and save in Excel/WPS"}


@register
class MissingCoverField(_Reader):
    """A required cover field (部门名称, 填报人, 联系电话, 评价年度) is missing or empty.

    Bad: 填报人 left blank.
    Good: 填报人 谢心语, 联系电话 0751-6352132.
    """
    code, name, severity, tags = "S007", "missing-cover-field", ERROR, ("structure", "cover")
    action = {"zh": "请补填封面该项", "en": "Fill in the cover field"}
    message = {"zh": "封面缺少“{field}”", "en": "The cover lacks '{field}'"}


@register
class UnknownUnit(_Reader):
    """金额单位 is neither 万元 nor 元; amounts are read as 万元.

    Bad: 金额单位 千元.
    Good: 金额单位 万元 (or 元).
    """
    code, name, severity, tags = "S008", "unknown-unit", WARNING, ("structure", "unit")
    action = {"zh": "请在封面写明金额单位（万元或元）", "en": "State the unit on the cover (万元 or 元)"}
    message = {"zh": "金额单位“{text}”无法识别，按万元审核", "en": "Unit '{text}' is not 万元 or 元; amounts were read as 万元"}


@register
class HiddenSheet(_Reader):
    """A hidden sheet holds content; reviewers should see what a workbook hides.

    When the only sheet for a part is hidden, it is read, and this warning says so.
    Bad: a hidden sheet 收支情况(原) with figures.
    Good: no hidden sheets, or hidden sheets that are empty.
    """
    code, name, severity, tags = "S009", "hidden-sheet", WARNING, ("structure",)
    action = {"zh": "请确认数据所在的工作表，删除或取消隐藏其余工作表",
              "en": "Confirm which sheet holds the data; delete or unhide the others"}
    message = {"zh": "工作表“{sheet}”被隐藏但含有数据（{used}）；请确认实际数据所在的工作表",
               "en": "Sheet '{sheet}' is hidden but holds data ({used}); make sure the real figures are on the visible sheets"}


@register
class PackBorrowed(_Reader):
    """The evaluation year has no rule pack of its own; the nearest year's pack was used.

    Bad: 评价年度 2025 when only the 2023 pack ships (the check says which pack it used).
    Good: 评价年度 2023, or ``--rules`` naming the year's own pack.
    """
    code, name, severity, tags = "S010", "pack-borrowed", INFO, ("structure", "pack")
    action = {"zh": "请确认评价年度，或提供当年的规则包", "en": "Check the year, or supply that year's rules"}
    message = {"zh": "评价年度 {year} 无对应规则包，已按 {pack_year} 年规则包审核",
               "en": "No rule pack for {year}; the {pack_year} pack was used"}


@register
class YearNotAsked(_Reader):
    """The workbook's 评价年度 is the year the check was asked for (``--year``).

    A bureau checking a year's submissions names it; a file of another year was sent in
    error, or left from last year.
    Bad: ``auditor check --year 2023`` on a workbook whose 评价年度 is 2022.
    Good: 评价年度 2023.
    """
    code, name, severity, tags = "S017", "year-not-asked", ERROR, ("structure", "dates")
    action = {"zh": "请核对评价年度，或按该年度的文件审核",
              "en": "Check the year, or check the file against its own year"}
    message = {"zh": "评价年度 {year} 与本次审核的年度 {asked} 不一致",
               "en": "The workbook evaluates {year}; this check is for {asked}"}


@register
class MissingScoreCell(_Reader):
    """An indicator in the scoring table has no 分值 or no 自评得分.

    Bad: 资产盘点情况 with 分值 1 and 自评得分 left blank.
    Good: 资产盘点情况 分值 1, 自评得分 0, with a reason.
    """
    code, name, severity, tags = "S011", "missing-score-cell", ERROR, ("structure", "scoring")
    action = {"zh": "请补填该项", "en": "Fill in the field"}
    message = {"zh": "指标“{indicator}”缺少{what}", "en": "Indicator '{indicator}' has no {what}"}


@register
class UnitConverted(_Reader):
    """A cell states its own unit (``12万元``) different from the workbook's 金额单位; it was converted.

    Bad: ``0.5万元`` typed into a workbook whose 金额单位 is 元.
    Good: ``5000`` in a workbook in 元.
    """
    code, name, severity, tags = "S012", "unit-converted", INFO, ("structure", "unit")
    action = {"zh": "请统一金额单位", "en": "Use one unit throughout"}
    message = {"zh": "单元格注明单位“{cell_unit}”，与金额单位“{unit}”不同，已换算",
               "en": "The cell states '{cell_unit}', unlike the workbook's unit '{unit}'; it was converted"}


@register
class DuplicateRow(_Reader):
    """The same row label appears twice in one table; the first one is used.

    Bad: two 本年收入合计 rows.
    Good: each line once.
    """
    code, name, severity, tags = "S013", "duplicate-row", WARNING, ("structure",)
    action = {"zh": "请删除重复的行", "en": "Delete the repeated row"}
    message = {"zh": "“{table}”表中“{row}”出现多次，仅审核第一行",
               "en": "'{row}' appears more than once in '{table}'; only the first is checked"}


@register
class BlankForm(_Reader):
    """The workbook is the standard form with nothing filled in; nothing else is reported.

    A blank form is one problem, not two dozen (every 自评得分 missing, a total of 0, grade
    差): the department sent the template instead of its self-evaluation.
    Bad: the workbook ``auditor template`` writes, submitted as it is.
    Good: the same form with the cover, the amounts and the scores filled in.
    """
    code, name, severity, tags = "S014", "blank-form", ERROR, ("structure",)
    action = {"zh": "请填写后重新报送", "en": "Fill in the form and send it again"}
    message = {"zh": "工作簿是未填写的空白自评表（封面、金额和自评得分均为空），请填写后重新提交",
               "en": "The workbook is the blank form, with nothing filled in (cover, amounts and scores are all empty); fill it in and resubmit"}


@register
class UnknownForm(_Reader):
    """The workbook is in none of the forms the auditor knows, so nothing of it can be checked.

    One finding for the whole file, naming the forms known and the closest one, instead of a
    missing-sheet finding for every sheet of a form the file was never meant to be in.  A
    workbook that shows any part of a form (a sheet by its name or by its labels) is read as
    that form and gets that form's own findings; ``--form`` reads it as a form regardless.
    Bad: a workbook whose only sheet is a staff list (Sheet1: 姓名, 职务, 电话).
    Good: a department-wide workbook, even with 三公经费 missing (that gets S001).
    """
    code, name, severity, tags = "S015", "unknown-form", ERROR, ("structure", "form")
    action = {"zh": "请按已知表式填报", "en": "Use one of the known forms"}
    message = {"zh": "未能识别工作簿的表式（已知表式：{forms}）；最接近的是“{closest}”（找到 {seen}；缺少 {missing}）；"
                     "请按已知表式填报，或用 --form 指定表式",
               "en": "The workbook is in no known form (known: {forms}); the closest is '{closest}' "
                     "(found: {seen}; lacking: {missing}); fill in a known form, or name one with --form"}


@register
class MisplacedCell(_Reader):
    """A cell's reference (``r="…"``) names no cell, so the cell was placed by its position.

One finding per sheet, at the first such cell, with how many there are: a tool that
writes one bad reference usually writes them all.

    The workbook is read, not lost: as Excel does, such a cell goes next after the previous
    cell of its row.  A reviewer should know that its value sits where its position says,
    not where its writer meant; saving the workbook again in Excel or WPS writes it right.
    Bad: ``<c r="A0">`` or ``<c r="XFE1">`` in a sheet a tool other than Excel wrote.
    Good: ``<c r="B3">``, or no ``r`` at all (the format's shorthand for the next cell).
    """
    code, name, severity, tags = "S016", "misplaced-cell", WARNING, ("structure",)
    action = {"zh": "请用 Excel 或 WPS 重新保存工作簿", "en": "Save the workbook again with Excel or WPS"}
    message = {"zh": "单元格引用 r=\"{ref}\" 不是有效的单元格地址，已按位置读作 {cell}（本表共 {count} 个这样的单元格）；"
                     "请用 Excel 或 WPS 重新保存工作簿",
               "en": "The cell reference r=\"{ref}\" names no cell; it was read by its position as {cell} "
                     "({count} such cells in this sheet); save the workbook again in Excel or WPS"}
