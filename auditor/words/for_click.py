"""click's own strings (the usage line, section headings, usage errors) in the help
language.  click asks the stdlib's ``gettext`` for them, which finds no catalogue of ours
without compiled .mo files; each click module binds ``_``/``ngettext`` at import, so those
names are pointed at our table instead.  Only modules already imported by click itself."""
from __future__ import annotations

import sys

from auditor.words import click_zh

_MODULES = ("click.core", "click.exceptions", "click.formatting", "click.decorators", "click.types",
            "click.parser", "click.termui", "click.utils")


def _gettext(message: str) -> str:
    return click_zh.MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return click_zh.PLURALS.get((singular, plural)) or (singular if n == 1 else plural)


def install(lang: str) -> None:
    if lang != "zh":
        return
    for name in _MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = _gettext
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext
