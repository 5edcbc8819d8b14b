"""The 规则统计 sheet: how often each rule found something, and in how many departments."""
from __future__ import annotations

from collections import Counter

from auditor.codes import REGISTRY
from auditor.words import code_title as title
from auditor.reporters.summary.book import SEVERITY_WORDS, Book


def rule_counts(files) -> list[tuple[str, int, int]]:
    """(code, findings, files affected), most frequent first."""
    n: Counter = Counter()
    affected: Counter = Counter()   # each file is seen once: a count, not a set of paths
    for a in files:
        mine = Counter(f.code for f in a.findings)
        n.update(mine)
        affected.update(mine.keys())
    return sorted(((c, n[c], affected[c]) for c in n), key=lambda t: (-t[1], t[0]))


def write(book: Book) -> None:
    s = book.sheet("rules")
    w = book.w
    s.header([w["rule"], w["rule_name"], w["severity"], w["count"], w["affected"], w["about"]])
    words = SEVERITY_WORDS.get(book.lang, SEVERITY_WORDS["zh"])
    counts = book.once("rule_counts", lambda: rule_counts(book.files))
    for row, (code, count, affected) in enumerate(counts, start=1):
        rule = REGISTRY.get(code)
        s.text(row, 0, code)
        s.text(row, 1, title(code, book.lang))
        s.text(row, 2, words[rule.severity.value] if rule else "")
        s.number(row, 3, count)
        s.number(row, 4, affected)
        s.text(row, 5, rule.summary() if rule else "")
    s.fit({5: 80})
    s.ws.freeze_panes(1, 0)
    s.print_setup()
    if counts:
        s.ws.autofilter(0, 0, len(counts), 5)
