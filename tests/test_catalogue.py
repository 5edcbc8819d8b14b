"""The catalogue itself: unique codes, both languages, documented, and docs/rules.md current."""
from pathlib import Path

from click.testing import CliRunner

from auditor.rules import reference as catalogue
from auditor.cli import main
from auditor.rules import REGISTRY, rules_in_order
from auditor.codes import RETIRED
from auditor.codes.base import FAMILIES

ROOT = Path(__file__).resolve().parent.parent


def test_codes_are_unique_well_formed_and_never_retired():
    codes = [r.code for r in rules_in_order()]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert code[0] in FAMILIES and code[1:].isdigit() and len(code) == 4, code
        assert code not in RETIRED


def test_both_languages_carry_the_same_placeholders():
    for rule in REGISTRY.values():
        assert rule.placeholders("zh") == rule.placeholders("en"), rule.code
        for variant in rule.variants:
            assert rule.placeholders("zh", variant) == rule.placeholders("en", variant), (rule.code, variant)


def test_every_rule_documents_a_bad_and_a_good_example():
    for rule in REGISTRY.values():
        doc = rule.doc()
        assert "Bad" in doc and "Good" in doc, rule.code
        assert rule.name and rule.tags, rule.code


def test_docs_rules_md_is_generated_from_the_catalogue():
    assert (ROOT / "docs" / "rules.md").read_text("utf-8") == catalogue.as_markdown(), \
        "regenerate with: auditor rules --format md > docs/rules.md"


def test_explain_shows_one_rule_and_refuses_unknown_codes():
    runner = CliRunner()
    result = runner.invoke(main, ["explain", "b012"])
    assert result.exit_code == 0 and "37.05" in result.output
    assert runner.invoke(main, ["explain", "Z999"]).exit_code == 2


def test_the_reference_says_which_forms_each_rule_checks():
    zh, en = catalogue.as_markdown("zh"), catalogue.as_markdown("en")

    def line(text, code):
        return text.split(f"### {code} ", 1)[1].split("\n")[2]

    assert line(zh, "B012").endswith("表式: 部门整体支出绩效自评表.")
    assert line(zh, "N015").endswith("表式: 项目支出绩效自评表.")
    assert line(zh, "N010").endswith("表式: 部门整体支出绩效自评表、项目支出绩效自评表、自评报告.")
    assert line(zh, "S001").endswith("表式: 所有表式. 由读取器发出。")
    assert line(en, "N010").endswith(
        "Forms: Department-wide expenditure performance self-evaluation, "
        "Project expenditure performance self-evaluation, Self-evaluation report (自评报告).")


def test_every_rule_says_what_to_do_in_both_languages():
    lacking = [r.code for r in REGISTRY.values()
               if set(getattr(r, "action", {})) != {"zh", "en"} or not all(v.strip() for v in r.action.values())]
    assert lacking == [], f"rules without an action in zh and en: {lacking}"
    assert not [r.code for r in REGISTRY.values() if "{" in r.action["zh"] + r.action["en"]]


def test_every_rule_has_its_bad_and_good_example_in_chinese():
    from auditor.words.zh_examples import EXAMPLES

    lacking = [code for code in REGISTRY if not all(EXAMPLES.get(code, ("", "")))]
    assert lacking == [], f"rules without a Chinese bad and good example: {lacking}"
