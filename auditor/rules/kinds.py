"""Two shapes most arithmetic rules share: a stated total, and a stated ratio.

A rule of either shape only says which figures to compare (``equations`` or ``ratios``);
the judging is done once, here, with the interval rule.
"""
from __future__ import annotations

from typing import Iterator

from auditor import precision as P
from auditor.findings import Finding
from auditor.rules.arith import NO_CORRECTIONS, money, ratio_verdict, sum_mismatch
from auditor.codes import WARNING, Rule, declare_family, register

# The department form's budget arithmetic; declared here because B014 (truncation) is
# emitted by every form's share and rate checks, and so belongs to no one form.
declare_family("B", {"zh": "收支勾稽", "en": "budget arithmetic (收支)"}, rank=10, forms=("department",))


class SumRule(Rule):
    """Base: each equation is (stated total, its parts, message arguments)."""

    def equations(self, ctx) -> Iterator[tuple]:
        return iter(())

    def check(self, ctx) -> Iterator[Finding]:
        corrections = getattr(ctx, "corrections", NO_CORRECTIONS)
        for total, parts, args in self.equations(ctx):
            miss = sum_mismatch(total, parts, corrections)
            if miss:
                expected, actual, allowed, follows = miss
                if follows:
                    fold(corrections, total, parts)
                else:
                    yield corrected(corrections, total, allowed, self.at(
                        total, expected=expected, actual=actual, related=parts, **{"unit": unit_of(ctx), **args}))


def unit_of(ctx) -> str:
    """The unit the workbook's amounts are in (万元 unless it says 元)."""
    return getattr(getattr(ctx, "model", None), "unit", None) or "万元"


def corrected(corrections, where, allowed, finding: Finding) -> Finding:
    """Record what ``where`` should hold, for the expected values of the totals, shares and
    rates judged after it."""
    if where is not None and getattr(where, "loc", None) is not None:
        corrections[where.loc] = (allowed, finding)
    return finding


def fold(corrections, where, inputs) -> None:
    """A figure right for its inputs as stated, wrong only once an input is corrected: its
    fix follows from theirs (one fault, one finding), so it is named among the related
    cells of the findings that corrected them rather than reported again."""
    loc = getattr(where, "loc", None)
    for root in corrections.roots(inputs):
        if loc is not None and loc not in root.related:
            root.related = root.related + (loc,)


class _AsStated:
    """A rule's context seen without corrections: the figures as the workbook states them."""

    corrections = NO_CORRECTIONS

    def __init__(self, ctx):
        self._ctx = ctx

    def __getattr__(self, name):
        return getattr(self._ctx, name)


class RatioRule(Rule):
    """Base: each ratio is (stated figure, numerator interval, denominator interval, args, related)."""

    def ratios(self, ctx) -> Iterator[tuple]:
        return iter(())

    def check(self, ctx) -> Iterator[Finding]:
        corrections = getattr(ctx, "corrections", NO_CORRECTIONS)
        # the same ratios on the figures as stated, to tell a ratio wrong in itself from
        # one that only follows an input's correction
        plain = self.ratios(_AsStated(ctx)) if corrections else None
        for stated, num, den, args, related in self.ratios(ctx):
            as_stated = next(plain) if plain is not None else None
            verdict = ratio_verdict(stated, num, den)
            if verdict is None:
                continue
            if as_stated is not None and ratio_verdict(*as_stated[:3]) is None:
                fold(corrections, stated, related)
                continue
            kind, expected, actual = verdict
            rule = Truncated if kind == P.TRUNCATED else self
            # what the figure should stand for: shares that must add up are judged on it (B010)
            yield corrected(corrections, stated, (num / den).scale(100),
                            rule.at(stated, expected=expected, actual=actual, related=related, **args))


class DifferenceRule(Rule):
    """Base: each difference is (stated change, 决算, the base it is measured from, args).

    ``stated + base = 决算`` is judged as a sum, so that the roundings of all three count.
    A stated change that is blank says nothing; a base that is blank counts as zero.
    """

    def differences(self, ctx) -> Iterator[tuple]:
        return iter(())

    def check(self, ctx) -> Iterator[Finding]:
        for stated, actual, base, args in self.differences(ctx):
            if stated is None or actual is None or base is None:
                continue
            if not (stated.is_number and actual.is_number and (base.is_number or base.is_blank)):
                continue
            if sum_mismatch(actual, [stated, base]):
                yield self.at(stated, expected=money(actual.amount() - base.amount()), actual=money(stated.number),
                              related=[actual, base], **{"unit": unit_of(ctx), **args})


@register
class Truncated(Rule):
    """A stated share or rate was cut off instead of rounded.

    Emitted by every share and rate check when the printed digits are what truncation,
    not rounding, gives: a softer finding than a wrong number.
    Bad: ``97.77`` for 97.776…% (rounding gives 97.78).
    Good: ``97.78``.
    """
    code, name, severity, tags = "B014", "truncated-figure", WARNING, ("precision",)
    action = {"zh": "请按四舍五入填写，不要直接截去尾数", "en": "Round the figure instead of cutting off its last digits"}
    emitted_elsewhere = True
    message = {"zh": "“{what}”填报为 {actual}，按四舍五入应为 {expected}（疑为截位）",
               "en": "'{what}' is stated as {actual}; rounded it would be {expected} (it looks truncated)"}


def stated_rate(rule, rate, spent, budget, **args):
    """``rule``'s finding on a stated rate that is not ``spent`` ÷ ``budget`` at its printed
    precision (B014 where truncation, not rounding, gives its digits), or None."""
    from auditor import precision as P
    from auditor.rules.arith import amount, ratio_verdict

    verdict = ratio_verdict(rate, amount(spent), amount(budget))
    if verdict is None:
        return None
    kind, expected, shown = verdict
    return (Truncated if kind == P.TRUNCATED else rule).at(rate, expected=expected, actual=shown,
                                                            related=[spent, budget], **args)
