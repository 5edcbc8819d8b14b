"""A .docx report's tables as tables: each cell with its table, row and column, and the
paragraph a reviewer finds it at.

Reports such as Hunan's 自评报告 form print tables inside the text (年度收入情况 by
institution); their arithmetic is by row and column, which the report's lines, one cell
paragraph after another, no longer show.  The lines are read as before; the tables are
read beside them, numbered in document order (表1, 表2…), a merged cell repeated over the
grid cells it spans, as a reader of the printed table sees it.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableCell:
    text: str    # as written, its paragraphs joined by a newline
    row: int     # 1-based row of its table
    column: int  # 1-based grid column
    line: int    # the report's line (a .docx's paragraph) where the cell's text starts


@dataclass
class ReportTable:
    number: int                                  # 表1 is the first table of the document
    rows: list[list[TableCell]] = field(default_factory=list)

    @property
    def line(self) -> int:
        """The paragraph the table starts at."""
        return self.rows[0][0].line if self.rows and self.rows[0] else 0


class TableCollector:
    """Collects the tables while the paragraphs are walked: ``start`` a table, then ``cell``
    for every grid cell, a merged cell's repetitions with the line its first one had."""

    def __init__(self):
        self.tables: list[ReportTable] = []

    def start(self) -> ReportTable:
        table = ReportTable(len(self.tables) + 1)
        self.tables.append(table)
        return table

    @staticmethod
    def cell(table: ReportTable, row: int, column: int, text: str, line: int) -> None:
        while len(table.rows) < row:
            table.rows.append([])
        table.rows[row - 1].append(TableCell(text, row, column, line))
