"""N030–N039: what a reviewer reads in the narrative report beyond its figures: the parts it
must have, goals copied from the functions, the year and the cover it states, amounts that
are the workbook's in the other unit, a perfect 满意度 with no survey behind it."""
from __future__ import annotations

from auditor.codes import ERROR, INFO, WARNING, Rule, register
from auditor.labels import norm
from auditor.rules.dates import date_of, year_in
from auditor.rules.lazy import lazy_import
from auditor.rules.targets import parse_achieved

# Loaded when a rule first reaches into them, which is only when a report was given.
compare = lazy_import("auditor.narrative.compare")
report_sections = lazy_import("auditor.narrative.sections")

PROBLEM_WORDS = ("存在问题", "存在的问题", "问题及原因", "主要问题")
REMEDY_WORDS = ("改进措施", "改进意见", "整改措施", "改进建议", "下一步", "意见建议", "有关建议", "工作建议")
_SUBSTANCE = 10   # characters a part needs to say anything (more than 无, 暂无, 见上)
_COPY_MIN = 15    # an item this long found word for word in the functions is copied


class ReportRule(Rule):
    """Base: ``check_report`` is asked only when a report was given and read."""

    def check_report(self, ctx, report):
        return ()

    def check(self, ctx):
        if ctx.report is not None:
            yield from self.check_report(ctx, ctx.report)


@register
class ReportPartsMissing(ReportRule):
    """The report has its 存在问题 and 改进措施 (或 改进意见), and neither is empty.

    The department report's outline asks for both; a heading with nothing under it, or the
    part named nowhere in the report, is a part left out.  One heading may hold both (``三、存在问题及改进意见``).
    Bad: no 存在问题 section; or ``四、改进措施`` followed directly by the next heading.
    Good: ``三、存在问题及改进意见。`` with the problems and what will be done.
    """
    code, name, severity, tags = "N030", "report-parts-missing", WARNING, ("narrative",)
    action = {"zh": "请在报告中补充该部分",
              "en": "Add the section to the report"}
    message = {"zh": "自评报告缺少“{part}”部分或该部分为空，请补充", "en": "The report's “{part}” part is missing or empty; add it"}

    def check_report(self, ctx, report):
        secs = report_sections.sections(report.paragraphs)
        if not secs:
            return  # no outline to read (a table pasted as text, a fragment)
        problems, remedies = report_sections.find(secs, PROBLEM_WORDS), report_sections.find(secs, REMEDY_WORDS)
        if problems is not None and problems is remedies:  # 存在问题及改进意见: one part, both named
            parts = [(problems, "存在问题及改进措施")]
        else:
            parts = [(problems, "存在问题"), (remedies, "改进措施")]
        for sec, part in parts:
            if sec is None:
                words = PROBLEM_WORDS if part == "存在问题" else REMEDY_WORDS
                if not any(w in para.norm for para in report.paragraphs for w in words):
                    yield self.at(report.loc(None), part=part)  # named nowhere, not even as "1. 存在问题"
            elif len(sec.text) < _SUBSTANCE:
                yield self.at(report.loc(sec.heading.line), part=part)


