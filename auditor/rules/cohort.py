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
from auditor.codes import INFO, Rule, declare_family, register
from auditor.report import MIN_REASON_CHARS, Member, normalize_reason  # noqa: F401  (Member: what the batch builds per workbook)

# Fewer departments than this give no meaningful centre to be an outlier from.
MIN_COHORT = 5
# Iglewicz and Hoaglin's cut-off for the modified z-score.
OUTLIER_Z = Decimal("3.5")
# How many other departments a finding names before it says "…".
MAX_NAMED = 5


declare_family("D", {"zh": "跨部门（批量）", "en": "across departments (batch)"}, rank=90)


@register
class CopiedReason(Rule):
    """The same 得分说明 (of at least 15 characters) appears in the workbooks of several departments.

    An explanation is the department's own account of what it did; one pasted from another
    department's workbook rarely describes this department's year.
    Bad: 县A局 and 县B局 both explain 绩效管理制度执行 with "未评价部门整体预算绩效目标申报质量，扣3分".
    Good: each department explains its own deduction in its own words.
    """
    code, name, severity, tags = "D001", "copied-reason", INFO, ("cohort", "scoring")
    action = {"zh": "请核实得分说明是否照抄其他部门，按本部门实际情况填写",
              "en": "Check whether the explanation was copied, and write this department's own"}
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
    action = {"zh": "请核实部门编码，每个部门一个编码", "en": "Check the department code: one code per department"}
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
    action = {"zh": "请核实该部门的自评总分与各项得分", "en": "Check this department's total and its scores"}
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
    action = {"zh": "请核实是否重复报送，保留一份", "en": "Check whether the department submitted twice, and keep one"}
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
    action = {"zh": "请核实该自设指标的分值设置", "en": "Check the points this own indicator carries"}
    emitted_elsewhere = True
    message = {"zh": "自设指标“{indicator}”分值为 {actual} 分，同批 {n} 个同名指标最常见的分值为 {expected} 分",
               "en": "Own indicator '{indicator}' is worth {actual}; the most common 分值 of the batch's {n} "
                     "indicators of that name is {expected}"}


def cohort_findings(members: Iterable[Member]) -> dict[str, list[Finding]]:
    """D findings by member path, for members in a stable order."""
    members = sorted(members, key=lambda m: m.path)
    cohort = Cohort()
    for m in members:
        cohort.add(m)
    out: dict[str, list[Finding]] = defaultdict(list)
    for m in members:
        out[m.path].extend(cohort.findings(m))
    return {path: found for path, found in out.items() if found}


class Cohort:
    """What the D checks need of every member, kept small: the departments that gave each
    reason, the files that gave each code and department name, the totals, the counts of
    each own indicator's 分值.  ``add`` every member first; then ``findings(member)`` gives
    a member's D findings, in the order ``cohort_findings`` always gave them, from the
    member itself (read back from wherever the batch keeps it) and this index only, so a
    batch need not hold 10,000 members at once."""

    def __init__(self):
        self.by_text: dict[str, set[str] | str] = {}
        self.by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.totals: list[tuple[str, Decimal]] = []
        self.points: dict[str, Counter] = defaultdict(Counter)
        self.names: dict[str, str] = {}     # one string per department however many files name it
        self._groups: dict = {}
        self._outliers: dict[str, tuple] | None = None

    def add(self, m: Member) -> None:
        who = self.names.setdefault(m.who, m.who)
        for _, text, _ in m.reasons:
            key = normalize_reason(text)
            if len(key) >= MIN_REASON_CHARS:
                seen = self.by_text.get(key)
                if seen is None:
                    self.by_text[key] = who           # most reasons are one department's own
                elif isinstance(seen, str):
                    if seen != who:
                        self.by_text[key] = {seen, who}
                else:
                    seen.add(who)
        for attr in ("code", "department"):
            key = (getattr(m, attr) or "").strip()
            if key and m.one_per_department:
                self.by_key[(attr, key)].append(m.path)
        if m.total is not None:
            self.totals.append((m.path, Decimal(m.total)))
        for name, points, _ in m.own_points:
            self.points[name][points] += 1

    def findings(self, m: Member) -> list[Finding]:
        return [*self._copied(m), *self._duplicates(m), *self._outlier(m), *self._points(m)]

    def _group(self, key, names) -> _Group:
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = _Group(names)
        return group

    def _copied(self, m: Member):
        keyed = [(normalize_reason(text), i) for i, (_, text, _) in enumerate(m.reasons)]
        for key, i in sorted((k, i) for k, i in keyed if len(k) >= MIN_REASON_CHARS):
            seen = self.by_text.get(key)
            if not isinstance(seen, set):
                continue  # the same department repeating itself is not copying from another
            indicator, _, loc = m.reasons[i]
            count, others = self._group(("text", key), seen).others(m.who)
            yield CopiedReason.at(loc, indicator=indicator, count=count, others=others)

    def _duplicates(self, m: Member):
        for rule, attr, loc_attr in ((DuplicateCode, "code", "code_loc"),
                                     (DuplicateDepartment, "department", "department_loc")):
            key = (getattr(m, attr) or "").strip()
            same = self.by_key.get((attr, key)) if key and m.one_per_department else None
            if not same or len(same) < 2:
                continue
            others = self._group((attr, key), same).others(m.path)[1]  # paths are unique within a batch
            yield rule.at(getattr(m, loc_attr) or Location(m.path), **{attr: key}, others=others)

    def _outlier(self, m: Member):
        if self._outliers is None:
            self._outliers = {}
            if len(self.totals) >= MIN_COHORT:
                values = [t for _, t in self.totals]
                med = median(values)
                for (path, total), z in zip(self.totals, robust_z(values)):
                    if z is not None and abs(z) > OUTLIER_Z:
                        self._outliers[path] = (total, len(values), med, z)
        hit = self._outliers.get(m.path)
        if hit is not None:
            total, n, med, z = hit
            yield OutlierTotal.at(m.total_loc or Location(m.path), total=_plain(m.total), n=n, median=_plain(med),
                                  z=f"{z:.1f}")

    def _points(self, m: Member):
        for name, points, loc in m.own_points:
            c = self.points[name]
            want = min(c, key=lambda p: (-c[p], p))
            if points != want:
                yield CohortPoints.at(loc, indicator=name, actual=_plain(points), expected=_plain(want),
                                      n=sum(c.values()))


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


def _plain(x) -> str:
    d = Decimal(x)
    return str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")
