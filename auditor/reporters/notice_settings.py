"""What a bureau puts on every notice it sends: its name, the 文号, the 审核依据, the deadline
and whom to contact.  On the command line a small TOML file (``--notice-settings``)::

    [notice]
    bureau = "仁化县财政局"
    number = "仁财绩〔2024〕12号"
    basis = "《仁化县部门整体支出绩效自评工作方案》"
    deadline = "2024年9月30日"
    contact = "张三"
    phone = "0751-6300000"

in the web service a round's form (``auditor.web.bureau``); both go through ``check``, the
one definition of the fields.  Every key is optional; an unknown key is refused (a misspelt
one would silently vanish); each is one line of at most ``LIMITS`` characters, and the
deadline a date (it tells a department by when to resubmit: "月底" would tell no one).
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Mapping

from auditor.words import help_lang, section

KEYS = ("bureau", "number", "basis", "deadline", "contact", "phone")
# the longest each may be: a line on a notice, not a page (the 审核依据 a title or two)
LIMITS = {"bureau": 60, "number": 60, "basis": 300, "deadline": 30, "contact": 60, "phone": 40}
# a line break or a control character would break the notice's line (or hide part of it)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# 2024年9月30日, 2024-09-30, 2024/9/30, 2024.9.30
_DATE = re.compile(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?")
# what the message quotes of a bad value: enough to find it, never a page
_QUOTED = 40


class SettingsError(ValueError):
    pass


def words(lang: str | None = None) -> dict:
    """The fields' labels and the messages about them (``auditor.words``, section ``notice_settings``)."""
    return section("notice_settings", lang or help_lang())


def load(path: str | Path, lang: str | None = None) -> dict[str, str]:
    """The settings of a TOML file; SettingsError (said in ``lang``, by default the usage
    errors' language) for a file that cannot be read or a value ``check`` refuses."""
    w = words(lang)
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: {exc}") from exc
    table = data.get("notice", data)
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: {w['not_table']}")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise SettingsError(f"{path}: " + w["unknown"].format(keys=", ".join(unknown), known=", ".join(KEYS)))
    bad = [k for k, v in table.items() if not isinstance(v, (str, int)) or isinstance(v, bool)]
    if bad:
        raise SettingsError(f"{path}: " + w["not_text"].format(keys=", ".join(bad)))
    try:
        return check({k: str(v) for k, v in table.items()}, lang)
    except SettingsError as exc:
        raise SettingsError(f"{path}: {exc}") from exc


def check(values: Mapping[str, str], lang: str | None = None) -> dict[str, str]:
    """``values`` (of ``KEYS``; others are not looked at) as a notice takes them: stripped,
    the empty ones left out.  SettingsError, said in ``lang``, names the first field refused."""
    w = words(lang)
    out = {}
    for key in KEYS:
        value = str(values.get(key) or "").strip()
        if not value:
            continue
        label, shown = w[key], value if len(value) <= _QUOTED else value[:_QUOTED - 1] + "…"
        if len(value) > LIMITS[key]:
            raise SettingsError(w["too_long"].format(label=label, limit=LIMITS[key], length=len(value)))
        if _CONTROL.search(value):
            raise SettingsError(w["control"].format(label=label))
        if key == "deadline" and not _is_date(value):
            raise SettingsError(w["not_date"].format(label=label, value=shown))
        out[key] = value
    return out


def _is_date(text: str) -> bool:
    found = _DATE.fullmatch(text)
    if not found:
        return False
    try:
        day = dt.date(*(int(g) for g in found.groups()))
    except ValueError:  # 2024年2月30日
        return False
    return 2000 <= day.year <= 2100  # as a round's own deadline