@register
class GoalsCopiedFromFunctions(ReportRule):
    """The report's 部门整体支出绩效目标 are not its 部门职能 copied word for word.

    A goal says what the year is to deliver, measurably; a function says what the
    department is for.  Items of at least 15 characters found word for word in the
    部门职能 section, half the goals or more, are a copy.
    Bad: 绩效目标 ``1. 贯彻执行中央和省、市、县委有关组织工作的路线、方针、政策和决议…`` repeating
    职能 ``（1）贯彻执行中央和省、市、县委有关组织工作的路线、方针、政策和决议…``.
    Good: ``完成全县公务员初任培训等班次培训，培训覆盖率100%…``.
    """
    code, name, severity, tags = "N031", "goals-copied-from-functions", WARNING, ("narrative", "targets")
    action = {"zh": "请把绩效目标改写为本年度可衡量的产出和效果",
              "en": "Rewrite the targets as this year's measurable outputs and effects"}
    message = {"zh": "报告“{section}”{total} 条中有 {copied} 条照抄“部门职能”原文，绩效目标应写明本年度可衡量的产出和效果",
               "en": "{copied} of the {total} items of the report's “{section}” are copied word for word from its 部门职能; goals should state this year's measurable outputs and effects"}

    def check_report(self, ctx, report):
        secs = report_sections.sections(report.paragraphs)
        functions = report_sections.find(secs, ("部门职能", "机构职能", "主要职能"))
        goals = report_sections.find(secs, ("绩效目标",))
        if functions is None or goals is None or goals is functions:
            return
        source = functions.text
        listed = [i for i in report_sections.items(goals) if len(i) >= _COPY_MIN]
        copied = [i for i in listed if i.rstrip("。;") in source]
        if len(copied) >= 2 and 2 * len(copied) >= len(listed):
            yield self.at(report.loc(goals.heading.line), section=goals.heading.text.strip().rstrip("。：:"),
                          total=len(listed), copied=len(copied))


def _title_year(report) -> tuple[int, int] | None:
    """(year, line) of the report's title: the first paragraph naming a 自评报告 and a year."""
    for para in report.paragraphs[:8]:
        if "自评报告" in para.norm or "评价报告" in para.norm:
            year = year_in(para.norm)
            return (year, para.line) if year is not None else None
    return None


@register
class ReportYearDiffers(ReportRule):
    """The year in the report's title is the workbook's 评价年度.

    Bad: a workbook for 2023 beside ``2022年度部门整体支出绩效自评报告`` (last year's report).
    Good: ``2023年度部门整体支出绩效自评报告``.
    """
    code, name, severity, tags = "N032", "report-year-differs", ERROR, ("narrative", "dates")
    action = {"zh": "请核对报告标题的年度，报送本年度的报告",
              "en": "Check the report's year, and send this year's report"}
    forms = ("department", "project")
    message = {"zh": "自评报告标题的年度 {actual} 与工作簿的评价年度 {expected} 不一致",
               "en": "The report's title says {actual}; the workbook evaluates {expected}"}

    def check_report(self, ctx, report):
        year = getattr(ctx.model, "year", None)
        said = _title_year(report)
        if said is not None and year is not None and said[0] != year:
            yield self.at(report.loc(said[1]), expected=year, actual=said[0])


def _cover_line(report, label: str):
    """(text after the label, line) of a cover line such as ``填报人：谢心语``."""
    for para in report.paragraphs[:20]:
        head, colon, rest = para.norm.partition(":")
        if colon and head == label and rest:
            return rest, para.line
    return None


@register
class ReportCoverDiffers(ReportRule):
    """The report's 填报人 and 填报日期 are the workbook cover's.

    Bad: report 填报人 ``李四`` while the cover says 张三; report dated 2024-07-01, cover 2024-08-01.
    Good: the same person and date in both.
    """
    code, name, severity, tags = "N033", "report-cover-differs", WARNING, ("narrative", "cover")
    action = {"zh": "请使报告与工作簿封面的填报信息一致",
              "en": "Make the report's particulars agree with the cover"}
    message = {"zh": "自评报告{place}的{field}为“{actual}”，工作簿封面为“{expected}”",
               "en": "Report {place} gives {field} as “{actual}”; the workbook's cover has “{expected}”"}

    def check_report(self, ctx, report):
        cover = getattr(ctx.wb, "cover", None)
        if cover is None:
            return
        filler = _cover_line(report, "填报人")
        if filler and cover.filler is not None and cover.filler.text and norm(filler[0]) != norm(cover.filler.text):
            yield self.at(report.loc(filler[1]), expected=cover.filler.text, actual=filler[0], line=filler[1], place=report.where(filler[1]),
                          field="填报人", related=[cover.filler])
        dated = _cover_line(report, "填报日期")
        ours = date_of(cover.date.raw) if cover.date is not None else None
        theirs = date_of(dated[0]) if dated else None
        if ours is not None and theirs is not None and ours != theirs:
            yield self.at(report.loc(dated[1]), expected=ours.isoformat(), actual=theirs.isoformat(),
                          line=dated[1], place=report.where(dated[1]), field="填报日期", related=[cover.date])


