"""F001–F009: the funding block of a described form: its sums, its rate, its score, and the
cap the rate sets on the total where the description switches it on."""
from __future__ import annotations

from decimal import Decimal

from auditor import precision as P
from auditor.codes import ERROR, register
from auditor.forms.described.rules.base import DescribedRule, column_name, number
from auditor.rules.arith import execution_score, execution_shares, sum_mismatch
from auditor.rules.kinds import stated_rate
from auditor.rules.variants import step_share, total_cap, variant

AMOUNTS = ("opening", "adjusted", "execution")


@register
class GroupSum(DescribedRule):
    """Each group of fund rows adds up to the total row, in each amount column.

    Where the form prints two breakdowns (by 资金来源 and by 资金结构) and one of them agrees
    with the total, the other is where the gap is, and the finding is at its first row.
    Bad: 年度资金总额 年初预算数 ``1,200.00`` under 基本支出 800, 项目支出 380, 其他 0.
    Good: 年度资金总额 1,180.00.
    """
    code, name, severity, tags = "F001", "described-fund-sum", ERROR, ("described", "funds")
    action = {"zh": "请核对各资金来源行，使总额等于各部分之和",
              "en": "Check the fund rows so that the total is the sum of its parts"}
    message = {"zh": "{column}：{total}应为{parts}之和 {sum}{unit}，填报为 {stated}{unit}",
               "en": "{column}: {total} should be the sum of {parts}, {sum} {unit}; it is {stated} {unit}"}

    def check_book(self, book, pack):
        total, groups = book.total, _groups(book)
        for role in AMOUNTS:
            misses = _misses(book, groups, role)
            agreed = any(m is None for m in misses.values())
            for group, miss in misses.items():
                if miss is None:
                    continue
                lines = groups[group]
                # at the total only when nothing says it is right; else the group is the odd one out
                at = lines[0].get(role) if agreed else total.get(role)
                yield self.at(at, expected=None if agreed else miss[0], actual=None if agreed else miss[1],
                              column=column_name(pack, "funds", role), total=total.label.text,
                              parts="、".join(ln.label.text for ln in lines), stated=miss[1], sum=miss[0],
                              unit=pack.description.unit,
                              related=[total.get(role)] + [ln.get(role) for ln in lines])


def _groups(book) -> dict:
    """The part rows by group."""
    groups = {}
    for line in book.funds if book.total is not None else ():
        if line.role == "part":
            groups.setdefault(line.group, []).append(line)
    return groups


def _misses(book, groups, role) -> dict:
    """Each group's mismatch with the total in one amount column (None: it adds up)."""
    return {g: sum_mismatch(book.total.get(role), [ln.get(role) for ln in lines]) for g, lines in groups.items()
            if any(number(ln.get(role)) for ln in lines)}


def total_sound(book, role) -> bool:
    """The total row's amount in ``role`` is not in doubt: its parts add up to it, in one
    group at least (F001 then blames another group), or no part is filled in."""
    misses = _misses(book, _groups(book), role) if book.total is not None else {}
    return not misses or any(m is None for m in misses.values())


@register
class ExecutionRate(DescribedRule):
    """A stated 执行率 is 执行数 ÷ the budget the form divides by (its description's denominator).

    Judged on the intervals the printed figures stand for (precision.py).
    Bad: 年初预算数 1,180.00, 全年执行数 1,121.00, 执行率 ``96.00%``.
    Good: ``95.00%``.
    """
    code, name, severity, tags = "F002", "described-execution-rate", ERROR, ("described", "funds", "precision")
    action = {"zh": "请按执行数除以表式规定的预算数重新计算执行率",
              "en": "Recompute the rate as 执行数 divided by the budget the form names"}
    message = {"zh": "{line}执行率应为执行数除以{base}，即 {expected}%，填报为 {actual}%",
               "en": "{line}: the execution rate should be spent divided by {base}, {expected}%; it is {actual}%"}

    def check_book(self, book, pack):
        base_role = pack.description.funds.denominator if pack.description.funds else "adjusted"
        for line in book.funds:
            rate, actual, base = line.get("rate"), line.get("execution"), line.get(base_role)
            found = stated_rate(self, rate, actual, base, line=line.label.text, what=f"{line.label.text}执行率",
                                base=column_name(pack, "funds", base_role)) \
                if number(rate) and number(actual) and number(base) else None
            if found is not None:
                yield found


