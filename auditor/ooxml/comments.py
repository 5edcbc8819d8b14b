"""Cell comments (批注): the comments part and the VML drawing that gives each note a box.

A sheet that already has comments keeps them: new notes are appended to its parts, and
a note on a cell that already carries a comment is appended to that comment's rich text
after the original runs. VML is not always well-formed XML (Excel writes bare ``<br>``),
which is one more reason these parts are edited as text.
"""
from __future__ import annotations

import re

from auditor.ooxml.edit import (NS_MAIN, Unsupported, get_attr, insert_before_close, prefix_for, xml_attr, xml_text)

Run = tuple[str, bool]     # (text, bold)

NS_V = "urn:schemas-microsoft-com:vml"
NS_O = "urn:schemas-microsoft-com:office:office"
NS_X = "urn:schemas-microsoft-com:office:excel"


class CommentsXml:
    """A sheet's comments part with notes to add.  Edits are collected and applied in one
    pass by ``text()``: inserting each note into the text as it came cost a copy of the
    whole part per note (16,000 findings on one sheet took minutes)."""

    def __init__(self, xml: str | None, font: str):
        if xml is None:
            xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   f'<comments xmlns="{NS_MAIN}"><authors></authors><commentList></commentList></comments>')
        self.xml = xml
        self.p = prefix_for(xml, NS_MAIN) or ""
        self.font = font
        self.authors = re.findall(rf"<{self.p}author\b[^>]*?(?:/>|>(.*?)</{self.p}author>)", xml, re.S)
        self.refs = set(re.findall(rf'<{self.p}comment\b[^>]*?\bref="([^"]+)"', xml))
        self.new_authors: list[str] = []
        self.new: list[str] = []                      # new <comment> elements, in order
        self.appended: dict[str, list[Run]] = {}      # existing comment's ref -> runs to add

    def author_id(self, name: str) -> int:
        escaped = xml_text(name)
        if escaped in self.authors:
            return self.authors.index(escaped)
        self.new_authors.append(f"<{self.p}author>{escaped}</{self.p}author>")
        self.authors.append(escaped)
        return len(self.authors) - 1

    def has(self, ref: str) -> bool:
        return ref in self.refs

    def add(self, ref: str, runs: list[Run], author: str) -> None:
        aid = self.author_id(author)
        p = self.p
        self.new.append(f'<{p}comment ref="{ref}" authorId="{aid}"><{p}text>{self._runs(runs)}</{p}text></{p}comment>')
        self.refs.add(ref)

    def append(self, ref: str, runs: list[Run]) -> None:
        """Add runs after an existing comment's text, keeping its own runs as they are."""
        self.appended.setdefault(ref, []).extend(runs)

    def _appended_to(self, comment: str, runs: list[Run]) -> str:
        p = self.p
        opening = re.compile(rf"<{p}text\b[^>]*>").search(comment)
        if opening is None:
            return comment
        if opening.group(0).endswith("/>"):
            # an empty comment: only our runs
            return comment[:opening.start()] + f"<{p}text>{self._runs(runs)}</{p}text>" + comment[opening.end():]
        close = comment.find(f"</{p}text>", opening.end())
        if close < 0:
            raise Unsupported("a comment's text is not closed")
        start, body = opening.end(), comment[opening.end():close]
        # A bare <t> holds plain text; it becomes a run so runs can follow it.
        bare = re.match(rf"\s*(<{p}t\b[^>]*?(?:/>|>.*?</{p}t>))", body, re.S)
        if bare:
            body = body[:bare.start(1)] + f"<{p}r>{bare.group(1)}</{p}r>" + body[bare.end(1):]
        # runs come before any phonetic parts (CT_Rst order: t, r*, rPh*, phoneticPr)
        phonetic = re.search(rf"<{p}(?:rPh|phoneticPr)\b", body)
        at = phonetic.start() if phonetic else len(body)
        body = body[:at] + self._runs([("\n\n", False)] + runs) + body[at:]
        return comment[:start] + body + comment[close:]

    def _runs(self, runs: list[Run]) -> str:
        p = self.p
        out = []
        for text, bold in runs:
            props = (f"<{p}rPr>" + (f"<{p}b/>" if bold else "") + f'<{p}sz val="9"/>'
                     f'<{p}color indexed="81"/><{p}rFont val={xml_attr(self.font)}/></{p}rPr>')
            out.append(f'<{p}r>{props}<{p}t xml:space="preserve">{xml_text(text)}</{p}t></{p}r>')
        return "".join(out)

    def text(self) -> str:
        xml, p = self.xml, self.p
        if self.appended:
            pending = dict(self.appended)

            def extend(m):
                if m.group(1) is None:   # a self-closed comment: nothing to extend
                    return m.group(0)
                ref = re.search(r'\bref="([^"]+)"', m.group(1))
                runs = pending.pop(ref.group(1), None) if ref else None
                return self._appended_to(m.group(0), runs) if runs else m.group(0)
            xml = re.sub(rf"<{p}comment\b[^>]*?/>|(<{p}comment\b[^>]*>).*?</{p}comment>", extend, xml, flags=re.S)
        if self.new_authors:
            xml = insert_before_close(xml, "authors", "".join(self.new_authors))
        if self.new:
            xml = insert_before_close(xml, "commentList", "".join(self.new))
        return xml