@register
class ReportUnitMixed(Rule):
    """An amount in the report is not the workbook's figure × 10,000 or ÷ 10,000 (元 and 万元 mixed).

    Bad: ``一般公共预算财政拨款收入51990300万元`` where the workbook has 5199.03 万元.
    Good: ``5199.03万元``, or ``51990300元``.
    """
    code, name, severity, tags = "N034", "report-unit-mixed", WARNING, ("narrative", "units")
    action = {"zh": "请核对金额单位，使报告与工作簿一致",
              "en": "Check the unit so that the report and the workbook agree"}
    message = {"zh": "报告{place}的{item}为{stated}，是工作簿 {wb_value} 的一万倍或万分之一，疑为元/万元混用：“{sentence}”",
               "en": "Report {place} gives {item} as {stated}, 10,000 times (or a 10,000th of) the workbook's {wb_value}: 元 and 万元 look mixed up: “{sentence}”"}

    def check(self, ctx):
        facts = ctx.facts
        if facts is None:
            return
        for st in facts.statements():
            if st.actual is None or st.actual.value == 0:
                continue
            said = st.actual.wan()
            found = list(compare.wb_candidates(ctx.wb, st.table, st.key, "actual"))
            if not found or any(said.meets(iv) for iv, _ in found):
                continue
            for iv, cell in found:
                if iv.lo > 0 and (said.meets(iv.scale(10000)) or said.meets(iv.scale("0.0001"))):
                    yield self.at(ctx.report.loc(st.sentence.line), line=st.sentence.line, place=ctx.report.where(st.sentence.line), item=st.label,
                                  stated=str(st.actual), wb_value=compare.as_wan(iv), sentence=st.sentence.text,
                                  related=[cell] if cell is not None else [])
                    break


# How a satisfaction figure is measured, as reports say it.
SURVEY_WORDS = ("问卷", "调查", "调研", "抽样", "样本", "发放", "回收", "测评", "座谈", "访谈", "走访", "回访")


def _perfect_satisfaction(model):
    """The achieved values of 满意度 indicators stated as 100%: the department form's targets,
    the project form's indicators."""
    rows = [(t.name, t.achieved) for t in getattr(model, "targets", [])]
    rows += [(ind.level1 + ind.level2 + ind.name, ind.achieved)
             for p in getattr(model, "projects", []) for ind in p.indicators]
    for name, achieved in rows:
        if "满意" in name and achieved is not None:
            got = parse_achieved(achieved.number if achieved.is_number and not achieved.percent_marked else achieved.text)
            if got is not None and got[0] == 100 and got[1] in ("%", ""):
                yield achieved


@register
class SatisfactionWithoutSurvey(ReportRule):
    """A 满意度 of 100% comes with how it was measured: where the report speaks of 满意度, it names a survey or its sample.

    Full satisfaction is possible, and easy to write; a reviewer asks how it was found
    (问卷调查, 发放/回收份数, 抽样).  Info, and only where a report was given.
    Bad: 满意度 实际完成值 ``100%``, the report silent on any survey.
    Good: the report says ``发放问卷200份，回收196份，满意率100%``.
    """
    code, name, severity, tags = "N035", "satisfaction-without-survey", INFO, ("narrative", "targets")
    action = {"zh": "请在报告中说明满意度调查的方式和样本量",
              "en": "Say in the report how satisfaction was surveyed and how many answered"}
    forms = ("department", "project")
    message = {"zh": "满意度填报为 100%，但自评报告未说明调查方式或样本量，请补充满意度调查情况",
               "en": "Satisfaction is stated as 100%, but the report says nothing of a survey or its sample; describe how it was measured"}

    def check_report(self, ctx, report):
        perfect = list(_perfect_satisfaction(ctx.model))
        said = [para.norm for para in report.paragraphs if "满意" in para.norm]
        if perfect and not any(w in text for text in said for w in SURVEY_WORDS):
            yield self.at(perfect[0], related=perfect[1:])
