"""The rule catalogue: importing this package registers every rule."""
from __future__ import annotations

from auditor.rules import (budget, cross, goals, kinds, sangong, scoring,  # noqa: F401
                           structure, unreadable)
from auditor.rules.base import REGISTRY, rules_in_order, selected


def run(ctx, select=(), ignore=()) -> list:
    """Every selected rule's findings on one workbook, in catalogue order."""
    findings = []
    for code in selected([r.code for r in rules_in_order()], select, ignore):
        findings.extend(REGISTRY[code].check(ctx))
    return findings
