"""Family P: the scoring table (自评评分表)."""
from __future__ import annotations

import re
from decimal import Decimal

from auditor.findings import Location
from auditor.forms.department.model import Indicator
from auditor.values import capped_sum, grade_of
from auditor.labels import indicator_key, norm
from auditor.codes import ERROR, WARNING, register, Rule
from auditor.codes.bilingual import Bilingual
from auditor.rules.folding import fold_into, without
from auditor.rules.wording import admission, says_nothing


def full_marks(leaf: Indicator) -> bool:
    return (leaf.points is not None and leaf.score is not None and leaf.points.is_number
            and leaf.score.is_number and leaf.score.number == leaf.points.number)


def below_full(leaf: Indicator) -> bool:
    return (leaf.points is not None and leaf.score is not None and leaf.points.is_number
            and leaf.score.is_number and leaf.score.number < leaf.points.number)



def says_not_done(text: str, pack) -> str | None:
    """The first not-done word ``text`` says, a denied fault (未超过, 未发现) not counting."""
    return admission(text, pack.keywords)


_ITEM_RE = re.compile(r"(?<![自不])得\s*(\d+(?:\.\d+)?)\s*分")
_RESTATED_RE = re.compile(r"该指标分值\s*(\d+(?:\.\d+)?)\s*分\s*[,，;；]?\s*(?:自评得分\s*(\d+(?:\.\d+)?)\s*分|(不得分))")


def itemised_points(text: str) -> list[Decimal]:
    return [Decimal(m.group(1)) for m in _ITEM_RE.finditer(norm(text))]


def restated(text: str) -> tuple[Decimal, Decimal] | None:
    m = _RESTATED_RE.search(norm(text))
    if not m:
        return None
    return Decimal(m.group(1)), Decimal(m.group(2)) if m.group(2) else Decimal(0)


def _leaves(ctx):
    return list(ctx.wb.scoring.leaves()) if ctx.wb.scoring else []


def _sum(values) -> Decimal | None:
    total = Decimal(0)
    for v in values:
        if v is None or not (v.is_number or v.is_blank):
            return None
        total += v.amount()
    return total


@register
class ScoreRange(Rule):
    """Every 自评得分 lies between 0 and the indicator's 分值.

    Bad: 资产配置合规性 分值 2, 自评得分 3.
    Good: 自评得分 2.
    """
    code, name, severity, tags = "P001", "score-range", ERROR, ("scoring",)
    action = {"zh": "请把自评得分改在0至分值之间", "en": "Keep the score between 0 and its points"}
    message = {"zh": "“{indicator}”自评得分 {actual} 超出 0～{expected} 分的范围",
               "en": "'{indicator}': score {actual} is outside 0–{expected}"}

    def check(self, ctx):
        for leaf in _leaves(ctx):
            p, s = leaf.points, leaf.score
            if p is None or s is None or not p.is_number or not s.is_number:
                continue
            if s.number < 0 or s.number > p.number:
                yield self.at(s, expected=p.text, actual=s.text, related=[p], indicator=leaf.name)


def _groups(ctx):
    sc = ctx.wb.scoring
    if sc is None:
        return
    for root in sc.roots:
        yield root
        yield from (c for c in root.children if c.children)


@register
class GroupPoints(Rule):
    """The 分值 of a group's indicators add up to the group's own 分值 (in its label or 小计 row).

    Bad: 履职效能（46分） over indicators worth 3 + 4 + … = 45.
    Good: they add up to 46.
    """
    code, name, severity, tags = "P002", "group-points", ERROR, ("scoring", "total")
    action = {"zh": "请核对所属指标的分值，使其合计等于该组分值",
              "en": "Check the indicators' points so that they add up to their group's"}
    message = {"zh": "“{group}”下各指标分值之和为 {actual}，与其分值 {expected} 不符",
               "en": "The indicators of '{group}' are worth {actual} in all, not its {expected} points"}

    def check(self, ctx):
        for g in _groups(ctx):
            total = _sum(leaf.points for leaf in g.leaves())
            for stated in (g.declared_points, g.subtotal_points):
                if stated is not None and stated.is_number and total is not None and stated.number != total:
                    yield self.at(stated, expected=str(stated.number), actual=str(total), group=g.name)


