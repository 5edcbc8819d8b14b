"""The 汇总 sheet: who needs the reviewer, and why.  One row per file, most errors first,
with the verdict and the main problems in words, then the scores and key figures; the
department's name and verdict stay in view while the rest scrolls."""
from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from auditor.report import verdict
from auditor.baseline import compare as baseline
from auditor.findings import Severity
from auditor.reporters.summary.book import NOTICES, Book

# The findings the 重复 column shows, and the words it shows them by.
DUPLICATE_CODES = (("D002", "dup_code"), ("D004", "dup_name"))
AMOUNTS = (("income", "income.total"), ("expense", "expense.total"), ("sg_budget", "sangong.budget"),
           ("sg_actual", "sangong.actual"))
MARKS = (("added", baseline.ADDED), ("kept", baseline.KEPT), ("fixed", baseline.FIXED))
VERDICT_COLOURS = ((verdict.RETURN, "red"), (verdict.VERIFY, "amber"), (verdict.PASS, "green"),
                   (verdict.UNREADABLE, "red"))
GRADE_COLOURS = (("优", "green"), ("良", "pale_green"), ("中", "amber"), ("差", "red"))


def duplicates(a) -> list[str]:
    """The 重复 flags of one file: the duplicate findings (D002, D004) it has."""
    codes = {f.code for f in a.findings}
    return [flag for code, flag in DUPLICATE_CODES if code in codes]


def columns(book: Book) -> list[str]:
    cols = ["department", "verdict", "errors", "warnings", "problems", "copy"]
    if book.run.notices:
        cols.append("notice")
    if book.compared:
        cols += ["added", "kept", "fixed", "fixed_list"]
    return cols + ["stated", "recomputed", "diff", "grade", "grade_re", "exec_stated", "exec_re",
                   "income", "expense", "sg_budget", "sg_actual", "code", "year", "file", "dup", "note"]


def verdict_word(book: Book, v: str) -> str:
    return verdict.WORDS_EN.get(v, v) if book.lang == "en" else v


def mark_word(book: Book, m: str) -> str:
    return baseline.MARKS_EN.get(m, m) if book.lang == "en" else m


class Overview:
    def __init__(self, book: Book):
        self.book, self.s = book, book.sheet("summary")
        self.cols = columns(book)
        self.ix = {c: i for i, c in enumerate(self.cols)}
        self.s.header([book.w[c] for c in self.cols])
        self.sums: dict[str, Decimal] = defaultdict(Decimal)
        self.verdicts: Counter = Counter()
        self.years: Counter = Counter()
        self.row = 0

    def add(self, a, r) -> None:
        book, s, ix, sums = self.book, self.s, self.ix, self.sums
        w, fmt = book.w, book.fmt
        self.row = row = self.row + 1
        self.verdicts[r.verdict] += 1
        s.text(row, ix["department"], a.department)
        s.text(row, ix["verdict"], verdict_word(book, r.verdict))
        for key, sev in (("errors", Severity.ERROR), ("warnings", Severity.WARNING)):
            s.number(row, ix[key], a.count(sev))
            sums[key] += a.count(sev)
        s.text(row, ix["problems"], "\n".join(r.problems), fmt["wrap"])
        s.url(row, ix["copy"], book.link(a), w["open"] if a.path in book.run.annotated else "")
        if "notice" in ix:
            name = book.run.notices.get(a.path)
            s.url(row, ix["notice"], f"external:{NOTICES}/{name}" if name else None, w["open"] if name else "")
        if book.compared:
            for key, mark in MARKS:
                s.number(row, ix[key], r.count(mark))
                sums[key] += r.count(mark)
            s.text(row, ix["fixed_list"], "\n".join(fixed_words(r.fixed)), fmt["wrap"])
        _scores(s, ix, row, a)
        for key, figure in AMOUNTS:
            value = cents(a.figures.get(figure))  # 万元 from a 元 workbook: 203.13, not 203.126542
            s.number(row, ix[key], value, fmt["amount"])
            sums[key] += value or 0
        s.number(row, ix["exec_stated"], a.figures.get("execution.stated"), fmt["amount"])
        s.number(row, ix["exec_re"], cents(a.figures.get("execution.recomputed")), fmt["amount"])
        if a.year is not None:
            self.years[a.year] += 1
        s.text(row, ix["code"], a.code)
        s.number(row, ix["year"], a.year)
        s.text(row, ix["file"], a.path)
        s.text(row, ix["dup"], "；".join(w[f] for f in duplicates(a)))
        why = book.run.annotate_errors.get(a.path)
        s.text(row, ix["note"], w["no_copy"] + why if why else "")

    def end(self) -> None:
        book, s, ix, row = self.book, self.s, self.ix, self.row
        _totals(book, s, ix, row + 1, self.sums, self.verdicts)
        if len(self.years) > 1:  # one batch, several 评价年度: its totals add across years
            years = "、".join(str(y) for y in sorted(self.years))
            s.text(row + 2, ix["department"], book.w["mixed_years_label"], book.fmt["amber"])
            s.text(row + 2, ix["problems"], book.w["mixed_years"].format(years=years), book.fmt["wrap"])
        s.fit({ix["problems"]: 60, ix["department"]: 24, ix["file"]: 30, ix["note"]: 40,
               **({ix["fixed_list"]: 50} if book.compared else {})})
        s.ws.freeze_panes(1, 2)
        # two pages wide: the verdicts and problems on the first, the figures on the second
        s.print_setup(pages_wide=2, title_columns=(0, 1))
        if row >= 1:
            s.ws.autofilter(0, 0, row, len(self.cols) - 1)
            _colours(book, s.ws, ix, row)


