"""Files the batch could not read, or read only by guessing: S020–S039.

``auditor.guards`` emits these before the workbook reader opens a file (``inspect``) and
when reading a file raised (``classify_exception``); no ``check`` runs for them.  Each
stands for one whole file, so a batch of hundreds reports it and goes on.  The Chinese
message tells the department what to do; the file is never changed.
"""
from __future__ import annotations

from auditor.codes.base import ERROR, WARNING, Rule, register


class _Unreadable(Rule):
    emitted_elsewhere = True
    tags = ("readability",)


@register
class EmptyFile(_Unreadable):
    """The file has no content at all (0 bytes).

    Bad: ``财政局.xlsx`` of 0 bytes, left by an upload or a copy that failed.
    Good: the workbook as saved by Excel or WPS, a few dozen KB or more.
    """

    code = "S020"
    action = {"zh": "请重新报送完整的工作簿", "en": "Send the complete workbook again"}
    name = "empty-file"
    severity = ERROR
    message = {
        "zh": "文件为空（0 字节），可能上传或复制失败，请重新提交完整的工作簿",
        "en": "The file is empty (0 bytes); the upload or copy probably failed; submit the workbook again",
    }


@register
class CorruptFile(_Unreadable):
    """The file is a damaged container: a truncated or corrupt zip (.xlsx) or compound file (.xls).

    Bad: an .xlsx cut short by an interrupted download, so its zip directory is missing
    (the message quotes the error, e.g. ``File is not a zip file`` or ``Bad CRC-32``).
    Good: the same workbook opened in Excel or WPS and saved again, then submitted.
    """

    code = "S021"
    action = {"zh": "请在 Excel 或 WPS 中打开后另存为 .xlsx 重新报送",
              "en": "Open it in Excel or WPS, save as .xlsx and send it again"}
    name = "corrupt-file"
    severity = ERROR
    tags = ("readability", "corrupt")
    message = {
        "zh": "文件已损坏或不完整（{detail}），请在 Excel/WPS 中打开确认后另存为 .xlsx 重新提交",
        "en": "The file is damaged or incomplete ({detail}); open it in Excel/WPS, save it again as .xlsx and resubmit",
    }


@register
class NotASpreadsheet(_Unreadable):
    """The content is not an Excel workbook, whatever the extension says.

    Bad: a CSV, an HTML table ("export to Excel" from some systems), a Word document or
    random bytes, named ``部门自评.xlsx``.
    Good: the table opened in Excel or WPS and saved as an Excel workbook (.xlsx).
    """

    code = "S022"
    action = {"zh": "请在 Excel 或 WPS 中打开后另存为 .xlsx 重新报送",
              "en": "Open it in Excel or WPS, save as .xlsx and send it again"}
    name = "not-a-spreadsheet"
    severity = ERROR
    tags = ("readability", "format")
    message = {
        "zh": "文件内容不是 Excel 工作簿（实际为 {found}），请在 Excel/WPS 中打开后另存为 .xlsx 重新提交",
        "en": "The file is not an Excel workbook (its content is {found}); open it in Excel/WPS, save it as .xlsx and resubmit",
    }


@register
class RenamedFormat(_Unreadable):
    """The content is another workbook format than the extension says; it is read by its content.

    Bad: an Excel 97–2003 file renamed from ``.xls`` to ``.xlsx`` (or the reverse).
    Good: the workbook saved as .xlsx from Excel's "Save As" dialog, not renamed.
    """

    code = "S023"
    action = {"zh": "请另存为 .xlsx 后重新报送", "en": "Save it as .xlsx and send it again"}
    name = "renamed-format"
    severity = WARNING
    tags = ("readability", "format")
    message = {
        "zh": "文件扩展名为 {extension}，但内容是 {content} 格式，已按实际格式读取；请另存为 .xlsx 后重新提交",
        "en": "The extension is {extension} but the content is {content}; it was read as {content}; save it as .xlsx and resubmit",
    }


@register
class Encrypted(_Unreadable):
    """The workbook is encrypted (password to open), so its content cannot be read.

    Bad: a workbook saved with "Encrypt with Password" / 文件加密.
    Good: the same workbook with the password removed (sheet protection alone is fine).
    """

    code = "S024"
    action = {"zh": "请取消密码保护后重新报送", "en": "Remove the password and send it again"}
    name = "encrypted"
    severity = ERROR
    tags = ("readability", "encrypted")
    message = {
        "zh": "文件已设置打开密码（加密），无法读取；请取消密码保护后重新提交",
        "en": "The file is password-protected (encrypted) and cannot be read; remove the password and resubmit",
    }


@register
class ZipBomb(_Unreadable):
    """The .xlsx zip is over a safety limit: member count, total uncompressed size or compression ratio.

    Bad: a 1 MB file whose one member inflates to 1 GiB of zeros (the message names the
    limit, e.g. ``ratio 1028:1 > 200:1 (xl/worksheets/sheet1.xml)``).
    Good: a workbook Excel or WPS saved; real ones stay far below every limit.
    """

    code = "S025"
    action = {"zh": "请在 Excel 或 WPS 中打开后另存为 .xlsx 重新报送",
              "en": "Open it in Excel or WPS, save as .xlsx and send it again"}
    name = "zip-limits"
    severity = ERROR
    tags = ("readability", "security")
    message = {
        "zh": "文件压缩结构超出安全限制（{reason}），未读取；请在 Excel/WPS 中打开后另存为 .xlsx 重新提交",
        "en": "The file's zip structure exceeds a safety limit ({reason}) and was not read; save it again as .xlsx and resubmit",
    }


