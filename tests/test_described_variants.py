"""A description's scoring variants and `years` (docs/forms.md "Scoring variants" and
"Identity and signs"): `forms --check` refuses a malformed key at its line, and a workbook
of a year the description was not printed for is read by a description that covers it, or
checked with S010 saying which years it was not printed for."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.api import check_file
from auditor.cli import main
from auditor.forms.described import DescriptionError, parse, use_folder
from auditor.forms.described.pack import DescribedPack
from auditor.forms.template_book import emit

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ROOT / "tests/rules/described/variants.toml"
SHIPPED = ROOT / "auditor/forms/described/descriptions/guizhou-dept.toml"
sys.path.insert(0, str(ROOT / "scripts"))
import described_samples as S  # noqa: E402


# (edit of the variants description, the start of the line said, the message's words)
REFUSED = [
    (("pass_line = 60", "pass_line = 100"), "pass_line", "[scoring] 的 pass_line 应为 0 至 100 之间"),
    (("pass_line = 60", 'pass_line = "60%"'), "pass_line", "[scoring] 的 pass_line 应为 0 至 100 之间"),
    (("pass_line = 60", "pass_lines = 60"), "pass_lines", "[scoring]中的“pass_lines”未知"),
    (('indicator = "proportional"', 'indicator = "none"'), "pass_line", "pass_line 只用于按完成比例计分"),
    (("[[80, 89], [70, 79], [60, 69], [50, 59]]", "[[80, 189]]"), "total_caps", "[scoring] 的 total_caps 应为"),
    (("[[80, 89], [70, 79], [60, 69], [50, 59]]", "[80, 89]"), "total_caps", "[scoring] 的 total_caps 应为"),
    (("[[90, 100], [80, 80], [60, 50]]", "[[90, 100], [80]]"), "satisfaction_steps",
     "[scoring] 的 satisfaction_steps 应为"),
    (("deviation_above = 30", "deviation_above = -5"), "deviation_above", "[checks] 的 deviation_above 应为正数"),
    (("deviation_above = 30", 'deviation_above = 30\ndeviation_below = 10'), "deviation_below",
     "[checks]中的“deviation_below”未知"),
    (("deviation_above = 30", 'deviation_less_units = ["元"]'), "deviation_less_units",
     "deviation_less_units 须与 deviation_above 同用"),
    (("deviation_above = 30", 'deviation_above = 30\ndeviation_less_units = "元"'), "deviation_less_units",
     "deviation_less_units 应为计量单位的列表"),
    (('unit = "万元"', 'unit = "万元"\nyears = [2025, 2021]'), "years", "[form] 的 years 应为 [起始年, 截止年]"),
]


@pytest.mark.parametrize("edit, where, said", REFUSED, ids=[f"{c[1]}-{i}" for i, c in enumerate(REFUSED)])
def test_check_refuses_a_malformed_variant_at_its_line(tmp_path, edit, where, said):
    text = VARIANTS.read_text("utf-8")
    assert edit[0] in text
    text = text.replace(edit[0], edit[1], 1)
    bad = tmp_path / "bad.toml"
    bad.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["forms", "--check", str(bad)])
    assert result.exit_code == 1, result.output
    (said_line,) = [ln for ln in result.output.splitlines() if said in ln]
    assert len(result.output.splitlines()) == 1, result.output
    line = int(said_line.split("第")[1].split("行")[0])
    assert text.splitlines()[line - 1].startswith(where), (line, said_line)


def test_the_variants_are_read_by_the_packs_names():
    from auditor.rules.plausibility import setting
    from auditor.rules.variants import variant

    pack = DescribedPack.of(parse(VARIANTS.read_text("utf-8")), 2023)
    assert variant(pack, "total_caps") == ((80, 89), (70, 79), (60, 69), (50, 59))
    assert variant(pack, "pass_line") == 60 and variant(pack, "satisfaction_steps")[1] == (80, 80)
    assert setting(pack, "deviation_above", None) == 30
    plain = DescribedPack.of(parse(SHIPPED.read_text("utf-8")), 2023)
    assert variant(plain, "total_caps") is None and setting(plain, "deviation_above", None) is None
    assert variant(plain, "steps") is None   # only the variants' names: not the form's own keys


def test_caps_need_a_funding_block():
    text = (ROOT / "auditor/forms/described/descriptions/hunan-dept.toml").read_text("utf-8")
    assert "[funds]" not in text
    with pytest.raises(DescriptionError) as err:
        parse(text.replace("[scoring]", "[scoring]\ntotal_caps = [[80, 89]]"))
    assert any("须有资金表" in msg for _, msg in err.value.problems)


def _described(name: str, form_id: str, years: str | None) -> str:
    text = SHIPPED.read_text("utf-8").replace('id = "guizhou-dept"', f'id = "{form_id}"')
    return text.replace('unit = "万元"', f'unit = "万元"\nyears = {years}') if years else text


def _workbook(folder: Path, year: int) -> Path:
    path = folder / f"gz-{year}.xlsx"
    emit(S.build(parse(SHIPPED.read_text("utf-8")), year=year, data=S.CONSISTENT["guizhou-dept"]), path)
    return path


def test_a_year_outside_the_description_is_checked_by_it_and_said_so(tmp_path, restore):
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "guizhou-dept.toml").write_text(_described("guizhou-dept", "guizhou-dept", "[2019, 2021]"), "utf-8")
    use_folder(folder)
    inside = check_file(_workbook(tmp_path, 2021))
    assert inside.form == "guizhou-dept" and not inside.findings
    outside = check_file(_workbook(tmp_path, 2023))
    assert outside.form == "guizhou-dept"
    assert [(f.code, f.location.cell, f.args["year"], f.args["pack_year"]) for f in outside.findings] == \
        [("S010", "A2", "2023", "2021")]


def test_a_description_covering_the_year_reads_it_before_one_that_does_not(tmp_path, restore):
    folder = tmp_path / "forms"
    folder.mkdir()
    # a bureau's form reprinted in 2022 with other scoring: the old description keeps its id
    (folder / "guizhou-dept.toml").write_text(_described("guizhou-dept", "guizhou-dept", "[2018, 2021]"), "utf-8")
    (folder / "guizhou-2022.toml").write_text(_described("guizhou-2022", "guizhou-2022", "[2022, 2030]"), "utf-8")
    use_folder(folder)
    assert check_file(_workbook(tmp_path, 2023)).form == "guizhou-2022"
    assert check_file(_workbook(tmp_path, 2020)).form == "guizhou-dept"
    # a year neither covers: read by the description printed nearest it, and said so
    early = check_file(_workbook(tmp_path, 2016))
    assert early.form == "guizhou-dept" and [f.code for f in early.findings] == ["S010"]
    late = check_file(_workbook(tmp_path, 2032))
    assert late.form == "guizhou-2022" and [f.code for f in late.findings] == ["S010"]
