"""R001–R003: rates and shares, sums of parts, completion rates, from the report's own amounts."""
from __future__ import annotations

from auditor.codes import ERROR, register
from auditor.forms.department.rules.narrative import ReportArithmetic
from auditor.forms.department.vocabulary import line_name
from auditor.forms.report.rules.base import ReportRule
from auditor.precision import WRONG, Interval, exact, judge, show, sum_of
from auditor.rules.lazy import lazy_import

claims = lazy_import("auditor.narrative.claims")


@register
class RateArithmetic(ReportArithmetic):
    """A rate or share in a report sent alone does not follow from the report's own amounts.

    N008's check, for the report with no workbook (beside one, N008 says it): a rate of
    change is judged against its base, 决算 − the change, not against 决算.
    Bad: ``…决算5199.03万元…比年初预算增加1405.64万元，增加37.3%``: the base is
    5199.03 − 1405.64 = 3793.39 and 1405.64 ÷ 3793.39 = 37.05%.
    Good: ``…比年初预算增加1405.64万元，增加37.05%``.
    """

    code = "R001"
    action = {"zh": "请按报告中的金额重新计算该比率",
              "en": "Recompute the rate from the report's own amounts"}
    name = "report-alone-arithmetic"
    forms = ("report",)
    message = {"zh": "报告{place}的{item}为{stated}，按报告自身的数字应为{computed}：“{sentence}”",
               "en": "Report {place} gives {item} as {stated}; the report's own figures give {computed}: “{sentence}”"}

    def check(self, ctx):
        for finding in super().check(ctx):
            finding.args["place"] = ctx.report.where(finding.location.line)  # a paragraph, or a page's line
            yield finding


# (whole's table, whole's key) -> the tables and keys of its parts, and whether the parts
# are the whole by definition (基本 + 项目 is all spending); otherwise the report must show
# it lists them all (their shares add up to 100%) before a shortfall is called wrong.
_WHOLES = [
    (("income", "total"), [("income", k) for k in ("general_public", "gov_fund", "state_capital", "higher_subsidy",
                                                    "operating", "business", "affiliated", "other")], False),
    (("expense_economic", "total"), [("expense_economic", k) for k in ("wages", "goods_services", "household",
                                                                       "capital", "other")], False),
    (("expense_economic", "total"), [("expense_nature", "basic"), ("expense_nature", "project")], True),
    (("expense_nature", "basic"), [("expense_nature", "personnel"), ("expense_nature", "public_use")], True),
    (("expense_economic", "total"), [("expense_nature", k) for k in ("personnel", "public_use", "project")], True),
    (("sangong", "total"), [("sangong", k) for k in ("abroad", "vehicles", "reception")], True),
    (("sangong", "total"), [("sangong", k) for k in ("abroad", "vehicle_purchase", "vehicle_running", "reception")],
     True),
    (("sangong", "vehicles"), [("sangong", "vehicle_purchase"), ("sangong", "vehicle_running")], True),
]


