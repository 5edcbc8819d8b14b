"""The ``auditor`` command.  Checking never prints; commands hand results to a reporter."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from auditor.limits import Limits

LANGS = click.Choice(["zh", "en"])
TIMEOUT = click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
                       help="Seconds one file may take (fractions allowed); a file past it is reported "
                            "unreadable (S028) and the others go on.")


class _Formats(click.Choice):
    """What ``check --format`` offers: every reporter of a whole run (not the per-file copy),
    asked of the registry only when a command needs it, so other commands do not load them."""

    def __init__(self):
        super().__init__([])

    @property
    def choices(self) -> tuple[str, ...]:
        from auditor.reporters import REPORTERS

        return tuple(name for name, r in REPORTERS.items() if not r.per_file)

    @choices.setter
    def choices(self, _) -> None:
        pass


def _codes(text: str | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in (text or "").split(",") if c.strip())


def _known_codes(ctx, param, text):
    """--select/--ignore: a code that matches no rule is a usage error, never a silent pass."""
    from auditor.selection import describe, unknown

    bad = unknown(_codes(text))
    if bad:
        raise click.BadParameter(describe(bad), ctx=ctx, param=param)
    return text


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="auditor")
def main():
    """auditor: 部门整体支出绩效自评 workbooks checked the way a finance bureau reviewer would."""
    from auditor.console import tolerate_unencodable

    tolerate_unencodable()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--report", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The narrative report (自评报告: .docx, .txt or .pdf) of a single workbook.")
@click.option("--format", "fmt", type=_Formats(), default="text", show_default=True,
              help="What to write on stdout (a binary one, such as summary, to a file or pipe).")
@click.option("--lang", type=LANGS, default="zh", show_default=True, help="Language of the messages.")
@click.option("--select", callback=_known_codes, help="Only these codes or prefixes, comma-separated (e.g. B,P001).")
@click.option("--ignore", callback=_known_codes, help="Leave out these codes or prefixes, comma-separated.")
@click.option("--rules", "rules_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A rule pack (TOML) to use instead of the year's own.")
@click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write an annotated copy of each workbook into this folder.")
@TIMEOUT
def check(paths, report, fmt, lang, select, ignore, rules_file, annotate_dir, timeout):
    """Check workbooks; exit 1 when there is an error finding."""
    from auditor.api import check, pair_report, run_report
    from auditor.console import is_terminal
    from auditor.codes.unreadable import not_auditable
    from auditor.discover import find_unsupported, find_workbooks
    from auditor.report import FileReport, Status
    from auditor.reporters import REPORTERS

    files, others = find_workbooks(paths), find_unsupported(paths)
    if report is not None and len(files) != 1:
        raise click.UsageError("--report goes with exactly one workbook")
    if not files and not others:
        raise click.UsageError("no workbooks (.xlsx, .xlsm, .xls) found")
    reporter = _reporter(fmt, lang)
    if reporter.binary and is_terminal(sys.stdout):
        raise click.UsageError(f"--format {fmt} writes a binary file: redirect stdout to a file")
    # a folder's .et or .csv is named, not skipped: its department would go unchecked
    results = [FileReport(str(p), Status.UNREADABLE, [not_auditable(p)], str(p)) for p in others]
    for f in files:
        narrative = report if report is not None else pair_report(f)
        results.append(check(f, report=narrative, rules_file=rules_file, limits=Limits(max_seconds=timeout),
                             select=_codes(select), ignore=_codes(ignore)))
    if annotate_dir is not None:
        annotated = REPORTERS["annotated"](lang)
        for r in results:
            if r.checked:
                annotated.save(r, annotate_dir)
    run = run_report(results, rules_file=rules_file)
    if sys.stdout is not None:  # pythonw, a windowed exe: nowhere to show it; the exit code still says
        out = sys.stdout.buffer if reporter.binary else sys.stdout
        reporter.write(run, out)
        out.flush()
    sys.exit(1 if run.errors else 0)


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Where summary.xlsx, report.json and annotated/ go.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores, at most 61 on Windows); 1 checks in this "
                   "process where SIGALRM can bound each file, in one worker elsewhere.")
@click.option("--no-annotate", is_flag=True, help="Do not write annotated copies.")
@click.option("--lang", type=LANGS, default="zh", show_default=True, help="Language of the messages.")
@click.option("--rules", "rules_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A rule pack (TOML) to use instead of each year's own.")
@click.option("--select", callback=_known_codes, help="Only these codes or prefixes, comma-separated (e.g. B,P001).")
@click.option("--ignore", callback=_known_codes, help="Leave out these codes or prefixes, comma-separated.")
@click.option("--strict", is_flag=True, help="Exit 1 when any file has an error finding.")
@TIMEOUT
def batch(directory, out_dir, jobs, no_annotate, lang, rules_file, select, ignore, strict, timeout):
    """Check every workbook under DIRECTORY; write a summary, a JSON report and annotated copies.

    Exit 0 once everything is written: finding errors in departments' files is the job, not
    a failure of it (``--strict`` exits 1 when there are any, for scripts that gate on
    them).  Exit 3 when an output could not be written (open in Excel/WPS, disk full); the
    others are written all the same.  An interrupted run leaves no half-written file and
    can simply be started again.
    """
    from auditor.batch import Options, run_batch
    from auditor.findings import Severity
    from auditor.outputs import WRITE_FAILED_EXIT, NothingToAudit, advice
    from auditor.progress import Progress

    options = Options(rules_file=str(rules_file) if rules_file else None, limits=Limits(max_seconds=timeout),
                      select=_codes(select), ignore=_codes(ignore))
    try:
        result = run_batch(directory, out_dir, jobs=jobs, annotate=not no_annotate, lang=lang,
                           options=options, progress=Progress(sys.stderr, lang))
    except KeyboardInterrupt:
        click.echo("\n已中断，未写完的文件已删除。 / Interrupted; no partial files were left.", err=True)
        sys.exit(130)
    except NothingToAudit:
        raise click.UsageError(f"no workbooks (.xlsx, .xlsm, .xls) found in {directory}; nothing was written")
    n_err = result.errors
    n_warn = sum(a.count(Severity.WARNING) for a in result.files)
    unreadable = sum(1 for a in result.files if not a.checked)
    if lang == "en":
        line = (f"{len(result.files)} files ({unreadable} unreadable), {n_err} errors, {n_warn} warnings; "
                f"written to {result.out}")
    else:
        line = f"{len(result.files)} 个文件（{unreadable} 个无法读取），错误 {n_err}，警告 {n_warn}；输出在 {result.out}"
    click.echo(line)
    for path, why in sorted(result.annotate_errors.items()):
        click.echo(f"  {path}: {why}", err=True)
    for path, why in sorted(result.write_errors.items()):
        click.echo(advice(path, why, lang), err=True)
    if result.write_errors:
        sys.exit(WRITE_FAILED_EXIT)
    sys.exit(1 if strict and n_err else 0)


def _reporter(fmt: str, lang: str):
    """The reporter ``--format`` names, from the registry; coloured on a terminal unless NO_COLOR."""
    from auditor.console import use_color
    from auditor.reporters import REPORTERS

    return REPORTERS[fmt](lang, color=use_color(sys.stdout))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "md"]), default="text", show_default=True)
def rules(fmt):
    """List the rule catalogue (``--format md`` writes docs/rules.md's content)."""
    from auditor import catalogue

    click.echo(catalogue.as_markdown() if fmt == "md" else catalogue.as_text(), nl=fmt != "md")


@main.command()
@click.argument("code")
def explain(code):
    """Show one rule: what it checks, a bad and a good example, its messages."""
    from auditor import catalogue
    from auditor.codes import REGISTRY
    from auditor.codes import RETIRED

    code = code.upper()
    if code in RETIRED:
        click.echo(f"{code} is retired: {RETIRED[code]}")
        return
    rule = REGISTRY.get(code)
    if rule is None:
        raise click.UsageError(f"no rule {code}; see `auditor rules`")
    click.echo(catalogue.explain(rule))


@main.command()
@click.option("--year", type=int, default=2023, show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write it (default: 部门整体支出绩效自评表-YEAR.xlsx).")
def template(year, output):
    """Write the blank standard workbook for a year."""
    from auditor.safe_output import atomic_write
    from auditor.template import write_template

    output = output or Path(f"部门整体支出绩效自评表-{year}.xlsx")
    atomic_write(output, lambda fh: write_template(fh, year=year))
    click.echo(str(output))
