"""A form as data: what a description file (TOML) says, and what is wrong with one.

A description names the form (id, zh/en names, province, the years it was printed for),
the signs that recognise it (its title, labels only it prints), and its blocks, each located
by its labels: header fields, a funding block (row and column roles), the overall target's
texts, an indicator grid (column roles), the total, the grade and free-text fields; then its
scoring (the pack, with the variants the built-in packs switch on) and ``[checks]``.  The first label of each list is the one the form prints (``auditor template``
writes it); the others are what departments also write.  docs/forms.md is the reference.

``parse`` returns the description or raises ``DescriptionError`` with every problem, each in
Chinese with the line of the file it is on, so that a bureau can write one without code.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

from auditor.labels import norm

# The column roles each block knows; a description may use any of them, in any order.
FUND_COLUMNS = ("label", "opening", "adjusted", "execution", "rate", "points", "score", "method", "reason")
INDICATOR_COLUMNS = ("level1", "level1_points", "level2", "level2_points", "name", "nature", "target",
                     "target_adjusted", "unit", "achieved", "points", "coefficient", "method", "note", "score",
                     "reason", "core")
DENOMINATORS = ("opening", "adjusted")
EXECUTION = ("capped", "steps", "none")
INDICATOR_SCORING = ("proportional", "coefficient", "none")
REASONS = ("lost_points", "none")
VARIANTS = ("total_caps", "pass_line", "satisfaction_steps")
CHECKS = ("deviation_above", "deviation_less_units")
ID_RE = re.compile(r"^[a-z][a-z0-9-]{1,40}$")


class DescriptionError(ValueError):
    """Every problem of a description file, as (line, message in Chinese)."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__("\n".join(f"第{line}行：{msg}" if line else msg for line, msg in problems))


@dataclass(frozen=True)
class Labelled:
    key: str
    labels: tuple[str, ...]
    required: bool = False
    instruction: tuple[str, ...] = ()   # the form's own sentence: left in, the field is unfilled

    @property
    def printed(self) -> str:
        return self.labels[0] if self.labels else ""


@dataclass(frozen=True)
class FundRow:
    key: str
    labels: tuple[str, ...]      # none: the row right below the header (a block of one row)
    role: str = "part"           # total | part
    group: str = ""              # the parts of one group add up to the total

    @property
    def printed(self) -> str:
        return self.labels[0] if self.labels else ""


@dataclass(frozen=True)
class Funds:
    labels: tuple[str, ...]
    columns: tuple[tuple[str, tuple[str, ...]], ...]   # (role, header words), as printed left to right
    rows: tuple[FundRow, ...]
    denominator: str = "adjusted"

    def has(self, role: str) -> bool:
        return any(r == role for r, _ in self.columns)


@dataclass(frozen=True)
class DataTable:
    """A table of figures with relations among its rows and columns (Hunan's 基础数据表): each
    ``sums`` entry is (total, parts), row keys (in each column) or column keys (in each row);
    each ``ratios`` entry is (value, numerator, denominator), column keys, in each row."""
    key: str
    labels: tuple[str, ...]
    columns: tuple[tuple[str, tuple[str, ...]], ...]
    rows: tuple[FundRow, ...]
    sums: tuple[tuple[str, tuple[str, ...]], ...] = ()
    ratios: tuple[tuple[str, str, str], ...] = ()

    @property
    def printed(self) -> str:
        return self.labels[0] if self.labels else self.key


@dataclass(frozen=True)
class Grid:
    columns: tuple[tuple[str, tuple[str, ...]], ...]
    total: tuple[str, ...] = ()           # the total row's label (总分)

    def has(self, role: str) -> bool:
        return any(r == role for r, _ in self.columns)


