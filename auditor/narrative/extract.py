"""What the narrative report states: figures with the sentence and line they stand in.

Extraction reads the normalised view of each sentence (see ``read.normalize``): income
and its sources, the change against the opening budget, expenditure and its classes
with their shares, 三公 with the words comparing it to the budget, each indicator's
分值/自评得分 and itemised 得N分, the total score and grade, the 存在问题 section.
It only collects; judging against the workbook is the N rules' work.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from auditor.numbers import parse_text
from auditor.precision import Interval, amount, stated
from auditor.labels import indicator_key

from auditor.narrative.read import Paragraph, Report, Sentence

# A figure as printed: 1,234.56 or 1234.56 (shared with the project extractor).
NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


@dataclass(frozen=True)
class Figure:
    """A number as printed: its value, the decimals shown, and its unit (万元, 元, 亿元, %, 分)."""

    value: Decimal
    decimals: int
    unit: str = ""

    @classmethod
    def parse(cls, text: str, unit: str = "") -> "Figure":
        p = parse_text(text)
        return cls(p.number, p.decimals or 0, unit)

    def wan(self) -> Interval:
        """An amount's interval in 万元 (amounts are exact to two decimals of their unit)."""
        return amount(self.value, self.decimals).scale(_UNIT_WAN.get(self.unit, 1))

    def interval(self) -> Interval:
        """A rate's or share's interval: what its printed digits allow."""
        return stated(self.value, self.decimals)

    def __str__(self) -> str:
        return f"{self.value}{self.unit}"


@dataclass
class Change:
    """``比年初预算增加X万元，增加Y%`` (or ``与预算持平``): direction +1, -1 or 0 from the words."""

    sentence: Sentence
    direction: int
    word: str
    amount: Figure | None = None
    rate: Figure | None = None
    rate_direction: int | None = None
    rate_word: str = ""
    # against last year (比上年): the report's own arithmetic can be checked, the workbook
    # holds nothing of last year to compare with
    last_year: bool = False

    def signed_amount(self) -> Interval | None:
        if self.amount is None:
            return None
        return self.amount.wan().scale(self.direction or 1)


@dataclass
class Stated:
    """One line of the income, expenditure or 三公 statement as the report gives it."""

    table: str     # income | expense_economic | expense_nature | sangong
    key: str       # the model's line key
    label: str     # as written (normalised)
    sentence: Sentence
    actual: Figure | None = None
    budget: Figure | None = None   # 年初预算 for income, 预算 for 三公, when the report states it
    share: Figure | None = None
    share_sentence: Sentence | None = None
    change: Change | None = None


@dataclass
class IndicatorClaim:
    """An indicator paragraph: ``name：… 该指标分值X分，自评得分Y分`` with itemised ``得N分``."""

    name: str
    paragraph: Paragraph
    points: Figure | None = None
    points_sentence: Sentence | None = None
    score: Figure | None = None          # 自评得分, or 0 when the text says only 不得分
    score_sentence: Sentence | None = None
    items: list[Figure] = field(default_factory=list)

    @property
    def key(self) -> str:
        return indicator_key(self.name)

    @property
    def effective_score(self) -> Figure | None:
        """The stated score, else what the itemised 得N分 add up to."""
        if self.score is not None:
            return self.score
        if self.items:
            total = sum((i.value for i in self.items), Decimal(0))
            return Figure(total, max(i.decimals for i in self.items), "分")
        return None


@dataclass
class Facts:
    income: list[Stated] = field(default_factory=list)
    expense: list[Stated] = field(default_factory=list)   # both expense tables
    sangong: list[Stated] = field(default_factory=list)
    indicators: list[IndicatorClaim] = field(default_factory=list)
    total_score: Figure | None = None
    total_sentence: Sentence | None = None
    grade: str | None = None
    grade_sentence: Sentence | None = None
    problems: list[Paragraph] = field(default_factory=list)  # the 存在问题 section

    def statements(self) -> list[Stated]:
        return self.income + self.expense + self.sangong

    def first(self, table: str, key: str) -> Stated | None:
        return next((s for s in self.statements() if s.table == table and s.key == key), None)


# --- statement lines -------------------------------------------------------------------

