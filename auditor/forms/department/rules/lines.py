"""The department form's tables read by line and column, for its rules."""
from __future__ import annotations

from typing import Iterable

from auditor.forms.department.model import Table
from auditor.values import Value


def column_values(table: Table | None, lines: Iterable[str], column: str) -> list[Value | None]:
    if table is None:
        return []
    return [table.value(k, column) for k in lines if table.has(k)]


def value_at(table: Table | None, line: str, column: str) -> Value | None:
    return table.value(line, column) if table is not None else None
