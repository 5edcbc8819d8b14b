"""The catalogue of finding codes: a leaf that everything may import.

A rule's declaration (code, name, severity, tags, messages, docstring) is a ``Rule``
subclass registered here; its check, where it has one, lives in ``auditor.rules``.  The
codes that the reader and the guards emit (structure, S0xx; unreadable files, S02x) are
declared beside the base, so that reading a file needs nothing of the rules.  Reporters
render findings with ``render``: the templates stay apart from the arguments until then.
Nothing here imports the engine (reader, rules, reporters, batch).
"""
from __future__ import annotations

from auditor.codes.base import (ERROR, FAMILIES, INFO, REGISTRY, RETIRED, WARNING, Family, Rule, action,  # noqa: F401
                                declare_family, register, render, rules_in_order, selected)
from auditor.codes import structure, unreadable  # noqa: F401,E402  (registers their codes)
