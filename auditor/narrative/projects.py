"""What a project's narrative report (项目支出绩效自评报告) states of each project table.

A project report gives, in prose, the figures of its table's funding block (年初预算、全年
预算, 执行数, 执行率) and its conclusion (自评得分, 等级).  Each figure is collected with its
sentence and given to the project it is about: in a workbook of one project, that one;
in a workbook of several, the project a paragraph names, or the one its last heading
named.  A figure whose project cannot be told is not collected: a report about three
projects that says 执行率95% without saying of which one says nothing checkable.
It only collects; judging against the tables is the N rules' work.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.narrative.extract import (CHANGE_WORDS, GRADE_RE, GRADE_WORDS, NUM, Figure, about_an_indicator,
                                       direction_of)
from auditor.narrative.read import Paragraph, Report, Sentence, normalize

# The budget a phrase names: 年初 is the opening budget, 全年/调整后 the year's; a bare
# 预算 may mean either, and is held against both.
_BUDGET_RE = re.compile(
    rf"(?P<label>年初预算|全年预算|调整后预算|预算)(?:数|资金|金额|安排)?(?:总额|合计)?"
    rf"(?:为|是|共|共计|合计|:)?(?P<amt>{NUM})(?P<unit>亿元|万元|元)")
_SPENT = (r"(?:全年执行数|执行数|实际执行|实际支出|实际使用|已支出|累计支出|执行金额|支出金额)"
          r"(?:数|资金|金额)?(?:为|是|共|共计|合计|:)?")
_ACTUAL_RE = re.compile(rf"{_SPENT}(?P<amt>{NUM})(?P<unit>亿元|万元|元)")
# The spending compared with a budget in words: ``全年执行数647.85万元，比全年预算减少27.65万元``,
# ``实际支出与预算持平``.  The comparison counts only right after the spending it is of
# (``_SPENT_BEFORE``): after 其中培训费10万元 it would be the part's.
_CHANGE_RE = re.compile(
    rf"(?:比|较|与)(?P<label>年初预算|全年预算|调整后预算|预算)(?:数|资金|金额|安排数?)?(?:相比)?,?"
    rf"(?P<word>{CHANGE_WORDS})了?(?:(?P<amt>{NUM})(?P<unit>亿元|万元|元))?")
_SPENT_BEFORE = re.compile(rf"{_SPENT}(?:{NUM}(?:亿元|万元|元))?,?$")
# A bound on the rate, not its figure: 执行率达到90%以上 / 超过90% (+1), 未达到90% / 低于90% (-1).
# A plain 执行率达到95% is a figure (``_RATE_RE``), and N015's.
_BOUND_RE = re.compile(
    rf"(?:执行|支出)率(?:均)?(?:(?:达到|达|在|为)?(?P<at_least>{NUM})%(?:及以上|以上)|(?:超过|高于)(?P<above>{NUM})%"
    rf"|(?:未达到|未能达到|没有达到|未达|低于|不足|不到)(?P<below>{NUM})%)")
# A sentence stating what was aimed at states no fact: 绩效目标为执行率达到90%以上.
_AIMED = re.compile(r"目标|要求|确保|力争|计划|预期|应当|应达|指标值|≥|≤")
# A rate stated, not a target: ``执行率≥90%`` and ``执行率达到90%以上`` are goals.
_RATE_RE = re.compile(rf"(?:执行|支出)率(?:为|是|达|达到|:)?(?P<n>{NUM})%(?!以上|以下|以内|及以上)")
# The conclusion's score.  A score written after the name of a part in its clause
# (执行率得分, 指标…得分, 分值…得分) is that part's, not the project's.
_TOTAL_RE = re.compile(
    rf"(?:自评总分|总得分|总分|综合得分|得分合计|合计得分|自评得分|评价得分|最终得分|结果为)(?:为|是|:)?(?P<n>{NUM})分")
_PART_WORDS = ("执行", "指标", "分值", "权重", "一级", "二级", "三级")
# What may stand before a figure's label in its clause when the figure is the project's
# whole: its name and words like these.  Anything else (培训费预算, 中央补助资金执行率,
# 上年预算数, 年中追加预算, 其中财政拨款…) makes it a part's, or another year's.
_WHOLE_WORDS = re.compile(r"(?:该|本|此)?项目|\d{4}年度?|年度|全年|资金|经费|预算|总|共|的|已|累计|实际|下达|安排|批复|合计|为"
                          r"|经自评|经评价|综合|最终|[()\s]")
_CLAUSE_START = re.compile(r"[,;。:]")
_LABELS = {"年初预算": ("budget_initial",), "全年预算": ("budget",), "调整后预算": ("budget",),
           "预算": ("budget", "budget_initial")}


@dataclass(frozen=True)
class Claim:
    """One figure the report states of a project's table.

    ``what``: budget, actual, rate, score, grade, change or bound; ``columns``: for a
    budget or a change, the funding columns the budget may stand for, in the order they
    are tried."""

    what: str
    sentence: Sentence
    figure: Figure | None = None
    grade: str | None = None
    columns: tuple[str, ...] = ()
    # a change (the spending against ``columns``) or a bound on the rate: the word as
    # written and its direction (+1, -1, 0)
    word: str = ""
    direction: int | None = None


@dataclass
class ProjectFacts:
    """The claims of one project, in the report's order, and the paragraph of each."""

    claims: list[Claim] = field(default_factory=list)
    paragraphs: list[list[Claim]] = field(default_factory=list)
    # every paragraph given to the project, figures or not: where its admissions are read
    texts: list[Paragraph] = field(default_factory=list)

    def first(self, what: str) -> Claim | None:
        return next((c for c in self.claims if c.what == what), None)