@register
class GroupScore(Rule):
    """A 小计 row's 自评得分 equals the sum of its indicators' scores.

    Bad: 整体效能 小计 23 over scores adding up to 22.
    Good: 小计 22.
    """
    code, name, severity, tags = "P003", "group-score", ERROR, ("scoring", "total")
    action = {"zh": "请把小计改为所属指标得分之和", "en": "Make the subtotal the sum of its indicators' scores"}
    message = {"zh": "“{group}”小计自评得分应为 {expected}，填报为 {actual}",
               "en": "The 小计 score of '{group}' should be {expected}; it is {actual}"}

    def check(self, ctx):
        for g in _groups(ctx):
            total = _sum(leaf.score for leaf in g.leaves())
            s = g.subtotal_score
            if s is not None and s.is_number and total is not None and s.number != total:
                yield self.at(s, expected=str(total), actual=s.text, group=g.name)


@register
class TotalPoints(Rule):
    """All indicators' 分值 add up to 100.

    Bad: indicators worth 101 in all.
    Good: 100.
    """
    code, name, severity, tags = "P004", "total-points", ERROR, ("scoring", "total")
    action = {"zh": "请调整各指标分值，使合计为100分", "en": "Adjust the points so that they add up to 100"}
    message = {"zh": "全部指标分值之和为 {actual}，应为 {expected}",
               "en": "The indicators are worth {actual} in all; they should be worth {expected}"}

    def check(self, ctx):
        sc = ctx.wb.scoring
        leaves = _leaves(ctx)
        total = _sum(leaf.points for leaf in leaves)
        if not leaves or total is None or total == ctx.pack.total_points:
            return
        where = sc.total_points if sc.total_points is not None else Location(ctx.wb.path, sc.sheet)
        yield self.at(where, expected=str(ctx.pack.total_points), actual=str(total))


@register
class TotalRow(Rule):
    """The 合计 row states the sum of the indicators' 分值 and of their 自评得分.

    Bad: scores adding up to 95, 合计 自评得分 96.
    Good: 合计 95.
    """
    code, name, severity, tags = "P005", "total-row", ERROR, ("scoring", "total")
    action = {"zh": "请把合计改为各指标之和", "en": "Make the 合计 row the sum of the indicators"}
    message = {"zh": "合计{column}应为各指标之和 {expected}，填报为 {actual}",
               "en": "合计 {column} should be the sum over the indicators, {expected}; it is {actual}"}

    def check(self, ctx):
        sc = ctx.wb.scoring
        leaves = _leaves(ctx)
        if sc is None or not leaves:
            return
        for stated, attr, column in ((sc.total_points, "points", "分值"), (sc.total_score, "score", "自评得分")):
            total = _sum(getattr(leaf, attr) for leaf in leaves)
            if stated is not None and stated.is_number and total is not None and stated.number != total:
                yield self.at(stated, expected=str(total), actual=stated.text, column=column)


@register
class GradeBand(Rule):
    """The stated 自评等级 is the band of the indicators' own total (优 ≥ 90, 良 80–89.x, 中 60–79.x, 差 < 60).

    The total is the scores re-added, each held within its 分值: a typed 合计 may itself be
    wrong (P005), and a score above its 分值 (P001) earns nothing more.  Only where the
    scores cannot be added is the typed 合计 taken.  Bands come from the year's rule pack.
    Bad: scores adding up to 89.5, 合计 typed 90, grade 优.
    Good: grade 良 (and 合计 89.5).
    """
    code, name, severity, tags = "P006", "grade-band", ERROR, ("scoring", "grade")
    action = {"zh": "请按各指标得分加总的总分填写等级", "en": "Fill in the grade that the re-added total earns"}
    message = {"zh": "各指标得分重新加总为 {total} 分，对应等级为“{expected}”，填报为“{actual}”",
               "en": "The indicators' scores add up to {total}, which earns '{expected}'; the grade stated is '{actual}'"}

    def check(self, ctx):
        sc = ctx.wb.scoring
        if sc is None or sc.grade is None:
            return
        leaves = _leaves(ctx)
        total = capped_sum((leaf.points, leaf.score) for leaf in leaves) if leaves else None
        if total is None and sc.total_score is not None and sc.total_score.is_number:
            total = sc.total_score.number
        if total is None:
            return
        stated = grade_of(sc.grade)
        expected = ctx.pack.grade_for(total)
        if stated != expected:
            yield self.at(sc.grade, expected=expected, actual=sc.grade.text, total=f"{total:g}",
                          related=[sc.total_score] if sc.total_score is not None else [])


