"""Quotation marks inside quotation marks, as Chinese typesetting nests them.

A message quotes an indicator as “{indicator}”, and the indicator's own name may already
hold quotes (“三公”经费控制情况, or "三公" typed in ASCII): inserted as it is, the message
reads ““三公”经费控制情况”.  The inner pair becomes ‘…’, the nested form.
"""
from __future__ import annotations

import re

_ASCII_PAIR = re.compile(r'"([^"]*)"')


def nested(value: str) -> str:
    """``value`` with its own double quotes turned into single ones, to sit inside “…”."""
    value = _ASCII_PAIR.sub(r"‘\1’", value)
    return value.replace("“", "‘").replace("”", "’")


def nest_quoted_args(template: str, args: dict) -> dict:
    """``args`` with every string that ``template`` puts inside “…” nested."""
    return {k: nested(v) if isinstance(v, str) and "“{" + k + "}”" in template else v
            for k, v in args.items()}