# (table, key, pattern) on the normalised text; at one position the first pattern wins.
_LABELS = [
    ("income", "general_public", r"一般公共预算(?:财政)?拨?款?收入|一般公共预算(?:财政)?拨款"),
    ("income", "gov_fund", r"政府性基金(?:预算)?(?:财政拨款)?(?:收入)?"),
    ("income", "state_capital", r"国有资本经营预算(?:财政拨款)?(?:收入)?"),
    ("income", "higher_subsidy", r"上级补助收入"),
    ("income", "operating", r"事业收入"),
    ("income", "business", r"经营收入"),
    ("income", "affiliated", r"附属单位上缴收入"),
    ("income", "other", r"其他收入"),
    ("income", "carryover", r"年初结转(?:和|及)?结余"),
    ("income", "grand_total", r"收入总计"),
    ("income", "total", r"(?:本年)?决算收入(?:合计)?|本年收入(?:合计)?|收入合计|总收入"),
    ("expense_economic", "wages", r"工资福利支出"),
    ("expense_economic", "goods_services", r"商品和服务支出"),
    ("expense_economic", "household", r"对个人和家庭(?:的)?补助(?:支出)?"),
    ("expense_economic", "capital", r"资本性支出"),
    ("expense_economic", "other", r"其他支出"),
    ("expense_nature", "basic", r"基本支出"),
    ("expense_nature", "project", r"项目支出"),
    ("expense_nature", "personnel", r"人员经费"),
    ("expense_nature", "public_use", r"公用经费"),
    ("expense_nature", "grand_total", r"支出总计"),
    ("expense_economic", "total", r"(?:本年)?决算支出(?:合计)?|本年支出(?:合计)?|支出合计|总支出"),
    ("sangong", "vehicles", r"公务用车购置及运行(?:维护)?费"),
    ("sangong", "vehicle_purchase", r"公务用车购置费"),
    ("sangong", "vehicle_running", r"公务用车运行(?:维护)?费"),
    ("sangong", "abroad", r"因公出国\(?境?\)?(?:经)?费(?:用)?"),
    ("sangong", "reception", r"公务接待费"),
    ("sangong", "total", r"三公经费(?:支出)?(?:合计)?"),
]
_LABEL_RE = re.compile("|".join(f"(?P<L{i}>{p})" for i, (_, _, p) in enumerate(_LABELS)))

_UP = ("增加", "增长", "超支", "上升")
_DOWN = ("减少", "下降", "降低", "节约", "节省", "减")
_FLAT = ("持平", "无变化", "没有变化", "未发生变化", "一致", "相同", "不变")
# The words that compare two figures, as one alternation (the project report's too).
CHANGE_WORDS = "|".join(_UP + _DOWN[:-1] + _FLAT)
# What each direction is called when a finding says which word the figures call for.
DIRECTION_WORDS = {1: "增加", -1: "减少", 0: "持平"}
_CHANGE_RE = re.compile(
    rf"(?:比|较|与|同)(?P<base>上年度?(?:决算)?数?|年初预算数?|预算(?:安排)?数?)(?:相比)?,?"
    rf"(?P<word>{CHANGE_WORDS})(?:了)?"
    rf"(?:(?P<amt>{NUM})(?P<unit>亿元|万元|元))?"
    rf"(?:,?(?:增幅|降幅|增长率|下降率|变动率)?(?:为)?(?P<rword>{CHANGE_WORDS}|减)?(?:了)?(?P<rate>{NUM})%)?")
_SHARE_RE = re.compile(rf"占[^,;。]{{0,12}}?(?:的)?(?:比重|比例)?(?:为)?(?P<share>{NUM})%")
_AMOUNT_RE = re.compile(rf"(?P<amt>{NUM})(?P<unit>亿元|万元|元)")


_LAST_YEAR = re.compile(r"上年|去年|上一年|上年度")
_CHANGE_WORD_BEFORE = re.compile(rf"(?:{'|'.join(_UP + _DOWN)})了?$")


def direction_of(word: str | None) -> int | None:
    """+1, -1 or 0 for a word of ``CHANGE_WORDS``, None for no word."""
    if not word:
        return None
    if word in _FLAT:
        return 0
    return 1 if word in _UP else -1


