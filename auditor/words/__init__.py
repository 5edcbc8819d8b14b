"""One words table per language for every user-facing string: the command line and its
usage errors, the rule reference, the text reporter and the progress line.

``words(lang)`` is the table; ``words(lang)("key", **args)`` fills its placeholders.  Rule
titles come from ``title(rule, lang)``: Chinese from zh_rules.py, English from the rule's
docstring.  Chinese is the default; ``AUDITOR_LANG=en`` switches the help texts, which click
prints before any ``--lang`` is parsed.
"""
from __future__ import annotations

import os

from auditor.words import en, zh, zh_rules

LANGS = ("zh", "en")
DEFAULT = "zh"
_TABLES = {"zh": zh.WORDS, "en": en.WORDS}


class Words(dict):
    """A language's table: ``w["key"]`` for a plain string, ``w("key", **args)`` to fill one."""

    lang: str

    def __call__(self, key: str, **args) -> str:
        return self[key].format(**args) if args else self[key]


_CACHE: dict[str, Words] = {}


def words(lang: str | None = None) -> Words:
    lang = lang if lang in _TABLES else DEFAULT
    table = _CACHE.get(lang)
    if table is None:
        table = _CACHE[lang] = Words(_TABLES[lang])
        table.lang = lang
    return table


def help_lang() -> str:
    """The language of --help and usage errors: AUDITOR_LANG, else Chinese."""
    lang = os.environ.get("AUDITOR_LANG", "").strip().lower()[:2]
    return lang if lang in _TABLES else DEFAULT


def title(rule, lang: str) -> str:
    """A rule's title: its Chinese name, or the first line of its docstring."""
    if lang == "zh":
        return zh_rules.TITLES.get(rule.code) or rule.summary()
    return rule.summary()


def section(name: str, lang: str) -> dict:
    """One reporter's words (summary, findings_sheet, notice, …) in ``lang``."""
    tables = {"zh": zh.SECTIONS, "en": en.SECTIONS}
    return tables.get(lang, tables[DEFAULT])[name]


def heading(words_of: dict, form_title: str) -> str:
    """A reporter's title for a workbook in the form named ``form_title`` (``Form.title``),
    from its ``section``'s ``title`` template: 部门整体支出绩效自评表 gives
    部门整体支出绩效自评 审核意见."""
    return words_of["title"].format(form=form_title.removesuffix("表"))


def severity(sev, lang: str) -> str:
    return words(lang)[f"severity.{getattr(sev, 'value', sev)}"]


def code_title(code: str, lang: str) -> str:
    """The ``title`` of the rule a finding's code names ('' for a code no rule registers)."""
    from auditor.codes import REGISTRY

    rule = REGISTRY.get(code)
    return title(rule, lang) if rule is not None else ""
