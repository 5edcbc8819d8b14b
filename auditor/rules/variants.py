"""Scoring variants a form's pack can switch on (FORMS.md §2 and §3): each a small function
of plain values (a rate, a completion, the pack's steps), so that any form's rules, a
described form's included, judge a score the way its pack says.

In a pack they are the ``[scoring]`` table; a pack without one scores as the national
form prints (proportion, capped at the 分值) and none of these rules speaks:

    [scoring]
    total_caps = [[80, 89], [70, 79], [60, 69], [50, 59]]  # below X% execution, 自评 at most Y
    execution_steps = [[100, 100], [80, 70], [60, 50]]     # execution ≥ X% earns Y% of its 分值
    pass_line = 60                                         # (完成率 − 60%) ÷ (1 − 60%) × 分值
    satisfaction_steps = [[90, 100], [80, 80], [60, 50]]   # 满意度 ≥ X% earns Y% of its 分值
    rescale = true                                         # 不适用 indicators dropped, total × 100 ÷ Σ分值
    execution_partial = "proportional"                     # 支出率 below its line: 分值 × rate ÷ line
"""
from __future__ import annotations

from decimal import Decimal

from auditor import precision as P


def variant(pack, key: str, default=None):
    """A switch of the pack's ``[scoring]`` table."""
    return (getattr(pack, "scoring", None) or {}).get(key, default)


def _d(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


def total_cap(rate: Decimal, caps) -> Decimal | None:
    """The highest 自评总分 an execution rate (percent) allows: the cap of the lowest band the
    rate falls below (``[[80, 89], [70, 79], …]``: below 80% at most 89, below 70% at most 79…)."""
    cap = None
    for below, most in sorted(caps, key=lambda c: -_d(c[0])):
        if rate < _d(below):
            cap = _d(most)
    return cap


def step_share(value: Decimal, steps) -> Decimal:
    """What a value (percent) earns on steps of (at least, earns): the best step it reaches,
    0 below them all; a share of the 分值 in a pack's steps, a score in a description's."""
    reached = [_d(share) for at_least, share in steps if value >= _d(at_least)]
    return max(reached, default=Decimal(0))


def pass_line_share(completion: Decimal, line) -> Decimal:
    """The share (0..1) a completion (0..1) earns with a pass line: (c − line) ÷ (1 − line),
    nothing at or below the line, all of it at 1."""
    low = _d(line) / 100
    if completion >= 1:
        return Decimal(1)
    if completion <= low:
        return Decimal(0)
    return (completion - low) / (1 - low)


def rescaled(scores: P.Interval, points: Decimal, total_points) -> P.Interval | None:
    """Σ得分 × 100 ÷ Σ分值 of the applicable indicators: the total of a table whose
    不适用 indicators were dropped (用适用指标得分汇总后按百分制折算)."""
    if points <= 0:
        return None
    return scores.scale(_d(total_points) / points)
