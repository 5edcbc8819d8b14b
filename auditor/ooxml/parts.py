"""A package's relationships, and the workbook's parts found through them.

OPC finds every part from ``_rels/.rels`` on, never by a conventional name: a writer may
call its shared strings anything.  Only the five predefined entities and character
references are decoded in what is read here; nothing else is ever expanded.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Callable


_ATTR_RE = re.compile(r'([\w:]+)\s*=\s*"([^"]*)"')
_REL_RE = re.compile(r"<(?:\w+:)?Relationship\b([^>]*?)/?>")
_ENTITY_RE = re.compile(r"&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def unescape(text: str) -> str:
    """XML text with the five predefined entities and character references decoded
    (nothing else is ever expanded)."""
    if "&" not in text:
        return text

    def sub(m):
        e = m.group(1)
        if e[0] == "#":
            try:
                return chr(int(e[2:], 16) if e[1] in "xX" else int(e[1:]))
            except (ValueError, OverflowError):
                return m.group(0)
        return _ENTITIES[e]

    return _ENTITY_RE.sub(sub, text)


def parse_rels(text: str, source_part: str, member: Callable[[str], str | None]) -> list["Rel"]:
    """The relationships in a ``.rels`` part's ``text``; ``member`` gives the stored name of
    a resolved target (None: no such member, the target is kept as resolved)."""
    out = []
    folder = posixpath.dirname(source_part) + "/"  # resolve(), with the folder found once
    for m in _REL_RE.finditer(text):
        a = dict(_ATTR_RE.findall(m.group(1)))
        target = unescape(a.get("Target", ""))
        if a.get("TargetMode") == "External":
            out.append(Rel(a.get("Id", ""), a.get("Type", ""), target, target, True))
            continue
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(folder.lstrip("/") + target)
        out.append(Rel(a.get("Id", ""), a.get("Type", ""), target, member(resolved) or resolved))
    return out


@dataclass(frozen=True)
class Rel:
    id: str
    type: str
    target: str        # as written
    part: str          # resolved member name (or the URL when external)
    external: bool = False


def rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


@dataclass
class WorkbookParts:
    """Where a workbook's parts are, found through the relationships."""

    workbook: str
    targets: dict[str, str]        # relationship id -> stored member name, for members that exist
    shared_strings: str | None
    styles: str | None


def workbook_parts(pkg) -> WorkbookParts:
    """``_rels/.rels`` -> officeDocument -> its relationships -> sheets, shared strings, styles,
    in ``pkg`` (an ``auditor.ooxml.package.Package``).

    A package without the relationships (some generators) falls back on the usual names.
    """
    office = next((r.part for r in pkg.rels("") if r.type.endswith("/officeDocument")
                   and not r.external and r.part in pkg), None)
    workbook = office or pkg.member("xl/workbook.xml") or "xl/workbook.xml"
    rels = [r for r in pkg.rels(workbook) if not r.external and r.part in pkg]

    def by_type(suffix: str, usual: str) -> str | None:
        return next((r.part for r in rels if r.type.endswith(suffix)), None) or pkg.member(usual)

    return WorkbookParts(workbook, {r.id: r.part for r in rels},
                         by_type("/sharedStrings", "xl/sharedStrings.xml"), by_type("/styles", "xl/styles.xml"))
