"""Mistakes on the command line are refused, and output never dies on the console's encoding."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_workbooks"
CONSISTENT = SAMPLES / "audit-bureau-2023.xlsx"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("command", ["check", "batch"])
def test_an_unknown_code_is_a_usage_error_not_a_clean_pass(tmp_path, command, option):
    target = CONSISTENT if command == "check" else SAMPLES
    extra = ["--out", tmp_path / "out", "--jobs", "1", "--strict"] if command == "batch" else []
    result = run(command, target, option, "NOPE", *extra)
    assert result.exit_code == 2
    assert "NOPE" in result.output and "未发现问题" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_typo_suggests_the_code_it_looks_like():
    result = run("check", CONSISTENT, "--select", "B0l2")
    assert result.exit_code == 2 and "B012" in result.output


def test_known_codes_and_prefixes_still_select():
    for codes in ("B", "P00", "X002", "b012", "S,N"):
        assert run("check", CONSISTENT, "--select", codes).exit_code == 0, codes