def execution_allowed(book, pack):
    """(points, the interval of execution 得分 the form's formula allows) or None."""
    points = book.execution("points")
    points = points.number if number(points) else (
        Decimal(str(pack.scoring.execution_points)) if pack.scoring.execution_points is not None else None)
    total = book.total
    if points is None or total is None or pack.scoring.execution == "none":
        return None
    base_role = pack.description.funds.denominator
    shares = execution_shares(total.get("execution"), total.get(base_role), total.get("rate"))
    if not shares:
        return None
    if pack.scoring.execution == "capped":
        return points, execution_score(shares, points, cap=True)
    return points, _steps(shares, pack.scoring.steps)


def _steps(shares, steps) -> P.Interval | None:
    """The score of the step every way of reading the rate falls in; None on a boundary."""
    got = {step_share(end * 100, steps) for s in shares for end in (s.lo, s.hi)}
    return P.exact(got.pop()) if len(got) == 1 else None


@register
class ExecutionScore(DescribedRule):
    """The execution 得分 is what the form's formula gives: min(执行率, 100%) × 分值, or its steps.

    A rate above 100% against an opening budget scores the full 分值 and is not an error.
    Bad: 年初预算数 1,180, 执行数 1,121 (95.00%), 分值 10, 得分 ``10``.
    Good: 得分 ``9.5``.
    """
    code, name, severity, tags = "F003", "described-execution-score", ERROR, ("described", "funds", "precision")
    action = {"zh": "请按表式的计分方法重新计算预算执行得分",
              "en": "Recompute the execution score by the form's formula"}
    message = {"zh": "预算执行得分应为按执行率计分的 {expected}（分值 {points}），填报为 {actual}",
               "en": "The execution score should be {expected} by the execution rate (of {points}); it is {actual}"}

    def check_book(self, book, pack):
        score, got = book.execution("score"), execution_allowed(book, pack)
        # a score is kept to two decimals, as amounts are: 10 stands for 10.00
        if number(score) and got is not None and got[1] is not None and \
                P.judge(score.number, max(score.decimals or 0, 2), got[1]) != P.CONSISTENT:
            total, (points, allowed) = book.total, got
            shown = max(score.decimals or 0, 2)  # both sides to the same decimals
            yield self.at(score, expected=P.show(allowed.mid, shown), actual=P.show(score.number, shown),
                          points=P.show(points, 0 if points == int(points) else 2),
                          related=[total.get("execution"), total.get(pack.description.funds.denominator)])


def _relations(book, pack):
    """(table description, its lines by key) for each data table the workbook shows."""
    for table in pack.description.tables:
        lines = book.data.get(table.key)
        if lines:
            yield table, {ln.key: ln for ln in lines}


@register
class TableSum(DescribedRule):
    """A data table's total is the sum of its parts: rows in each column, or columns in each row.

    Bad: “三公”经费 本年决算数 ``12.50`` over 公务用车 8.00, 出国 0, 公务接待 3.50.
    Good: 11.50.
    """
    code, name, severity, tags = "F004", "described-table-sum", ERROR, ("described", "tables")
    action = {"zh": "请核对各分项，使合计等于各分项之和",
              "en": "Check the items so that the total is their sum"}
    message = {"zh": "{table}：{total}{column}应为{parts}之和 {expected}，填报为 {actual}",
               "en": "{table}: {total} {column} is {actual}, {parts} add up to {expected}"}

    def check_book(self, book, pack):
        for table, lines in _relations(book, pack):
            columns = dict(table.columns)
            for total, parts in table.sums:
                if total in lines:   # rows: in each column
                    named = [k for k in lines if k != total] if parts == ("*",) else [k for k in parts if k in lines]
                    pairs = [(lines[total].get(c), [lines[k].get(c) for k in named], words[0], lines[total].label.text,
                              "、".join(lines[k].label.text for k in named)) for c, words in table.columns]
                else:                # columns: in each row
                    pairs = [(ln.get(total), [ln.get(k) for k in parts], ln.label.text or "",
                              columns[total][0], "、".join(columns[k][0] for k in parts)) for ln in lines.values()]
                for stated, values, column, name, partnames in pairs:
                    if stated is None or not any(number(v) for v in values):
                        continue
                    miss = sum_mismatch(stated, values)
                    if miss:
                        yield self.at(stated, expected=miss[0], actual=miss[1], table=table.printed, total=name,
                                      column=column, parts=partnames, related=values)


