"""The toy form's rules: family Z, declared once, here."""
from auditor.codes import declare_family

declare_family("Z", {"zh": "人员名单", "en": "staff list"}, rank=80, forms=("toy-staff",))

from tests.toyform.rules import posts  # noqa: E402,F401
