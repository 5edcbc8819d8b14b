"""Family B: the arithmetic of 收支情况 (income and expenditure)."""
from __future__ import annotations

from auditor.forms.department.vocabulary import COLUMN_NAMES, ECONOMIC_CLASSES, INCOME_SOURCES, line_name
from auditor.forms.department.rules.lines import column_values, value_at
from auditor import precision as P
from auditor.rules.arith import NO_CORRECTIONS, amount, amounts, money, sum_mismatch
from auditor.codes import ERROR, WARNING, Rule, register
from auditor.rules.folding import fold_into
from auditor.rules.kinds import DifferenceRule, RatioRule, SumRule, corrected, fold, unit_of

_AMOUNT_COLUMNS = ("budget_initial", "budget_adjusted", "actual")


def _what(line: str, column: str, table: str = "income") -> str:
    return f"{line_name(table, line)}·{COLUMN_NAMES.get(column, column)}"


@register
class IncomeTotal(SumRule):
    """本年收入合计 equals the sum of the income lines, in every amount column.

    Missing lines count as zero.
    Bad: 一般公共预算 5199.03 + 政府性基金 0, 本年收入合计 决算数 5200.00.
    Good: 本年收入合计 决算数 5199.03.
    """
    code, name, severity, tags = "B001", "income-total", ERROR, ("income", "total")
    action = {"zh": "请核对各项收入，把本年收入合计改为各项之和", "en": "Check the income lines and make 本年收入合计 their sum"}
    level = 1
    message = {"zh": "本年收入合计（{column}）应为各项收入之和 {expected}{unit}，填报为 {actual}{unit}",
               "en": "本年收入合计 ({column}) should be the sum of the income lines, {expected} {unit}; it is {actual} {unit}"}

    def equations(self, ctx):
        t = ctx.wb.income
        if t is None:
            return
        for col in _AMOUNT_COLUMNS:
            yield (value_at(t, "total", col), column_values(t, INCOME_SOURCES, col),
                   {"column": COLUMN_NAMES[col]})


@register
class IncomeGrandTotal(SumRule):
    """收入总计 equals 本年收入合计 + 年初结转和结余 (+ 使用非财政拨款结余 where present).

    Bad: 本年收入合计 5199.03, 年初结转和结余 12.00, 收入总计 5199.03.
    Good: 收入总计 5211.03.
    """
    code, name, severity, tags = "B002", "income-grand-total", ERROR, ("income", "total")
    action = {"zh": "请把收入总计改为本年收入合计与年初结转和结余之和", "en": "Make 收入总计 the sum of 本年收入合计 and 年初结转和结余"}
    level = 2
    message = {"zh": "收入总计（{column}）应为本年收入合计与年初结转和结余之和 {expected}{unit}，填报为 {actual}{unit}",
               "en": "收入总计 ({column}) should be the sum of 本年收入合计 and 年初结转和结余, {expected} {unit}; it is {actual} {unit}"}

    def equations(self, ctx):
        t = ctx.wb.income
        if t is None or not t.has("total"):
            return
        for col in _AMOUNT_COLUMNS:
            yield (value_at(t, "grand_total", col),
                   column_values(t, ["total", "carryover", "non_fiscal_surplus"], col),
                   {"column": COLUMN_NAMES[col]})


# B003's wording when the 合计 is right and a class line is where the gap is
_GAP_IN_LINE = {
    "zh": "支出（按经济分类）{line}（{column}）应为 {expected}{unit}，填报为 {actual}{unit}："
          "本年支出合计与收入合计、按支出性质的合计一致，差额在此行",
    "en": "{line} by economic class ({column}) should be {expected} {unit}; it is {actual} {unit}: 本年支出合计 "
          "agrees with the income total and the total by nature, so the gap is in this line"}


