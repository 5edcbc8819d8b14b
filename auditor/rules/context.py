"""What a rule's ``check`` sees: the form and its model, the pack, the narrative report."""
from __future__ import annotations

from typing import Any

from auditor.rules.arith import Corrections


class Context:
    """``model``: the form's model (for the department form an
    ``auditor.forms.department.model.Workbook``);
    ``pack``: the form's rule pack for the year; ``report``: auditor.narrative.Report, or
    None when no report was given or found; ``form``: the auditor.forms.Form the model is
    in (the department form when not given); ``report_given``: a report was given or
    found, readable or not."""

    def __init__(self, model: Any = None, pack: Any = None, report: Any = None, form: Any = None, *,
                 report_given: bool = False, wb=None):
        self.model = model if model is not None else wb
        self.pack, self.report, self.report_given = pack, report, report_given
        if form is None:
            from auditor.forms import get

            form = get("department")
        self.form = form
        self.corrections = Corrections()  # what cells judged wrong should hold (rules.arith)
        self._facts = None
        self._project_facts = None

    @property
    def wb(self):
        """The department rules' name for the model."""
        return self.model

    @property
    def facts(self):
        """What the report states (``auditor.narrative.Facts``), extracted once; None when
        there is no report.  The extractor loads only then: most workbooks come without one."""
        if self.report is None:
            return None
        if self._facts is None:
            from auditor.narrative.extract import extract

            self._facts = extract(self.report)
        return self._facts

    @property
    def project_facts(self):
        """What the report states of each project table of a project workbook
        (``auditor.narrative.projects.ProjectFacts``, in the tables' order), extracted once;
        None when there is no report or the model has no projects."""
        projects = getattr(self.model, "projects", None)
        if self.report is None or not projects:
            return None
        if self._project_facts is None:
            from auditor.narrative.projects import extract_projects

            self._project_facts = extract_projects(self.report, [p.title for p in projects])
        return self._project_facts
