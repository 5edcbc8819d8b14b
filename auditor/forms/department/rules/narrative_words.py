"""Family N, the report's own words: itemised points that must add up (N010), words that
contradict the numbers (N011), faults the report admits while the indicator keeps full
marks (N012), indicators the workbook does not have (N013).  The figure comparisons are
in ``auditor.forms.department.rules.narrative``."""
from __future__ import annotations

from decimal import Decimal

from auditor.codes import ERROR, INFO, WARNING, Rule, register
from auditor.labels import indicator_key
from auditor.rules.wording import admits, closest
from auditor.rules.lazy import lazy_import
from auditor.precision import WRONG, contradicts, show, sign
from auditor.forms.department.rules.narrative import indicator_leaves, match_claim, number_of

# Loaded when a rule first reaches into it, which is only when a report was given.
compare = lazy_import("auditor.narrative.compare")


@register
class ItemsDoNotAdd(Rule):
    """The itemised 得N分 of an indicator paragraph do not add up to its stated 自评得分.

    Bad: ``选调生驻村履职考核：该指标分值 4 分，自评得分 4 分，…通过率 100%，得 2 分；…完成率 100%，得 1 分。``
    Good: ``…得 2 分；…得 2 分。`` (2 + 2 = 4).
    """

    code = "N010"
    action = {"zh": "请使分项得分之和与自评得分一致", "en": "Make the itemised points add up to the score"}
    name = "report-items-sum"
    severity = WARNING
    tags = ("narrative", "scoring")
    forms = ("department", "project", "report")  # the report's own arithmetic, whatever its tables
    message = {"zh": "报告{place}指标“{indicator}”分项得分合计{items_total}分，与自评得分{stated}分不符：“{sentence}”",
               "en": "Report {place}: the items of “{indicator}” add up to {items_total}, "
                     "not the stated score {stated}: “{sentence}”"}

    def check(self, ctx):
        if ctx.facts is None:
            return
        for claim in ctx.facts.indicators:
            if claim.score is None or not claim.items:
                continue
            items_total = sum((i.value for i in claim.items), Decimal(0))
            if items_total != claim.score.value:
                para = claim.paragraph
                yield self.at(ctx.report.loc(para.line), expected=claim.score.value, actual=items_total,
                              line=para.line, place=ctx.report.where(para.line), indicator=claim.name, items_total=items_total,
                              stated=claim.score.value, sentence=para.text)


@register
class WordsContradict(Rule):
    """A word comparing with the budget (增加, 减少, 持平, 无变化) contradicts the numbers.

    Bad: ``公务接待费1.20万元，与预算持平`` where 预算 is 1.50; ``比年初预算减少…`` where 决算 rose.
    Good: ``公务接待费1.20万元，比预算减少0.30万元，下降20%``.
    """

    code = "N011"
    action = {"zh": "请把增减的说法改为与数字一致", "en": "Make the word (增加/减少) agree with the figures"}
    name = "report-words-contradict"
    severity = ERROR
    tags = ("narrative",)
    forms = ("department", "report")  # alone, the report's own 决算 and 预算 are the evidence
    message = {"zh": "报告{place}称{item}“{word}”，但{evidence}：“{sentence}”",
               "en": "Report {place} says {item} “{word}”, but {evidence}: “{sentence}”"}

    def check(self, ctx):
        if ctx.facts is None:
            return
        reversed_rates = {id(v.st.change) for v in compare.rate_verdicts(ctx)
                          if v.verdict == WRONG and v.reversed_fits}
        for st in ctx.facts.statements():
            ch = st.change
            if ch is None or ch.direction is None or ch.last_year:
                continue  # against last year: the workbook holds nothing to contradict it
            diff, cells = compare.workbook_change(ctx.wb, st)
            source = "工作簿决算较预算增减{}万元"
            if diff is None and st.actual is not None and st.budget is not None:
                diff, cells, source = st.actual.wan() - st.budget.wan(), [], "报告所列决算较预算增减{}万元"
            evidence = None
            if diff is not None and contradicts(ch.direction, diff):
                evidence = source.format(show(diff.mid))
            elif ch.rate_direction not in (None, 0) and ch.direction != 0 and ch.rate_direction != ch.direction:
                evidence = f"同句增减率称“{ch.rate_word}”"
            elif id(ch) in reversed_rates:
                evidence = "所述增减率只有按相反方向才与决算数相符"
            if evidence:
                yield self.at(ctx.report.loc(ch.sentence.line), expected=compare.DIRECTION_WORDS.get(sign(diff)),
                              actual=ch.word, related=cells, line=ch.sentence.line, place=ctx.report.where(ch.sentence.line),
                              item=compare.item_name(st, "比预算"), word=ch.word, evidence=evidence,
                              sentence=ch.sentence.text)


