"""The 操作日志 in the page's language (``Config.lang``: Chinese by default).  The log itself
keeps what it always kept, an action's id and a neutral detail (``round 3 v2 name
sha256=…``), which the filter and the rows of earlier versions share; only the page tells
them in words, from the words tables' ``web_log`` section.  A detail of a shape not known
here (cut at its column's length, or from a later version) is shown as stored."""
from __future__ import annotations

import re

from auditor.words import section

# each action's detail as auditor.web.bureau writes it, and the words that tell it
DETAILS = {
    "add-round": re.compile(r"round (?P<round>\d+): (?P<year>\d+) (?P<form>.*)", re.S),
    "add-department": re.compile(r"round (?P<round>\d+): (?P<name>.*)", re.S),
    "submit": re.compile(r"round (?P<round>\d+) v(?P<version>\d+) (?P<name>.*) sha256=(?P<sha256>[0-9a-f]{64})", re.S),
    "withdraw": re.compile(r"(?P<name>.*) v(?P<version>\d+) \(submission (?P<submission>\d+)\)", re.S),
    "download-summary": re.compile(r"round (?P<round>\d+)"),
    "notice-settings": re.compile(r"round (?P<round>\d+)"),
    "download": re.compile(r"submission (?P<submission>\d+)"),  # a version's file, copy or notice
}
DEPARTMENT = "部门:"  # the actor of a department's submission (auditor.web.public)


def words(lang: str) -> dict:
    return section("web_log", lang)


def action_name(action: str, w: dict) -> str:
    return w.get("action." + action, action)


def detail_in_words(action: str, detail: str, w: dict) -> str:
    kind = action if action in DETAILS else "download" if action.startswith("download-") else None
    found = DETAILS[kind].fullmatch(detail) if kind else None
    return w["detail." + kind].format(**found.groupdict()) if found else detail


def actor_in_words(actor: str, w: dict) -> str:
    if actor == "console":
        return w["console"]
    return w["department"].format(name=actor[len(DEPARTMENT):]) if actor.startswith(DEPARTMENT) else actor


def entries(rows, w: dict) -> list[dict]:
    """The log's rows as the page shows them."""
    return [dict(row, actor=actor_in_words(row["actor"], w), action=action_name(row["action"], w),
                 detail=detail_in_words(row["action"], row["detail"], w)) for row in rows]
