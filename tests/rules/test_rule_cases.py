import pytest

from auditor.rules import REGISTRY
from tests.rules.harness import CASES, build, found, load_cases

CASE_LIST = list(load_cases())


@pytest.mark.parametrize("case_id,code,case", CASE_LIST, ids=[c[0] for c in CASE_LIST])
def test_rule_case(tmp_path, case_id, code, case):
    path = build(case, tmp_path)
    got = found(path, code, case)
    want = set(case.get("expect", []))
    if case.get("mode") == "includes":
        assert want <= got, f"missing {want - got}"
    else:
        assert got == want
    if "severity" in case:
        assert REGISTRY[code].severity.value == case["severity"]


# what a cell edit cannot make: a sheet's XML spoiled (test_package's cells without a usable r)
ON_FILES = {"S016"}


def test_every_rule_has_passing_and_failing_cases():
    by_code: dict[str, list] = {}
    for _, code, case in CASE_LIST:
        by_code.setdefault(code, []).append(case)
    lacking = []
    elsewhere = _codes_named_in_other_tests()
    for code, rule in REGISTRY.items():
        if code >= "S020" and code < "S100" or code[0] in "ND" or code in ON_FILES:
            # unreadable files, the narrative and the cohort are tested on files, reports
            # and batches of their own (test_guards, test_narrative_rules, test_cohort)
            if code not in elsewhere:
                lacking.append(code)
            continue
        cases = by_code.get(code, [])
        if not any(c.get("expect") for c in cases) or not any(not c.get("expect") for c in cases):
            lacking.append(code)
    assert not lacking, f"rules without a passing and a failing case in {CASES}: {lacking}"


def _codes_named_in_other_tests() -> set[str]:
    import re
    from pathlib import Path

    here = Path(__file__).resolve().parent.parent
    files = list(here.glob("test_*.py")) + list(here.glob("corpus/*.py"))  # the corpus names its codes
    text = "".join(p.read_text("utf-8") for p in files)
    return set(re.findall(r"\b[SND]\d{3}\b", text))