@register
class XmlEntities(_Unreadable):
    """A part of the workbook declares a DTD or XML entities, which are refused.

    Bad: ``xl/workbook.xml`` starting with ``<!DOCTYPE x [<!ENTITY a "...">]>`` (the
    "billion laughs" expansion) or an external entity reference.
    Good: the workbook as Excel or WPS writes it; they never declare a DTD.
    """

    code = "S026"
    action = {"zh": "请在 Excel 或 WPS 中另存为 .xlsx 后重新报送", "en": "Save it as .xlsx in Excel or WPS and send it again"}
    name = "xml-entities"
    severity = ERROR
    tags = ("readability", "security")
    message = {
        "zh": "文件内部 XML 含有 DTD 或实体声明（{detail}），出于安全原因未读取；请在 Excel/WPS 中另存为 .xlsx 后重新提交",
        "en": "The file's XML declares a DTD or entities ({detail}), refused for safety; save it again as .xlsx in Excel/WPS and resubmit",
    }


@register
class SheetTooLarge(_Unreadable):
    """A sheet has more rows than the reader parses (``Limits.max_sheet_rows``); reading stopped there.

    Bad: a sheet whose formatting runs to row 1,048,576, or a data dump of a million rows
    pasted beside the 自评表.
    Good: the 自评表 with its few hundred rows; extra data in a separate file.
    """

    code = "S027"
    action = {"zh": "请删除多余的行后重新报送", "en": "Delete the extra rows and send it again"}
    name = "sheet-too-large"
    severity = ERROR
    tags = ("readability", "limits")
    message = {
        "zh": "工作表「{sheet}」超过 {limit} 行（至少 {rows} 行），未完整读取；请删除多余的行（含空白格式行）后重新提交",
        "en": "Sheet '{sheet}' has more than {limit} rows (at least {rows}) and was not fully read; delete the extra rows (formatted blanks too) and resubmit",
    }


@register
class ResourceLimit(_Unreadable):
    """Reading the file went over the per-file time or memory limit.

    Bad: a workbook whose reading takes minutes or gigabytes (huge styles, millions of
    cells), which would stall the whole batch.
    Good: the 自评表 alone, saved as .xlsx; it reads in well under a second.
    """

    code = "S028"
    action = {"zh": "请删除多余内容后另存为 .xlsx 重新报送", "en": "Remove what is not needed, save as .xlsx and send it again"}
    name = "resource-limit"
    severity = ERROR
    tags = ("readability", "limits")
    message = {
        "zh": "读取该文件超出资源限制（{limit}），已跳过；请删除多余内容后另存为 .xlsx 重新提交",
        "en": "Reading the file exceeded a resource limit ({limit}) and it was skipped; remove extra content, save as .xlsx and resubmit",
    }


@register
class ReadFailed(_Unreadable):
    """The file could not be read for another reason; the error's class and message are given.

    Bad: a file the reader fails on with, e.g., ``PermissionError: [Errno 13] Permission denied``.
    Good: a readable .xlsx saved by Excel or WPS.
    """

    code = "S029"
    action = {"zh": "请在 Excel 或 WPS 中打开确认后另存为 .xlsx 重新报送",
              "en": "Open it in Excel or WPS, save as .xlsx and send it again"}
    name = "read-failed"
    severity = ERROR
    message = {
        "zh": "无法读取该文件（{error}: {detail}），请在 Excel/WPS 中打开确认后另存为 .xlsx 重新提交",
        "en": "The file could not be read ({error}: {detail}); open it in Excel/WPS, save it as .xlsx and resubmit",
    }


@register
class OtherSpreadsheetFormat(_Unreadable):
    """A file that looks like a department's workbook, in a format that cannot be audited.

    The batch lists every such file in its folder (WPS ``.et``, ``.ods``, ``.xlsb``, ``.csv``,
    Apple ``.numbers``), so that no department is left out of the summary unnoticed.
    Bad: ``林业局自评表.et`` saved in WPS's own format.
    Good: the same workbook saved from WPS as ``林业局自评表.xlsx`` (另存为 → Excel 工作簿).
    """

    code = "S030"
    action = {"zh": "请另存为 Excel 工作簿（.xlsx）后重新报送", "en": "Save it as an Excel workbook (.xlsx) and send it again"}
    name = "other-spreadsheet-format"
    severity = ERROR
    tags = ("readability", "format")
    message = {
        "zh": "{extension} 格式的文件无法审核，未纳入本次审核；请在 Excel/WPS 中打开，“另存为” Excel 工作簿（.xlsx）后重新提交",
        "en": "A {extension} file cannot be audited and was left out; open it in Excel/WPS, save it as an Excel workbook (.xlsx) and resubmit",
    }


