"""Reading the narrative report (自评报告) into numbered lines, paragraphs and sentences.

A report arrives as .docx, .txt or a PDF with a text layer.  Whatever the format, it
becomes a list of lines numbered as a reviewer finds them (the file's own lines; for a
.docx its paragraphs, table-cell paragraphs included, in document order).  Reports
pasted out of PDFs break sentences at page ends, so lines are joined into paragraphs
where a line plainly runs on; every sentence keeps the line it starts on.

Matching happens on a normalised view (half-width, no spaces inside figures, LaTeX and
Markdown left over from conversion tools undone); findings quote the original text.
"""
from __future__ import annotations

import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from auditor.findings import Location, by_paragraph
from auditor.limits import Limits
from auditor.numbers import normalize_text


class ReportUnreadable(Exception):
    """The report exists but yields no text we can check; the message says why, in Chinese
    and in English (``reason``), so that a finding quotes it in its own language."""

    def __init__(self, zh: str, en: str | None = None):
        from auditor.codes.bilingual import Bilingual

        self.reason = Bilingual(zh, en if en is not None else zh)
        super().__init__(zh if en is None else f"{zh} / {en}")


def over_limits(seconds: float) -> ReportUnreadable:
    """Why a report stopped by its own time budget (``Limits.max_report_seconds``) or the
    memory limit was not checked."""
    return ReportUnreadable(f"读取和核对报告超出限制（{seconds:g} 秒或内存上限），未核对",
                            f"reading and checking the report went over its limits ({seconds:g} s, or memory); "
                            f"not checked")


@dataclass(frozen=True)
class Sentence:
    line: int   # 1-based line the sentence starts on
    text: str   # as written, for quoting
    norm: str   # for matching


@dataclass
class Paragraph:
    line: int
    text: str
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def norm(self) -> str:
        return "".join(s.norm for s in self.sentences)


@dataclass
class Report:
    """``lines``: a .txt's lines, a .docx's paragraphs, a PDF's lines page after page;
    ``pages``: for a PDF, the number of the first line of each page; ``tables``: a .docx's
    tables, cell by cell, each cell at the line its text starts on."""

    path: str
    lines: list[str]
    pages: list[int] = field(default_factory=list)
    tables: list = field(default_factory=list)   # a .docx's tables (``auditor.narrative.tables``)

    def loc(self, line: int | None) -> Location:
        return Location(file=self.path, line=line)

    @property
    def by_paragraph(self) -> bool:
        return by_paragraph(self.path)

    def where(self, line: int):
        """Where a line is, as the reader of this file finds it: 第12行; a .docx's 第12段;
        a PDF's 第2页第5行 (``Bilingual``, so an English message says it in English)."""
        from auditor.codes.bilingual import Bilingual

        if self.by_paragraph:
            return Bilingual(f"第{line}段", f"paragraph {line}")
        if self.pages:
            page = max(i for i, first in enumerate(self.pages, start=1) if first <= line)
            at = line - self.pages[page - 1] + 1
            return Bilingual(f"第{page}页第{at}行", f"page {page}, line {at}")
        return Bilingual(f"第{line}行", f"line {line}")

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        return paragraphs_of(self.lines)


# --- normalising -------------------------------------------------------------------------

_LATEX = [(re.compile(r"\\geq?(?![a-z])"), "≥"), (re.compile(r"\\leq?(?![a-z])"), "≤"),
          (re.compile(r"\\neq(?![a-z])"), "≠"), (re.compile(r"\\times(?![a-z])"), "×"),
          (re.compile(r"\\%"), "%"), (re.compile(r"\$"), "")]
# Conversion tools sometimes render 和 as the English word between two Chinese words.
_AND = re.compile(r"(?<=[\u4e00-\u9fff])\s*\band\b\s*(?=[\u4e00-\u9fff])")
_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")


