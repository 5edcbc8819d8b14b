"""Family F: the rules every described form shares (``auditor.forms.described``): the
funding block's sums and rate, the execution score, the indicator grid's points and
scores, the total and its grade, reasons and unfilled fields.  Each rule reads the roles a
description gives; a role the form does not print is a check not made."""
from __future__ import annotations

from auditor.codes import declare_family
from auditor.forms.described import described_ids

declare_family("F", {"zh": "按描述文件读取的表式", "en": "described forms (forms as data)"}, rank=55,
               forms=described_ids())

from auditor.forms.described.rules import funds, scores, texts, variants  # noqa: E402,F401