@register
class ReasonRequired(Rule):
    """An indicator scored below full marks states why (得分说明/扣分原因).

    Bad: 资产盘点情况 分值 1, 自评得分 0, 得分说明 empty.
    Good: 得分说明 “未进行资产盘点，故该项不得分”.
    """
    code, name, severity, tags = "P007", "reason-required", ERROR, ("scoring", "reason")
    action = {"zh": "请在得分说明栏写明扣分原因", "en": "Write why points were taken off"}
    message = {"zh": "“{indicator}”未得满分（{score}/{points}），但未说明扣分原因",
               "en": "'{indicator}' lost points ({score}/{points}) but gives no reason"}

    def check(self, ctx):
        for leaf in _leaves(ctx):
            if below_full(leaf) and (leaf.reason is None or says_nothing(leaf.reason.text)):
                where = leaf.reason if leaf.reason is not None else leaf.score
                yield self.at(where, indicator=leaf.name, score=leaf.score.text, points=leaf.points.text,
                              related=[leaf.score])


@register
class FullMarksNotDone(Rule):
    """An indicator at full marks whose explanation says something was not done contradicts itself.

    Words such as 未, 不得分, 扣, 尚未, 没有 (the pack's list) count, read as a reviewer reads
    them: a denied fault is praise, not an admission (未超过预算, 未发现违规, 不存在超标准配置,
    没有发生安全事故, 不扣分), while a denied action is one (未进行, 未按时, 尚未, 没有开展).
    Bad: 分值 1, 自评得分 1, “已建立制度，但尚未报财政部门备案”.
    Good: 自评得分 0 with that explanation, or full marks with “已报财政部门备案”, or
    “三公”经费 full marks with “实际支出数未超过预算安排数”.
    """
    code, name, severity, tags = "P008", "full-marks-not-done", WARNING, ("scoring", "reason")
    action = {"zh": "请核实得分，按说明扣分或改写说明", "en": "Check the score: take the points off, or correct the explanation"}
    message = {"zh": "“{indicator}”得满分，但得分说明写明“{word}”，说明有工作未完成",
               "en": "'{indicator}' has full marks but its explanation says '{word}' (something not done); check the score"}

    # an error where the words themselves take points off: the explanation deducts, or the
    # 评分标准 gives nothing for what it admits
    variants = {"deducted": {
        "zh": "“{indicator}”得满分，但{where}“{word}”，应扣分",
        "en": "'{indicator}' has full marks but {where} '{word}': take the points off accordingly"}}

    def check(self, ctx):
        for leaf in _leaves(ctx):
            if full_marks(leaf) and leaf.reason is not None and leaf.reason.text:
                text = norm(leaf.reason.text)
                word = says_not_done(text, ctx.pack)
                if not word:
                    continue
                deduction = _DEDUCTS.search(text)
                criteria = norm(leaf.criteria.text) if leaf.criteria is not None and leaf.criteria.text else ""
                # the words as written, the clause that holds them: not one character (含“未”)
                f = self.at(leaf.reason, indicator=leaf.name, word=clause(leaf.reason.text, word), related=[leaf.score])
                if deduction or "不得分" in criteria:
                    f.severity = ERROR
                    f.args.update(variant="deducted", word=deduction.group(0) if deduction
                                  else clause(leaf.criteria.text, "不得分"),
                                  where=Bilingual("得分说明写明", "its explanation says") if deduction
                                  else Bilingual("评分标准规定", "its 评分标准 says"))
                yield f


def clause(text: str, word: str) -> str:
    """The clause of ``text`` (between ，。；) that holds ``word``; ``word`` when none does."""
    for part in re.split(r"[，。；;,！!？?\n]", str(text)):
        if word in norm(part):
            return part.strip()
    return word


# a stated deduction: 扣0.5分, 扣除1分, 扣减2分 (不扣分 is none)
_DEDUCTS = re.compile(r"(?<!不)扣(?:除|减)?\s*\d+(?:\.\d+)?\s*分")


