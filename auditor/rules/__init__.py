"""The rule catalogue: importing this package registers every rule."""
from __future__ import annotations

from auditor.codes import REGISTRY, rules_in_order  # noqa: F401  (structure and unreadable codes)
from auditor.rules import (budget, cohort, cross, goals, kinds, narrative, narrative_words,  # noqa: F401
                           sangong, scoring)
from auditor.rules import project  # noqa: F401,E402  (family J: the project form)


# The rules that read the narrative report carry this tag, and only they read it.
ABOUT_REPORT = "narrative"


def run(ctx, about_report: bool | None = None) -> list:
    """Every rule's findings on one workbook, in catalogue order: the rules of its form.

    All rules run and --select/--ignore filter what they found: a check may emit a code
    other than its own (B014, truncation, comes from every share and rate check).
    ``about_report``: only the rules about the narrative report (True), only the others
    (False), so that a report can be checked under a budget of its own.
    """
    findings = []
    form = ctx.form.id
    for rule in rules_in_order():
        if rule.applies_to(form) and (about_report is None or (ABOUT_REPORT in rule.tags) == about_report):
            findings.extend(rule.check(ctx))
    return findings