@register
class TableRatio(DescribedRule):
    """A data table's stated rate is its numerator column ÷ its denominator column, in each row.

    Bad: 编制数 45, 实际在职人数 43, 控制率 ``96.56%``.
    Good: ``95.56%``.
    """
    code, name, severity, tags = "F005", "described-table-ratio", ERROR, ("described", "tables", "precision")
    action = {"zh": "请按表式的计算方法重新计算比率",
              "en": "Recompute the rate as the form defines it"}
    message = {"zh": "{table}：{column}应为{numerator}除以{denominator}，即 {expected}%，填报为 {actual}%",
               "en": "{table}: {column} should be {numerator} divided by {denominator}, {expected}%; it is {actual}%"}

    def check_book(self, book, pack):
        for table, lines in _relations(book, pack):
            columns = dict(table.columns)
            for value, num, den in table.ratios:
                for ln in lines.values():
                    rate, top, bottom = ln.get(value), ln.get(num), ln.get(den)
                    found = stated_rate(self, rate, top, bottom, table=table.printed, column=columns[value][0],
                                        numerator=columns[num][0], denominator=columns[den][0],
                                        what=f"{table.printed}{columns[value][0]}") \
                        if number(rate) and number(top) and number(bottom) else None
                    if found is not None:
                        yield found


def executed(book, pack) -> P.Interval | None:
    """The execution rate (a fraction) of the total row: from the amounts, else as printed."""
    total, funds = book.total, pack.description.funds
    # never from an amount F001 says is wrong: the rate would be of a figure in doubt
    if total is None or funds is None or not all(total_sound(book, r) for r in ("execution", funds.denominator)):
        return None
    shares = execution_shares(total.get("execution"), total.get(funds.denominator), None) or \
        execution_shares(None, None, total.get("rate"))
    return shares[0] if shares else None


def total_caps(book, pack) -> set:
    """The 自评总分 caps the execution rate allows where the description caps the total by it
    (``[scoring] total_caps``): the cap at the least and at the most rate the printed figures
    stand for (None: no cap); empty where no cap is switched on or no rate is known."""
    caps, share = variant(pack, "total_caps"), executed(book, pack)
    return {total_cap(end * 100, caps) for end in (share.lo, share.hi)} if caps and share is not None else set()


@register
class TotalCap(DescribedRule):
    """Where the description caps the total by execution (``[scoring] total_caps``), 自评总分 stays under the cap.

    With the 一体化 system's caps, below 80% execution the total is at most 89, below 70% at
    most 79, below 60% at most 69, below 50% at most 59; points above the cap are taken off
    (F015 then takes the capped total as right).
    Bad: 年初预算数 1,180.00, 执行数 920.00 (77.97%), 总分 ``93``.
    Good: 总分 ``89``.
    """
    code, name, severity, tags = "F006", "described-total-cap", ERROR, ("described", "points", "pack")
    action = {"zh": "请按执行率对应的上限调减自评总分",
              "en": "Lower the total to the cap the execution rate allows"}
    message = {"zh": "预算执行率 {rate}%，自评总分最高 {expected} 分，填报为 {actual} 分",
               "en": "At {rate}% execution the total may be at most {expected}; it is {actual}"}

    def check_book(self, book, pack):
        caps, total = total_caps(book, pack), book.total_score
        if not caps or None in caps or not number(total):
            return
        cap = max(caps)   # the rate the printed figures allow at best
        if P.amount(total.number, total.decimals).lo > cap:   # a score is kept to 0.01
            base = pack.description.funds.denominator
            yield self.at(total, expected=P.show(cap, 0), actual=total.text,
                          rate=P.show(executed(book, pack).mid * 100),
                          related=[book.total.get("execution"), book.total.get(base)])
