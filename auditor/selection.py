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


def describe(bad: list[tuple[str, list[str]]]) -> str:
    from auditor.codes import FAMILIES

    parts = []
    for token, near in bad:
        hint = f"did you mean {', '.join(near)}?" if near else f"families are {', '.join(FAMILIES)}"
        parts.append(f"unknown code {token!r} ({hint})")
    return "; ".join(parts) + "; see `auditor rules`"