@dataclass(frozen=True)
class Scoring:
    total_points: float = 100
    execution: str = "capped"
    steps: tuple[tuple[float, float], ...] = ()         # (lowest rate %, score), best first
    execution_points: float | None = None               # when the form prints it in no cell
    indicator: str = "proportional"
    reasons: str = "lost_points"
    level1: tuple[tuple[str, float], ...] = ()          # fixed 一级 points, where the form fixes them
    grades: tuple[tuple[str, float], ...] = (("优", 90), ("良", 80), ("中", 60), ("差", 0))
    qualitative: tuple[tuple[str, float, float, tuple[str, ...]], ...] = ()   # (band, low %, high %, words)
    # the scoring variants a pack switches on (auditor/rules/variants.py), by the packs' names
    total_caps: tuple[tuple[float, float], ...] = ()           # (执行率 below %, 总分 at most)
    pass_line: float | None = None                             # (完成率 − line) ÷ (1 − line) × 分值
    satisfaction_steps: tuple[tuple[float, float], ...] = ()   # (满意度 at least %, share of the 分值 %)

    def get(self, key: str, default=None):
        """A variant by its pack name, as ``auditor.rules.variants.variant`` asks a pack's
        ``[scoring]`` table: one vocabulary for the built-in packs and the descriptions."""
        return (getattr(self, key) or default) if key in VARIANTS else default

    def band_of(self, achieved: str):
        """The qualitative band an achieved wording falls in: the longest word found wins, so
        未完成 is not read as 完成."""
        found = [(len(w), band) for band in self.qualitative for w in band[3] if w in achieved]
        return max(found, key=lambda t: t[0])[1] if found else None


@dataclass(frozen=True)
class Description:
    id: str
    name: dict
    province: str
    years: tuple[int, int] | None
    unit: str
    title: str
    titles: tuple[str, ...]
    signs: tuple[str, ...]
    fields: tuple[Labelled, ...] = ()
    funds: Funds | None = None
    goal_labels: tuple[str, ...] = ()
    goal: tuple[Labelled, ...] = ()
    grid: Grid | None = None
    total: tuple[str, ...] = ()
    grade: tuple[str, ...] = ()
    texts: tuple[Labelled, ...] = ()
    tables: tuple[DataTable, ...] = ()
    scoring: Scoring = field(default_factory=Scoring)
    per_sheet: str = "one"        # each: every sheet showing the form is a table (a project per sheet)
    narrows: tuple[str, ...] = () # forms this one is a variant of: on a whole match, it is preferred
    source: str = ""              # the file's text, as written (``auditor forms --export``)
    checks: tuple[tuple[str, object], ...] = ()   # [checks]: the plausibility thresholds switched on

    def covers(self, year: int | None) -> bool:
        """The 评价年度 is one the form was printed for (``years``), or either is unknown."""
        return year is None or self.years is None or self.years[0] <= year <= self.years[1]

    def field(self, key: str) -> Labelled | None:
        return next((f for f in self.fields if f.key == key), None)


