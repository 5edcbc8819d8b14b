"""What a bureau puts on every notice it sends: its name, the 文号, the 审核依据, the deadline
and whom to contact.  A small TOML file (``--notice-settings``)::

    [notice]
    bureau = "仁化县财政局"
    number = "仁财绩〔2024〕12号"
    basis = "《仁化县部门整体支出绩效自评工作方案》"
    deadline = "2024年9月30日"
    contact = "张三"
    phone = "0751-6300000"

Every key is optional; an unknown key is refused (a misspelt one would silently vanish).
"""
from __future__ import annotations

import tomllib
from pathlib import Path

KEYS = ("bureau", "number", "basis", "deadline", "contact", "phone")


class SettingsError(ValueError):
    pass


def load(path: str | Path) -> dict[str, str]:
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: {exc}") from exc
    table = data.get("notice", data)
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: [notice] is not a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise SettingsError(f"{path}: unknown keys {', '.join(unknown)} (known: {', '.join(KEYS)})")
    bad = [k for k, v in table.items() if not isinstance(v, (str, int))]
    if bad:
        raise SettingsError(f"{path}: {', '.join(bad)} must be text")
    return {k: str(v).strip() for k, v in table.items() if str(v).strip()}
