"""How messages read: quotes nested, not doubled."""
from auditor.findings import Location
from auditor.rules import REGISTRY
from auditor.codes import render


def _x002(name):
    return REGISTRY["X002"].at(Location("a.xlsx", "自评评分表", "F36"), indicator=name, items="…")


def test_a_quoted_indicator_name_is_not_quoted_twice():
    text = render(_x002("“三公”经费控制情况"), "zh")
    assert "““" not in text and "””" not in text
    assert text.startswith("“‘三公’经费控制情况”得满分")


def test_ascii_quotes_in_a_name_nest_the_same_way():
    assert render(_x002('"三公"经费控制情况'), "zh").startswith("“‘三公’经费控制情况”得满分")


def test_a_name_without_quotes_is_left_as_it_is():
    assert render(_x002("资产盘点情况"), "zh").startswith("“资产盘点情况”得满分")
