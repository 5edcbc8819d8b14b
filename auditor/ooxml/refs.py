"""Cell references: column letters to numbers and back, in one place.

"G6" is row 6, column 7.  Every reader and writer of references goes through these, so
a reference means the same cell in the reader, the findings' order and the annotated copy.
"""
from __future__ import annotations

import re

MAX_ROW, MAX_COL = 1_048_576, 16_384

_LETTERS: dict[int, str] = {}  # column number -> letters, at most 16,384 of them
_NUMBERS: dict[str, int] = {}  # letters as written -> column number


def col_letter(col: int) -> str:
    """7 -> "G"."""
    letters = _LETTERS.get(col)
    if letters is None:
        s, n = "", col
        while n > 0:
            n, rem = divmod(n - 1, 26)
            s = chr(65 + rem) + s
        letters = _LETTERS[col] = s
    return letters


def col_number(letters: str) -> int:
    """"G" (or "g") -> 7; no range check (``parse_ref`` makes one)."""
    n = _NUMBERS.get(letters)
    if n is None:
        n = 0
        for ch in letters.upper():
            n = n * 26 + ord(ch) - 64
        if len(_NUMBERS) < 100_000:  # a hostile sheet must not grow the cache without end
            _NUMBERS[letters] = n
    return n


def cell_name(row: int, col: int) -> str:
    """(6, 7) -> "G6"."""
    letters = _LETTERS.get(col)  # inline: the reader names every cell it reads
    if letters is None:
        letters = col_letter(col)
    return f"{letters}{row}"


_REF_RE = re.compile(r"\$?([A-Za-z]{1,3})\$?([1-9]\d{0,6})")


def parse_ref(ref: str) -> tuple[int, int]:
    """"G6" (also "$G$6", "g6") -> (6, 7); ValueError for anything that is not one cell
    of a sheet."""
    m = _REF_RE.fullmatch(ref)
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    row, col = int(m.group(2)), col_number(m.group(1))
    if row > MAX_ROW or col > MAX_COL:
        raise ValueError(f"cell reference out of range: {ref!r}")
    return row, col