@register
class ItemisedSum(Rule):
    """Points itemised in an explanation (…得2分；…得2分) add up to the score.

    Bad: 自评得分 4, “通过率100%，得2分；完成率100%，得1分”.
    Good: “…得2分；…得2分”.
    """
    code, name, severity, tags = "P009", "itemised-sum", ERROR, ("scoring", "reason")
    action = {"zh": "请使说明中的分项得分之和与自评得分一致", "en": "Make the itemised points add up to the score"}
    message = {"zh": "“{indicator}”得分说明中分项得分合计 {actual} 分，与自评得分 {expected} 分不符",
               "en": "'{indicator}': the points itemised in the explanation add up to {actual}, not the score {expected}"}

    def check(self, ctx):
        for leaf in _leaves(ctx):
            if leaf.reason is None or leaf.score is None or not leaf.score.is_number:
                continue
            text = norm(leaf.reason.text)
            if "否则" in text or "每" in text:
                continue  # the explanation restates the scoring criteria, not the points earned
            items = itemised_points(text)
            if items and sum(items) != leaf.score.number:
                yield self.at(leaf.reason, expected=leaf.score.text, actual=str(sum(items)),
                              indicator=leaf.name, related=[leaf.score])


@register
class RestatedScore(Rule):
    """A restated “该指标分值X分，自评得分Y分” matches the table's 分值 and 自评得分.

    Bad: table 分值 6, 自评得分 3; explanation “该指标分值6分，自评得分4分”.
    Good: “该指标分值6分，自评得分3分”.
    """
    code, name, severity, tags = "P010", "restated-score", ERROR, ("scoring", "reason")
    action = {"zh": "请使说明中的分值、得分与表中一致", "en": "Make the explanation's points and score agree with the table"}
    message = {"zh": "“{indicator}”得分说明写明分值 {said_points} 分、自评得分 {said_score} 分，而表中分值为 {points} 分、自评得分为 {score} 分",
               "en": "'{indicator}': the explanation says {said_points} points and a score of {said_score}; the table has {points} and {score}"}

    def check(self, ctx):
        for leaf in _leaves(ctx):
            if leaf.reason is None or leaf.points is None or leaf.score is None:
                continue
            said = restated(leaf.reason.text)
            if said is None or not leaf.points.is_number or not leaf.score.is_number:
                continue
            if said != (leaf.points.number, leaf.score.number):
                yield self.at(leaf.reason, expected=f"分值 {leaf.points.text} 分、得分 {leaf.score.text} 分",
                              actual=f"分值 {said[0]} 分、得分 {said[1]} 分", indicator=leaf.name,
                              said_points=str(said[0]), said_score=str(said[1]),
                              points=leaf.points.text, score=leaf.score.text,
                              related=[leaf.points, leaf.score])


@register
class StandardPoints(Rule):
    """A standard 管理效率 indicator carries the 分值 the year's rule pack gives it.

    Bad: 资产盘点情况 分值 2 (the 2023 pack gives 1).
    Good: 分值 1.
    """
    code, name, severity, tags = "P011", "standard-points", ERROR, ("scoring", "pack")
    action = {"zh": "请按当年规则包规定的分值填写", "en": "Use the points the year's rules give"}
    message = {"zh": "标准指标“{indicator}”分值应为 {expected} 分（{year} 年规则），填报为 {actual} 分",
               "en": "Standard indicator '{indicator}' is worth {expected} in the {year} pack; it states {actual}"}

    def check(self, ctx):
        by_name = {indicator_key(leaf.name): leaf for leaf in _leaves(ctx)}
        for std in ctx.pack.standard_indicators():
            leaf = by_name.get(indicator_key(std.name))
            if leaf is None or leaf.points is None or not leaf.points.is_number:
                continue
            if leaf.points.number != std.points:
                yield self.at(leaf.points, expected=str(std.points), actual=leaf.points.text,
                              indicator=leaf.name, year=str(ctx.pack.year))

    def absorb(self, findings, ctx):
        """A changed 分值 is reported once, at its cell: the group sums it throws off (P002,
        P013) and the 100-point total (P004) are folded into it when it accounts for them."""
        return fold_points(findings, ctx)


_POINTS_SUMS = ("P002", "P013", "P004")


def _delta(f) -> Decimal | None:
    """How many points too many a points finding says there are."""
    try:  # every points finding states the sum as actual, what it should be as expected
        return Decimal(str(f.actual)) - Decimal(str(f.expected))
    except (ArithmeticError, ValueError, TypeError):
        return None


