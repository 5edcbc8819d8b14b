"""The rule catalogue: importing this package registers every rule."""
from __future__ import annotations

from auditor.codes import REGISTRY, rules_in_order  # noqa: F401  (structure and unreadable codes)
from auditor.rules import (budget, cohort, cross, goals, kinds, narrative, narrative_words,  # noqa: F401
                           sangong, scoring)
from auditor.rules import project  # noqa: F401,E402  (family J: the project form)


def run(ctx) -> list:
    """Every rule's findings on one workbook, in catalogue order: the rules of its form.

    All rules run and --select/--ignore filter what they found: a check may emit a code
    other than its own (B014, truncation, comes from every share and rate check).
    """
    findings = []
    form = ctx.form.id
    for rule in rules_in_order():
        if rule.applies_to(form):
            findings.extend(rule.check(ctx))
    return findings