@register
class EconomicTotal(SumRule):
    """本年支出合计 (by economic class) equals the sum of the classes, in every amount column.

    When the 合计 itself agrees with 本年收入合计 and with the total by nature, the gap is in
    a class line: the line that breaks 公用经费 = 商品和服务 + 资本性 (or 人员经费 =
    工资福利 + 对个人和家庭的补助) is named, with what it should be.
    Bad: 工资福利 4990.28 + 商品和服务 174.64 + 对个人和家庭的补助 34.11, 本年支出合计 5190.03.
    Good: 本年支出合计 5199.03.
    """
    code, name, severity, tags = "B003", "expense-economic-total", ERROR, ("expenditure", "total")
    level = 1
    action = {"zh": "请核对各类支出，使本年支出合计等于各类之和", "en": "Check the classes so that 本年支出合计 is their sum"}
    message = {"zh": "支出（按经济分类）本年支出合计（{column}）应为各类支出之和 {expected}{unit}，填报为 {actual}{unit}",
               "en": "本年支出合计 by economic class ({column}) should be the sum of the classes, {expected} {unit}; it is {actual} {unit}"}
    variants = {"line": _GAP_IN_LINE}

    def check(self, ctx):
        t = ctx.wb.expense_economic
        if t is None:
            return
        for col in _AMOUNT_COLUMNS:
            if col not in t.columns:
                continue
            total, parts = value_at(t, "total", col), column_values(t, ECONOMIC_CLASSES, col)
            miss = sum_mismatch(total, parts, ctx.corrections)
            if not miss:
                continue
            line = line_at_fault(ctx, col, amount(total)) if _witnessed(ctx, col, total) else None
            if line is not None:
                key, value, expected = line
                yield corrected(ctx.corrections, value, expected, self.at(
                    value, expected=money(expected.mid), actual=money(value.number), unit=unit_of(ctx), related=[total] + parts,
                    variant="line", line=line_name("expense_economic", key), column=COLUMN_NAMES[col]))
                continue
            expected, actual, allowed, follows = miss
            if follows:
                fold(ctx.corrections, total, parts)
                continue
            yield corrected(ctx.corrections, total, allowed, self.at(
                total, expected=expected, actual=actual, related=parts, column=COLUMN_NAMES[col], unit=unit_of(ctx)))


# The economic classes each line of the nature table is made of: what names the class
# line a gap is in.
_MADE_OF = {"personnel": ("wages", "household"), "public_use": ("goods_services", "capital")}


def _agree(a, b) -> bool:
    ia, ib = amount(a), amount(b)
    return a is not None and b is not None and a.is_number and b.is_number and ia is not None \
        and ib is not None and ia.meets(ib)


def _witnessed(ctx, col: str, total) -> bool:
    """The economic 合计 agrees with 本年收入合计 and with the total by nature."""
    wb = ctx.wb
    return _agree(total, value_at(wb.expense_nature, "total", col)) and _agree(total, value_at(wb.income, "total", col))


def line_at_fault(ctx, col: str, right_total):
    """(the class line's key, its value, what it should be) when one class line explains
    why the economic classes do not add up to ``right_total``: the only non-zero line of
    the only group of classes that disagrees with its line of the nature table, and what
    that line of the nature table says makes the classes add up; None when nothing decides."""
    e, n = ctx.wb.expense_economic, ctx.wb.expense_nature
    if e is None or n is None or col not in n.columns:
        return None
    failing = []
    for nature_line, classes in _MADE_OF.items():
        witness = value_at(n, nature_line, col)
        made = {k: e.value(k, col) for k in classes if e.has(k)}
        if witness is None or not witness.is_number or amounts(made.values()) is None:
            continue
        if not amount(witness).meets(amounts(made.values())):
            failing.append((witness, [k for k, v in made.items() if v is not None and v.is_number and v.number]))
    if len(failing) != 1 or len(failing[0][1]) != 1:
        return None
    witness, (key,) = failing[0]
    line = e.value(key, col)
    rest = amounts(v for k, v in ((k, e.value(k, col)) for k in ECONOMIC_CLASSES if e.has(k)) if k != key)
    if rest is None or not (rest + amount(witness)).meets(right_total):
        return None
    return key, line, amount(witness)


@register
class NatureTotal(SumRule):
    """本年支出合计 (by nature) equals 基本支出 + 项目支出.

    Bad: 基本支出 5084.39 + 项目支出 114.64, 本年支出合计 5099.03.
    Good: 本年支出合计 5199.03.
    """
    code, name, severity, tags = "B004", "expense-nature-total", ERROR, ("expenditure", "total")
    action = {"zh": "请把本年支出合计改为基本支出与项目支出之和", "en": "Make 本年支出合计 the sum of 基本支出 and 项目支出"}
    level = 2
    message = {"zh": "支出（按支出性质）本年支出合计（{column}）应为基本支出与项目支出之和 {expected}{unit}，填报为 {actual}{unit}",
               "en": "本年支出合计 by nature ({column}) should be the sum of 基本支出 and 项目支出, {expected} {unit}; it is {actual} {unit}"}

    def equations(self, ctx):
        t = ctx.wb.expense_nature
        if t is None:
            return
        for col in _AMOUNT_COLUMNS:
            if col in t.columns:
                yield (value_at(t, "total", col), column_values(t, ["basic", "project"], col),
                       {"column": COLUMN_NAMES[col]})


