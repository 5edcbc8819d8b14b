"""The annotated copy: the department's own workbook with each finding marked on its cell.

``reporter`` is the copy as a reporter (one per checked file); ``workbook`` writes one copy
(in place when the package can be edited, else ``values_copy``); ``editor`` does the edit
(fills, notes, the 审核意见 sheet put first, every other part copied untouched) through
``auditor.ooxml``; ``findings_sheet`` lays out the 审核意见 sheet."""