def _header(line: str) -> str:
    """The dotted name of a table header (``[funds.columns]``, ``[[funds.row]]``), else ""."""
    m = re.match(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$", line)
    return m.group(1).replace('"', "").replace(" ", "") if m else ""


def _holds(line: str, needle: str) -> bool:
    """Whether a line holds a needle; a needle ending in ``=`` is a key being set (``id =``),
    or a table of that name (``rows=`` is on ``[[funds.rows]]``, ``grid=`` on ``[grid]``)."""
    if needle.endswith("="):
        key, _, rest = line.strip().partition("=")
        name = needle[:-1].strip()
        if _ and not key.strip().startswith("[") and key.strip().strip('"') == name:
            return True
        header = _header(line)
        return bool(header) and (header == name or header.endswith("." + name) or header.startswith(name + "."))
    return needle in line


def line_of(text: str, *needles: str) -> int:
    """The first line holding every needle in order: a problem's place in the file.  Where a
    later needle is not there (a key left out), the line of the last one found (its table),
    and where none is, line 1: never a line 0 that a bureau cannot find."""
    lines = text.splitlines()
    start, found = 0, 0
    for needle in needles:
        for i in range(start, len(lines)):
            if _holds(lines[i], needle):
                start, found = i, i + 1
                break
        else:
            break
    return found or 1


class _Parse:
    def __init__(self, text: str):
        self.text, self.problems = text, []

    def fail(self, msg: str, *needles: str) -> None:
        self.problems.append((line_of(self.text, *needles), msg))

    def words(self, node, what: str, *needles, required=True) -> tuple[str, ...]:
        if node is None:
            if required:
                self.fail(f"{what}缺少标签（labels）", *needles)
            return ()
        if isinstance(node, str):
            node = [node]
        if not isinstance(node, list) or not all(isinstance(w, str) and norm(w) for w in node):
            self.fail(f"{what}的标签应为非空文字的列表", *needles)
            return ()
        if required and not node:
            self.fail(f"{what}缺少标签（labels）", *needles)
        return tuple(node)

    def table(self, node, what: str, *needles, keys: tuple[str, ...] | None = None) -> dict:
        if node is None:
            return {}
        if not isinstance(node, dict):
            self.fail(f"{what}应为表（[...]）", *needles)
            return {}
        for key in node:   # a misspelt key would be silently ignored: say so
            if keys is not None and key not in keys:
                self.fail(f"{what}中的“{key}”未知；可用：{'、'.join(keys)}", *needles[:1], f"{key}=")
        return node

    def labelled(self, items, what: str, section: str) -> tuple[Labelled, ...]:
        out = []
        if not isinstance(items, list):
            self.fail(f"{what}应写为 [[{section}]] 列表", section)
            return ()
        for item in items:
            if isinstance(item, dict):
                self.table(item, what, f"[[{section}]]", keys=("key", "labels", "required", "instruction"))
            key = item.get("key") if isinstance(item, dict) else None
            if not isinstance(key, str) or not key:
                self.fail(f"{what}缺少 key", f"[[{section}]]")
                continue
            labels = self.words(item.get("labels"), f"{what}“{key}”", f'"{key}"')
            out.append(Labelled(key, labels, bool(item.get("required", False)),
                                self.words(item.get("instruction"), f"{what}“{key}”的说明文字", f'"{key}"',
                                           required=False)))
        return tuple(out)

    def columns(self, node, roles, what: str, section: str) -> tuple:
        node = self.table(node, what, section)
        out = []
        for role, words in node.items():
            if roles is not None and role not in roles:   # a data table names its own columns
                self.fail(f"{what}的列角色“{role}”未知；可用：{'、'.join(roles)}", f"[{section}]", f"{role}=")
                continue
            out.append((role, self.words(words, f"{what}列“{role}”", f"[{section}]", f"{role}=")))
        if not out:
            self.fail(f"{what}未列出任何列（[{section}]）", f"[{section}]")
        return tuple(out)


def parse(text: str) -> Description:
    """The description in ``text``, or DescriptionError naming every problem with its line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise DescriptionError([(int(m.group(1)) if m else 0, f"不是有效的 TOML：{exc}")]) from None
    p = _Parse(text)
    p.table(data, "描述文件", keys=("form", "signs", "field", "funds", "goal", "indicators", "total", "grade", "text",
                                  "table", "scoring", "checks"))
    form = p.table(data.get("form"), "[form]", "[form]",
                   keys=("id", "zh", "en", "province", "title", "unit", "years", "tables", "narrows"))
    fid = form.get("id")
    if not isinstance(fid, str) or not ID_RE.match(fid):
        p.fail("[form] 的 id 应为小写字母开头的字母、数字和连字符（如 guizhou-dept）", "[form]", "id=")
        fid = "?"
    names = {"zh": form.get("zh"), "en": form.get("en")}
    for lang, what in (("zh", "中文名称 zh"), ("en", "英文名称 en")):
        if not isinstance(names[lang], str) or not names[lang].strip():
            p.fail(f"[form] 缺少{what}", "[form]")
    years = form.get("years")
    if years is not None and not (isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) for y in years)
                                  and years[0] <= years[1]):
        p.fail("[form] 的 years 应为 [起始年, 截止年]", "[form]", "years=")
        years = None
    tables = form.get("tables", "one")
    if tables not in ("one", "each"):
        p.fail("[form] 的 tables 应为 one（一个工作表）或 each（每个工作表一张表）", "[form]", "tables=")
    narrows = p.words(form.get("narrows"), "[form] narrows", "[form]", "narrows=", required=False)
    unit = form.get("unit", "万元")
    if unit not in ("万元", "元"):
        p.fail("[form] 的 unit 应为“万元”或“元”", "[form]", "unit=")
    signs = p.table(data.get("signs"), "[signs]", "[signs]", keys=("titles", "labels"))
    titles = p.words(signs.get("titles"), "[signs] titles", "[signs]")
    # the form is recognised by a label besides its title (many forms print the same title):
    # a description with none would load and never be used
    labels = p.words(signs.get("labels"), "[signs] labels", "[signs]", required=False)
    if not labels and "labels" not in signs:
        p.fail("[signs] 须有 labels：标题之外至少一个本表式印有的标签（许多表式标题相同），否则本表式永远不会被识别",
               "[signs]")
    funds = _funds(p, data.get("funds"))
    goal = p.table(data.get("goal"), "[goal]", "[goal]", keys=("labels", "text"))
    grid = None
    if "indicators" in data:
        ind = p.table(data["indicators"], "[indicators]", "[indicators]", keys=("columns", "total"))
        grid = Grid(p.columns(ind.get("columns"), INDICATOR_COLUMNS, "指标表", "indicators.columns"),
                    p.words(ind.get("total"), "指标表总分行", "[indicators]", required=False))
        if not grid.has("score"):
            p.fail("指标表须有得分列（score）", "[indicators.columns]")
    scoring = _scoring(p, p.table(data.get("scoring"), "[scoring]", "[scoring]",
                                  keys=("total_points", "execution", "steps", "execution_points", "indicator",
                                        "reasons", "level1", "grades", "qualitative") + VARIANTS), funds, grid)
    checks = _checks(p, p.table(data.get("checks"), "[checks]", "[checks]", keys=CHECKS))
    fields = p.labelled(data.get("field", []), "表头字段", "field")
    goal_texts = p.labelled(goal.get("text", []), "总体目标文字", "goal.text")
    texts = p.labelled(data.get("text", []), "文字字段", "text")
    total = p.table(data.get("total"), "[total]", "[total]", keys=("labels",))
    grade = p.table(data.get("grade"), "[grade]", "[grade]", keys=("labels",))
    total_words = p.words(total.get("labels"), "[total]", "[total]", required=bool(total))
    grade_words = p.words(grade.get("labels"), "[grade]", "[grade]", required=bool(grade))
    goal_labels = p.words(goal.get("labels"), "[goal]", "[goal]", required=bool(goal))
    data_tables = _tables(p, data.get("table", []))
    if p.problems:
        raise DescriptionError(p.problems)
    return Description(
        id=fid, name={k: v.strip() for k, v in names.items()}, province=str(form.get("province", "")),
        years=tuple(years) if years else None, unit=unit, title=str(form.get("title", titles[0] if titles else "")),
        titles=titles, signs=labels, fields=fields,
        funds=funds, goal_labels=goal_labels,
        goal=goal_texts, grid=grid, total=total_words, grade=grade_words, texts=texts,
        tables=data_tables, scoring=scoring, per_sheet=tables, narrows=narrows, source=text,
        checks=checks)


def _rows(p: _Parse, listed, what: str, section: str) -> tuple[FundRow, ...]:
    """The [[…row]] entries of a block of labelled rows."""
    if not isinstance(listed, list):
        p.fail(f"{what}的行应写为 [[{section}]] 列表", section)
        return ()
    rows = []
    for row in listed:
        if isinstance(row, dict):
            p.table(row, f"{what}的行", f"[[{section}]]", keys=("key", "labels", "role", "group"))
        key = row.get("key") if isinstance(row, dict) else None
        if not isinstance(key, str):
            p.fail(f"{what}的行缺少 key", f"[[{section}]]")
            continue
        role = row.get("role", "part")
        if role not in ("total", "part"):
            p.fail(f"{what}行“{key}”的 role 应为 total 或 part", f'"{key}"')
        rows.append(FundRow(key, p.words(row.get("labels", []), f"{what}行“{key}”", f'"{key}"', required=False),
                            role, str(row.get("group", ""))))
    return tuple(rows)


def _tables(p: _Parse, listed) -> tuple[DataTable, ...]:
    if not isinstance(listed, list):
        p.fail("数据表应写为 [[table]] 列表", "table")
        return ()
    out = []
    for node in listed:
        node = p.table(node, "[[table]]", "[[table]]", keys=("key", "labels", "columns", "row", "sum", "ratio"))
        key = node.get("key")
        if not isinstance(key, str) or not key:
            p.fail("数据表缺少 key", "[[table]]")
            continue
        columns = p.columns(node.get("columns"), None, f"数据表“{key}”", "table.columns")
        rows = _rows(p, node.get("row", []), f"数据表“{key}”", "table.row")
        names = {c for c, _ in columns} | {r.key for r in rows}
        sums, ratios = [], []
        for rel in node.get("sum", []) if isinstance(node.get("sum", []), list) else [None]:
            rel = p.table(rel, f"数据表“{key}”的 [[table.sum]]", "[[table.sum]]", keys=("total", "parts"))
            total, parts = rel.get("total"), rel.get("parts")
            if not isinstance(total, str) or not isinstance(parts, list) or not parts or \
                    not all(isinstance(x, str) for x in parts):
                p.fail(f"数据表“{key}”的 [[table.sum]] 须有 total 和 parts = [\"…\"]", "[[table.sum]]")
                continue
            unknown = [x for x in [total, *parts] if x not in names and x != "*"]
            if unknown:
                p.fail(f"数据表“{key}”的合计关系引用了未定义的行或列：{'、'.join(unknown)}", "[[table.sum]]")
            sums.append((total, tuple(parts)))
        for rel in node.get("ratio", []) if isinstance(node.get("ratio", []), list) else [None]:
            rel = p.table(rel, f"数据表“{key}”的 [[table.ratio]]", "[[table.ratio]]",
                          keys=("value", "numerator", "denominator"))
            triple = (rel.get("value"), rel.get("numerator"), rel.get("denominator"))
            if not all(isinstance(x, str) and x in {c for c, _ in columns} for x in triple):
                p.fail(f"数据表“{key}”的 [[table.ratio]] 须以列名给出 value、numerator、denominator", "[[table.ratio]]")
                continue
            ratios.append(triple)
        out.append(DataTable(key, p.words(node.get("labels"), f"数据表“{key}”", "[[table]]"), columns, rows,
                             tuple(sums), tuple(ratios)))
    return tuple(out)


def _funds(p: _Parse, node) -> Funds | None:
    if node is None:
        return None
    node = p.table(node, "[funds]", "[funds]", keys=("labels", "denominator", "columns", "row"))
    columns = p.columns(node.get("columns"), FUND_COLUMNS, "资金表", "funds.columns")
    rows = _rows(p, node.get("row", []), "资金表", "funds.row")
    # a misspelt [[funds.row]] is said once, as unknown; its rows' absence is no second problem
    misspelt = "row" not in node and any(k not in ("labels", "denominator", "columns") for k in node)
    if not misspelt and sum(1 for r in rows if r.role == "total") != 1:
        p.fail("资金表须有且只有一行 role = \"total\"", "[funds]")
    if rows and rows[0].role != "total" and any(not r.labels for r in rows):
        p.fail("无标签的资金行只能是唯一的合计行", "[[funds.row]]")
    denominator = node.get("denominator", "adjusted")
    if denominator not in DENOMINATORS:
        p.fail(f"[funds] 的 denominator 应为 {' 或 '.join(DENOMINATORS)}", "[funds]", "denominator=")
    elif not any(r == denominator for r, _ in columns):
        p.fail(f"执行率的分母“{denominator}”不是资金表的列", "[funds]", "denominator=")
    if not any(r == "execution" for r, _ in columns):
        p.fail("资金表须有执行数列（execution）", "[funds.columns]")
    return Funds(p.words(node.get("labels"), "[funds]", "[funds]", required=False), columns, tuple(rows),
                 denominator)


def _scoring(p: _Parse, node: dict, funds: Funds | None, grid: Grid | None) -> Scoring:
    def pick(key, allowed, default):
        v = node.get(key, default)
        if v not in allowed:
            p.fail(f"[scoring] 的 {key} 应为 {'、'.join(allowed)} 之一", "[scoring]", f"{key}=")
            return default
        return v

    def pairs(key, first, second):
        v = node.get(key)
        if v is None:
            return None
        if isinstance(v, dict):
            v = list(v.items())
        ok = isinstance(v, list) and all(isinstance(x, (list, tuple)) and len(x) == 2 and isinstance(x[0], first)
                                         and isinstance(x[1], second) for x in v)
        if not ok:
            p.fail(f"[scoring] 的 {key} 格式不对", "[scoring]", f"{key}=")
            return None
        return tuple((x[0], float(x[1])) for x in v)

    number = (int, float)
    steps = pairs("steps", number, number) or ()
    execution = pick("execution", EXECUTION, "capped" if funds is not None else "none")
    if execution == "steps" and not steps:
        p.fail("[scoring] execution = \"steps\" 须给出 steps = [[最低执行率, 得分], …]", "[scoring]", "execution=")
    indicator = pick("indicator", INDICATOR_SCORING, "proportional")
    if indicator == "coefficient" and grid is not None and not grid.has("coefficient"):
        p.fail("按得分系数计分须有得分系数列（coefficient）", "[scoring]", "indicator=")
    points = node.get("execution_points")
    if points is not None and not isinstance(points, number):
        p.fail("[scoring] 的 execution_points 应为数字", "[scoring]", "execution_points=")
    total = node.get("total_points", 100)
    if not isinstance(total, number) or isinstance(total, bool) or total <= 0:
        p.fail("[scoring] 的 total_points 应为正数", "[scoring]", "total_points=")
        total = 100
    grades = pairs("grades", str, number)
    level1 = pairs("level1", str, number) or ()
    _points_add_up(p, level1, float(points) if isinstance(points, number) else None, execution, float(total))
    bands = []
    listed = node.get("qualitative", [])
    for band in listed if isinstance(listed, list) else [None]:
        band = p.table(band, "[[scoring.qualitative]]", "[[scoring.qualitative]]", keys=("band", "low", "high", "words"))
        low, high, words = band.get("low"), band.get("high"), band.get("words")
        if not (isinstance(band.get("band"), str) and isinstance(low, number) and isinstance(high, number)
                and 0 <= low <= high <= 100 and isinstance(words, list) and words
                and all(isinstance(w, str) and w for w in words)):
            p.fail("[[scoring.qualitative]] 须有 band、0 ≤ low ≤ high ≤ 100 和 words = [\"…\"]",
                   "[[scoring.qualitative]]")
            continue
        bands.append((band["band"], float(low), float(high), tuple(words)))
    return Scoring(float(total), execution, tuple((float(a), b) for a, b in steps),
                   float(points) if isinstance(points, number) else None, indicator,
                   pick("reasons", REASONS, "lost_points"), level1,
                   grades or Scoring.grades, tuple(bands), *_variants(p, node, funds, indicator, float(total)))


def _percents(p: _Parse, node: dict, key: str, shape: str, most: float) -> tuple[tuple[float, float], ...]:
    """A list of (percent, figure) pairs, each percent in 0..100 and each figure in 0..``most``."""
    v = node.get(key)
    if v is None:
        return ()
    ok = isinstance(v, list) and v and all(
        isinstance(x, list) and len(x) == 2 and all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in x)
        and 0 <= x[0] <= 100 and 0 <= x[1] <= most for x in v)
    if not ok:
        p.fail(f"[scoring] 的 {key} 应为 {shape}（执行率、完成率均为 0–100 的百分数）", "[scoring]", f"{key}=")
        return ()
    return tuple((float(a), float(b)) for a, b in v)


def _variants(p: _Parse, node: dict, funds: Funds | None, indicator: str, total: float) -> tuple:
    """(total_caps, pass_line, satisfaction_steps): the scoring variants the built-in packs
    switch on (auditor/rules/variants.py), refused where the form has nothing they judge."""
    caps = _percents(p, node, "total_caps", "[[执行率低于, 总分最高], …]，如 [[80, 89], [70, 79]]", total)
    if caps and funds is None:
        p.fail("[scoring] 的 total_caps 按执行率封顶总分，须有资金表（[funds]）", "[scoring]", "total_caps=")
    line = node.get("pass_line")
    if line is not None and (not isinstance(line, (int, float)) or isinstance(line, bool) or not 0 <= line < 100):
        p.fail("[scoring] 的 pass_line 应为 0 至 100 之间（不含 100）的及格线百分数，如 60", "[scoring]", "pass_line=")
        line = None
    elif line is not None and indicator != "proportional":
        p.fail("[scoring] 的 pass_line 只用于按完成比例计分（indicator = \"proportional\"）", "[scoring]", "pass_line=")
    steps = _percents(p, node, "satisfaction_steps", "[[满意度不低于, 得分占分值%], …]，如 [[90, 100], [80, 80]]", 100)
    return caps, float(line) if line is not None else None, steps


def _checks(p: _Parse, node: dict) -> tuple[tuple[str, object], ...]:
    """The [checks] thresholds (the built-in packs' names): each one set switches its rule on."""
    out = []
    above = node.get("deviation_above")
    if above is not None:
        if isinstance(above, (int, float)) and not isinstance(above, bool) and above > 0:
            out.append(("deviation_above", above))
        else:
            p.fail("[checks] 的 deviation_above 应为正数（超出指标值的百分数，如 30）", "[checks]", "deviation_above=")
    units = node.get("deviation_less_units")
    if units is not None:
        if isinstance(units, list) and all(isinstance(u, str) and u.strip() for u in units):
            out.append(("deviation_less_units", tuple(units)))
        else:
            p.fail("[checks] 的 deviation_less_units 应为计量单位的列表，如 [\"元\", \"万元\"]", "[checks]",
                   "deviation_less_units=")
    if units is not None and above is None:
        p.fail("[checks] 的 deviation_less_units 须与 deviation_above 同用", "[checks]", "deviation_less_units=")
    return tuple(out)


def _points_add_up(p: _Parse, level1, execution_points, execution: str, total: float) -> None:
    """The fixed 一级 points and the execution points make the form's total: else a right
    workbook would be flagged (F012) by the description's own sums.  Where the execution
    points are printed in a cell and not given here, only a 一级 sum above the total is sure."""
    if not level1:
        return
    fixed = sum(v for _, v in level1)
    known = 0.0 if execution == "none" else execution_points
    n = lambda x: f"{x:g}"  # noqa: E731
    if known is not None and fixed + known != total:
        p.fail(f"[scoring] 的 level1 合计 {n(fixed)}" + (f"，加 execution_points {n(known)} 为 {n(fixed + known)}"
                                                          if known else "") + f"，与 total_points {n(total)} 不符",
               "[scoring]", "level1=")
    elif known is None and fixed > total:
        p.fail(f"[scoring] 的 level1 合计 {n(fixed)}，已超过 total_points {n(total)}", "[scoring]", "level1=")
