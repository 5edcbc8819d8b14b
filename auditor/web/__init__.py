"""``auditor serve``: the upload page for departments and the bureau's dashboard.

A thin layer over the library: the check, the reporters, the verdict and the comparison
of versions are the CLI's own (``auditor.api``, ``auditor.reporters``, ``auditor.report.verdict``,
``auditor.baseline.compare``).  Needs the ``web`` extras: ``pip install 'auditor[web]'``.
"""
from auditor.web.app import Config, create_app  # noqa: F401
