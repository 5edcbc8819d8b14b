"""Two versions of one department's file compared: what was fixed, what is still there, what is new.

A finding is matched by its rule and by what it is about (the row, indicator, target or item
its message names), not by its cell: a department that inserts a row moves every cell below
it, and a corrected figure changes the numbers in the message, yet it is the same problem.
Pure functions over files of the JSON report; ``with_subjects`` adds the subject the
matching prefers, taken from a finding's arguments, and without it the message with its
numbers taken out stands in.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

ADDED, KEPT, FIXED = "新增", "仍存在", "已整改"
MARKS_EN = {ADDED: "new", KEPT: "still there", FIXED: "fixed"}

# The arguments that name what a finding is about, most specific first; "column" only
# narrows one of them (a row's 年初预算数 and its 决算数 are different problems).
SUBJECT_ARGS = ("indicator", "target", "item", "what", "group", "table")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")


def subject(finding) -> str:
    """What a ``Finding`` is about, from its arguments ('' when they name nothing)."""
    args = finding.args or {}
    named = next((str(args[k]) for k in SUBJECT_ARGS if args.get(k)), "")
    column = str(args["column"]) if args.get("column") else ""
    return " / ".join(p for p in (named, column) if p)


def with_subjects(file: Mapping, findings: Sequence) -> dict:
    """A copy of the JSON ``file`` whose findings carry ``subject`` (``findings`` are the
    ``Finding`` objects it was made from, in the same order)."""
    out = dict(file)
    out["findings"] = [dict(d, subject=subject(f)) for d, f in zip(file.get("findings", ()), findings)]
    return out


def key(finding: Mapping, names: Sequence[str] = ()) -> tuple[str, str, str]:
    """(rule, sheet or report, subject); without a subject, the message with its numbers
    and the file's own ``names`` taken out (a resubmission may be named v2)."""
    loc = finding.get("location") or {}
    where = loc.get("sheet") or ("report" if loc.get("line") is not None else "")
    about = finding.get("subject")
    if not about:
        about = str(finding.get("message", ""))
        for name in names:
            about = about.replace(name, "#file")
        about = _NUMBER.sub("#", about)
    return (str(finding.get("code", "")), str(where), about)


def _names(file: Mapping | None) -> list[str]:
    """The file's own names as a message may quote them: whole, and without the extension
    (N001 names the report it looked for after the workbook's stem)."""
    names = {str(file[k]) for k in ("path", "report") if file and file.get(k)}
    names |= {n.rpartition(".")[0] for n in names if "." in n}
    return sorted((n for n in names if n), key=len, reverse=True)


@dataclass
class Comparison:
    """``marked``: the current version's findings, each with 新增 or 仍存在;
    ``fixed``: the previous version's findings that are gone (已整改)."""

    marked: list[tuple[Mapping, str]] = field(default_factory=list)
    fixed: list[Mapping] = field(default_factory=list)

    @property
    def added(self) -> list[Mapping]:
        return [f for f, m in self.marked if m == ADDED]

    @property
    def kept(self) -> list[Mapping]:
        return [f for f, m in self.marked if m == KEPT]

    def counts(self) -> dict[str, int]:
        return {ADDED: len(self.added), KEPT: len(self.kept), FIXED: len(self.fixed)}


def compare(previous: Mapping | None, current: Mapping) -> Comparison:
    """Match ``current``'s findings against ``previous``'s (None: the first version, every
    finding is new).  Findings with the same key are matched one to one, in order."""
    waiting: dict[tuple, list[Mapping]] = defaultdict(list)
    before, now = _names(previous), _names(current)
    for f in _findings(previous):
        waiting[key(f, before)].append(f)
    result = Comparison()
    for f in current.get("findings", ()):
        same = waiting.get(key(f, now))
        if same:
            same.pop(0)
            result.marked.append((f, KEPT))
        else:
            result.marked.append((f, ADDED))
    if current.get("status") == "checked":  # an unreadable version says nothing of what was fixed
        result.fixed = [f for f in _findings(previous) if any(x is f for x in waiting.get(key(f, before), ()))]
    return result


def _findings(file: Mapping | None) -> Iterable[Mapping]:
    if not file or file.get("status") != "checked":
        return ()  # an unreadable version holds no findings about the workbook to match
    return file.get("findings", ())
