"""Terminal text: findings grouped per file, one line each, coloured by severity on a terminal.

What a workbook or a file name says goes through ``printable``: a department name holding
ESC sequences must not clear the screen it is shown on."""
from __future__ import annotations

import click

from auditor.findings import Severity
from auditor.codes import action, render
from auditor.console import printable
from auditor.words import words
from auditor.reporters.base import TextReporter as _Text, register

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
@register
class TextReporter(_Text):
    name, writes = "text", "the findings of each file, one line each (coloured on a terminal)"

    def __init__(self, lang: str = "zh", *, color: bool = False):
        super().__init__(lang, color=color)
        self.words = words(lang)

    def render(self, report) -> str:
        lines = []
        errors = warnings = 0
        results = report.files
        for r in results:
            lines.append(self._header(r))
            for f in r.findings:
                lines.append(self._finding(f))
            if not r.findings:
                lines.append("  " + self.words["text.clean"])
            errors += r.count(Severity.ERROR)
            warnings += r.count(Severity.WARNING)
            lines.append("")
        lines.append(self.words("text.totals", files=len(results), errors=errors, warnings=warnings))
        return "\n".join(lines)

    def _header(self, r) -> str:
        w = self.words
        path = printable(r.path)
        parts = [click.style(path, bold=True) if self.color else path]
        if not r.checked:
            parts.append(f"[{w['status.unreadable']}]")
        if r.form:
            parts.append(_form_title(r.form, self.lang))
        if r.department:
            parts.append(printable(f"{r.department} {r.year or ''}".strip()))
        if r.score_stated is not None or r.score_recomputed is not None:
            # the stated grade beside the stated score, the re-added one's beside the re-sum
            parts.append(w("text.scores", stated=_num(r.score_stated), grade=r.grade_stated or "-",
                           recomputed=_num(r.score_recomputed), grade_recomputed=r.grade_recomputed or "-"))
        return " · ".join(parts)

    def _finding(self, f) -> str:
        w = self.words
        where = str(f.location) if (f.location.sheet or f.location.line) else "-"
        if f.location.line is not None and f.location.file:
            where = f"{f.location.file}:{f.location.line}"
        sev = w[f"severity.{f.severity.value}"]
        head = f"{sev} {f.code}"
        if self.color:
            head = click.style(head, fg=_COLOURS[f.severity], bold=f.severity == Severity.ERROR)
        todo = action(f, self.lang)
        # what to do, after the message: a clerk acts on the second half
        text = f"  {printable(where)}  {head}  {printable(render(f, self.lang))}" + (
            (("。" if self.lang == "zh" else ". ") + printable(todo)) if todo else "")
        return text


def _num(x) -> str:
    if x is None:
        return "-"
    return str(int(x)) if x == int(x) else str(x)


def _form_title(form_id: str, lang: str) -> str:
    """The form's name as the registry gives it (its id, for a form no longer registered)."""
    from auditor.forms import FORMS

    form = FORMS.get(form_id)
    return form.title(lang) if form is not None else form_id
