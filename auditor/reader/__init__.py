"""What every form's reader shares: a workbook's raw grids (``grid``: .xlsx scanned from its
package, .xls through python-calamine) and one cell as a located ``Value`` (``cells``).
Labels are compared with ``auditor.labels``; each form builds its own model (``auditor.forms``)."""
