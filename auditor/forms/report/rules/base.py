"""What every R rule shares: where a sentence is, and the finding at it."""
from __future__ import annotations

from auditor.codes import Rule


class ReportRule(Rule):
    """An R rule: ``at_sentence`` puts a finding at a sentence's line, with ``place`` (as the
    file's reader finds it) and ``sentence`` (as written) among its arguments."""

    tags = ("narrative", "report")

    @staticmethod
    def at_sentence(rule, ctx, line: int, text: str, **args):
        return rule.at(ctx.report.loc(line), place=ctx.report.where(line), sentence=text, **args)
