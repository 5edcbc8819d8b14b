"""--select/--ignore codes checked against the catalogue, with the nearest codes suggested.

A code that matches nothing selects nothing: ``--select NOPE --strict`` would print
未发现问题 and pass a gate it should not, so an unknown code or prefix is a usage error.
"""
from __future__ import annotations

import difflib
from typing import Iterable

# Letters typed for digits, as in B0l2 or BO12.
_LOOKALIKES = str.maketrans({"O": "0", "Q": "0", "D": "0", "L": "1", "I": "1", "|": "1", "Z": "2", "S": "5"})


def known_codes() -> list[str]:
    from auditor.rules import REGISTRY

    return sorted(REGISTRY)


def is_known(token: str, codes: Iterable[str]) -> bool:
    """A full code or a prefix (``B``, ``P00``) of at least one rule."""
    return any(code.startswith(token) for code in codes)


def suggestions(token: str, codes: list[str], n: int = 3) -> list[str]:
    """The codes nearest ``token``: its digits read back from look-alike letters first."""
    out: list[str] = []
    if token:
        fixed = token[0] + token[1:].translate(_LOOKALIKES)
        if fixed != token and is_known(fixed, codes):
            out.append(fixed)
    out += [c for c in difflib.get_close_matches(token, codes, n=n, cutoff=0.5) if c not in out]
    return out[:n]


def unknown(tokens: Iterable[str]) -> list[tuple[str, list[str]]]:
    """(token, nearest codes) for every token that selects no rule."""
    codes = known_codes()
    return [(t, suggestions(t, codes)) for t in tokens if not is_known(t, codes)]


def describe(bad: list[tuple[str, list[str]]], lang: str = "zh") -> str:
    from auditor.codes import FAMILIES
    from auditor.words import words

    w = words(lang)
    parts = [w("err.unknown_code_near", code=repr(token), near=", ".join(near)) if near else
             w("err.unknown_code", code=repr(token), families=", ".join(sorted(FAMILIES, key=lambda f: FAMILIES[f].rank))) for token, near in bad]
    return w("err.unknown_codes", codes="; ".join(parts))
