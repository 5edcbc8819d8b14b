"""The number parser on every way the reference county's form and departments write numbers."""
from decimal import Decimal

import pytest

from auditor.numbers import BLANK, NOT_APPLICABLE, NUMBER, TEXT, format_info, parse_number


@pytest.mark.parametrize("raw, number, decimals", [
    ("5,199.03", "5199.03", 2),
    ("５１９９．０３", "5199.03", 2),
    ("－８８８．５６", "-888.56", 2),
    ("（123.4）", "-123.4", 1),
    ("(123.4)", "-123.4", 1),
    ("95.98%", "95.98", 2),
    ("95.98％", "95.98", 2),
    ("37.3", "37.3", 1),
    ("174.64万元", "174.64", 2),
    (" 4 255 ", "4255", 0),
    ("+12", "12", 0),
    ("3分", "3", 0),
    ("2.5 分", "2.5", 1),
    (5199.03, "5199.03", 2),
    (88.0, "88", 0),
    (4255, "4255", 0),
])
def test_numbers_as_departments_type_them(raw, number, decimals):
    p = parse_number(raw)
    assert (p.kind, p.number, p.decimals) == (NUMBER, Decimal(number), decimals)


def test_a_fraction_under_a_percent_format_is_a_percentage():
    p = parse_number(0.9598, percent_format=True, format_decimals=2)
    assert (p.number, p.decimals, p.percent_sign) == (Decimal("95.98"), 2, True)


def test_the_format_says_how_many_decimals_are_stated():
    assert parse_number(37.3, format_decimals=2).decimals == 2        # shown as 37.30
    assert parse_number(5199.030000000001, format_decimals=2).number == Decimal("5199.03")


def test_a_unit_typed_in_the_cell_is_kept_for_conversion():
    assert parse_number("0.5万元").unit == "万元"
    assert (parse_number("5199.03万").number, parse_number("5199.03万").unit) == (Decimal("5199.03"), "万元")
    assert parse_number("12000元").unit == "元"


@pytest.mark.parametrize("raw", ["-", "--", "—", "——", "/", "无", "不适用"])
def test_not_applicable(raw):
    assert parse_number(raw).kind == NOT_APPLICABLE


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000"])
def test_blank(raw):
    assert parse_number(raw).kind == BLANK


def test_a_float_of_another_type_reads_as_the_float_it_is():
    class Float(float):  # numpy.float64 is such a subclass
        pass

    p = parse_number(Float(0.1), format_decimals=None)
    assert (p.number, p.decimals) == (Decimal("0.1"), 1)  # not 0.1000000000000000055511151231...
    assert parse_number(Float(0.373), percent_format=True, format_decimals=1).number == Decimal("37.3")


@pytest.mark.parametrize("raw", ["约5200", "5199.03.1", "待定", "1,2,3x", float("nan"), float("inf"),
                                 float("-inf"), True])
def test_not_a_number(raw):
    assert parse_number(raw).kind == TEXT


@pytest.mark.parametrize("fmt, expected", [
    ("0.00%", (True, 2)), ("0%", (True, 0)), ("#,##0.00", (False, 2)), ("0.0", (False, 1)),
    ("General", (False, None)), (None, (False, None)), ('0.00"万元"', (False, 2)),
    ("#,##0.00_);[Red](#,##0.00)", (False, 2)),
])
def test_format_info(fmt, expected):
    assert format_info(fmt) == expected
