"""A fresh .xlsx holding only the cell values (and merges) of a workbook we cannot edit
in place: a legacy .xls, or a package the surgery refuses. The caller says so in the
findings sheet; this module only builds the copy."""
from __future__ import annotations

import datetime as dt
import io

import python_calamine
import xlsxwriter


def values_copy(data: bytes) -> bytes:
    """An .xlsx with every worksheet's values and merged ranges. Strings stay strings:
    text such as ``=HYPERLINK(...)`` is never turned into a formula or a link."""
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False, "strings_to_numbers": False})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    datetime_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    time_fmt = wb.add_format({"num_format": "hh:mm:ss"})
    duration_fmt = wb.add_format({"num_format": "[h]:mm:ss"})
    worksheets = [m.name for m in book.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
    for name in worksheets or book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        ws = wb.add_worksheet(name)
        rows = sheet.to_python(skip_empty_area=False)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                _write(ws, r, c, value, date_fmt, datetime_fmt, time_fmt, duration_fmt)
        for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or ():
            if (r1, c1) == (r2, c2):
                continue
            value = rows[r1][c1] if r1 < len(rows) and c1 < len(rows[r1]) else ""
            ws.merge_range(r1, c1, r2, c2, "")
            _write(ws, r1, c1, value, date_fmt, datetime_fmt, time_fmt, duration_fmt)
    wb.close()
    return out.getvalue()


def _write(ws, r, c, value, date_fmt, datetime_fmt, time_fmt, duration_fmt) -> None:
    if value == "" or value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(r, c, value)
    elif isinstance(value, (int, float)):
        ws.write_number(r, c, value)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(r, c, value, datetime_fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, value, date_fmt)
    elif isinstance(value, dt.time):
        ws.write_datetime(r, c, value, time_fmt)
    elif isinstance(value, dt.timedelta):
        ws.write_number(r, c, value.total_seconds() / 86400, duration_fmt)
    else:
        ws.write_string(r, c, str(value))
