"""Family J: the 项目支出绩效自评表 (one project per table, several per file); and N015–N017,
the project report against its tables."""
from auditor.rules.project import completeness, funds, narrative, points, scores  # noqa: F401
