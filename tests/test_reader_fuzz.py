"""Randomly perturbed standard workbooks: no exception escapes, every failure is a finding."""
from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsxwriter.utility import xl_rowcol_to_cell

from auditor.api import check_file
from auditor.forms.template_book import emit
from auditor.rules import REGISTRY
from auditor.forms.department.template import build_book
from tests.rules.base_data import base_data

_BOOK = build_book(base_data())
_SHEETS = [s.name for s in _BOOK.sheets]

values = st.one_of(
    st.none(), st.integers(-10**9, 10**9), st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=string.printable + "万元%（）－—，．０１２３≥≤合计小计本年收入", max_size=12),
    st.sampled_from(["-", "—", "/", "本年收入合计", "合计", "自评等级", "小计", "=SUM(A1:A2)", "#DIV/0!"]),
)
edits = st.lists(st.tuples(st.sampled_from(_SHEETS), st.integers(0, 45), st.integers(0, 7), values),
                 max_size=25)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=edits, drop=st.sets(st.sampled_from(_SHEETS), max_size=2),
       rename=st.dictionaries(st.sampled_from(_SHEETS), st.text(alphabet="ABCxyz收支三公评分", min_size=1, max_size=6),
                              max_size=2))
def test_perturbed_workbooks_give_findings_not_exceptions(tmp_path, edits, drop, rename):
    book = build_book(base_data())
    for sheet, row, col, value in edits:
        book.set(f"{sheet}!{xl_rowcol_to_cell(row, col)}", value)
    book.sheets = [s for s in book.sheets if s.name not in drop] or book.sheets[:1]
    seen = set()
    for s in book.sheets:
        name = rename.get(s.name, s.name)
        s.name = name if name not in seen else s.name
        seen.add(s.name)
    path = tmp_path / "perturbed.xlsx"
    emit(book, path)
    before = path.read_bytes()
    result = check_file(path)
    assert result.status in ("checked", "unreadable")
    assert all(f.code in REGISTRY for f in result.findings)
    # every perturbed file is a real workbook: reading it must not fail (S029 is a bug here)
    assert result.status == "checked", [(f.code, f.args) for f in result.findings]
    assert path.read_bytes() == before