def normalize(text: str) -> str:
    """The matching view of a piece of prose: ``2023 年`` → ``2023年``, ``$\\geq 85\\%$`` → ``≥85%``,
    full-width to half-width (so ``，`` becomes ``,``), no ``**`` bold markers, no quotes."""
    for pattern, repl in _LATEX:
        text = pattern.sub(repl, text)
    text = text.replace("**", "")
    text = _AND.sub("和", text)
    return normalize_text(text).translate(_QUOTES)


# --- paragraphs and sentences ------------------------------------------------------------

_TERMINAL = tuple("。；;！!？?：:")
# A line that starts a new block: list numbering (一、 （1） 1. 1、), or "name：" as an
# indicator paragraph begins.  ``5199.03`` at a line start is a number, not numbering.
_STARTS_BLOCK = re.compile(
    r"^(?:[（(]\s*[0-9一二三四五六七八九十]+\s*[)）]|[一二三四五六七八九十]+[、是]|\d+\s*[.、．](?!\d)"
    r"|[^，。；,;:：]{2,30}[：:])")
_SENTENCE_END = re.compile(r"(?<=[。；;！!？?])")


def _is_title(norm: str) -> bool:
    """A heading or a cover field: short, and no clause punctuation inside."""
    return len(norm) <= 30 and not any(ch in norm for ch in ",;。")


def _runs_on(prev: str, nxt: str) -> bool:
    p = normalize(prev)
    return (bool(p) and not p.endswith(_TERMINAL) and not _is_title(p)
            and not _STARTS_BLOCK.match(nxt.strip().replace("**", "")))


def paragraphs_of(lines: list[str]) -> list[Paragraph]:
    """Group non-empty lines into paragraphs and split those into sentences."""
    groups: list[list[tuple[int, str]]] = []
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text:
            continue
        if groups and _runs_on(groups[-1][-1][1], text):
            groups[-1].append((number, text))
        else:
            groups.append([(number, text)])
    return [_paragraph(g) for g in groups]


def _paragraph(group: list[tuple[int, str]]) -> Paragraph:
    starts, text = [], ""
    for number, piece in group:
        starts.append((len(text), number))
        text += piece
    para = Paragraph(group[0][0], text)
    offset = 0
    for piece in _SENTENCE_END.split(text):
        if piece.strip():
            line = max(n for start, n in starts if start <= offset + len(piece) - len(piece.lstrip()))
            para.sentences.append(Sentence(line, piece.strip(), normalize(piece)))
        offset += len(piece)
    return para


# --- formats -----------------------------------------------------------------------------