@register
class ReportNotWorkbook(_Unreadable):
    """A narrative report (自评报告) in a format the narrative reader cannot read (.doc, .wps), with no workbook.

    A .docx, .txt or text-layer PDF sent alone is checked as a report (the report form,
    family R); a .doc or .wps cannot be read at all.
    Bad: ``auditor check 林业局自评报告.doc``; a ``林业局.wps`` in the batch folder with no
    ``林业局.xlsx`` beside it.
    Good: ``林业局.xlsx`` with ``林业局.docx`` beside it (same name): the report is paired with
    its workbook by name, or named with ``check --report``.
    """

    code = "S031"
    action = {"zh": "请报送同名的 .xlsx 自评表", "en": "Send the .xlsx workbook of the same name"}
    name = "report-not-workbook"
    severity = ERROR
    tags = ("readability", "format")
    message = {
        "zh": "这是自评报告（{extension}），不是自评表工作簿，无法审核：请提交同名的 .xlsx 自评表，报告按文件名与之配对"
              "（或用 --report 指定）；报告请保存为 .docx、.txt 或带文字层的 .pdf",
        "en": "This is a narrative report ({extension}), not the workbook, and cannot be audited: submit the .xlsx "
              "workbook of the same name, which the report is paired with by name (or named with --report); "
              "save the report as .docx, .txt or a PDF with text",
    }


@register
class EntrySkipped(_Unreadable):
    """An entry of the batch folder that was not read: a link leading outside the folder, a loop
    of links, a link to nothing, a second link to a file already read, a FIFO, device or
    socket, or a folder that cannot be listed.

    The batch never leaves its folder (an outside file would be read and copied into the
    outputs) and never opens what is not a regular file (a FIFO blocks the reader), but it
    says what it passed over, so that a department's file is not missed unnoticed.
    Bad: ``林业局.xlsx`` a shortcut (symbolic link) to a file on another drive.
    Good: the workbook itself copied into the folder.
    """

    code = "S032"
    action = {"zh": "请检查文件后重新报送", "en": "Check the file and send it again"}
    name = "entry-skipped"
    severity = WARNING
    tags = ("readability", "folder")
    message = {
        "zh": "未读取：{reason}",
        "en": "Not read: {reason}",
    }


@register
class CopyNotMade(_Unreadable):
    """The annotated copy of a workbook that was checked could not be made or written.

    The findings stand as they are; only the marked-up copy is missing, and why is said
    (the package cannot be edited, the annotation went over the time or memory limit, the
    output folder cannot be written or is the source's own folder).
    Bad: ``auditor check 甲局.xlsx --annotate .`` run inside the workbook's own folder.
    Good: ``--annotate`` naming another folder.
    """

    code = "S033"
    action = {"zh": "无需处理；审核结果已给出", "en": "Nothing to do: the findings stand"}
    name = "copy-not-made"
    severity = WARNING
    tags = ("annotate",)
    message = {
        "zh": "未能生成标注副本（{reason}）；审核结果不受影响",
        "en": "No annotated copy was made ({reason}); the findings stand",
    }


SKIP_REASONS = {
    "link-outside": ("这是指向本文件夹以外的链接（快捷方式），出于安全不予读取；请把文件本身复制进来",
                     "a link (shortcut) leading outside the folder, never followed; copy the file itself in"),
    "link-loop": ("这是循环链接（链接最终指向自身），无法读取",
                  "a loop of links (it leads back to itself)"),
    "link-broken": ("这是指向不存在文件的链接", "a link to nothing"),
    "duplicate": ("这是指向 {detail} 的链接，该文件已审核一次", "a link to {detail}, which is checked once"),
    "special": ("这不是普通文件（{detail}），不予打开", "not a regular file ({detail}), never opened"),
    "unlistable": ("无法读取该文件夹或条目（{detail}）", "the folder or entry cannot be listed ({detail})"),
}


def entry_skipped(path, why: str, detail: str = ""):
    """The S032 finding for an entry discovery passed over (``auditor.batch.discover.Skipped``)."""
    from auditor.codes.bilingual import Bilingual
    from auditor.findings import Location

    zh, en = SKIP_REASONS[why]
    return EntrySkipped.at(Location(file=str(path)),
                           reason=Bilingual(zh.format(detail=detail), en.format(detail=detail)))


def not_auditable(path):
    """The finding for a file that looks like a submission and cannot be audited."""
    from pathlib import Path

    from auditor.findings import Location

    ext = Path(path).suffix.lower() or "(none)"
    rule = ReportNotWorkbook if ext in REPORT_SUFFIXES else OtherSpreadsheetFormat
    return rule.at(Location(file=str(path)), extension=ext)


# What a narrative report is saved as; given where a workbook was expected, it is one.
# Also what a workbook's report is looked for as, beside it, in this order: the readable
# formats, then the unreadable ones a department may still send (so that it hears why,
# N002, rather than that none was found).
REPORT_SUFFIXES = (".docx", ".txt", ".pdf", ".doc", ".wps")
