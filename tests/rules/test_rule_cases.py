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


def test_every_rule_has_passing_and_failing_cases():
    by_code: dict[str, list] = {}
    for _, code, case in CASE_LIST:
        by_code.setdefault(code, []).append(case)
    lacking = []
    for code, rule in REGISTRY.items():
        if code[0] in "SN" and rule.emitted_elsewhere and code >= "S020":
            continue  # unreadable files and the narrative have their own test modules
        if code.startswith("N") or code.startswith("D"):
            continue
        cases = by_code.get(code, [])
        if not any(c.get("expect") for c in cases) or not any(not c.get("expect") for c in cases):
            lacking.append(code)
    assert not lacking, f"rules without a passing and a failing case in {CASES}: {lacking}"
