"""One fault, one finding: a finding another explains is folded into it.

The folded finding is kept, as data, in the explaining finding's ``folded`` argument
(``codes.render`` says it after the message: what the fault does to its parents), and its
cell joins the explaining finding's related cells.  Which findings explain which is each
rule's to say (``Rule.absorb``); folding itself is the same everywhere.
"""
from __future__ import annotations

from auditor.findings import Finding


def fold_into(root: Finding, child: Finding) -> None:
    root.args["folded"] = tuple(root.args.get("folded", ())) + (child,)
    if child.location not in root.related and child.location != root.location:
        root.related = root.related + (child.location,)


def without(findings: list[Finding], folded: list[Finding]) -> list[Finding]:
    gone = {id(f) for f in folded}
    return [f for f in findings if id(f) not in gone]
