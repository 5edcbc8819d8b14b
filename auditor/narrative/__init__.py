"""The narrative report beside the workbook (自评报告): reading it and what it states.

``read_report(path)`` gives a ``Report`` (numbered lines, paragraphs, sentences);
``report.facts`` gives what it states (``Facts``), each figure with its sentence.
"""
from auditor.narrative.extract import (Change, Facts, Figure, IndicatorClaim, Stated, extract,
                                       name_key)
from auditor.narrative.read import (Paragraph, Report, ReportUnreadable, Sentence, decode_text,
                                    normalize, read_report)

__all__ = ["Change", "Facts", "Figure", "IndicatorClaim", "Paragraph", "Report", "ReportUnreadable",
           "Sentence", "Stated", "decode_text", "extract", "name_key", "normalize", "read_report"]
