"""The 规则统计 sheet: how often each rule found something, and in how many departments."""
from __future__ import annotations

from collections import Counter

from auditor.codes import REGISTRY
from auditor.words import code_title as title
from auditor.reporters.summary.book import SEVERITY_WORDS, Book


class Tally:
    """How often each rule found something, and in how many files, a file at a time."""

    def __init__(self):
        self.n: Counter = Counter()
        self.affected: Counter = Counter()   # each file is seen once: a count, not a set of paths

    def add(self, a) -> None:
        mine = Counter(f.code for f in a.findings)
        self.n.update(mine)
        self.affected.update(mine.keys())

    def counts(self) -> list[tuple[str, int, int]]:
        """(code, findings, files affected), most frequent first."""
        n = self.n
        return sorted(((c, n[c], self.affected[c]) for c in n), key=lambda t: (-t[1], t[0]))


class Rules:
    """Counted in the measuring pass (``book.known["rule_counts"]``, which the charts use too)."""

    def __init__(self, book: Book):
        self.book, self.s = book, book.sheet("rules")
        w = book.w
        self.s.header([w["rule"], w["rule_name"], w["severity"], w["count"], w["affected"], w["about"]])
        self.tally = Tally() if book.measuring else None

    def add(self, a, r) -> None:
        if self.tally is not None:
            self.tally.add(a)

    def end(self) -> None:
        book, s = self.book, self.s
        if self.tally is not None:
            book.known["rule_counts"] = self.tally.counts()
        words = SEVERITY_WORDS.get(book.lang, SEVERITY_WORDS["zh"])
        counts = book.known["rule_counts"]
        for row, (code, count, affected) in enumerate(counts, start=1):
            rule = REGISTRY.get(code)
            s.text(row, 0, code)
            s.text(row, 1, title(code, book.lang))
            s.text(row, 2, words[rule.severity.value] if rule else "")
            s.number(row, 3, count)
            s.number(row, 4, affected)
            s.text(row, 5, rule.describe(book.lang) if rule else "")
        s.fit({5: 80})
        s.ws.freeze_panes(1, 0)
        s.print_setup()
        if counts:
            s.ws.autofilter(0, 0, len(counts), 5)