def read_report(path, limits: Limits | None = None) -> Report:
    """Read a .docx, .txt or text-layer .pdf report; raise ReportUnreadable when that fails,
    or when it goes over ``limits`` (checked before anything is read or inflated)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if not p.is_file():
        raise ReportUnreadable(f"报告文件不存在：{p}", f"report file not found: {p}")
    readers = {".txt": _read_txt, ".text": _read_txt, ".md": _read_txt,
               ".docx": _read_docx, ".pdf": _read_pdf}
    if suffix not in readers:
        raise ReportUnreadable(
            f"不支持的报告格式 {suffix or '(无扩展名)'}，请另存为 .docx、.txt 或带文字层的 .pdf",
            f"unsupported report format {suffix or '(none)'}: save it as .docx, .txt or a PDF with text")
    limits = limits or Limits()
    _guard(p, suffix, limits)
    lines = readers[suffix](p)
    pages, tables = [], []
    if isinstance(lines, tuple):  # a PDF's lines and where each page starts; a .docx's lines and tables
        lines, extra = lines
        if suffix == ".pdf":
            pages = extra
        else:
            tables = extra
    if sum(map(len, lines)) > limits.max_report_chars:
        raise ReportUnreadable(f"报告文字过长（超过 {limits.max_report_chars:,} 个字符），未核对",
                               f"the report holds more than {limits.max_report_chars:,} characters; not checked")
    if not any(line.strip() for line in lines):
        raise ReportUnreadable(f"报告中没有文字：{p.name}", f"the report holds no text: {p.name}")
    return Report(str(p), lines, pages, tables)


def _guard(p: Path, suffix: str, limits: Limits) -> None:
    """The workbook's guards for a report: its size, and for a .docx the zip's member count,
    declared sizes and ratios and any DOCTYPE (auditor.ooxml, as for a workbook), all
    before python-docx inflates a byte."""
    from auditor.ooxml.package import OverLimits, Package

    size = p.stat().st_size
    if size > limits.max_report_bytes:
        raise ReportUnreadable(f"报告文件过大（{size:,} 字节，上限 {limits.max_report_bytes:,}），未核对",
                               f"the report file is too large ({size:,} bytes, limit {limits.max_report_bytes:,})")
    if suffix != ".docx":
        return
    try:
        with Package.open(p, limits) as pkg:
            problem, dtd = pkg.scan()
    except OverLimits as exc:
        reason = exc.reason
    except (zipfile.BadZipFile, zlib.error, struct.error, ValueError, EOFError, OSError) as exc:
        raise ReportUnreadable(f"无法打开 .docx 文件：{exc}", f"cannot open the .docx file: {exc}") from exc
    else:
        reason = problem[1] if problem else (f"DOCTYPE in {dtd}" if dtd else None)
    if reason:
        raise ReportUnreadable(f".docx 文件超出安全限制（{reason}），未核对",
                               f"the .docx goes over the safety limits ({reason}); not checked")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ReportUnreadable(f"无法识别文本编码（既非 UTF-8 也非 GB18030）：{exc}",
                               f"text is neither UTF-8 nor GB18030: {exc}") from exc


def _read_txt(p: Path) -> list[str]:
    return decode_text(p.read_bytes()).splitlines()


def _read_docx(p: Path) -> tuple[list[str], list]:
    try:
        import docx
        document = docx.Document(str(p))
    except Exception as exc:  # a damaged or mislabelled file: python-docx raises many kinds
        raise ReportUnreadable(f"无法打开 .docx 文件：{exc}", f"cannot open the .docx file: {exc}") from exc
    paragraphs, tables = docx_contents(document)
    return [para.text for para in paragraphs], tables


def docx_paragraphs(document) -> list:
    """A python-docx document's paragraphs in reading order, table-cell paragraphs included:
    a .docx report's lines, numbered as findings number them (the annotated copy finds
    each finding's paragraph by the same count)."""
    return docx_contents(document)[0]


def docx_contents(document) -> tuple[list, list]:
    """``docx_paragraphs`` and, beside them, the document's tables cell by cell
    (``auditor.narrative.tables``), each cell at the number of its first paragraph."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    from auditor.narrative.tables import TableCollector

    out: list = []
    collector = TableCollector()

    def table(tbl: Table) -> None:
        seen: dict = {}
        grid = collector.start()
        for r, row in enumerate(tbl.rows, start=1):
            for c, cell in enumerate(row.cells, start=1):
                # A merged cell repeats across the cells it spans: read once, placed in
                # each.  The dict holds the elements themselves: an id() could be reused
                # once a proxy is freed.
                if cell._tc not in seen:
                    seen[cell._tc] = len(out) + 1
                    block(cell._tc, cell)
                collector.cell(grid, r, c, cell.text, seen[cell._tc])

    def block(element, parent) -> None:
        for child in element.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                out.append(DocxParagraph(child, parent))
            elif tag == "tbl":
                table(Table(child, parent))

    block(document.element.body, document)
    return out, collector.tables


def _read_pdf(p: Path) -> tuple[list[str], list[int]]:
    try:
        from pypdf import PdfReader
        reader = PdfReader(str(p))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many kinds on damaged or protected files
        raise ReportUnreadable(f"无法读取 PDF 文件：{exc}", f"cannot read the PDF: {exc}") from exc
    lines, starts = [], []
    for text in pages:
        starts.append(len(lines) + 1)
        lines.extend(text.splitlines())
    if not any(unicodedata.normalize("NFKC", line).strip() for line in lines):
        raise ReportUnreadable("PDF 没有文字层（可能是扫描件），请提供 .docx 或 .txt",
                               "the PDF has no text layer (a scan?): supply .docx or .txt")
    return lines, starts
