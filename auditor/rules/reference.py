"""The rule reference, generated from the rule declarations (``auditor rules``, docs/rules.md)."""
from __future__ import annotations

from auditor import forms as F
from auditor.codes import FAMILIES, RETIRED
from auditor.rules import rules_in_order
from auditor.words import severity, title, words


def _todo(rule, lang: str) -> str:
    return (getattr(rule, "action", None) or {}).get(lang, "")


def as_text(lang: str = "zh") -> str:
    return "\n".join(f"{r.code}  {severity(r.severity, lang):<7}  {r.name:<28}  {title(r, lang)}"
                     for r in rules_in_order())


def explain(rule, lang: str = "zh") -> str:
    w = words(lang)
    if lang == "zh":  # all in Chinese: what is checked, what to do, the examples, the messages
        from auditor.words.zh_examples import EXAMPLES

        bad, good = EXAMPLES.get(rule.code) or rule.examples()
        return "\n".join([
            f"{rule.code} {title(rule, lang)}（{rule.name}；{severity(rule.severity, lang)}）",
            "",
            f"{w['ref.checks']}：{rule.describe(lang)}",
            f"{w['ref.action']}：{_todo(rule, 'zh')}",
            f"{w['ref.bad']}：{bad}",
            f"{w['ref.good']}：{good}",
            "",
            f"{w['ref.messages']}：",
            f"  {rule.message['zh']}",
        ])
    return "\n".join([
        f"{rule.code} {title(rule, lang)} ({rule.name}; {severity(rule.severity, lang)}; {', '.join(rule.tags)})",
        "",
        rule.doc(),
        "",
        f"{w['ref.messages']}:",
        f"  zh: {rule.message['zh']}",
        f"  en: {rule.message['en']}",
        f"{w['ref.action']}:",
        f"  zh: {_todo(rule, 'zh')}",
        f"  en: {_todo(rule, 'en')}",
    ])


def as_markdown(lang: str = "zh") -> str:
    w = words(lang)
    out = [f"# {w['ref.title']}", "", w["ref.generated"], ""]
    for family in sorted(FAMILIES.values(), key=lambda f: f.rank):
        rules = [r for r in rules_in_order() if r.code.startswith(family.letter)]
        if not rules:
            continue
        out += [f"## {family.letter}: {family.title(lang)}", ""]
        for r in rules:
            heading = f"### {r.code} `{r.name}`"
            if lang == "zh":
                heading += f" {title(r, lang)}"
            forms = (", " if lang == "en" else "、").join(F.title(f, lang) for f in r.forms) if r.forms \
                else w["ref.all_forms"]
            out += [heading, "",
                    f"{w['ref.severity']}: **{severity(r.severity, lang)}**. {w['ref.tags']}: {', '.join(r.tags)}."
                    f" {w['ref.forms']}: {forms}." + (f" {w['ref.emitted']}" if r.emitted_elsewhere else ""), ""]
            out += r.doc().splitlines() + [""]
            out += [f"- zh: {r.message['zh']}", f"- en: {r.message['en']}", ""]
            out += [f"{w['ref.action']}: {_todo(r, lang)}", ""]
    out += [f"## {w['ref.retired']}", "", w["ref.never_reused"]]
    out += [f"- {c}: {why}" for c, why in sorted(RETIRED.items())] or [f"- {w['ref.none_yet']}"]
    return "\n".join(out) + "\n"
