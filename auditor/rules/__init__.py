"""The rule engine every form shares: importing this package registers every rule.

A form's own rules live in its package (``auditor/forms/<id>/rules/``) and are imported
here for each registered form, and for each form registered later (a bureau's, a test's),
so that adding a form needs no edit outside its folder.  What stays
here is what every form shares: the runner, the context, shared arithmetic (``arith``),
rule kinds (``kinds``), wording, targets, and the cohort checks (family D).
"""
from __future__ import annotations

import importlib
import importlib.util

from auditor.codes import REGISTRY, rules_in_order  # noqa: F401  (structure and unreadable codes)
from auditor.rules import cohort, kinds  # noqa: F401

# The rules that read the narrative report carry this tag, and only they read it.
ABOUT_REPORT = "narrative"

_LOADED: set[str] = set()


def rules_package(form) -> str | None:
    """The module that holds a form's rules: its ``rules`` attribute, else the ``rules``
    subpackage beside the module that defines it; None when it has none."""
    named = getattr(form, "rules", None)
    if named:
        return named
    package = type(form).__module__
    candidate = f"{package}.rules"
    try:
        return candidate if importlib.util.find_spec(candidate) is not None else None
    except ModuleNotFoundError:  # the form's module is no package: it keeps no rules folder
        return None


def load(form) -> None:
    """Import a form's rules once (registering them)."""
    if form.id in _LOADED:
        return
    module = rules_package(form)
    if module is not None:
        importlib.import_module(module)
    _LOADED.add(form.id)


def load_all() -> None:
    """The rules of every form registered, and of every form registered from now on."""
    from auditor.forms import FORMS
    from auditor.forms.base import when_registered

    for form in list(FORMS.values()):
        load(form)
    when_registered(load)


def run(ctx, about_report: bool | None = None) -> list:
    """Every rule's findings on one workbook: the rules of its form, a subtotal's before its
    total's (``Rule.level``), else in catalogue order.

    All rules run and --select/--ignore filter what they found: a check may emit a code
    other than its own (B014, truncation, comes from every share and rate check).
    ``about_report``: only the rules about the narrative report (True), only the others
    (False), so that a report can be checked under a budget of its own.
    """
    load(ctx.form)
    findings = []
    form = ctx.form.id
    chosen = [rule for rule in rules_in_order()
              if rule.applies_to(form) and (about_report is None or (ABOUT_REPORT in rule.tags) == about_report)]
    for rule in sorted(chosen, key=lambda r: r.level):
        findings.extend(rule.check(ctx))
    for rule in chosen:  # one fault, one finding
        findings = rule.absorb(findings, ctx)
    return findings


load_all()