def _mask(text: str, spans) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = "#" * (b - a)
    return "".join(chars)


def _statements(sentence: Sentence, current: Stated | None) -> list[Stated]:
    """The statement lines of one sentence; a change or share with no label of its own
    (``比年初预算增加1405.64万元，增加37.3%``) goes to ``current``, the last line stated."""
    text = sentence.norm
    changes = []
    for m in _CHANGE_RE.finditer(text):
        amt = Figure.parse(m.group("amt"), m.group("unit")) if m.group("amt") else None
        rate = Figure.parse(m.group("rate"), "%") if m.group("rate") else None
        changes.append((m.span(), Change(sentence, direction_of(m.group("word")), m.group("word"), amt,
                                         rate, direction_of(m.group("rword")), m.group("rword") or "",
                                         last_year=m.group("base").startswith("上年"))))
    shares = [(m.span(), Figure.parse(m.group("share"), "%")) for m in _SHARE_RE.finditer(text)]
    masked = _mask(text, [span for span, _ in changes + shares])

    labels = []
    for m in _LABEL_RE.finditer(masked):
        i = int(m.lastgroup[1:])
        labels.append((m.start(), m.end(), _LABELS[i][0], _LABELS[i][1], m.group()))
    out: list[Stated] = []
    bounds = [lab[0] for lab in labels[1:]] + [len(text)]
    for (start, end, table, key, label), stop in zip(labels, bounds):
        if _LAST_YEAR.search(masked[max(0, start - 4):start]):
            continue  # 上年公务接待费为5.31万元: last year's figure, not this year's
        st = Stated(table, key, label, sentence)
        prev = end
        for m in _AMOUNT_RE.finditer(masked, end, stop):
            prefix = masked[prev:m.start()]
            fig = Figure.parse(m.group("amt"), m.group("unit"))
            if _CHANGE_WORD_BEFORE.search(prefix):
                prev = m.end()  # 增加0.1万元: by how much, neither the 决算 nor the 预算
                continue
            if "预算" in prefix and "决算" not in prefix:
                st.budget = st.budget or fig
            elif st.actual is None and (("," not in prefix and ";" not in prefix and len(prefix) <= 15)
                                        or any(w in prefix for w in ("决算", "支出", "实际"))):
                st.actual = fig
            prev = m.end()
        for (a, _b), fig in shares:
            if end <= a < stop and st.share is None:
                st.share, st.share_sentence = fig, sentence
        for (a, _b), ch in changes:
            if ch is not None and end <= a < stop and st.change is None:
                st.change = ch
        if st.actual or st.share or st.change or st.budget:
            out.append(st)
    first_label = labels[0][0] if labels else len(text)
    if current is not None:
        for (a, _b), ch in changes:
            if ch is not None and a < first_label and current.change is None:
                current.change = ch
        for (a, _b), fig in shares:
            if a < first_label and current.share is None:
                current.share, current.share_sentence = fig, sentence
    return out


# --- indicators, total, problems -------------------------------------------------------

_INDICATOR_HEAD = re.compile(r"^(?:\(?\d{1,2}\)|\d{1,2}[.、])?(?P<name>[^,;:。]{2,40}?):")
_SCORE_WORDS = re.compile(rf"分值|自评得分|得(?:{NUM})分|不得分")
_POINTS_RE = re.compile(rf"分值(?:为)?(?P<n>{NUM})分")
_SCORE_RE = re.compile(rf"自评得分(?:为)?(?P<n>{NUM})分")
_ITEM_RE = re.compile(rf"(?<!自评)得(?P<n>{NUM})分")
_TOTAL_RE = re.compile(rf"(?:结果为|总分为?|总得分为?|综合得分为?|自评总分为?|得分合计为?|合计得分为?)"
                       rf"(?P<n>{NUM})分")
