"""What a clerk on the upload page is told about a file that is not a workbook: in the
page's own words (which field to use, what kind of file it is), not the CLI's (flags such
as ``--report``, acronyms such as BIN).  Only the page's copy is reworded; the JSON of
/api/check and what is stored stay the CLI's."""
from __future__ import annotations

import re

from auditor.formats import KIND_LABELS

# what the CLI calls a file's content, in words a clerk knows
KINDS = {
    KIND_LABELS["xlsb"]: "Excel 二进制工作簿（.xlsb）", KIND_LABELS["ods"]: "OpenDocument 表格（.ods）",
    KIND_LABELS["docx"]: "Word 文档", KIND_LABELS["doc"]: "Word 97-2003 文档", KIND_LABELS["zip"]: "压缩包",
    KIND_LABELS["ole"]: "Office 文档（非工作簿）", KIND_LABELS["csv"]: "CSV 文本", KIND_LABELS["html"]: "网页",
    KIND_LABELS["xml"]: "XML 文本", KIND_LABELS["text"]: "文本文件", KIND_LABELS["unknown"]: "无法识别的文件",
}
# what "unknown" bytes often are
MAGICS = ((b"\x89PNG\r\n\x1a\n", "图片（PNG）"), (b"\xff\xd8\xff", "图片（JPEG）"), (b"GIF8", "图片（GIF）"),
          (b"BM", "图片（BMP）"), (b"%PDF", "PDF 文件"), (b"Rar!", "压缩包（RAR）"), (b"7z\xbc\xaf", "压缩包（7z）"))
_FOUND = re.compile(r"实际为 ?([A-Z0-9]+)")


def kind_in_words(label: str, head: bytes) -> str:
    if label == KIND_LABELS["unknown"]:
        for magic, words in MAGICS:
            if head.startswith(magic):
                return words
    return KINDS.get(label, label)


def for_the_page(file: dict, workbook_path: str) -> dict:
    """``file`` (the JSON's) with S022 and S031 told in the upload page's words."""
    if not any(f["code"] in ("S022", "S031") for f in file["findings"]):
        return file
    try:
        with open(workbook_path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        head = b""
    findings = []
    for f in file["findings"]:
        if f["code"] == "S022":
            found = _FOUND.search(f["message"])
            kind = kind_in_words(found.group(1) if found else KIND_LABELS["unknown"], head)
            f = dict(f, message=f"这不是 Excel 工作簿，而是{kind}。请在“自评表”一栏选择自评表工作簿"
                                f"（在 Excel 或 WPS 中打开后另存为 .xlsx 的文件）。")
        elif f["code"] == "S031":
            f = dict(f, message="这是自评报告，不是自评表工作簿。请在“自评表”一栏选择 .xlsx 自评表，"
                                "报告放在“自评报告”一栏（.docx、.txt 或带文字层的 .pdf）。")
        findings.append(f)
    return dict(file, findings=findings)
