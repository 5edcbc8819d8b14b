"""One words table per language: the same keys and placeholders in each, every rule titled,
and the command line speaking Chinese by default."""
from __future__ import annotations

import os
import string
import subprocess
import sys

import pytest

from auditor.codes import REGISTRY
from auditor.words import click_zh, en, title, words, zh, zh_rules

import auditor.rules  # noqa: F401  (registers every rule)


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_both_tables_have_the_same_keys_and_placeholders():
    assert set(zh.WORDS) == set(en.WORDS)
    for key in zh.WORDS:
        assert _fields(zh.WORDS[key]) == _fields(en.WORDS[key]), key


def test_every_rule_has_a_chinese_title_and_no_stale_one():
    assert set(REGISTRY) <= set(zh_rules.TITLES), sorted(set(REGISTRY) - set(zh_rules.TITLES))
    assert set(zh_rules.TITLES) <= set(REGISTRY), sorted(set(zh_rules.TITLES) - set(REGISTRY))
    assert title(REGISTRY["B012"], "zh") == "较年初预算增减率计算错误"
    assert title(REGISTRY["B012"], "en") == REGISTRY["B012"].summary()


def test_every_family_is_named_in_both_languages():
    import auditor.rules  # noqa: F401  (every form's rules declare their families)
    from auditor.codes import FAMILIES

    assert set(FAMILIES) >= set("SBTPGJXND")
    for family in FAMILIES.values():
        assert family.title("zh") and family.title("en"), family.letter
        assert family.title("zh") != family.title("en"), family.letter


def test_click_translations_keep_click_placeholders():
    for msgid, text in click_zh.MESSAGES.items():
        assert _fields(text) <= _fields(msgid), msgid
    for (one, many), text in click_zh.PLURALS.items():
        assert _fields(text) <= _fields(one) | _fields(many), one


def test_a_words_entry_fills_its_placeholders():
    assert words("zh")("text.totals", files=2, errors=1, warnings=0) == "2 个文件，错误 1，警告 0"
    assert words("fr").lang == "zh"  # an unknown language falls back to the default


def _run(*args, lang=None):
    env = {k: v for k, v in os.environ.items() if k != "AUDITOR_LANG"}
    if lang:
        env["AUDITOR_LANG"] = lang
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True,
                          env=env, encoding="utf-8")


@pytest.mark.parametrize("args", [("--help",), ("check", "--help"), ("batch", "--help")])
def test_help_is_chinese_by_default_and_english_on_request(args):
    zh_help, en_help = _run(*args), _run(*args, lang="en")
    assert "用法" in zh_help.stdout and "选项" in zh_help.stdout and "显示本帮助并退出" in zh_help.stdout
    assert "Usage:" in en_help.stdout and "Show this message and exit." in en_help.stdout
    assert "用法" not in en_help.stdout


def test_usage_errors_are_chinese_by_default():
    r = _run("check", "--select", "NOPE", ".")
    assert r.returncode == 2
    assert "错误" in r.stderr and "未知代码 'NOPE'" in r.stderr


def test_rules_and_explain_follow_lang():
    zh_list, en_list = _run("rules"), _run("rules", "--lang", "en")
    assert "B012  错误" in zh_list.stdout and "较年初预算增减率计算错误" in zh_list.stdout
    assert "B012  error" in en_list.stdout
    assert "较年初预算增减率计算错误" in _run("explain", "B012").stdout
    assert "提示文字" not in _run("explain", "B012", "--lang", "en").stdout


def test_every_reporter_section_has_the_same_keys_and_placeholders_in_both_languages():
    assert set(zh.SECTIONS) == set(en.SECTIONS)
    for name, table in zh.SECTIONS.items():
        other = en.SECTIONS[name]
        assert set(table) == set(other), name
        for key, text in table.items():
            if isinstance(text, str):
                assert _fields(text) == _fields(other[key]), (name, key)


def test_totals_lines_use_full_width_punctuation_alike():
    """`check`'s last line and `batch`'s: the same order and the same full-width commas."""
    text = words("zh")("text.totals", files=1, errors=29, warnings=0)
    batch = words("zh")("msg.batch_totals", files=3, unreadable=0, errors=46, warnings=14, out="out")
    assert text == "1 个文件，错误 29，警告 0" and batch.startswith("3 个文件（0 个无法读取），错误 46，警告 14；")
    for line in (text, batch):
        assert "," not in line and ";" not in line


@pytest.mark.parametrize("args, said", [
    (("check", "nope.xlsx"), "错误：找不到文件或文件夹：nope.xlsx"),
    (("batch", "nope"), "错误：找不到文件夹：nope"),
    (("check", "--rules", "nope.toml", "."), "错误：--rules 找不到文件：nope.toml"),
])
def test_a_missing_path_is_said_in_plain_words(args, said):
    r = _run(*args)
    assert r.returncode == 2
    assert r.stderr.strip() == said, r.stderr


def test_add_user_asks_and_answers_in_chinese(tmp_path):
    from click.testing import CliRunner

    from auditor.cli import main

    typed = "长密码一二三四五2024\n不一样的密码\n长密码一二三四五2024\n长密码一二三四五2024\n"  # a password the strength rule takes
    result = CliRunner().invoke(main, ["serve", "--data", str(tmp_path / "data"), "--add-user", "财政局"], input=typed)
    assert result.exit_code == 0, result.output
    assert "财政局 的密码：" in result.output and "再输入一次以确认：" in result.output
    assert "错误：两次输入的不一致" in result.output
    assert "Repeat" not in result.output and "Error" not in result.output and "do not match" not in result.output
    assert "已创建账户 财政局" in result.output
