"""Every user-facing string in Chinese (the default).  Keys and placeholders match en.py."""

WORDS = {
    # severities and statuses
    "severity.error": "错误", "severity.warning": "警告", "severity.info": "提示",
    "status.checked": "已审核", "status.unreadable": "无法读取",
    # the command line
    "cli.main": "auditor：按财政局审核人员的方式检查绩效自评工作簿（部门整体支出绩效自评表等）。",
    "cli.check": "检查工作簿；发现错误时退出码为 1。",
    "cli.batch": ("检查 DIRECTORY 下的全部工作簿，写出汇总表、JSON 报告和标注副本。\n\n"
                  "全部输出写完即退出码 0：发现部门文件中的错误正是本工具的工作，不算失败"
                  "（--strict 在有错误时退出码为 1，供脚本把关）。某个输出无法写入（在 Excel/WPS 中打开、"
                  "磁盘已满）时退出码为 3，其余输出照常写出。中断的运行不会留下写了一半的文件，直接重新运行即可。"),
    "cli.rules": "列出规则目录（--format md 输出 docs/rules.md 的内容）。",
    "cli.explain": "说明一条规则：检查什么、错误示例与正确示例、提示文字。",
    "cli.template": "写出某一年度的空白标准工作簿。",
    "opt.report": "单个工作簿的自评报告（.docx、.txt 或 .pdf）。",
    "opt.format": "输出到标准输出的格式（二进制格式如 summary 须重定向到文件或管道）。",
    "opt.lang": "提示信息的语言。",
    "opt.select": "只保留这些代码或前缀，逗号分隔（如 B,P001）。",
    "opt.ignore": "排除这些代码或前缀，逗号分隔。",
    "opt.rules": "使用此规则包（TOML）代替该年度自带的规则包。",
    "opt.annotate": "把每个工作簿的标注副本写入此文件夹。",
    "opt.out": "summary.xlsx、report.json 和 annotated/ 的输出位置。",
    "opt.jobs": "工作进程数（默认：全部 CPU 核）；1 表示在本进程内检查。",
    "opt.no_annotate": "不写标注副本。",
    "opt.strict": "任一文件有错误时退出码为 1。",
    "opt.rules_format": "输出格式：text 为列表，md 为 Markdown 参考文档。",
    "opt.year": "评价年度。",
    "opt.output": "写到哪里（默认：部门整体支出绩效自评表-年度.xlsx）。",
    "opt.help": "显示本帮助并退出。",
    "opt.version": "显示版本并退出。",
    "err.report_one": "--report 只能配合一个工作簿使用",
    "err.no_workbooks": "未找到工作簿（.xlsx、.xlsm、.xls）",
    "err.no_workbooks_in": "在 {directory} 中未找到工作簿（.xlsx、.xlsm、.xls）；未写出任何文件",
    "err.binary_tty": "--format {fmt} 输出二进制文件：请把标准输出重定向到文件",
    "err.unknown_code_near": "未知代码 {code}（您是否想输入 {near}？）",
    "err.unknown_code": "未知代码 {code}（规则族为 {families}）",
    "err.unknown_codes": "{codes}；请运行 `auditor rules` 查看",
    "err.no_rule": "没有规则 {code}；请运行 `auditor rules` 查看",
    "msg.retired": "{code} 已停用：{why}",
    "msg.interrupted": "已中断，未写完的文件已删除。",
    "msg.batch_totals": "{files} 个文件（{unreadable} 个无法读取），错误 {errors}，警告 {warnings}；输出在 {out}",
    "msg.cannot_write": ("无法写入 {path}（{why}）。如该文件正在 Excel/WPS 中打开，请关闭后重新运行；"
                         "如磁盘已满，请释放空间后重新运行。"),
    # the text reporter
    "text.expected": "应为", "text.actual": "实为", "text.score": "自评得分", "text.recomputed": "复核",
    "text.clean": "未发现问题", "text.totals": "{files} 个文件, {errors} 错误, {warnings} 警告",
    # progress
    "progress.check": "审核", "progress.annotate": "标注", "progress.errors": "错误", "progress.left": "剩余",
    # the rule reference
    "ref.title": "规则参考",
    "ref.generated": "由 `auditor rules --format md` 根据规则声明生成，请勿手工编辑。",
    "ref.severity": "严重程度", "ref.tags": "标签", "ref.emitted": "由读取器发出。",
    "ref.messages": "提示文字", "ref.retired": "已停用的代码", "ref.never_reused": "停用的代码永不重复使用。",
    "ref.none_yet": "暂无",
    "family.S": "结构与可读性", "family.B": "收支勾稽", "family.T": "三公经费", "family.P": "自评评分表",
    "family.G": "绩效目标完成情况", "family.J": "项目支出绩效自评表", "family.X": "跨表核对",
    "family.N": "自评报告", "family.D": "跨部门（批量）",
}
