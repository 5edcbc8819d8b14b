"""What a report states that its own text can prove or disprove, beyond ``extract``'s facts:
completion rates (完成预算X万元的Y%), counts that add up (年初8个，年中增加8个，共15个),
counts followed by their numbered list (内设机构9个，分别是：1、…), and the scores of a
group of indicators stated in its heading.

Only relations the sentence states outright are collected: a count is taken only when a
list numbered from 1 follows it at once, a group only when its heading is numbered and
states its own 分值 and 得分.  Judging is the R rules' work.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.narrative.extract import NUM, Figure, IndicatorClaim, about_an_indicator
from auditor.narrative.read import Paragraph, Report, Sentence

_UNIT = r"亿元|万元|元"
_COMPLETION = re.compile(
    rf"(?P<a>{NUM})(?P<ua>{_UNIT}),?(?:共|累计)?(?:完成|达到|占)(?:了)?(?:年初|全年|全年度|调整后|当年)?"
    rf"预算(?:数|资金|金额)?(?:的)?(?P<b>{NUM})(?P<ub>{_UNIT})的(?P<y>{NUM})%")


@dataclass(frozen=True)
class Completion:
    """``支出A万元，完成预算B万元的Y%``."""

    sentence: Sentence
    actual: Figure
    budget: Figure
    rate: Figure


def matches(report: Report, pattern: re.Pattern):
    """(sentence, match) for each place a sentence of the report matches ``pattern``."""
    for para in report.paragraphs:
        for s in para.sentences:
            for m in pattern.finditer(s.norm):
                yield s, m


def completions(report: Report) -> list[Completion]:
    return [Completion(s, Figure.parse(m.group("a"), m.group("ua")), Figure.parse(m.group("b"), m.group("ub")),
                       Figure.parse(m.group("y"), "%")) for s, m in matches(report, _COMPLETION)]


# --- counts that add up ------------------------------------------------------------------

_GAP = r"[^;。]{0,15}?"
_COUNT_SUM = re.compile(
    rf"年初{_GAP}(?P<a>\d{{1,4}})(?P<unit>个|项)"
    rf"{_GAP}(?:年中|年内|期间)?{_GAP}(?:追加|增加|新增|调增){_GAP}(?P<b>\d{{1,4}})(?P=unit)"
    rf"{_GAP}(?:共|合计|全年|累计|总计){_GAP}(?P<c>\d{{1,4}})(?P=unit)")
# A count that left the sum (一个项目取消了) makes the sum no longer the total.
_LEFT = re.compile(r"调减|减少|取消|撤销|终止|暂停|退回")


@dataclass(frozen=True)
class CountSum:
    """``年初8个，年中增加8个，全年共实施15个``: opening + added = total, in one sentence."""

    sentence: Sentence
    opening: int
    added: int
    total: int
    unit: str


def count_sums(report: Report) -> list[CountSum]:
    return [CountSum(s, int(m.group("a")), int(m.group("b")), int(m.group("c")), m.group("unit"))
            for s, m in matches(report, _COUNT_SUM) if not _LEFT.search(s.norm)]


# --- numbered lists ----------------------------------------------------------------------

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}
_COUNT = re.compile(r"(?:共|共有|合计|总计)?(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})(?P<unit>个|项|家|所|支)"
                    r"(?P<what>[\u4e00-\u9fff]{0,8}?),?(?:分别是|分别为|具体是|具体为|具体如下|如下)(?::|$)")
# not 包括 (主要包括, 包括但不限于): a list that may be a part of what was counted
# A list item's number as it opens a paragraph, by style; inline, an item follows a stop.
_STYLES = {"paren": re.compile(r"^\((\d{1,2})\)"), "dun": re.compile(r"^(\d{1,2})、"),
           "dot": re.compile(r"^(\d{1,2})\.(?!\d)")}
_INLINE = re.compile(r"(?:^|(?<=[:;,。]))(?:(\d{1,2})、|\((\d{1,2})\))")
# Headings that rank above any list item: 一、 and (一).
_HIGHER = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))")


def cn_number(text: str) -> int | None:
    """1–99 written in digits or in Chinese (九, 十二, 二十三)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


@dataclass(frozen=True)
class CountedList:
    """``内设机构9个，分别是：`` and the numbered items that follow it."""

    paragraph: Paragraph
    sentence: Sentence
    count: int
    what: str
    items: int