def fold_points(findings, ctx):
    """Bottom-up over the scoring tree: a leaf's P011 first, then each group's sums (二级
    before 一级), then the table's total; a sum whose excess the findings below it account
    for exactly is folded into the first of them, else it stands (and explains above)."""
    sc = ctx.wb.scoring
    if sc is None:
        return findings
    leaves_of: dict[int, frozenset] = {}
    roots = []  # (finding, its leaves, delta)
    for f in findings:
        if f.code == "P011":
            leaf = next((lf for lf in sc.leaves() if lf.points is not None and lf.points.loc == f.location), None)
            if leaf is not None and _delta(f) is not None:
                roots.append((f, frozenset([id(leaf)]), _delta(f)))
    groups = []  # deepest first
    for r in sc.roots:
        groups += [(1, c) for c in r.children if c.children] + [(0, r)]
    groups.sort(key=lambda d: -d[0])
    folded = []
    for _, g in groups:
        leaves = frozenset(id(lf) for lf in g.leaves())
        leaves_of[id(g)] = leaves
        cells = {v.loc for v in (g.label, g.declared_points, g.subtotal_points) if v is not None}
        mine = [f for f in findings if f.code in _POINTS_SUMS[:2] and f.args.get("group") == g.name
                and f.location in cells and _delta(f) is not None]
        for f in mine:
            if any(f is x for x in folded) or any(r[0] is f for r in roots):
                continue  # a group named twice (一级 and 二级 alike) is judged once
            below = [r for r in roots if r[1] <= leaves]
            if below and sum(r[2] for r in below) == _delta(f):
                fold_into(below[0][0], f)
                folded.append(f)
            else:
                roots.append((f, leaves, _delta(f)))
    for f in findings:
        if f.code == "P004" and roots and _delta(f) is not None:
            top = [r for r in roots if not any(r[1] < o[1] for o in roots)]
            if sum(r[2] for r in top) == _delta(f):
                fold_into(top[0][0], f)
                folded.append(f)
    return without(findings, folded)


@register
class StandardMissing(Rule):
    """Every standard 管理效率 indicator of the year's rule pack appears in the scoring table.

    Bad: no 资产盘点情况 row.
    Good: all 21 standard indicators (2023), each under its 二级指标.
    """
    code, name, severity, tags = "P012", "standard-missing", WARNING, ("scoring", "pack")
    action = {"zh": "请按当年规则补齐标准指标", "en": "Add the standard indicators of the year's rules"}
    message = {"zh": "评分表缺少 {count} 项标准指标：{indicators}",
               "en": "The scoring table lacks {count} standard indicators: {indicators}"}

    def check(self, ctx):
        sc = ctx.wb.scoring
        if sc is None or not _leaves(ctx):
            return
        names = {indicator_key(leaf.name) for leaf in _leaves(ctx)}
        lacking = [f"{s.name}（{s.points}分）" for s in ctx.pack.standard_indicators()
                   if indicator_key(s.name) not in names]
        if lacking:
            # one finding, not one per row: a table missing most of them has one problem
            yield self.at(Location(ctx.wb.path, sc.sheet), count=len(lacking), indicators="、".join(lacking))


@register
class PackGroupPoints(Rule):
    """Each 一级/二级 group is worth what the year's rule pack says (履职效能 46 = 23 + 23, 管理效率 54 …).

    Bad: 整体效能 indicators worth 25 in all.
    Good: 23.
    """
    code, name, severity, tags = "P013", "pack-group-points", WARNING, ("scoring", "pack")
    action = {"zh": "请按当年规则调整该组指标的分值", "en": "Adjust the group's points to the year's rules"}
    message = {"zh": "“{group}”各指标分值合计 {actual} 分，{year} 年规则为 {expected} 分",
               "en": "'{group}' is worth {actual} in all; the {year} pack says {expected}"}

    def check(self, ctx):
        sc = ctx.wb.scoring
        if sc is None:
            return
        want = {indicator_key(k): v for k, v in ctx.pack.level1_points.items()}
        want2 = {(indicator_key(g.level1), indicator_key(g.level2)): g.points for g in ctx.pack.groups}
        for root in sc.roots:
            yield from self._compare(root, want.get(indicator_key(root.name)), ctx)
            for child in root.children:
                if child.children:
                    yield from self._compare(child, want2.get((indicator_key(root.name), indicator_key(child.name))), ctx)

    def _compare(self, group, expected, ctx):
        total = _sum(leaf.points for leaf in group.leaves())
        if expected is None or total is None or total == expected:
            return
        yield self.at(group.label or Location(ctx.wb.path, ctx.wb.scoring.sheet), expected=str(expected),
                      actual=str(total), group=group.name, year=str(ctx.pack.year))
