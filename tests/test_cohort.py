"""Family D: findings that need the whole batch (copied reasons, shared codes, outlier totals)."""
from __future__ import annotations

from decimal import Decimal

from auditor.findings import Location, Severity
from auditor.codes import REGISTRY
from hypothesis import given, strategies as st

from auditor.rules.cohort import MAX_NAMED, Member, _Group, cohort_findings, robust_z

COPIED = "未评价部门整体预算绩效目标申报质量，扣3分"


def member(name, code="", total=None, reasons=()):
    path = f"{name}.xlsx"
    return Member(path, name, code, Location(path, "封面", "B5"), Location(path, "封面", "B4"),
                  None if total is None else Decimal(total), Location(path, "自评评分表", "F37"),
                  [(ind, text, Location(path, "自评评分表", cell)) for ind, text, cell in reasons])


def codes(found, path):
    return sorted((f.code, str(f.location)) for f in found.get(path, []))


def test_declared_as_batch_info_rules():
    for code in ("D001", "D002", "D003", "D004", "D005"):
        rule = REGISTRY[code]
        assert rule.severity == Severity.INFO and rule.emitted_elsewhere
        assert "Bad:" in rule.doc() and "Good:" in rule.doc()


def test_copied_reason_flagged_in_both_departments_at_the_reason_cell():
    a = member("甲局", reasons=[("绩效管理制度执行", COPIED, "G22")])
    b = member("乙局", reasons=[("绩效管理制度执行", COPIED.replace("，", "， "), "G23")])  # spacing differs
    found = cohort_findings([a, b])
    assert codes(found, "甲局.xlsx") == [("D001", "自评评分表!G22")]
    assert codes(found, "乙局.xlsx") == [("D001", "自评评分表!G23")]
    assert found["甲局.xlsx"][0].args["others"] == "乙局"


def test_short_or_own_reasons_are_not_copying():
    short = "按计划完成，得3分"  # a stock phrase under 15 characters
    a = member("甲局", reasons=[("x", short, "G2"), ("y", COPIED, "G3"), ("z", COPIED, "G4")])
    b = member("乙局", reasons=[("x", short, "G2"), ("y", "本部门自行撰写的一段足够长的不同说明文字", "G3")])
    assert cohort_findings([a, b]) == {}


def test_duplicate_code_and_name_at_the_cover_cells():
    found = cohort_findings([member("甲局", "401001"), member("乙局", "401001"), member("丙局", "401002")])
    assert codes(found, "甲局.xlsx") == [("D002", "封面!B5")]
    assert codes(found, "乙局.xlsx") == [("D002", "封面!B5")]
    assert "丙局.xlsx" not in found
    found = cohort_findings([member("甲局", "1"), member("甲局", "2")])
    assert [f.code for f in found["甲局.xlsx"]] == ["D004", "D004"]


def test_outlier_total_needs_five_departments():
    totals = [96, 95, 97, 96, 94, 62]
    found = cohort_findings([member(f"局{i}", total=t) for i, t in enumerate(totals)])
    assert list(found) == ["局5.xlsx"]
    assert codes(found, "局5.xlsx") == [("D003", "自评评分表!F37")]
    found = cohort_findings([member(f"局{i}", total=t) for i, t in enumerate([96, 95, 97, 62])])
    assert found == {}


def test_no_outlier_in_an_ordinary_spread():
    found = cohort_findings([member(f"局{i}", total=t) for i, t in enumerate([96, 95, 97, 96, 94, 93])])
    assert found == {}


def test_robust_z_when_most_totals_are_equal():
    z = robust_z([Decimal(x) for x in (97, 97, 97, 97, 97, 80)])
    assert z[-1] is not None and abs(z[-1]) > Decimal("3.5")
    assert robust_z([Decimal(90)] * 5) == [None] * 5


@given(st.lists(st.sampled_from(["甲局", "乙局", "丙局", "丁局", "戊局", "己局", "庚局"]), min_size=1, max_size=30),
       st.sampled_from(["甲局", "乙局", "庚局", "辛局"]))
def test_group_others_is_the_naive_others_read_off_once(names, own):
    # what every member's message said before the group was sorted once
    others = sorted({n for n in names if n != own})
    naive = "、".join(others[:MAX_NAMED]) + ("…" if len(others) > MAX_NAMED else "")
    assert _Group(names).others(own) == (len(others), naive)


def with_points(name, points, cell="D30"):
    m = member(name)
    m.own_points = [("全县干部培训", Decimal(points), Location(m.path, "自评评分表", cell))]
    return m


def test_own_indicator_worth_other_than_the_cohort_at_its_points_cell():
    found = cohort_findings([with_points("甲局", 3), with_points("乙局", 3), with_points("丙局", 4, "D31")])
    assert codes(found, "丙局.xlsx") == [("D005", "自评评分表!D31")]
    (f,) = found["丙局.xlsx"]
    assert (f.expected, f.actual, f.args["n"]) == ("3", "4", 3)
    assert "甲局.xlsx" not in found and "乙局.xlsx" not in found


def test_own_indicator_points_agreeing_or_alone_are_not_flagged():
    assert cohort_findings([with_points("甲局", 3), with_points("乙局", 3)]) == {}
    assert cohort_findings([with_points("甲局", 4)]) == {}


def test_own_indicator_points_tie_goes_to_the_smaller():
    found = cohort_findings([with_points("甲局", 5), with_points("乙局", 6)])
    assert codes(found, "乙局.xlsx") == [("D005", "自评评分表!D30")] and "甲局.xlsx" not in found


def test_a_checked_workbook_lists_only_its_own_indicators_for_the_cohort():
    from pathlib import Path

    from auditor.forms.department import packs
    from auditor.api import check

    sample = Path(__file__).resolve().parent.parent / "sample_workbooks" / "audit-bureau-2023.xlsx"
    result = check(sample)
    standard = {i.name for i in packs.for_year(2023).standard_indicators()}
    names = {i.name for i in result.indicators}
    own = {name for name, _, _ in result.member.own_points}
    assert names & standard and own and own == names - standard
    assert all(loc.sheet and loc.cell for _, _, loc in result.member.own_points)