@register
class BasicSplit(SumRule):
    """基本支出 equals 人员经费 + 公用经费.

    Bad: 人员经费 5010.12 + 公用经费 74.27, 基本支出 5080.00.
    Good: 基本支出 5084.39.
    """
    code, name, severity, tags = "B005", "basic-split", ERROR, ("expenditure", "total")
    action = {"zh": "请核对人员经费、公用经费，使基本支出等于两者之和", "en": "Check 人员经费 and 公用经费 so that 基本支出 is their sum"}
    level = 1
    message = {"zh": "基本支出（{column}）应为人员经费与公用经费之和 {expected}{unit}，填报为 {actual}{unit}",
               "en": "基本支出 ({column}) should be the sum of 人员经费 and 公用经费, {expected} {unit}; it is {actual} {unit}"}

    def equations(self, ctx):
        t = ctx.wb.expense_nature
        if t is None or not (t.has("personnel") or t.has("public_use")):
            return
        for col in _AMOUNT_COLUMNS:
            if col in t.columns:
                yield (value_at(t, "basic", col), column_values(t, ["personnel", "public_use"], col),
                       {"column": COLUMN_NAMES[col]})


@register
class ExpenseGrandTotal(SumRule):
    """支出总计 equals 本年支出合计 + 年末结转和结余.

    Bad: 本年支出合计 5199.03, 年末结转和结余 10.00, 支出总计 5199.03.
    Good: 支出总计 5209.03.
    """
    code, name, severity, tags = "B006", "expense-grand-total", ERROR, ("expenditure", "total")
    action = {"zh": "请把支出总计改为本年支出合计与年末结转和结余之和", "en": "Make 支出总计 the sum of 本年支出合计 and 年末结转和结余"}
    level = 3
    message = {"zh": "支出总计（{column}）应为本年支出合计与年末结转和结余之和 {expected}{unit}，填报为 {actual}{unit}",
               "en": "支出总计 ({column}) should be the sum of 本年支出合计 and 年末结转和结余, {expected} {unit}; it is {actual} {unit}"}

    def equations(self, ctx):
        t = ctx.wb.expense_nature
        if t is None or not t.has("grand_total"):
            return
        for col in _AMOUNT_COLUMNS:
            if col in t.columns:
                yield (value_at(t, "grand_total", col), column_values(t, ["total", "carryover_end"], col),
                       {"column": COLUMN_NAMES[col]})


@register
class IncomeEqualsExpense(SumRule):
    """收入总计 equals 支出总计 (决算数): what came in either was spent or is carried over.

    Bad: 收入总计 5199.03, 支出总计 5209.03.
    Good: both 5199.03.
    """
    code, name, severity, tags = "B007", "income-equals-expense", ERROR, ("income", "expenditure")
    action = {"zh": "请核对支出总计与收入总计，两者应相等", "en": "Check 支出总计 against 收入总计: they must be equal"}
    level = 4
    message = {"zh": "支出总计（决算数）应等于收入总计 {expected}{unit}，填报为 {actual}{unit}",
               "en": "支出总计 (决算数) should equal 收入总计, {expected} {unit}; it is {actual} {unit}"}

    def equations(self, ctx):
        wb = ctx.wb
        income = value_at(wb.income, "grand_total", "actual")
        spent = value_at(wb.expense_nature, "grand_total", "actual")
        if income is not None and spent is not None and income.is_number:
            yield spent, [income], {}


