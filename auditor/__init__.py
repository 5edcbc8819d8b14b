"""auditor: checks 部门整体支出绩效自评 workbooks the way a finance bureau reviewer would."""

__version__ = "0.1.0"