@register
class AdmittedButFullMarks(Rule):
    """The 存在问题 section admits a fault while the indicator that scores it keeps full marks (自评得分偏高).

    Bad: ``由于年初部门预算载量限制，导致年中追加项目预算资金。`` with 预算编制约束性 at 4 of 4.
    Good: the same admission with 预算编制约束性 marked down, or no such admission.
    """

    code = "N012"
    action = {"zh": "请按存在的问题扣分，或说明为何仍得满分", "en": "Take points off for the problem, or explain the full marks"}
    name = "report-admits-fault"
    severity = WARNING
    tags = ("narrative", "scoring")
    message = {"zh": "报告{place}“存在问题”承认“{phrase}”，但指标“{indicator}”仍为满分{points}分：“{sentence}”",
               "en": "Report {place} admits “{phrase}” under 存在问题, yet “{indicator}” keeps "
                     "full marks ({points}): “{sentence}”"}

    def check(self, ctx):
        facts = ctx.facts
        if facts is None or not facts.problems:
            return
        indicators = self._indicators(ctx.wb, facts)
        for adm in ctx.pack.admissions:
            phrase = adm.get("phrase", "")
            for para in facts.problems:
                for s in para.sentences:
                    at = admits(s.norm, phrase)
                    if at is None:
                        continue
                    for name, points, score, cell in self._named(indicators, adm.get("indicator", ""),
                                                                 s.norm[at + len(phrase):]):
                        if points is not None and score is not None and score >= points:
                            yield self.at(ctx.report.loc(s.line), expected=f"低于满分 {points} 分", actual=score,
                                          related=[cell], line=s.line, place=ctx.report.where(s.line), phrase=phrase, indicator=name,
                                          points=points, sentence=s.text)

    @staticmethod
    def _indicators(wb, facts):
        """(name, points, score, cell) from the scoring table, else from the report itself."""
        if wb.scoring is not None and any(True for _ in wb.scoring.leaves()):
            return [(leaf.name, number_of(leaf.points), number_of(leaf.score), leaf.score)
                    for leaf in wb.scoring.leaves()]
        return [(c.name, c.points.value if c.points else None,
                 c.score.value if c.score else None, None) for c in facts.indicators]

    @staticmethod
    def _named(indicators, named: str, after: str):
        """The indicators an admission concerns: the one the pack names, or (no name given)
        the ones sharing the most words (≥ 3 characters) with what follows the phrase."""
        if named:
            return [i for i in indicators if indicator_key(named) in indicator_key(i[0])]
        clause = after.split(",")[0].split(";")[0].split("。")[0]
        return [indicators[i] for i in closest([indicator_key(i[0]) for i in indicators], clause)]


@register
class IndicatorNotInWorkbook(Rule):
    """The report scores an indicator the scoring table does not have (renamed or missing).

    Bad: report ``两新组织党建覆盖率：…得2分`` while the table's indicator is 党员发展计划完成率.
    Good: the report and the table name the same indicators (quotes and spaces aside).
    """

    code = "N013"
    action = {"zh": "请使报告中的指标名称与评分表一致", "en": "Name the indicator as the scoring table does"}
    name = "report-indicator-unknown"
    severity = INFO
    tags = ("narrative", "scoring")
    message = {"zh": "报告{place}的指标“{indicator}”在评分表中未找到",
               "en": "Report {place}: indicator “{indicator}” is not in the scoring table"}

    def check(self, ctx):
        leaves = indicator_leaves(ctx.wb) if ctx.facts is not None else {}
        if not leaves:
            return
        for claim in ctx.facts.indicators:
            if match_claim(claim, leaves) is None:
                yield self.at(ctx.report.loc(claim.paragraph.line), line=claim.paragraph.line, place=ctx.report.where(claim.paragraph.line),
                              indicator=claim.name)
