"""A finding's argument that is itself text, in both languages.

Most arguments are data (figures, names, cells) and read the same in any message; a
reason composed where the problem is found (why a report could not be read) is words,
and a Chinese message quoting an English reason reads half and half.  ``Bilingual`` is
the Chinese text as a plain ``str`` (so it compares, searches and pickles as one) with
the English beside it; ``render`` picks the message's language.
"""
from __future__ import annotations


class Bilingual(str):
    en: str

    def __new__(cls, zh: str, en: str):
        obj = super().__new__(cls, zh)
        obj.en = en
        return obj

    def __reduce__(self):
        return (Bilingual, (str(self), self.en))

    def replace(self, old, new, count=-1):  # a batch strips its folder from paths in arguments
        return Bilingual(str(self).replace(old, new, count), self.en.replace(old, new, count))

    def in_lang(self, lang: str) -> str:
        return self.en if lang == "en" else str(self)


def in_lang(args: dict, lang: str) -> dict:
    return {k: v.in_lang(lang) if isinstance(v, Bilingual) else v for k, v in args.items()}