@register
class EconomicEqualsNature(Rule):
    """本年支出合计 by economic class equals 本年支出合计 by nature: two views of one total.

    Which of the two is wrong is decided by 本年收入合计, a third view of the year's money:
    the table it disagrees with is the odd one out, and when the economic 合计 is the sum
    of its classes, the class line at fault is named where one can be.  Where the income
    total agrees with neither, nothing decides: both are named and no 应为 is given.
    Bad: by class 5199.03, by nature 5189.03, 本年收入合计 5199.03.
    Good: both 5199.03.
    """
    code, name, severity, tags = "B008", "economic-equals-nature", ERROR, ("expenditure",)
    action = {"zh": "请核对两张支出表，使按经济分类与按支出性质的合计一致", "en": "Check both expenditure tables so that their totals agree"}
    level = 3
    message = {"zh": "{table}本年支出合计（{column}）应为 {expected}{unit}（与{witnesses}一致），填报为 {actual}{unit}",
               "en": "本年支出合计 {table} ({column}) should be {expected} {unit} (as {witnesses}); it is {actual} {unit}"}
    variants = {
        "line": {"zh": "支出（按经济分类）{line}（{column}）应为 {expected}{unit}，填报为 {actual}{unit}：按经济分类的合计与{witnesses}不一致，差额在此行",
                 "en": "{line} by economic class ({column}) should be {expected} {unit}; it is {actual} {unit}: the economic "
                       "total disagrees with {witnesses}, and the gap is in this line"},
        "undecided": {"zh": "按支出性质的本年支出合计（{column}）{actual}{unit} 与按经济分类的合计 {other}{unit} 不一致，"
                            "收入合计也与两者都不同，请核对两表",
                      "en": "本年支出合计 by nature ({column}) {actual} {unit} differs from the total by economic class, "
                            "{other} {unit}, and the income total matches neither: check both tables"}}

    def check(self, ctx):
        wb, fix = ctx.wb, ctx.corrections
        e, n = wb.expense_economic, wb.expense_nature
        if e is None or n is None:
            return
        for col in ("budget_adjusted", "actual"):
            a, b = value_at(e, "total", col), value_at(n, "total", col)
            if a is None or b is None or not a.is_number or not b.is_number or b.uncached:
                continue
            ia, ib = fix.amount(a), fix.amount(b)
            if ia is None or ib is None or ia.meets(ib):
                continue
            income = value_at(wb.income, "total", col)
            ic = fix.amount(income) if income is not None and income.is_number else None
            column = COLUMN_NAMES[col]
            if ic is not None and ic.meets(ia) and not ic.meets(ib):
                yield corrected(fix, b, ia, self.at(
                    b, expected=money(ia.mid), actual=money(b.number), related=[a, income], column=column, unit=unit_of(ctx),
                    table="按支出性质的", witnesses="按经济分类的合计及收入合计"))
            elif ic is not None and ic.meets(ib) and not ic.meets(ia):
                line = line_at_fault(ctx, col, ib) if amounts(column_values(e, ECONOMIC_CLASSES, col)) is not None \
                    and amount(a).meets(amounts(column_values(e, ECONOMIC_CLASSES, col))) else None
                if line is not None:
                    key, value, expected = line
                    yield corrected(fix, value, expected, self.at(
                        value, expected=money(expected.mid), actual=money(value.number), unit=unit_of(ctx), related=[a, b, income],
                        variant="line", line=line_name("expense_economic", key), column=column,
                        witnesses="按支出性质的合计及收入合计"))
                    fix[a.loc] = (ib, fix[value.loc][1])
                    continue
                yield corrected(fix, a, ib, self.at(
                    a, expected=money(ib.mid), actual=money(a.number), related=[b, income], column=column, unit=unit_of(ctx),
                    table="按经济分类的", witnesses="按支出性质的合计及收入合计"))
            else:
                yield self.at(b, actual=money(b.number), related=[a] + ([income] if income is not None else []),
                              variant="undecided", column=column, other=money(a.number), unit=unit_of(ctx))


_SHARE_PARTS = {"income": INCOME_SOURCES + ["total"], "expense_economic": ECONOMIC_CLASSES + ["total"],
                "expense_nature": ["basic", "personnel", "public_use", "project", "total"]}
_TABLE_NAMES = {"income": "收入", "expense_economic": "支出（按经济分类）", "expense_nature": "支出（按支出性质）"}


