"""N018, N019, N021: a project report's words against its table — the project form's
N011, N012 and N013.

A comparison (执行数比预算减少, 执行率达到90%以上) is judged on every figure the table
may hold (its cells, the sum of its 其中 rows, the rate its amounts give): a word is
contradicted only when none of them allows it.  An admission (未完成, 未达到, 扣2分) is
given to the indicator its own clause names, and to none when that is unclear.  Both read
only the paragraphs ``auditor.narrative.projects`` gives to the project, so that words on
another project, or on several, are never held against this one.
"""
from __future__ import annotations

import re

from auditor import precision as P
from auditor.codes import ERROR, INFO, WARNING, register
from auditor.forms.project.labels import CATEGORY_NAMES, FUND_COLUMN_NAMES
from auditor.forms.project.rules.base import number
from auditor.forms.project.rules.narrative import ProjectReportRule, column_figures, rate_figures
from auditor.labels import indicator_key, named_in
from auditor.rules.wording import NEGATORS, TAKEN_BACK, admits, closest, overlap

def _shown(p, column: str, found) -> str:
    """A funding figure for a message: its name, the cell as printed (else the sum of its
    rows) and the table's unit."""
    iv, cell = found[0]
    text = cell.text if cell is not None and number(cell) else P.show(iv.mid)
    return f"{FUND_COLUMN_NAMES[column]} {text}{'' if text.endswith('元') else p.unit}"


def _own(para, what: str, columns=()) -> list:
    return [c for c in para if c.what == what and (not columns or set(c.columns) & set(columns))]


@register
class ProjectReportWords(ProjectReportRule):
    """A word comparing a project's spending with its budget (增加, 减少, 持平), or bounding
    its 执行率 (达到90%以上, 未达到90%), contradicts the project's table.

    Where the report's own figures beside the word agree with it, the word is not the
    mistake (the figure is, and N015 says so): one fault, one finding.
    Bad: ``全年执行数647.85万元，比全年预算增加27.65万元`` where 全年预算数 is 675.5;
    ``预算执行率未达到90%`` where the table's 执行率 is 95.91%.
    Good: ``…比全年预算减少27.65万元，预算执行率达到90%以上``.
    """

    forms = ("project",)
    code, name, severity = "N018", "report-project-words-contradict", ERROR
    action = {"zh": "请把增减、达到与否的说法改为与项目表一致",
              "en": "Make the word (增加/减少, 达到/未达到) agree with the project table"}
    tags = ("narrative", "project", "funds")
    message = {"zh": "报告{place}称项目“{project}”的{item}“{word}”，但{evidence}：“{sentence}”",
               "en": "Report {place} says project '{project}' {item} “{word}”, but {evidence}: “{sentence}”"}

    def check_claims(self, ctx, p, facts, pack):
        for para in facts.paragraphs:
            for claim in para:
                if claim.what == "change":
                    yield from self._change(ctx, p, para, claim)
                elif claim.what == "bound":
                    yield from self._bound(ctx, p, para, claim, pack)

    def _change(self, ctx, p, para, claim):
        spent = column_figures(p, "actual")
        bases = [(col, found) for col in claim.columns if (found := column_figures(p, col))]
        diffs = [a - b for a, _ in spent for _, found in bases for b, _ in found]
        if not diffs or not all(P.contradicts(claim.direction, d) for d in diffs):
            return
        # the report's own 执行数 and that budget, where it gives them, calling for its word
        for actual in _own(para, "actual"):
            for budget in _own(para, "budget", claim.columns):
                if not P.contradicts(claim.direction, actual.figure.wan() - budget.figure.wan()):
                    return
        from auditor.narrative.extract import DIRECTION_WORDS  # loaded only where a report came

        evidence = "项目表" + "、".join([_shown(p, "actual", spent)] + [_shown(p, col, f) for col, f in bases])
        related = [cell for _, cell in spent] + [cell for _, f in bases for _, cell in f]
        yield self._finding(ctx, p, claim, DIRECTION_WORDS[P.sign(diffs[0])], related,
                            f"执行数较{FUND_COLUMN_NAMES[bases[0][0]]}", evidence)

    def _bound(self, ctx, p, para, claim, pack):
        rates = rate_figures(p, pack)
        bound = P.exact(claim.figure.value)
        if not rates or not all(P.contradicts(claim.direction, iv - bound) for iv, _ in rates):
            return
        for rate in _own(para, "rate"):  # the report's own rate calls for its word: N015's
            if not P.contradicts(claim.direction, rate.figure.interval() - bound):
                return
        expected = f"{'达到' if claim.direction < 0 else '未达到'}{claim.figure}"
        yield self._finding(ctx, p, claim, expected, [cell for _, cell in rates], "执行率",
                            f"项目表执行率为{P.show(rates[0][0].mid)}%")

    def _finding(self, ctx, p, claim, expected, related, item, evidence):
        s = claim.sentence
        return self.at(ctx.report.loc(s.line), expected=expected, actual=claim.word,
                       related=[c for c in related if c is not None], line=s.line, place=ctx.report.where(s.line),
                       project=p.title, item=item, word=claim.word, evidence=evidence, sentence=s.text)