_TOTAL_WITH_GRADE_RE = re.compile(rf"自评得分为?(?P<n>{NUM})分")
GRADE_RE = re.compile(r"(?:等级|等次)(?:评定)?(?:为|是|:)?(?P<g>优秀|良好|中等|优|良|中|差)")
_CONCLUSION = re.compile(r"自评等级|评价等级|绩效等级|评价结果|自评结果|自评结论|(?:自评|评价)(?:总)?得分")
GRADE_WORDS = {"优秀": "优", "良好": "良", "中等": "中"}
_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_SECTION_END = re.compile(r"^(?:[(（]?[一二三四五六七八九十\d]+[)）、.]?)?(?:改进意见|整改措施|改进措施|下一步|意见建议|有关建议)")


def indicator_claim(para: Paragraph) -> IndicatorClaim | None:
    """``name：… 分值X分，自评得分Y分``: what an indicator's paragraph states, or None."""
    m = _INDICATOR_HEAD.match(para.norm)
    if not m or not _SCORE_WORDS.search(para.norm):
        return None
    claim = IndicatorClaim(m.group("name"), para)
    for s in para.sentences:
        for m in _ITEM_RE.finditer(s.norm):
            claim.items.append(Figure.parse(m.group("n"), "分"))
        if claim.points is None and (m := _POINTS_RE.search(s.norm)):
            claim.points, claim.points_sentence = Figure.parse(m.group("n"), "分"), s
        if claim.score is None and (m := _SCORE_RE.search(s.norm)):
            claim.score, claim.score_sentence = Figure.parse(m.group("n"), "分"), s
    if claim.score is None and not claim.items:
        said = next((s for s in para.sentences if "不得分" in s.norm), None)
        if said is not None:
            claim.score, claim.score_sentence = Figure(Decimal(0), 0, "分"), said
    return claim


def about_an_indicator(para: Paragraph) -> bool:
    """``name：… 分值X分，自评得分Y分``: a paragraph whose scores are one indicator's."""
    return indicator_claim(para) is not None


def _problems(paragraphs: list[Paragraph]) -> list[Paragraph]:
    out, inside = [], False
    for para in paragraphs:
        norm = para.norm
        if not inside:
            if ("存在问题" in norm and "不存在问题" not in norm
                    and (len(norm) <= 30 or _TOP_HEADING.match(norm))):
                inside = True
                rest = norm.partition(":")[2]
                if rest and len(rest) > 5:  # the heading carries the first problem after its colon
                    out.append(para)
            continue
        if _TOP_HEADING.match(norm) or _SECTION_END.match(norm):
            break
        out.append(para)
    return out


# what names a group of indicators, not the whole table: 整体效能指标共8项，分值23分，自评得分22分
_GROUP_NAME = re.compile(r"(?:效能|效率|类指标|项指标|指标共|二级指标|一级指标)")


def _of_a_group(text: str, at: int) -> bool:
    """The score at ``at`` is a group's: the sentence names one before it, or states a
    分值 short of the whole table's 100, and does not call the score a total."""
    before = text[:at]
    if "总" in before or "合计" in before or "综合" in before:
        return False
    points = _POINTS_RE.search(text)
    return bool(_GROUP_NAME.search(before)) or (points is not None and points.group("n") != "100")


def extract(report: Report) -> Facts:
    facts = Facts()
    targets = {"income": facts.income, "expense_economic": facts.expense,
               "expense_nature": facts.expense, "sangong": facts.sangong}
    for para in report.paragraphs:
        claim = indicator_claim(para)
        if claim is not None:
            facts.indicators.append(claim)
            continue
        current = None
        concluding = bool(_CONCLUSION.search(para.norm))
        for s in para.sentences:
            for st in _statements(s, current):
                targets[st.table].append(st)
                current = st
            if facts.total_score is None:
                m = _TOTAL_RE.search(s.norm) or (concluding and _TOTAL_WITH_GRADE_RE.search(s.norm))
                if m and _of_a_group(s.norm, m.start()):
                    m = None
                if m:
                    facts.total_score, facts.total_sentence = Figure.parse(m.group("n"), "分"), s
                    concluding = True
            # A grade word counts only where the self-evaluation concludes, not in the
            # body's own appraisals (干部考核等次为优秀).
            if facts.grade is None and concluding and (m := GRADE_RE.search(s.norm)):
                facts.grade, facts.grade_sentence = GRADE_WORDS.get(m.group("g"), m.group("g")), s
    facts.problems = _problems(report.paragraphs)
    return facts
