"""What a reviewer decides about one file, from its findings: the verdict and the main problems.

Pure functions over a file of the JSON report (schema version 1: ``status`` and ``findings``
with ``severity`` and ``message``), so the bureau's dashboard, the summary and the notices
can all say the same thing about the same file.
"""
from __future__ import annotations

from typing import Mapping, Sequence

from auditor.findings import by_paragraph

RETURN, VERIFY, PASS, UNREADABLE = "退回修改", "需核实", "通过", "无法审核"
VERDICTS = (RETURN, VERIFY, PASS, UNREADABLE)
WORDS_EN = {RETURN: "return for correction", VERIFY: "to be verified", PASS: "passed",
            UNREADABLE: "cannot be checked"}
_RANK = {"error": 0, "warning": 1, "info": 2}
# What the department is asked to do, by verdict (the notice's words).
ACTIONS = {
    "zh": {RETURN: "请逐项更正上表所列“须更正”事项，核实“请核实”事项，更正后重新报送。",
           VERIFY: "请逐项核实上表所列事项：确有错误的更正后重新报送，无误的请书面说明理由。",
           PASS: "经审核，未发现需要更正的问题，无需重新报送。",
           UNREADABLE: "报送的文件无法读取，请按上表说明另存为 Excel 工作簿（.xlsx）后重新报送。"},
    "en": {RETURN: "Correct each item to correct listed above, verify each item to verify, and resubmit.",
           VERIFY: "Verify each item listed above: correct and resubmit what is wrong, explain in writing what is not.",
           PASS: "No problem needing correction was found; there is no need to resubmit.",
           UNREADABLE: "The file sent could not be read: save it as an Excel workbook (.xlsx) as explained "
                       "above and resubmit."},
}


def verdict(file: Mapping) -> str:
    """退回修改 when there is an error, 需核实 when only warnings, 通过 otherwise;
    无法审核 when the file could not be read at all (its one finding says why)."""
    if file.get("status") != "checked":
        return UNREADABLE
    severities = {f.get("severity") for f in file.get("findings", ())}
    if "error" in severities:
        return RETURN
    if "warning" in severities:
        return VERIFY
    return PASS


# What weighs most with a reviewer, among findings of one severity: the grade or the total
# wrong, then 三公 over budget, then execution; the rest after, in the report's order.
WEIGHTS = {**dict.fromkeys(("P006", "J025", "P005", "J023", "N007", "N016"), 0),
           **dict.fromkeys(("T001", "X002"), 1),
           **dict.fromkeys(("B013", "X001", "J002", "J003", "J006"), 2)}


def weight(code: str) -> int:
    return WEIGHTS.get(code, len(set(WEIGHTS.values())))


def main_problems(file: Mapping, n: int = 3) -> list[str]:
    """The ``n`` weightiest problems in words: errors before warnings (infos are not
    problems), and within each by ``WEIGHTS``, each as '<where>：<message>'; for an
    unreadable file, why it could not be read."""
    findings: Sequence[Mapping] = file.get("findings", ())
    if file.get("status") != "checked":
        return [f.get("message", "") for f in findings][:n]
    ranked = sorted((f for f in findings if f.get("severity") in ("error", "warning")),
                    key=lambda f: (_RANK[f["severity"]], weight(str(f.get("code", "")))))  # stable within a rank
    return [_with_place(f) for f in ranked[:n]]


def place(finding: Mapping) -> str:
    """Where a finding points, as a reviewer writes it: 收支情况!G3, 报告第152行, a .docx's 报告第152段."""
    loc = finding.get("location") or {}
    if loc.get("sheet") and loc.get("cell"):
        return f"{loc['sheet']}!{loc['cell']}"
    if loc.get("sheet"):
        return str(loc["sheet"])
    if loc.get("line") is not None:
        return f"报告第{loc['line']}{'段' if by_paragraph(loc.get('file')) else '行'}"
    return ""


def _with_place(f: Mapping) -> str:
    where, message = place(f), str(f.get("message", ""))
    return f"{where}：{message}" if where and where not in message else message