# What admits a target missed or points lost.  A plain 未 is not enough (未超过 is praise).
_ADMITTED = re.compile(r"未能?完成|没有完成|尚未完成|未能?达到|没有达到|未达标|未实现"
                       r"|扣(?:除|减)?\d+(?:\.\d+)?分|扣分|失分|不得分")
_CLAUSE = re.compile(r"[^,;:]+")
# A clause stating how points are given, not what happened: 未达到不得分, 每降低1%扣1分,
# 满意度低于90%扣2分, 若未完成则扣分.
_SCORING_RULE = re.compile(r"每|如果|如|若|否则|凡|则|(?:未能?完成|未能?达到|没有达到|未达标|未实现)的?(?:不得分|扣|得)"
                           r"|(?:低于|高于|少于|超过|不足|不到|以下|以上)[^,;:]*(?:扣|不得分)")
# Any negation before the admission, in its clause, takes it back (不存在未完成的指标,
# 未出现扣分): stricter than a department's 存在问题 section, as a project's paragraphs
# are prose of every kind.
_TAKEN_BACK = tuple(NEGATORS) + TAKEN_BACK


# N012's message, said of one project's indicator and its table
_ADMITS = {"zh": "报告{place}称项目“{project}”的指标“{indicator}”“{phrase}”，但项目表该指标仍为满分{points}分：“{sentence}”",
           "en": "Report {place} says project '{project}' indicator “{indicator}” “{phrase}”, yet the "
                 "project table gives it full marks ({points}): “{sentence}”"}


@register
class ProjectReportAdmits(ProjectReportRule):
    """The report says a project's indicator was not met or lost points, while the project
    table gives that indicator full marks (自评得分偏高).

    The indicator is the one its clause names (or, for a bare ``扣2分``, the clause before);
    where it names two, or two share the best match, or none does, nothing is said; nor of
    a clause that states how points are given (``未达到不得分``, ``每降低1%扣1分``).
    Bad: ``群众满意度未达到95%的目标，扣1分`` with 群众满意度 at 10 of 10 in the table.
    Good: the same sentence with the indicator at 9 of 10, or ``群众满意度达到96%``.
    """

    forms = ("project",)
    code, name, severity = "N019", "report-project-admits-fault", WARNING
    action = {"zh": "请按报告所述的未完成情况扣分，或改正报告的说法",
              "en": "Take points off for what the report says was not met, or correct the report"}
    tags = ("narrative", "project", "scoring")
    message = _ADMITS

    def check_claims(self, ctx, p, facts, pack):
        indicators = p.indicators
        names = [indicator_key(i.name) for i in indicators]
        for para in facts.texts:
            for s in para.sentences:
                told = set()  # 未达到…，扣1分: one admission of one indicator
                for m in _ADMITTED.finditer(s.norm):
                    if admits(s.norm, m.group(), _TAKEN_BACK, m.start()) != m.start():
                        continue
                    found = _named(names, s.norm, m.start())
                    if found is None or found in told:
                        continue
                    told.add(found)
                    ind = indicators[found]
                    if not (number(ind.points) and number(ind.score) and ind.score.number >= ind.points.number):
                        continue
                    yield self.at(ctx.report.loc(s.line), expected=f"低于满分 {ind.points.text} 分",
                                  actual=ind.score.number, related=[ind.score], line=s.line,
                                  place=ctx.report.where(s.line), project=p.title, indicator=ind.name,
                                  phrase=m.group(), points=ind.points.text, sentence=s.text)