def cents(value):
    """An amount or rate at the two decimals of its unit."""
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def fixed_words(fixed: list[dict], n: int = 3) -> list[str]:
    """The first ``n`` findings a resubmission fixed, in the words of the earlier run."""
    from auditor.report.verdict import place

    out = []
    for f in fixed[:n]:
        where, message = place(f), str(f.get("message", ""))
        out.append(f"{where}：{message}" if where and where not in message else message)
    if len(fixed) > n:
        out.append(f"…（+{len(fixed) - n}）")
    return out


def _scores(s, ix, row, a) -> None:
    fmt = s.fmt
    s.number(row, ix["stated"], a.score_stated, fmt["score"])
    s.number(row, ix["recomputed"], a.score_recomputed, fmt["score"])
    diff = None
    if a.score_stated is not None and a.score_recomputed is not None:
        diff = a.score_stated - a.score_recomputed
    s.number(row, ix["diff"], diff, fmt["score"])
    s.text(row, ix["grade"], a.grade_stated or "")
    s.text(row, ix["grade_re"], a.grade_recomputed or "")


def _totals(book: Book, s, ix, row, sums, verdicts) -> None:
    w, fmt = book.w, book.fmt
    n = len(book.files)
    label = f"{w['total']}（{n} {w['files']}）" if book.lang != "en" else f"{w['total']} ({n} {w['files']})"
    ws = s.at(row)
    for c in range(len(ix)):
        ws.write_blank(row, c, None, fmt["bold_top"])
    ws.write_string(row, ix["department"], label, fmt["bold_top"])
    ws.write_string(row, ix["problems"], "，".join(f"{verdict_word(book, v)} {verdicts[v]}"
                                                      for v in verdict.VERDICTS if verdicts[v]), fmt["bold_top"])
    for key in ("errors", "warnings") + (("added", "kept", "fixed") if book.compared else ()):
        ws.write_number(row, ix[key], float(sums[key]), fmt["bold_top"])
    for key, _ in AMOUNTS:
        ws.write_number(row, ix[key], float(sums[key]), fmt["bold_amount"])


def _colours(book: Book, ws, ix, last) -> None:
    fmt, w = book.fmt, book.w

    def cf(col, options):
        ws.conditional_format(1, col, last, col, options)

    for word, colour in VERDICT_COLOURS:
        cf(ix["verdict"], {"type": "cell", "criteria": "==", "value": f'"{verdict_word(book, word)}"',
                           "format": fmt[colour]})
    cf(ix["errors"], {"type": "cell", "criteria": ">", "value": 0, "format": fmt["red"]})
    cf(ix["warnings"], {"type": "cell", "criteria": ">", "value": 0, "format": fmt["amber"]})
    cf(ix["diff"], {"type": "cell", "criteria": "!=", "value": 0, "format": fmt["red"]})
    cf(ix["dup"], {"type": "formula", "criteria": f"=LEN(${_col(ix['dup'])}2)>0", "format": fmt["amber"]})
    if book.compared:
        cf(ix["added"], {"type": "cell", "criteria": ">", "value": 0, "format": fmt["amber"]})
        cf(ix["fixed"], {"type": "cell", "criteria": ">", "value": 0, "format": fmt["green"]})
    # A recomputed grade other than the stated one is what a reviewer looks for first: that
    # rule comes first and stops the others, so no grade's colour can hide it.
    g, gr = _col(ix["grade"]), _col(ix["grade_re"])
    for col in (ix["grade"], ix["grade_re"]):
        cf(col, {"type": "formula", "criteria": f'=AND(${gr}2<>"",${gr}2<>${g}2)', "format": fmt["red"],
                 "stop_if_true": True})
        for grade, colour in GRADE_COLOURS:
            cf(col, {"type": "cell", "criteria": "==", "value": f'"{grade}"', "format": fmt[colour]})


def _col(c: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(c)