@register
class Share(RatioRule):
    """Each stated 决算占比 equals the line's 决算数 ÷ the table's 本年收入/支出合计.

    Judged by the interval rule: 95.98% for 4990.28 of 5199.03 is consistent (95.985…),
    and so are 97.80% and 2.20% for 5084.39 and 114.64 of 5199.03.
    Bad: 1234 of 5678 stated as 21.74% (it is 21.73%).
    Good: 21.73%.
    """
    code, name, severity, tags = "B009", "share", ERROR, ("share",)
    action = {"zh": "请按决算数除以本年合计重新计算占比，四舍五入保留两位小数",
              "en": "Recompute the share as 决算数 divided by the total, rounded to two decimals"}
    message = {"zh": "{what}应为 {expected}%，填报为 {actual}%",
               "en": "{what} should be {expected}%; it is {actual}%"}
    # off by one unit of its last digit: a rounding slip (often to make the shares add up
    # to 100%), a warning that says how to round
    variants = {"rounding": {
        "zh": "{what}按四舍五入应为 {expected}%，填报为 {actual}%（差一个尾数，多为凑足100%所致）",
        "en": "{what} rounds to {expected}%; it is stated as {actual}% (one unit off in the last digit, "
              "often to make the shares add up to 100%)"}}

    def check(self, ctx):
        for f in super().check(ctx):
            if f.code == self.code and _one_unit_off(f.expected, f.actual):
                f.severity = WARNING
                f.args["variant"] = "rounding"
            yield f

    def ratios(self, ctx):
        for key, lines in _SHARE_PARTS.items():
            t = getattr(ctx.wb, key)
            if t is None or "share" not in t.columns:
                continue
            total = value_at(t, "total", "actual")
            for line in lines:
                stated = value_at(t, line, "share")
                part = value_at(t, line, "actual")
                if stated is None or part is None:
                    continue
                yield (stated, ctx.corrections.amount(part), ctx.corrections.amount(total),
                       {"what": f"{_TABLE_NAMES[key]}·" + _what(line, "share", key)}, [part, total])


def _one_unit_off(expected: str | None, actual: str | None) -> bool:
    """The stated figure is one unit of its last printed digit (and no more) from what
    rounding gives, for a figure printed with decimals."""
    from decimal import Decimal, InvalidOperation

    try:
        got, want = Decimal(str(actual)), Decimal(str(expected))
    except (InvalidOperation, TypeError):
        return False
    places = -got.as_tuple().exponent
    return places > 0 and abs(got - want.quantize(Decimal(1).scaleb(-places))) == Decimal(1).scaleb(-places)


@register
class SharesSum(SumRule):
    """The stated shares of one total add up to 100%.

    Shares are rounded, so 100.01% can be right; 103% cannot.
    Bad: 95.98 + 6.36 + 0.66 = 103.00.
    Good: 95.98 + 3.36 + 0.66 = 100.00.
    """
    code, name, severity, tags = "B010", "shares-sum", ERROR, ("share",)
    action = {"zh": "请核对各项占比，使其合计为100%", "en": "Check the shares so that they add up to 100%"}
    message = {"zh": "{table}各项决算占比之和应为 100%，实际合计 {sum}%",
               "en": "The shares of {table} should add up to 100%; they add up to {sum}%"}

    def check(self, ctx):
        fix = ctx.corrections
        groups = {"income": INCOME_SOURCES, "expense_economic": ECONOMIC_CLASSES,
                  "expense_nature": ["basic", "project"]}
        for key, lines in groups.items():
            t = getattr(ctx.wb, key)
            if t is None or "share" not in t.columns:
                continue
            shares = [v for v in (value_at(t, k, "share") for k in lines if t.has(k)) if v is not None]
            numbers = [v for v in shares if v.is_number]
            if len(numbers) < 2 or len(numbers) != len([v for v in shares if not v.is_blank]):
                continue
            total = P.sum_of(P.stated(v.number, v.decimals or 0) for v in numbers)
            if total.meets(P.exact(100)):
                continue
            spent = value_at(t, "total", "actual")
            if spent is None or not spent.is_number or spent.number == 0:
                continue
            where = value_at(t, "total", "share")
            where = where if where is not None else numbers[-1]
            s = sum(v.number for v in numbers)
            finding = self.at(where, expected="100", actual=str(s), related=numbers,
                              table=_TABLE_NAMES[key], sum=str(s))
            roots = fix.roots(numbers)
            as_corrected = P.sum_of(fix[v.loc][0] if v.loc in fix else P.stated(v.number, v.decimals or 0)
                                    for v in numbers)
            if roots and as_corrected.meets(P.exact(100)):
                fold_into(roots[0], finding)  # the wrong share(s) explain the sum: one fault
            else:
                yield finding