def counted_lists(report: Report) -> list[CountedList]:
    paragraphs = report.paragraphs
    out = []
    for i, para in enumerate(paragraphs):
        for s in para.sentences:
            m = _COUNT.search(s.norm)
            if m is None or (count := cn_number(m.group("n"))) is None:
                continue
            rest = para.norm[para.norm.find(s.norm) + m.end():].split("。")[0]
            items = _run([int(a or b) for a, b in _INLINE.findall(rest)]) if rest else _following(paragraphs[i + 1:])
            if items:
                out.append(CountedList(para, s, count, m.group("what") or m.group("unit"), items))
    return out


def _run(numbers: list[int]) -> int:
    """How many items a list numbered 1, 2, 3 … holds (0 when it does not start at 1)."""
    n = 0
    for k in numbers:
        if k != n + 1:
            break
        n = k
    return n


def _following(paragraphs: list[Paragraph]) -> int:
    """The items of a list opening the next paragraph at 1: inline there, or a paragraph
    each in one style, up to the first paragraph numbered otherwise or a higher heading
    (unnumbered paragraphs between items are an item's own, a line broken by a page end)."""
    if not paragraphs:
        return 0
    first = paragraphs[0].norm
    inline = _run([int(a or b) for a, b in _INLINE.findall(first.split("。")[0])])
    if inline > 1:   # the list on the next line, its items inline (a PDF's line ended at the colon)
        return inline
    style = next((k for k, rx in _STYLES.items() if (m := rx.match(first)) and m.group(1) == "1"), None)
    if style is None:
        return 0
    n = 0
    for para in paragraphs:
        m = _STYLES[style].match(para.norm)
        if m is None:
            if _HIGHER.match(para.norm) or any(rx.match(para.norm) for rx in _STYLES.values()):
                break
            continue
        if int(m.group(1)) != n + 1:
            break
        n += 1
    return n


# --- groups of indicators ----------------------------------------------------------------

_GROUP_POINTS = re.compile(rf"(?:分值|满分|权重)(?:为)?(?P<n>{NUM})分")
_GROUP_SCORE = re.compile(rf"(?:自评)?得分(?:为)?(?P<n>{NUM})分")
_RANKS = [re.compile(r"^[一二三四五六七八九十]+、"), re.compile(r"^\([一二三四五六七八九十]+\)"),
          re.compile(r"^\d{1,2}[、.](?!\d)"), re.compile(r"^\(\d{1,2}\)")]


def heading_rank(norm: str) -> int | None:
    """0 for 一、, 1 for (一), 2 for 1、 or 1., 3 for (1); None for a paragraph not numbered so."""
    return next((r for r, rx in enumerate(_RANKS) if rx.match(norm)), None)


@dataclass
class Group:
    """A numbered heading stating its own 分值 and 得分, and the indicators under it."""

    paragraph: Paragraph
    points: Figure
    score: Figure
    indicators: list[IndicatorClaim] = field(default_factory=list)

    def takes(self, claim: IndicatorClaim) -> bool:
        """Whether an indicator after the heading is the group's: not once the group's 分值
        are used up by the indicators before it."""
        used = sum((c.points.value for c in self.indicators if c.points is not None), 0)
        return used < self.points.value


def groups(report: Report, indicators: list[IndicatorClaim]) -> list[Group]:
    by_paragraph = {id(c.paragraph): c for c in indicators}
    found: list[Group] = []
    open_: list[tuple[int, Group]] = []
    for para in report.paragraphs:
        claim = by_paragraph.get(id(para))
        rank = heading_rank(para.norm)
        if claim is not None:
            for _, g in open_:
                if g.takes(claim):
                    g.indicators.append(claim)
            continue
        p, s = _GROUP_POINTS.search(para.norm), _GROUP_SCORE.search(para.norm)
        if rank is None:
            if p and s:   # an unnumbered heading stating its own scores: no group of ours goes on past it
                open_ = []
            continue
        if about_an_indicator(para):
            continue
        open_ = [(r, g) for r, g in open_ if r < rank]  # a heading closes its equals and its lowers
        if p and s:
            group = Group(para, Figure.parse(p.group("n"), "分"), Figure.parse(s.group("n"), "分"))
            open_.append((rank, group))
            found.append(group)
    return found
