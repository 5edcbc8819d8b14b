"""F020–F029: what a described form asks to be written: reasons, required fields, and its
own instruction sentences replaced by what was done."""
from __future__ import annotations

from auditor.codes import WARNING, register
from auditor.forms.described.rules.base import DescribedRule, number
from auditor.forms.described.rules.scores import judged
from auditor.labels import norm, says_nothing
from auditor.findings import Location


@register
class ReasonMissing(DescribedRule):
    """An indicator that lost points states why, where the form has a reason column: a
    placeholder (``无``, ``/``, ``—``, ``略``; labels.PLACEHOLDERS) is no reason.

    (A target met with points off and no reason is F013's.)
    Bad: 分值 10, 得分 ``8``, 未完成原因分析 empty, or ``无``.
    Good: 未完成原因分析 ``两个项目因征地延后开工，已列入下年计划``.
    """
    code, name, severity, tags = "F020", "described-reason-missing", WARNING, ("described", "indicators")
    action = {"zh": "请在原因分析栏写明扣分原因",
              "en": "State in the reason column why points were lost"}
    message = {"zh": "“{indicator}”得分 {actual}，低于分值 {points}，未填写原因分析",
               "en": "'{indicator}' scores {actual} of {points} but gives no reason"}

    def check_book(self, book, pack):
        if pack.scoring.reasons == "none":
            return
        for row in book.rows:
            points, score, reason = row.get("points"), row.get("score"), row.get("reason")
            if reason is None or not says_nothing(reason.text) or not (number(points) and number(score)):
                continue
            if score.number < points.number and (judged(row) or (None, False))[1] is not True:
                yield self.at(reason, actual=score.text, points=points.text, indicator=row.name, related=[score])


@register
class FieldBlank(DescribedRule):
    """A field the form requires is filled in.

    Bad: 部门（单位）名称 left blank.
    Good: 部门（单位）名称 ``某某县农业农村局``.
    """
    code, name, severity, tags = "F021", "described-field-blank", WARNING, ("described", "completeness")
    action = {"zh": "请填写该栏",
              "en": "Fill in this field"}
    message = {"zh": "“{field}”未填写", "en": "'{field}' is blank"}

    def check_book(self, book, pack):
        d = pack.description
        for spec, values in ((d.fields, book.fields), (d.goal, book.goal), (d.texts, book.texts)):
            for f in spec:
                if not f.required:
                    continue
                v = values.get(f.key)
                if v is None or not v.text:
                    yield self.at(v if v is not None and v.cell else Location(book.path, book.sheet), field=f.printed)


@register
class InstructionLeft(DescribedRule):
    """A text field no longer holds the form's own instruction sentence.

    Bad: 存在问题 still reads ``（200字以内）请说明……``.
    Good: what the department found.
    """
    code, name, severity, tags = "F022", "described-instruction-left", WARNING, ("described", "completeness")
    action = {"zh": "请删去表式自带的填写说明，填写实际内容",
              "en": "Replace the form's instruction with what the department has to say"}
    message = {"zh": "“{field}”仍是表式自带的填写说明，未填写实际内容",
               "en": "'{field}' still holds the form's own instruction, not what was done"}

    def check_book(self, book, pack):
        d = pack.description
        for spec, values in ((d.goal, book.goal), (d.texts, book.texts)):
            for f in spec:
                v = values.get(f.key)
                if v is None or not v.text or not f.instruction:
                    continue
                text = norm(v.text)
                if any(norm(i) and (norm(i) in text or (len(text) >= 8 and text in norm(i))) for i in f.instruction):
                    yield self.at(v, field=f.printed)
