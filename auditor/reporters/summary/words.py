"""The summary's words, from the one words table of each language (auditor.words)."""
from __future__ import annotations

from auditor.words import LANGS, section

W = {lang: section("summary", lang) for lang in LANGS}
