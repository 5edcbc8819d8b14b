from __future__ import annotations

from auditor.codes import WARNING, Rule, register


@register
class PostMissing(Rule):
    """Every person on the staff list names a post.

    Bad: 张三 with 职务 blank.
    Good: 张三, 职务 ``科员``.
    """
    code, name, severity, tags = "Z001", "post-missing", WARNING, ("staff",)
    message = {"zh": "“{who}”未填写职务", "en": "'{who}' has no post"}
    action = {"zh": "请补填职务", "en": "Fill in the post"}

    def check(self, ctx):
        for who, post in ctx.model.rows:
            if post.is_blank:
                yield self.at(post, who=who.text)