@register
class ChangeAmount(DifferenceRule):
    """Each stated 较年初预算增减额 equals 决算数 − 年初预算数.

    Bad: 年初 3793.39, 决算 5199.03, 增减额 1450.64.
    Good: 增减额 1405.64.
    """
    code, name, severity, tags = "B011", "change-amount", ERROR, ("income", "change")
    action = {"zh": "请按决算数减年初预算数重新填写增减额", "en": "Fill in the change as 决算数 minus 年初预算数"}
    message = {"zh": "{what}应为决算数减年初预算数 {expected}{unit}，填报为 {actual}{unit}",
               "en": "{what} should be 决算数 less 年初预算数, {expected} {unit}; it is {actual} {unit}"}

    def differences(self, ctx):
        t = ctx.wb.income
        if t is None or "change" not in t.columns:
            return
        for line in INCOME_SOURCES + ["total"]:
            yield (value_at(t, line, "change"), value_at(t, line, "actual"), value_at(t, line, "budget_initial"),
                   {"what": _what(line, "change")})


@register
class ChangeRate(RatioRule):
    """Each stated 较年初预算增减率 equals (决算数 − 年初预算数) ÷ 年初预算数.

    The reference report's 37.3% is wrong: (5199.03 − 3793.39) ÷ 3793.39 = 37.05%.
    Bad: 年初 3793.39, 决算 5199.03, 增减率 37.3.
    Good: 增减率 37.05.
    """
    code, name, severity, tags = "B012", "change-rate", ERROR, ("income", "change")
    action = {"zh": "请按增减额除以年初预算数重新计算增减率，四舍五入保留两位小数",
              "en": "Recompute the rate as the change divided by 年初预算数, rounded to two decimals"}
    message = {"zh": "{what}应为 {expected}%，填报为 {actual}%",
               "en": "{what} should be {expected}%; it is {actual}%"}

    def ratios(self, ctx):
        t = ctx.wb.income
        if t is None or "change_rate" not in t.columns:
            return
        for line in INCOME_SOURCES + ["total"]:
            stated = value_at(t, line, "change_rate")
            actual, initial = value_at(t, line, "actual"), value_at(t, line, "budget_initial")
            if stated is None or actual is None or initial is None or not initial.is_number:
                continue
            a, i = ctx.corrections.amount(actual), ctx.corrections.amount(initial)
            if a is None or i is None:
                continue
            yield stated, a - i, i, {"what": _what(line, "change_rate")}, [actual, initial]


@register
class ExecutionRate(RatioRule):
    """The stated 预算执行率 equals 本年支出合计 决算数 ÷ 调整后预算数.

    Bad: 决算 5199.03 of 调整后预算 5220.00 stated as 98.60%.
    Good: 99.60%.
    """
    code, name, severity, tags = "B013", "execution-rate", ERROR, ("execution",)
    action = {"zh": "请按本年支出合计决算数除以调整后预算数重新计算预算执行率", "en": "Recompute 预算执行率 as 决算数 divided by 调整后预算数 of 本年支出合计"}
    message = {"zh": "预算执行率应为本年支出合计的决算数除以调整后预算数，即 {expected}%，填报为 {actual}%",
               "en": "预算执行率 should be 本年支出合计's 决算数 divided by its 调整后预算数, {expected}%; it is {actual}%"}

    def ratios(self, ctx):
        wb = ctx.wb
        for t in (wb.expense_economic, wb.expense_nature):
            actual, budget = value_at(t, "total", "actual"), value_at(t, "total", "budget_adjusted")
            if actual is not None and budget is not None and actual.is_number and budget.is_number:
                yield (wb.execution_rate, ctx.corrections.amount(actual), ctx.corrections.amount(budget), {"what": "预算执行率"},
                       [actual, budget])
                return


def execution(wb, line: str = "total", fix=NO_CORRECTIONS):
    """决算 ÷ 调整后预算 of a line of the expenditure tables, as an interval in percent, on
    the amounts as ``fix`` corrected them."""
    for t in (wb.expense_nature, wb.expense_economic) if line != "total" else (wb.expense_economic, wb.expense_nature):
        actual, budget = value_at(t, line, "actual"), value_at(t, line, "budget_adjusted")
        if actual is not None and budget is not None and actual.is_number and budget.is_number:
            r = fix.amounts([actual]) / fix.amounts([budget])
            return (r.scale(100) if r is not None else None), actual, budget
    return None, None, None
