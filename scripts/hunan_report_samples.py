"""Hunan's 自评报告 form as a .docx, consistent and with planted faults (invented figures).

Written from FORMS.md §2 (Hunan, its last bullet): a cover (部门(单位)名称, 预算编码, 评价方式,
评价机构, 报告日期, "XX县财政局(制)"); 一、基本概况 with 联系人 | 联络电话 and 人员编制 | 实有人数;
年度收入情况（万元）: 机构名称 | 收入合计 | 其中 (上年结转 | 公共财政拨款 | 政府基金拨款 |
纳入专户管理的非税收入拨款 | 其他), rows 汇总 / 1、局机关 / 2、… .  The faulty one plants
FAULTS: one institution's 收入合计 that is not the sum of its sources, and one 汇总 cell that is
not the sum of the institutions' column.  Bytes are fixed (zip times, core properties) so that
a rebuild gives the committed file.
"""
from __future__ import annotations

import datetime as _dt
import io
import zipfile
from pathlib import Path

SOURCES = ["上年结转", "公共财政拨款", "政府基金拨款", "纳入专户管理的非税收入拨款", "其他"]
# (机构名称, its sources in 万元; None prints a blank cell, which is zero)
INSTITUTIONS = [
    ("1、局机关", ["35.60", "1268.45", "120.00", "18.30", "0.00"]),
    ("2、农业综合行政执法大队", ["0.00", "356.20", "0.00", "12.50", "3.10"]),
    ("3、农业技术推广中心", ["8.40", "512.75", "60.00", None, None]),
]
# The faulty sample's planted cells: (table, row, column name) -> what it prints instead.
FAULTS = {
    (2, 4, "收入合计"): "1452.35",        # 局机关: its sources make 1442.35
    (2, 3, "政府基金拨款"): "190.00",     # 汇总: the institutions make 180.00
}
_FIXED = _dt.datetime(2024, 3, 15, 9, 0, 0)


def _cents(text: str | None) -> int:
    return round(float(text) * 100) if text else 0


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def income_rows() -> list[list[str]]:
    """汇总 first, then the institutions; each 收入合计 the sum of its sources."""
    rows = []
    for name, sources in INSTITUTIONS:
        rows.append([name, _money(sum(map(_cents, sources)))] + [s or "" for s in sources])
    columns = [sum(_cents(r[c]) for r in rows) for c in range(1, 2 + len(SOURCES))]
    return [["汇总"] + [_money(c) for c in columns]] + rows


def write_report(path: Path, faults: dict | None = None) -> Path:
    import docx

    document = docx.Document()
    for text in ("2023年度部门整体支出绩效自评报告", "部门(单位)名称：青湖县农业农村局", "预算编码：317001",
                 "评价方式：单位自评", "评价机构：青湖县农业农村局", "报告日期：2024年3月15日", "青湖县财政局(制)",
                 "一、基本概况"):
        document.add_paragraph(text)
    people = document.add_table(rows=2, cols=4)
    for r, values in enumerate((["联系人", "周文", "联络电话", "0730-5201234"],
                                ["人员编制", "58", "实有人数", "55"])):
        for c, value in enumerate(values):
            people.cell(r, c).text = value
    document.add_paragraph("青湖县农业农村局内设办公室、计划财务股等8个股室，下属二级机构2个，实有人数未超过编制。")
    document.add_paragraph("年度收入情况（万元）")
    income = document.add_table(rows=2, cols=2 + len(SOURCES))
    income.cell(0, 0).merge(income.cell(1, 0)).text = "机构名称"
    income.cell(0, 1).merge(income.cell(1, 1)).text = "收入合计"
    income.cell(0, 2).merge(income.cell(0, 1 + len(SOURCES))).text = "其中"
    for c, name in enumerate(SOURCES, start=2):
        income.cell(1, c).text = name
    heads = ["机构名称", "收入合计"] + SOURCES
    for r, values in enumerate(income_rows(), start=3):
        cells = income.add_row().cells
        for c, value in enumerate(values):
            cells[c].text = (faults or {}).get((2, r, heads[c]), value)
    for text in ("二、部门整体支出情况",
                 "2023年度本年收入合计2395.30万元，本年支出合计2361.08万元，年末结转34.22万元。",
                 "三、自评结论",
                 "按照部门整体支出绩效评价指标体系对照打分，自评得分为93分，等级为“优”。",
                 "四、存在问题",
                 "部分绩效指标量化程度不够，二级机构项目资金支付进度前松后紧。",
                 "五、改进措施",
                 "下一年度细化量化绩效指标，按季度跟踪二级机构资金支付进度，及时分析原因并督促整改。"):
        document.add_paragraph(text)
    props = document.core_properties
    props.author, props.last_modified_by, props.revision = "青湖县农业农村局", "青湖县农业农村局", 1
    props.created = props.modified = props.last_printed = _FIXED
    buffer = io.BytesIO()
    document.save(buffer)
    _fixed_zip(buffer.getvalue(), path)
    return path


def _fixed_zip(data: bytes, path: Path) -> None:
    """The package with every member at one fixed time: the same bytes on every build."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), src.read(info),
                         compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


def build_hunan_reports(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    return [write_report(out / "hunan-自评报告-2023.docx"),
            write_report(out / "hunan-自评报告-faulty-2023.docx", FAULTS)]


if __name__ == "__main__":
    import sys

    for p in build_hunan_reports(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "sample_workbooks"):
        print(p)
