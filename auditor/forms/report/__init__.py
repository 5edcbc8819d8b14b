"""The narrative report (自评报告) sent on its own, with no workbook: a form of one file whose
model is the report itself.

Bureaus often receive, and departments publish, only the report (决算公开 carries the
部门整体支出绩效自评情况 as text), and its own arithmetic is where its errors are.  No
workbook is ever recognised as this form (``recognise`` scores 0): the API routes a file
here when the guard finds a report where a workbook was expected (S031 before).  Its
rules (family R, ``rules/``) judge what the report states against what it states
elsewhere; those that only a report alone needs run for this form only, since beside a
workbook the N rules already compare the same figures with the workbook's.
"""
from __future__ import annotations

from auditor.forms.base import Form, Index, Match, register_form


@register_form
class ReportForm(Form):
    id = "report"
    name = {"zh": "自评报告", "en": "Self-evaluation report (自评报告)"}
    workbook = False   # not offered where a workbook's form is chosen (check --form, template)

    def recognise(self, index: Index) -> Match:
        return Match(self.id, 0.0)

    def read(self, source, kind: str | None, limits, index: Index | None = None, name: str | None = None):
        """``source`` is the report as ``auditor.narrative.read_report`` read it: the
        narrative reader sits above the forms (it knows their vocabulary)."""
        from auditor.forms.report.model import model_of

        return model_of(source, name)

    def pack(self, year: int | None, region: str | None = None, rules_file=None):
        """The department form's pack: its grade bands are what a report's 等级 is judged by."""
        from auditor.forms.department import packs

        return packs.load_file(rules_file) if rules_file else packs.for_year(year)

    def write_template(self, fh, year: int) -> None:
        raise NotImplementedError("a narrative report has no template")