def _clause(text: str, start: int) -> str:
    """The text before ``start`` back to the clause's beginning (the last , ; 。 or :)."""
    return text[max((m.end() for m in _CLAUSE_START.finditer(text, 0, start)), default=0):start]


def _of_the_whole(text: str, start: int, names: tuple[str, ...]) -> bool:
    """Whether the clause a figure's label starts in is about the project's whole money:
    nothing before the label but the project's name (one of ``names``) and ``_WHOLE_WORDS``."""
    clause = _clause(text, start)
    for name in names:
        clause = clause.replace(name, "")
    return not _WHOLE_WORDS.sub("", clause)


def _claims(sentence: Sentence, names: tuple[str, ...], scored: bool = True) -> list[Claim]:
    """The claims of one sentence; ``names``: the projects' names as the report may write
    them; ``scored``: whether a score in it may be the project's (not in an indicator's
    paragraph)."""
    text, out = sentence.norm, []
    for m in _BUDGET_RE.finditer(text):
        if _of_the_whole(text, m.start(), names):
            out.append(Claim("budget", sentence, Figure.parse(m.group("amt"), m.group("unit")),
                             columns=_LABELS[m.group("label")]))
    for m in _ACTUAL_RE.finditer(text):
        if _of_the_whole(text, m.start(), names):
            out.append(Claim("actual", sentence, Figure.parse(m.group("amt"), m.group("unit"))))
    for m in _RATE_RE.finditer(text):
        if _of_the_whole(text, m.start(), names):
            out.append(Claim("rate", sentence, Figure.parse(m.group("n"), "%")))
    for m in _CHANGE_RE.finditer(text):
        spent = _SPENT_BEFORE.search(text, 0, m.start())
        if spent is not None and _of_the_whole(text, spent.start(), names):
            amt = Figure.parse(m.group("amt"), m.group("unit")) if m.group("amt") else None
            out.append(Claim("change", sentence, amt, columns=_LABELS[m.group("label")], word=m.group("word"),
                             direction=direction_of(m.group("word"))))
    for m in _BOUND_RE.finditer(text if not _AIMED.search(text) else ""):
        if _of_the_whole(text, m.start(), names):
            key = next(k for k in ("at_least", "above", "below") if m.group(k))
            out.append(Claim("bound", sentence, Figure.parse(m.group(key), "%"), word=m.group().partition("率")[2],
                             direction=-1 if key == "below" else 1))
    for m in _TOTAL_RE.finditer(text if scored else ""):
        if not any(w in _clause(text, m.start()) for w in _PART_WORDS):
            out.append(Claim("score", sentence, Figure.parse(m.group("n"), "分")))
            break
    if scored and (any(c.what == "score" for c in out) or "自评" in text or "评价" in text):
        if m := GRADE_RE.search(text):
            out.append(Claim("grade", sentence, grade=GRADE_WORDS.get(m.group("g"), m.group("g"))))
    return out


def _named(para: Paragraph, names: dict[str, int]) -> set[int]:
    """The projects a paragraph names; a name inside a longer name that matched is not counted."""
    text = para.norm
    hits = [(name, i) for name, i in names.items() if name in text]
    return {i for name, i in hits if not any(name != other and name in other for other, _ in hits)}


# Heading levels: 一、 above （一） above 1. / 1、 above (1); an unnumbered short line
# counts as a top heading, so that it ends whatever project a heading above it named.
_LEVELS = [re.compile(r"^[一二三四五六七八九十]+、"), re.compile(r"^\([一二三四五六七八九十]+\)"),
           re.compile(r"^\d{1,2}(?:[.、](?!\d))"), re.compile(r"^\(\d{1,2}\)")]


def _heading_level(para: Paragraph) -> int | None:
    """A heading's level (1 the top), or None for a paragraph of prose."""
    text = para.norm
    if len(text) > 40 or any(ch in text for ch in ",;。"):
        return None
    return next((i + 1 for i, pattern in enumerate(_LEVELS) if pattern.match(text)), 1)


def extract_projects(report: Report, titles: list[str]) -> list[ProjectFacts]:
    """What the report states of each project, in the order of ``titles`` (the tables'
    项目名称 as the findings name them)."""
    facts = [ProjectFacts() for _ in titles]
    keys = [normalize(title).strip() for title in titles]
    # a name two tables share tells neither apart
    names = {key: i for i, key in enumerate(keys) if len(key) >= 2 and keys.count(key) == 1}
    known = tuple(sorted(names, key=len, reverse=True))  # the longest first: 农村公路养护工程 before 农村公路养护
    single = len(titles) == 1
    current, level = (0, 0) if single else (None, 0)  # the project headings name, and their level
    for para in report.paragraphs:
        here = current
        if not single:
            named, heading = _named(para, names), _heading_level(para)
            if heading is not None and (named or heading <= level):
                current, level = (next(iter(named)), heading) if len(named) == 1 else (None, 0)
                here = current
            elif named:  # prose naming its project: that one; naming several: none alone
                here = next(iter(named)) if len(named) == 1 else None
        if here is None:
            continue
        facts[here].texts.append(para)
        scored = not about_an_indicator(para)
        found = [c for s in para.sentences for c in _claims(s, known, scored)]
        if found:
            facts[here].claims.extend(found)
            facts[here].paragraphs.append(found)
    return facts
