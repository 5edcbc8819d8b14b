"""Properties of the number parser: it never raises, and what a department typed comes back exactly."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, example, given, settings, strategies as st

from auditor.numbers import BLANK, NOT_APPLICABLE, NUMBER, TEXT, decimals_of, parse_number, parse_text

KINDS = {NUMBER, BLANK, NOT_APPLICABLE, TEXT}

# What a cell can hold once read: text, numbers as the readers give them, dates, booleans.
cell_values = st.one_of(
    st.none(), st.booleans(), st.text(), st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=6, min_value=-10**15, max_value=10**15),
    st.dates(), st.datetimes(),
)

# Characters departments' figures are made of, so the generator spends its time near numbers.
numberish = st.text(alphabet="0123456789０１２３４５６７８９.,．，-－−()（）%％ 　万元千亿/—–*无", max_size=24)


def _check(parsed) -> None:
    assert parsed.kind in KINDS
    if parsed.kind == NUMBER:
        assert parsed.number.is_finite()
        assert parsed.decimals == decimals_of(parsed.number) >= 0
    else:
        assert parsed.number is None


@settings(max_examples=500)
@given(raw=cell_values, percent=st.booleans(), shown=st.one_of(st.none(), st.integers(0, 6)))
def test_parse_number_never_raises(raw, percent, shown):
    _check(parse_number(raw, percent_format=percent, format_decimals=shown))


@settings(max_examples=500)
@given(text=st.one_of(st.text(), numberish))
@example("（１２３．４）")
@example("⑴")
@example("--")
def test_parse_text_never_raises(text):
    _check(parse_text(text))


_FULL_WIDTH = str.maketrans("0123456789.,-()%", "０１２３４５６７８９．，－（）％")


@given(
    x=st.decimals(min_value=-10**12, max_value=10**12, allow_nan=False, allow_infinity=False, places=4),
    places=st.integers(0, 4),
    full_width=st.booleans(),
    parentheses=st.booleans(),
    suffix=st.sampled_from(["", "%", "万元", "元"]),
    pad=st.sampled_from(["", " ", "\u3000", "\t"]),
)
def test_formatted_numbers_round_trip(x, places, full_width, parentheses, suffix, pad):
    x = x.quantize(Decimal(1).scaleb(-places))
    if parentheses and x < 0:
        typed = f"({-x:,.{places}f}{suffix})"  # as Excel shows 0.00%;(0.00%)
    else:
        typed = f"{x:,.{places}f}{suffix}"
    if full_width:
        typed = typed.translate(_FULL_WIDTH)
    parsed = parse_text(pad + typed + pad)
    assert parsed.kind == NUMBER, typed
    assert parsed.number == x and parsed.decimals == places, typed
    assert parsed.percent_sign == (suffix == "%")
    assert parsed.unit == (suffix if suffix in ("万元", "元") else None)


@given(f=st.floats(min_value=-1e15, max_value=1e15, allow_nan=False))
def test_spreadsheet_floats_keep_their_value(f):
    parsed = parse_number(f)
    assert parsed.kind == NUMBER
    assert abs(float(parsed.number) - f) <= 1e-10 * max(1.0, abs(f))
    assert parsed.decimals <= 10  # binary noise past 10 decimals is dropped
    as_percent = parse_number(f, percent_format=True)
    assert as_percent.number == parsed.number.scaleb(2) and as_percent.percent_sign


@given(f=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), shown=st.integers(0, 4))
def test_format_decimals_limit_what_is_stated(f, shown):
    parsed = parse_number(f, format_decimals=shown)
    assert parsed.decimals <= max(shown, decimals_of(parse_number(f).number)) and parsed.decimals <= 10
    assert abs(float(parsed.number) - f) <= 0.5 * 10 ** -shown + 1e-9 * max(1.0, abs(f))


@given(token=st.sampled_from(["-", "--", "—", "——", "/", "无", "不适用", "N/A", "*", "－－", "／"]),
       pad=st.sampled_from(["", " ", "\u3000"]))
def test_not_applicable_tokens(token, pad):
    assert parse_text(pad + token + pad).kind == NOT_APPLICABLE


@given(space=st.text(alphabet=" \t\r\n\u3000\u00a0", max_size=8))
def test_whitespace_is_blank(space):
    assert parse_text(space).kind == BLANK


@pytest.mark.parametrize("raw", [Decimal("NaN"), Decimal("Infinity"), Decimal("sNaN")])
def test_non_finite_decimals_are_text(raw):
    assert parse_number(raw, percent_format=True).kind == TEXT


def test_over_precise_decimals_do_not_raise():
    parse_number(Decimal("12345678901234567890123456789.123"), format_decimals=2)