def _named(names: list[str], text: str, at: int) -> int | None:
    """The one indicator the clause at ``at`` names; for an admission that opens its clause
    (``…未达到95%，扣1分``), the clause before it."""
    clauses = list(_CLAUSE.finditer(text))
    i = next((k for k, c in enumerate(clauses) if c.start() <= at < c.end()), None)
    if i is None or _SCORING_RULE.search(clauses[i].group()):
        return None
    found = _in(names, clauses[i].group())
    if not found and at == clauses[i].start() and i > 0:
        found = _in(names, clauses[i - 1].group())
    return found[0] if len(found) == 1 else None


def _in(names: list[str], clause: str) -> list[int]:
    """The indicators a clause names whole (two: it is about both, so neither alone), else
    the ones sharing its longest run of characters."""
    whole = [i for i, name in enumerate(names) if name and name in clause]
    # a part of a name stands for it only where it is at least half of it: 安全事故 is not
    # 公路通行安全事故下降
    return whole or [i for i in closest(names, clause) if 2 * overlap(names[i], clause) >= len(names[i])]


# A paragraph head that names a part of the report, not an indicator: 自评结论：…得分.
_NOT_AN_INDICATOR = re.compile(r"情况|结论|结果|总体|综合|自评|评价|项目|得分|分析|说明|合计|总分")


@register
class ProjectReportIndicatorUnknown(ProjectReportRule):
    """The report scores, for a project, an indicator its table does not have (renamed or missing).

    An indicator is known by its 三级 name, its 一级 or 二级 name, the national form's
    category names and the execution block's; a name contained in exactly one of these
    stands for it.
    Bad: under 一、2022年农村公路养护工程, ``桥梁检测合格率：该指标分值10分，自评得分10分``
    where the project's table has no such indicator.
    Good: ``路况优良率：该指标分值10分，自评得分10分`` as the table names it.
    """

    code, name, severity = "N021", "report-project-indicator-unknown", INFO  # as N013: a name to look at
    forms, tags = ("project",), ("narrative", "project", "scoring")
    message = {"zh": "报告{place}所述项目“{project}”的指标“{indicator}”在项目表中未找到",
               "en": "Report {place}: indicator “{indicator}” of project '{project}' is not in its table"}
    action = {"zh": "请使报告中的指标名称与项目表一致", "en": "Name the indicator as the project table does"}

    def check_claims(self, ctx, p, facts, pack):
        if not p.indicators:
            return
        from auditor.narrative.extract import indicator_claim  # loaded only where a report came

        known = {indicator_key(n): n for n in (*CATEGORY_NAMES, pack.execution_name, "预算执行",
                                               *(g.name for g in p.groups),
                                               *(n for i in p.indicators for n in (i.name, i.level1, i.level2)))}
        for para in facts.texts:
            claim = indicator_claim(para)
            if claim is None or _NOT_AN_INDICATOR.search(claim.name) or named_in(claim.key, known) is not None:
                continue
            line = claim.paragraph.line
            yield self.at(ctx.report.loc(line), line=line, place=ctx.report.where(line), project=p.title,
                          indicator=claim.name)