_SHAPETYPE = (
    '<{v}shapetype id="_x0000_t202" coordsize="21600,21600" {o}spt="202" path="m,l,21600r21600,l21600,xe">'
    '<{v}stroke joinstyle="miter"/><{v}path gradientshapeok="t" {o}connecttype="rect"/></{v}shapetype>')


class VmlXml:
    """The legacy drawing holding the note boxes of one sheet."""

    def __init__(self, xml: str | None, block: int):
        if xml is None:
            xml = (f'<xml xmlns:v="{NS_V}" xmlns:o="{NS_O}" xmlns:x="{NS_X}">'
                   f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/></o:shapelayout>'
                   '</xml>')
        self.xml = xml
        self.v = self._prefix(NS_V, "v")
        self.o = self._prefix(NS_O, "o")
        self.x = self._prefix(NS_X, "x")
        ids = [int(n) for n in re.findall(r"_x0000_s(\d+)", xml)]
        self.next_id = max(ids) + 1 if ids else block * 1024 + 1
        self.added: list[str] = []
        if "_x0000_t202" not in xml:
            self.added.append(_SHAPETYPE.format(v=self.v, o=self.o))

    def _prefix(self, namespace: str, fallback: str) -> str:
        m = re.search(rf'xmlns:([\w.-]+)\s*=\s*["\']{re.escape(namespace)}["\']', self.xml)
        if m:
            return m.group(1) + ":"
        # Declare it on the root so our shapes can use it.
        self.xml = re.sub(r"<xml\b", f'<xml xmlns:{fallback}="{namespace}"', self.xml, count=1)
        return fallback + ":"

    def add_note(self, row: int, col: int, lines: int) -> None:
        """A hidden note box for the 1-based cell (row, col), sized for ``lines`` lines."""
        v, o, x = self.v, self.o, self.x
        r0, c0 = row - 1, col - 1
        height = max(4, min(lines, 30)) + 1
        top = max(r0 - 1, 0)
        anchor = f"{c0 + 1}, 15, {top}, 10, {c0 + 5}, 15, {top + height}, 4"
        self.added.append(
            f'<{v}shape id="_x0000_s{self.next_id}" type="#_x0000_t202" '
            f'style="position:absolute;margin-left:80pt;margin-top:2pt;width:260pt;'
            f'height:{height * 12}pt;z-index:{self.next_id % 1024};visibility:hidden" '
            f'fillcolor="#ffffe1" {o}insetmode="auto">'
            f'<{v}fill color2="#ffffe1"/><{v}shadow on="t" color="black" obscured="t"/>'
            f'<{v}path {o}connecttype="none"/>'
            f'<{v}textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></{v}textbox>'
            f'<{x}ClientData ObjectType="Note"><{x}MoveWithCells/><{x}SizeWithCells/>'
            f'<{x}Anchor>{anchor}</{x}Anchor><{x}AutoFill>False</{x}AutoFill>'
            f'<{x}Row>{r0}</{x}Row><{x}Column>{c0}</{x}Column></{x}ClientData></{v}shape>')
        self.next_id += 1

    def text(self) -> str:
        at = self.xml.rfind("</xml>")
        if at < 0:
            raise Unsupported("a VML drawing has no closing </xml>")
        return self.xml[:at] + "".join(self.added) + self.xml[at:]


def idmap_blocks(vml: str) -> set[int]:
    """The shape-id blocks a VML part claims (``<o:idmap data="1,2"/>``)."""
    out = set()
    for tag in re.findall(r"<[\w.-]*:?idmap\b[^>]*>", vml):
        for part in (get_attr(tag, "data") or "").split(","):
            if part.strip().isdigit():
                out.add(int(part))
    return out
