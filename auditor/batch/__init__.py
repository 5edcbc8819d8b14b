"""The run of a folder (``auditor batch``): which files to check (``discover``), checking them
in worker processes and writing the outputs (``run``), the file reports kept on disk while
it runs (``spill``), the annotated copies (``copies``) and notices (``notices``) it writes,
what it shows while it runs (``progress``), whether it may write into --out at all
(``outlock``) and the manifest of what it owns there (``manifest``).

Importing this package loads nothing: each module is imported by what needs it.
"""
