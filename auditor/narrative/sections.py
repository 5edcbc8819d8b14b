"""The narrative report's sections, found by their headings: ``一、…`` and ``（一）…``.

A section is its heading paragraph and the paragraphs after it up to the next heading of
either kind; a heading may carry its first sentence after a colon (``三、存在问题：…``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.narrative.read import Paragraph

_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
_NUMBERING = re.compile(r"^(?:\d+[.、．]|[(（]\d+[)）]|[一二三四五六七八九十]+[、是])")


@dataclass
class Section:
    heading: Paragraph
    body: list[Paragraph] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.heading.norm

    @property
    def text(self) -> str:
        """What the section says: its paragraphs, and what its heading carries after a colon."""
        after = self.title.partition(":")[2]
        return after + "".join(p.norm for p in self.body)


def sections(paragraphs: list[Paragraph]) -> list[Section]:
    out: list[Section] = []
    for para in paragraphs:
        if _HEADING.match(para.norm):
            out.append(Section(para))
        elif out:
            out[-1].body.append(para)
    return out


def find(secs: list[Section], words: tuple[str, ...]) -> Section | None:
    """The first section whose heading holds one of ``words``."""
    return next((s for s in secs if any(w in s.title for w in words)), None)


def items(section: Section) -> list[str]:
    """The section's paragraphs as listed items, numbering taken off."""
    return [_NUMBERING.sub("", p.norm, count=1) for p in section.body]