@register
class PartsDoNotAdd(ReportRule):
    """The parts a paragraph of the report states do not add up to the whole it states.

    Income by source to 决算收入, the economic classes to 决算支出, 基本 + 项目支出 to the
    spending, 人员经费 + 公用经费 to 基本支出, the three 三公 items to 三公经费 (and their
    budgets to its budget).  Parts that exceed the whole are wrong; parts that fall short
    are wrong only when they are the whole by definition or their shares add up to 100%.
    Bad: ``决算支出5199.03万元，其中：工资福利支出4990.28万元，占总支出的95.98%；商品和服务支出
    184.64万元，占总支出的3.36%；对个人和家庭的补助34.11万元，占总支出的0.66%。`` (sum 5209.03).
    Good: ``…商品和服务支出174.64万元…`` (4990.28 + 174.64 + 34.11 = 5199.03).
    """

    code = "R002"
    action = {"zh": "请核对各分项与合计，使其相符",
              "en": "Check the parts against the whole so that they agree"}
    name = "report-parts-sum"
    severity = ERROR
    message = {"zh": "报告{place}：{parts}合计{total}万元，与所述{whole}{stated}万元不符：“{sentence}”",
               "en": "Report {place}: {parts} add up to {total} 万元, not the {whole} of {stated} 万元 stated: "
                     "“{sentence}”"}

    def check(self, ctx):
        if ctx.facts is None:
            return
        for para_statements in _by_paragraph(ctx.report, ctx.facts.statements()):
            for column in ("actual", "budget"):
                seen = set()
                for whole_at, parts_at, by_definition in _WHOLES:
                    found = self._judge(ctx, para_statements, column, whole_at, parts_at, by_definition)
                    if found is not None and found.location not in seen:
                        seen.add(found.location)
                        yield found

    def _judge(self, ctx, said: dict, column: str, whole_at, parts_at, by_definition: bool):
        whole = said.get(whole_at)
        parts = [said.get(p) for p in parts_at]
        if whole is None or getattr(whole, column) is None:
            return None
        given = [p for p in parts if p is not None and getattr(p, column) is not None]
        if by_definition and len(given) < len(parts_at) or not given:
            return None
        total = sum_of(getattr(p, column).wan() for p in given)
        want = getattr(whole, column).wan()
        if total.meets(want):
            return None
        short = total.hi < want.lo
        if short and not by_definition and not _shares_complete(given):
            return None
        last = max(given, key=lambda p: p.sentence.line)
        # which of the whole and its parts is wrong the report does not say: both named, no 应为
        return self.at_sentence(self, ctx, whole.sentence.line, whole.sentence.text,
                                parts="、".join(_name(p) for p in given),
                                total=show(total.mid), whole=_name(whole), stated=show(want.mid),
                                related=[ctx.report.loc(last.sentence.line)])


def _by_paragraph(report, statements) -> list[dict]:
    """Each paragraph's statements by (table, key): a whole and its parts are judged
    together only when one paragraph states them, and once each (a paragraph giving two
    years' 决算收入 does not say which its sources are of; that line is left out)."""
    paragraph_of = {id(s): i for i, p in enumerate(report.paragraphs) for s in p.sentences}
    out: dict[int, dict] = {}
    for st in statements:
        said = out.setdefault(paragraph_of.get(id(st.sentence), -1), {})
        key = (st.table, st.key)
        said[key] = None if key in said else st
    return [{k: v for k, v in said.items() if v is not None} for said in out.values()]


def _shares_complete(parts) -> bool:
    """The parts' own shares say they are the whole: together they make 100%."""
    if any(p.share is None for p in parts):
        return False
    return sum_of(p.share.interval() for p in parts).meets(exact(100))


def _name(st) -> str:
    name = line_name(st.table, st.key)
    return name if name != st.key else st.label


@register
class CompletionRate(ReportRule):
    """A completion rate (完成预算X万元的Y%) does not follow from the amounts beside it.

    Bad: ``全年支出452.30万元，完成预算500.00万元的95.46%`` (452.30 ÷ 500.00 = 90.46%).
    Good: ``全年支出452.30万元，完成预算500.00万元的90.46%``.
    """

    code = "R003"
    action = {"zh": "请按报告中的金额重新计算完成率",
              "en": "Recompute the rate from the report's own amounts"}
    name = "report-completion-rate"
    severity = ERROR
    forms = ("report", "department")   # the project form's N017 judges its 执行率
    message = {"zh": "报告{place}的完成率为{stated}，按{actual_amount}除以{budget}应为{computed}：“{sentence}”",
               "en": "Report {place} gives a completion rate of {stated}; {actual_amount} divided by {budget} is {computed}: "
                     "“{sentence}”"}

    def check(self, ctx):
        if ctx.report is None:
            return
        for c in claims.completions(ctx.report):
            ratio = c.actual.wan() / c.budget.wan()
            if ratio is None:
                continue
            allowed: Interval = ratio.scale(100)
            if judge(c.rate.value, c.rate.decimals, allowed) == WRONG:
                yield self.at_sentence(self, ctx, c.sentence.line, c.sentence.text, expected=show(allowed.mid) + "%",
                                       actual=f"{c.rate.value}%", stated=f"{c.rate.value}%",
                                       actual_amount=str(c.actual), budget=str(c.budget),
                                       computed=show(allowed.mid) + "%")
