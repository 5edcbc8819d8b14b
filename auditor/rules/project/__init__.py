"""Family J: the 项目支出绩效自评表 (one project per table, several per file)."""
from auditor.rules.project import completeness, funds, points, scores  # noqa: F401
