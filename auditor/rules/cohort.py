"""Across departments (family D): what only shows when a batch sees every workbook at once.

A reviewer reading forty workbooks notices the same 扣分原因 pasted into several of them,
two files claiming one 部门编码, and a total that sits far from everyone else's.  None of
this is wrong by itself, so every D finding is INFO, placed at the cell it is about.
The batch builds one ``Member`` per readable workbook and calls ``cohort_findings``.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from decimal import Decimal
from statistics import median
from typing import Iterable

from auditor.findings import Finding, Location
from auditor.codes import INFO, Rule, register
from auditor.report import MIN_REASON_CHARS, Member, normalize_reason  # noqa: F401  (Member: what the batch builds per workbook)

# Fewer departments than this give no meaningful centre to be an outlier from.
MIN_COHORT = 5
# Iglewicz and Hoaglin's cut-off for the modified z-score.
OUTLIER_Z = Decimal("3.5")
# How many other departments a finding names before it says "…".
MAX_NAMED = 5


@register
class CopiedReason(Rule):
    """The same 得分说明 (of at least 15 characters) appears in the workbooks of several departments.

    An explanation is the department's own account of what it did; one pasted from another
    department's workbook rarely describes this department's year.
    Bad: 县A局 and 县B局 both explain 绩效管理制度执行 with "未评价部门整体预算绩效目标申报质量，扣3分".
    Good: each department explains its own deduction in its own words.
    """
    code, name, severity, tags = "D001", "copied-reason", INFO, ("cohort", "scoring")
    emitted_elsewhere = True
    message = {"zh": "“{indicator}”的得分说明与{count}个其他部门完全相同（{others}），请核实是否照抄",
               "en": "The explanation of '{indicator}' is identical in {count} other department(s) ({others}); "
                     "check whether it was copied"}


@register
class DuplicateCode(Rule):
    """Two workbooks in one batch give the same 部门编码.

    Either a department sent two workbooks, or one copied another's cover.
    Bad: 县A局 and 县B局 both with 部门编码 401001.
    Good: every department its own code.
    """
    code, name, severity, tags = "D002", "duplicate-code", INFO, ("cohort", "cover")
    emitted_elsewhere = True
    message = {"zh": "部门编码 {code} 也出现在：{others}",
               "en": "Department code {code} also appears in: {others}"}


@register
class OutlierTotal(Rule):
    """A total score far from the cohort's (modified z-score over 3.5; at least 5 departments).

    The centre is the median and the spread the median absolute deviation, so one extreme
    score does not hide another.  Not a fault: a reason to read that scoring table first.
    Bad: totals 96, 95, 97, 96, 94 and 62: the 62 is an outlier.
    Good: totals 96, 95, 97, 96, 94 and 93.
    """
    code, name, severity, tags = "D003", "outlier-total", INFO, ("cohort", "scoring")
    emitted_elsewhere = True
    message = {"zh": "自评总分 {total} 明显偏离同批 {n} 个部门（中位数 {median}，稳健 z 值 {z}）",
               "en": "Total score {total} is far from the batch of {n} departments (median {median}, robust z {z})"}


@register
class DuplicateDepartment(Rule):
    """Two workbooks in one batch name the same department.

    Bad: two files whose 部门名称 is 仁化县测试局.
    Good: one workbook per department and year.
    """
    code, name, severity, tags = "D004", "duplicate-department", INFO, ("cohort", "cover")
    emitted_elsewhere = True
    message = {"zh": "部门“{department}”也出现在：{others}",
               "en": "Department '{department}' also appears in: {others}"}


@register
class CohortPoints(Rule):
    """A department's own indicator is worth other than the 分值 most departments give an indicator of that name.

    The standard indicators' 分值 come from the year's rule pack (P011); an indicator a
    department adds itself has none, so the batch's most common 分值 for that name (the
    smaller on a tie) stands in.
    Bad: 全县干部培训 worth 4 in one workbook and 3 in the two others.
    Good: worth 3 in all three.
    """
    code, name, severity, tags = "D005", "cohort-points", INFO, ("cohort", "scoring")
    emitted_elsewhere = True
    message = {"zh": "自设指标“{indicator}”分值为 {actual} 分，同批 {n} 个同名指标最常见的分值为 {expected} 分",
               "en": "Own indicator '{indicator}' is worth {actual}; the most common 分值 of the batch's {n} "
                     "indicators of that name is {expected}"}


def cohort_findings(members: Iterable[Member]) -> dict[str, list[Finding]]:
    """D findings by member path, for members in a stable order."""
    members = sorted(members, key=lambda m: m.path)
    out: dict[str, list[Finding]] = defaultdict(list)
    for path, f in [*_copied(members), *_duplicates(members), *_outliers(members), *_points(members)]:
        out[path].append(f)
    return dict(out)


class _Group:
    """The names in one group, sorted once: each member's "others" is read off it in
    O(MAX_NAMED) instead of being rebuilt and sorted per member (5,000 copies of one
    workbook made that quadratic)."""

    def __init__(self, names: Iterable[str]):
        self.names = sorted(set(names))

    def others(self, own: str) -> tuple[int, str]:
        """How many names other than ``own`` there are, and the first few of them, joined."""
        count = len(self.names) - (1 if self._has(own) else 0)
        shown = []
        for name in self.names:
            if name != own:
                shown.append(name)
                if len(shown) == MAX_NAMED:
                    break
        return count, "、".join(shown) + ("…" if count > MAX_NAMED else "")

    def _has(self, name: str) -> bool:
        i = bisect_left(self.names, name)
        return i < len(self.names) and self.names[i] == name


def _copied(members: list[Member]):
    by_text: dict[str, list[tuple[Member, str, Location]]] = defaultdict(list)
    for m in members:
        for indicator, text, loc in m.reasons:
            key = normalize_reason(text)
            if len(key) >= MIN_REASON_CHARS:
                by_text[key].append((m, indicator, loc))
    for key in sorted(by_text):
        hits = by_text[key]
        group = _Group(m.who for m, _, _ in hits)
        if len(group.names) < 2:
            continue  # the same department repeating itself is not copying from another
        for m, indicator, loc in hits:
            count, others = group.others(m.who)
            yield m.path, CopiedReason.at(loc, indicator=indicator, count=count, others=others)


def _duplicates(members: list[Member]):
    for rule, attr, loc_attr, arg in ((DuplicateCode, "code", "code_loc", "code"),
                                      (DuplicateDepartment, "department", "department_loc", "department")):
        groups: dict[str, list[Member]] = defaultdict(list)
        for m in members:
            key = (getattr(m, attr) or "").strip()
            if key and m.one_per_department:
                groups[key].append(m)
        for key in sorted(groups):
            same = groups[key]
            if len(same) < 2:
                continue
            group = _Group(m.path for m in same)  # paths are unique within a batch
            for m in same:
                where = getattr(m, loc_attr) or Location(m.path)
                yield m.path, rule.at(where, **{arg: key}, others=group.others(m.path)[1])


def _points(members: list[Member]):
    counts: dict[str, Counter] = defaultdict(Counter)
    for m in members:
        for name, points, _ in m.own_points:
            counts[name][points] += 1
    # each name's answer once: the most common 分值, and how many indicators it was taken over
    common = {name: (min(c, key=lambda p: (-c[p], p)), sum(c.values())) for name, c in counts.items()}
    for m in members:
        for name, points, loc in m.own_points:
            want, n = common[name]
            if points != want:
                yield m.path, CohortPoints.at(loc, indicator=name, actual=_plain(points), expected=_plain(want), n=n)


def robust_z(values: list[Decimal]) -> list[Decimal | None]:
    """Modified z-scores: 0.6745 (x − median) / MAD; with MAD 0, the mean absolute deviation
    scaled by 1.2533 stands in (most departments giving the same total is common).
    None for all when there is no spread at all."""
    med = median(values)
    deviations = [abs(v - med) for v in values]
    mad = median(deviations)
    if mad:
        return [Decimal("0.6745") * (v - med) / mad for v in values]
    mean_ad = sum(deviations, Decimal(0)) / len(values)
    if not mean_ad:
        return [None] * len(values)
    return [(v - med) / (Decimal("1.253314") * mean_ad) for v in values]


def _outliers(members: list[Member]):
    scored = [m for m in members if m.total is not None]
    if len(scored) < MIN_COHORT:
        return
    totals = [Decimal(m.total) for m in scored]
    med = median(totals)
    for m, z in zip(scored, robust_z(totals)):
        if z is not None and abs(z) > OUTLIER_Z:
            yield m.path, OutlierTotal.at(m.total_loc or Location(m.path), total=_plain(m.total), n=len(scored),
                                          median=_plain(med), z=f"{z:.1f}")


def _plain(x) -> str:
    d = Decimal(x)
    return str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")
