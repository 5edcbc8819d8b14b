"""One fault, one finding: a finding another explains is folded into it.

The folded finding is kept, as data, in the explaining finding's ``folded`` argument
(``codes.render`` says it after the message: what the fault does to its parents), and its
cell joins the explaining finding's related cells.  Which findings explain which is each
rule's to say (``Rule.absorb``); folding itself is the same everywhere.
"""
from __future__ import annotations

from auditor.findings import Finding


# how ``codes.render`` joins a folded finding to the one it is folded into
EFFECT, SAME_FAULT = "folded", "restated"


def fold_into(root: Finding, child: Finding, as_: str = EFFECT) -> None:
    """``child`` said within ``root``: as what the fault does further (EFFECT), or as the
    same fault seen by another rule (SAME_FAULT)."""
    root.args[as_] = tuple(root.args.get(as_, ())) + (child,)
    if child.location not in root.related and child.location != root.location:
        root.related = root.related + (child.location,)


def without(findings: list[Finding], folded: list[Finding]) -> list[Finding]:
    gone = {id(f) for f in folded}
    return [f for f in findings if id(f) not in gone]


def fold_same_cell(findings: list[Finding], root_code: str, child_codes: tuple[str, ...]) -> list[Finding]:
    """Findings of ``child_codes`` at a cell a ``root_code`` finding is at: the same fault
    said twice, folded into that one."""
    roots = {f.location: f for f in findings if f.code == root_code}
    folded = [f for f in findings if f.code in child_codes and f.location in roots]
    for f in folded:
        fold_into(roots[f.location], f, SAME_FAULT)
    return without(findings, folded)
