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

    [[scoring.moves]]          # one weight's points go to another where the table's case holds
    from = "execution"         # the execution row (else a 一级 group: 满意度指标 …)
    to = "成本指标"
    when = "no_fiscal_funds"   # no fiscal money in the year; "absent": ``from`` has no rows
    required = false           # true: the moved weights are the only ones, not an alternative
"""
from __future__ import annotations

from decimal import Decimal

from auditor import precision as P
from auditor.rules.targets import parse_achieved


def variant(pack, key: str, default=None):
    """A switch of the pack's ``[scoring]`` table."""
    return (getattr(pack, "scoring", None) or {}).get(key, default)


def _d(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


# A move's ``from`` or ``to`` naming the execution row rather than a 一级 group.
EXECUTION = "execution"


def moved_weights(weights: dict, moves, holds) -> list[dict]:
    """The weights a table may carry (FORMS.md §2, 财预〔2021〕101号: without 满意度, 效益 takes
    its 10 points; with no fiscal money, 执行率 weighs 0 and 成本 gains 10): the pack's, and
    for each move whose case ``holds(when, from)``, every option so far with ``from``'s
    points given to ``to``.  A ``required`` move leaves only the moved options."""
    options = [dict(weights)]
    for move in moves or ():
        src, dst, when = (move.get(k) if isinstance(move, dict) else None for k in ("from", "to", "when"))
        if not (isinstance(src, str) and isinstance(dst, str) and when) or not holds(when, src):
            continue  # a move the pack does not fully state moves nothing
        moved = [{**w, src: 0, dst: _d(w.get(dst, 0)) + _d(w.get(src, 0))} for w in options]
        options = moved if move.get("required") else options + moved
    return options


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


def satisfaction_percent(names: str, achieved: str | None) -> Decimal | None:
    """The 满意度 an indicator reports, in percent, for ``satisfaction_steps``: one with 满意
    in its names (name and levels, joined), achieved as a percentage; else None."""
    got = parse_achieved(achieved)
    return got[0] if "满意" in names and got is not None and got[1] == "%" else None


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
