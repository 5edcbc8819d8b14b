"""Explanations read with negation in mind: tests/rules/wording.toml, as data."""
import tomllib
from pathlib import Path

import pytest

from auditor.forms.department import packs
from auditor.labels import norm
from auditor.rules.wording import admission

SPEC = tomllib.loads((Path(__file__).parent / "wording.toml").read_text("utf-8"))
KEYWORDS = packs.for_year(2023).keywords


@pytest.mark.parametrize("text", SPEC["praise"])
def test_a_denied_fault_is_not_an_admission(text):
    assert admission(norm(text), KEYWORDS) is None


@pytest.mark.parametrize("case", SPEC["admission"], ids=[c["text"][:20] for c in SPEC["admission"]])
def test_a_denied_action_is_an_admission(case):
    assert admission(norm(case["text"]), KEYWORDS) == case["word"]


def test_a_pack_without_the_negation_lists_reads_the_same():
    # a pack written before the lists existed (--rules FILE) falls back to the defaults
    old = {k: v for k, v in KEYWORDS.items() if k not in ("negators", "negation_fillers", "faults")}
    assert admission("实际支出数未超过预算安排数", old) is None
    assert admission("未进行资产盘点", old) == "未"
