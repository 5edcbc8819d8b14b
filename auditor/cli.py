"""The ``auditor`` command.  Checking never prints; commands hand results to a reporter."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from auditor.limits import Limits
from auditor.words import LANGS as _LANG_NAMES, for_click, help_lang, words

# click prints --help and usage errors before --lang is parsed: they follow AUDITOR_LANG
W = words(help_lang())
for_click.install(W.lang)
LANGS = click.Choice(list(_LANG_NAMES))
TIMEOUT = click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
                       help=W["opt.timeout"])
REPORT_TIMEOUT = click.option("--report-timeout", type=click.FloatRange(min=0, min_open=True),
                              default=Limits.max_report_seconds, show_default=True, help=W["opt.report_timeout"])
# below some 100 MiB of address space the interpreter itself cannot start a worker
MEMORY = click.option("--max-memory-mib", "memory_mib", type=click.IntRange(min=128),
                      default=Limits.max_memory_bytes >> 20, show_default=True, help=W["opt.max_memory"])


def _limits(timeout: float, report_timeout: float, memory_mib: int) -> Limits:
    return Limits(max_seconds=timeout, max_report_seconds=report_timeout, max_memory_bytes=memory_mib << 20)


class _Formats(click.Choice):
    """What ``check --format`` offers: every reporter of a whole run (not the per-file copy),
    asked of the registry only when a command needs it, so other commands do not load them."""

    def __init__(self):
        super().__init__([])

    @property
    def choices(self) -> tuple[str, ...]:
        from auditor.reporters import run_formats

        return run_formats()

    @choices.setter
    def choices(self, _) -> None:
        pass


class _Forms(click.Choice):
    """The forms a command may name (``auditor.forms``), asked of the registry only when
    a command needs them; ``auto`` (where offered) lets each workbook's content decide."""

    def __init__(self, auto: bool = True):
        self.auto = auto
        super().__init__([])

    @property
    def choices(self) -> tuple[str, ...]:
        from auditor.forms import AUTO, FORMS

        return ((AUTO,) if self.auto else ()) + tuple(i for i, f in FORMS.items() if f.workbook)

    @choices.setter
    def choices(self, _) -> None:
        pass


class _Missing(click.ClickException):
    exit_code = 2  # a usage error, as click's own for a missing path


class _Existing(click.Path):
    """A path that must exist; a missing one said in plain words ("找不到文件或文件夹：nope.xlsx")
    instead of click's "'PATHS...' 的取值无效：Path 'nope.xlsx' 不存在。"."""

    def __init__(self, **kwargs):
        super().__init__(exists=False, **kwargs)

    def convert(self, value, param, ctx):
        if not Path(value).exists():
            what = W["path.any" if self.file_okay and self.dir_okay else "path.file" if self.file_okay else "path.dir"]
            said = _said(W, "err.missing_path", what=what, path=value)
            if isinstance(param, click.Option):
                said = f"{param.opts[-1]} {said}"
            raise _Missing(said)
        return super().convert(value, param, ctx)


def _said(w, key: str, **args) -> str:
    """``w(key, **args)`` for the console: a path or a reason in it is shown, never obeyed
    (``printable``), since a file's name may hold terminal control sequences."""
    from auditor.console import printable

    return w(key, **{k: printable(v) for k, v in args.items()})


def _codes(text: str | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in (text or "").split(",") if c.strip())


def _more_forms(ctx, param, folder):
    """--forms DIR: a bureau's own descriptions, registered before --form is checked against
    the forms known; kept in AUDITOR_FORMS so that worker processes register them too."""
    if folder is None:
        return None
    from auditor.forms.described import DescriptionError, use_folder

    try:
        use_folder(folder)
    except DescriptionError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param)
    return folder


FORMS_DIR = click.option("--forms", "forms_dir", type=_Existing(file_okay=False, path_type=Path),
                         callback=_more_forms, is_eager=True, expose_value=False, help=W["opt.forms_dir"])


def _read_now(reader):
    """A callback that reads an option's file when the command line is read, so that a bad
    one is a usage error; ``reader()`` gives the function that reads it (imported only then),
    which raises ValueError for a file it cannot take (said with its control characters shown,
    never obeyed)."""
    def callback(ctx, param, path):
        if path is None:
            return None
        from auditor.console import printable

        try:
            return reader()(path)
        except ValueError as exc:
            raise click.BadParameter(printable(str(exc)), ctx=ctx, param=param)
    return callback


def _earlier_run():
    from auditor.baseline.earlier import read

    return read


def _bureau_settings():
    from auditor.reporters.notice_settings import load  # SettingsError is a ValueError

    return load


_baseline = _read_now(_earlier_run)              # --baseline: an earlier run's report.json
_notice_settings = _read_now(_bureau_settings)   # --notice-settings: the bureau's name, 文号 …


NOTICE_SETTINGS = click.option("--notice-settings", "notice_settings", type=_Existing(dir_okay=False),
                               callback=_notice_settings, help=W["opt.notice_settings"])


def _known_codes(ctx, param, text):
    """--select/--ignore: a code that matches no rule is a usage error, never a silent pass."""
    from auditor.rules.selection import describe, unknown

    bad = unknown(_codes(text))
    if bad:
        raise click.BadParameter(describe(bad, W.lang), ctx=ctx, param=param)
    return text


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, help=W["cli.main"])
@click.version_option(package_name="auditor")
def main():
    from auditor.console import tolerate_unencodable

    tolerate_unencodable()


@main.command(help=W["cli.check"])
@click.argument("paths", nargs=-1, required=True, type=_Existing(path_type=Path))
@click.option("--report", type=_Existing(dir_okay=False, path_type=Path),
              help=W["opt.report"])
@click.option("--format", "fmt", type=_Formats(), default="text", show_default=True,
              help=W["opt.format"])
@click.option("--lang", type=LANGS, default="zh", show_default=True, help=W["opt.lang"])
@click.option("--select", callback=_known_codes, help=W["opt.select"])
@click.option("--ignore", callback=_known_codes, help=W["opt.ignore"])
@click.option("--rules", "rules_file", type=_Existing(dir_okay=False, path_type=Path),
              help=W["opt.rules"])
@click.option("--form", "form", type=_Forms(), default="auto", show_default=True, help=W["opt.form"])
@click.option("--year", "year", type=int, default=None, help=W["opt.check_year"])
@FORMS_DIR
@click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False, path_type=Path),
              help=W["opt.annotate"])
@click.option("--notices", "notices_dir", type=click.Path(file_okay=False, path_type=Path),
              help=W["opt.notices_dir"])
@NOTICE_SETTINGS
@click.option("--baseline", "previous", type=_Existing(dir_okay=False), callback=_baseline,
              help=W["opt.baseline"])
@TIMEOUT
@REPORT_TIMEOUT
@MEMORY
def check(paths, report, fmt, lang, select, ignore, rules_file, form, year, annotate_dir, notices_dir,
          notice_settings, previous, timeout, report_timeout, memory_mib):
    from auditor.api import check_each, pair_report, run_report
    from auditor.console import is_terminal
    from auditor.codes.unreadable import entry_skipped, not_auditable
    from auditor.batch.discover import discover
    from auditor.report import FileReport, Status
    from auditor.reporters import REPORTERS

    found = discover(paths)
    files, others = found.workbooks, found.unsupported
    if report is not None and len(files) != 1:
        raise click.UsageError(W["err.report_one"])
    if not files and not others and not found.skipped:
        raise click.UsageError(W["err.no_workbooks"])
    reporter = _reporter(fmt, lang)
    if reporter.binary and is_terminal(sys.stdout):
        raise click.UsageError(W("err.binary_tty", fmt=fmt))
    # a folder's .et or .csv is named, not skipped: its department would go unchecked
    results = [FileReport(str(p), Status.UNREADABLE, [not_auditable(p)], str(p)) for p in others]
    results += [FileReport(str(e.path), Status.UNREADABLE, [entry_skipped(e.path, e.why, e.detail)], str(e.path))
                for e in found.skipped]
    # in a worker process, as a batch's files are: each under the time and memory limits
    reports = {f: report if report is not None else pair_report(f) for f in files}
    try:
        results += check_each(files, reports=reports, limits=_limits(timeout, report_timeout, memory_mib),
                              rules_file=rules_file, select=_codes(select), ignore=_codes(ignore), form=form,
                              year=year)
    except KeyboardInterrupt:
        click.echo("\n" + words(lang)["msg.interrupted"], err=True)
        sys.exit(130)
    if annotate_dir is not None:
        _annotate(results, annotate_dir, lang, select, ignore, _limits(timeout, report_timeout, memory_mib))
    run = run_report(results, rules_file=rules_file, previous=previous)
    run.passed_over = [str(p) for p in found.passed_over]
    _say_passed_over(run.passed_over, lang)
    if notices_dir is not None:
        _write_notices(run, notices_dir, lang, notice_settings)
    if sys.stdout is not None:  # pythonw, a windowed exe: nowhere to show it; the exit code still says
        out = sys.stdout.buffer if reporter.binary else sys.stdout
        reporter.write(run, out)
        out.flush()
    sys.exit(1 if run.errors else 0)


@main.command(help=W["cli.batch"])
@click.argument("directory", type=_Existing(file_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help=W["opt.out"])
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help=W["opt.jobs"])
@click.option("--no-annotate", is_flag=True, help=W["opt.no_annotate"])
@click.option("--lang", type=LANGS, default="zh", show_default=True, help=W["opt.lang"])
@click.option("--rules", "rules_file", type=_Existing(dir_okay=False, path_type=Path),
              help=W["opt.rules"])
@click.option("--select", callback=_known_codes, help=W["opt.select"])
@click.option("--ignore", callback=_known_codes, help=W["opt.ignore"])
@click.option("--form", "form", type=_Forms(), default="auto", show_default=True, help=W["opt.form"])
@click.option("--year", "year", type=int, default=None, help=W["opt.check_year"])
@FORMS_DIR
@click.option("--strict", is_flag=True, help=W["opt.strict"])
@click.option("--notices", is_flag=True, help=W["opt.notices"])
@NOTICE_SETTINGS
@click.option("--baseline", "previous", type=_Existing(dir_okay=False), callback=_baseline,
              help=W["opt.baseline"])
@TIMEOUT
@REPORT_TIMEOUT
@MEMORY
def batch(directory, out_dir, jobs, no_annotate, lang, rules_file, select, ignore, form, year, strict, notices,
          notice_settings, previous, timeout, report_timeout, memory_mib):
    from auditor.batch.run import Options, run_batch
    from auditor.batch.outlock import OutputInUse, OutputRefused
    from auditor.batch.manifest import WRITE_FAILED_EXIT, NothingToAudit, OutputUnwritable, advice
    from auditor.batch.progress import Progress
    from auditor.console import printable

    options = Options(rules_file=str(rules_file) if rules_file else None,
                      limits=_limits(timeout, report_timeout, memory_mib),
                      select=_codes(select), ignore=_codes(ignore), form=form, year=year)
    try:
        result = run_batch(directory, out_dir, jobs=jobs, annotate=not no_annotate, lang=lang,
                           options=options, progress=Progress(sys.stderr, lang),
                           notices=notices or notice_settings is not None, previous=previous,
                           notice_settings=notice_settings)
    except KeyboardInterrupt:
        click.echo("\n" + words(lang)["msg.interrupted"], err=True)
        sys.exit(130)
    except NothingToAudit:
        raise click.UsageError(_said(W, "err.no_workbooks_in", directory=directory))
    except OutputRefused as exc:
        if exc.clash is None:
            raise click.UsageError(_said(words(lang), "err.out_is_input", out=out_dir))
        raise click.UsageError(_said(words(lang), "err.out_over_input", out=out_dir, input=exc.clash))
    except OutputInUse:
        raise click.UsageError(_said(words(lang), "err.out_in_use", out=out_dir))
    except OutputUnwritable as exc:
        click.echo(printable(advice(exc.path, exc.why, lang)), err=True)
        sys.exit(WRITE_FAILED_EXIT)
    n_err = result.errors
    click.echo(_said(words(lang), "msg.batch_totals", files=len(result.files), unreadable=result.unreadable, errors=n_err,
                           warnings=result.warnings, out=result.out))
    for path, why in sorted(result.annotate_errors.items()):
        click.echo(printable(f"  {path}: {why}"), err=True)
    _say_passed_over(result.passed_over, lang)
    for path, why in sorted(result.write_errors.items()):
        click.echo(printable(advice(path, why, lang)), err=True)
    if result.write_errors:
        sys.exit(WRITE_FAILED_EXIT)
    sys.exit(1 if strict and n_err else 0)


def _say_passed_over(paths: list[str], lang: str) -> None:
    """On stderr, the documents a folder's run left unchecked as not named reports: a report
    sent as 农业局2023.docx must not disappear without a word."""
    from auditor.console import printable

    if paths:
        click.echo(_said(words(lang), "msg.passed_over", count=len(paths)), err=True)
        for path in paths:
            click.echo(printable(f"  {path}"), err=True)


def _annotate(results, annotate_dir: Path, lang: str, select, ignore, limits: Limits) -> None:
    """Each checked file's copy, in a worker under the file's time and memory limits; a copy
    that cannot be made is a line on stderr and a finding on its file (S033, a warning: the
    exit code stays the findings')."""
    from auditor.batch.copies import annotate_each, copy_not_made
    from auditor.console import printable
    from auditor.codes import selected

    keep = bool(list(selected(["S033"], _codes(select), _codes(ignore))))
    checked = [r for r in results if r.annotatable]
    failed = annotate_each(checked, annotate_dir, lang, limits, durable=True) if checked else {}
    for r in checked:
        why = failed.get(r.path)
        if why is not None:
            click.echo(printable(f"{r.path}: {why}"), err=True)
            if keep:
                r.findings.append(copy_not_made(r, why))


def _write_notices(run, folder: Path, lang: str, settings: dict | None = None) -> None:
    """check --notices DIR: each file's notice as DIR/<file stem>.docx (named as batch names them)."""
    from auditor.batch.notices import notice_names
    from auditor.reporters.notice import write_review
    from auditor.reporters.review import reviews
    from auditor.reporters.safe_output import atomic_write, inside

    folder.mkdir(parents=True, exist_ok=True)
    names = notice_names(run.files)
    for path, review in reviews(run, lang).items():
        atomic_write(inside(folder, names[path]), lambda fh: write_review(fh, review, lang, settings))


def _reporter(fmt: str, lang: str):
    """The reporter ``--format`` names, from the registry; coloured on a terminal unless NO_COLOR."""
    from auditor.console import use_color
    from auditor.reporters import REPORTERS

    return REPORTERS[fmt](lang, color=use_color(sys.stdout))


@main.command(help=W["cli.rules"])
@click.option("--format", "fmt", type=click.Choice(["text", "md"]), default="text", show_default=True,
              help=W["opt.rules_format"])
@click.option("--lang", type=LANGS, default="zh", show_default=True, help=W["opt.lang"])
def rules(fmt, lang):
    from auditor.rules import reference as catalogue

    click.echo(catalogue.as_markdown(lang) if fmt == "md" else catalogue.as_text(lang), nl=fmt != "md")


@main.command(help=W["cli.explain"])
@click.argument("code")
@click.option("--lang", type=LANGS, default="zh", show_default=True, help=W["opt.lang"])
def explain(code, lang):
    from auditor.rules import reference as catalogue
    from auditor.codes import REGISTRY, RETIRED

    code = code.upper()
    if code in RETIRED:
        click.echo(words(lang)("msg.retired", code=code, why=RETIRED[code]))
        return
    rule = REGISTRY.get(code)
    if rule is None:
        raise click.UsageError(words(lang)("err.no_rule", code=code))
    click.echo(catalogue.explain(rule, lang))


@main.command(help=W["cli.template"])
@click.option("--year", type=int, default=2023, show_default=True, help=W["opt.year"])
@click.option("--form", "form_id", type=_Forms(auto=False), default="department", show_default=True,
              help=W["opt.template_form"])
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=W["opt.output"])
@FORMS_DIR
@click.option("--force", is_flag=True, help=W["opt.force"])
def template(year, form_id, output, force):
    from auditor.console import printable
    from auditor.forms import get
    from auditor.reporters.safe_output import atomic_write

    form = get(form_id)
    pack = form.pack(year)
    if getattr(pack, "borrowed_for", None) is not None:  # a form whose packs go by year, without that year's
        click.echo(W("msg.template_borrowed", year=year, pack_year=pack.year), err=True)
    asked = output or Path(f"{form.title('zh')}-{year}.xlsx")
    output = asked if force else _unused(asked)
    if output != asked:  # a filled-in workbook of that name is someone's work
        click.echo(_said(W, "msg.template_renamed", path=asked, new=output), err=True)
    atomic_write(output, lambda fh: form.write_template(fh, year))
    click.echo(printable(output))


def _unused(path: Path) -> Path:
    """``path``, or the first of ``X (2).xlsx``, ``X (3).xlsx``… beside it that does not exist."""
    candidate, n = path, 2
    while candidate.exists() or candidate.is_symlink():
        candidate, n = path.with_name(f"{path.stem} ({n}){path.suffix}"), n + 1
    return candidate


@main.command("forms", help=W["cli.forms"])
@click.option("--lang", type=LANGS, default="zh", show_default=True, help=W["opt.lang"])
@click.option("--export", "export_id", metavar="ID", help=W["opt.export_form"])
@click.option("--check", "check_file", type=_Existing(dir_okay=False, path_type=Path),
              help=W["opt.check_description"])
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=W["opt.output"])
@FORMS_DIR
def forms_(lang, export_id, check_file, output):
    from auditor.forms import FORMS
    from auditor.forms.described import DescribedForm, DescriptionError, clashes, parse

    w = words(lang)
    if check_file is not None:
        try:
            desc = parse(check_file.read_text("utf-8-sig"))
            # what `check --forms` would refuse, or load and never use, is said here too
            problems = [(line, msg) for line, msg, _ in clashes(desc)]
            if problems:
                raise DescriptionError(problems)
        except (DescriptionError, UnicodeDecodeError) as exc:
            problems = exc.problems if isinstance(exc, DescriptionError) else [(1, w("err.not_utf8"))]
            for line, msg in problems:
                click.echo(w("msg.description_problem", file=check_file.name, line=line, problem=msg))
            sys.exit(1)
        click.echo(w("msg.description_ok", file=check_file.name, id=desc.id, name=desc.name[lang]))
        return
    if export_id is not None:
        form = FORMS.get(export_id)
        if not isinstance(form, DescribedForm):
            raise click.UsageError(w("err.not_described", id=export_id))
        if output is None:
            click.echo(form.description.source, nl=False)
        else:
            from auditor.reporters.safe_output import atomic_write

            atomic_write(output, lambda fh: fh.write(form.description.source.encode("utf-8")))
            click.echo(str(output))
        return
    width = max(len(i) for i in FORMS)
    for form_id, form in FORMS.items():
        click.echo(f"{form_id.ljust(width)}  {form.title(lang)}  {form.province(lang) or '—'}")


@main.command(help=W["cli.serve"])
@click.option("--host", default="127.0.0.1", show_default=True, help=W["opt.host"])
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help=W["opt.port"])
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("auditor-data"),
              show_default=True, help=W["opt.data"])
@click.option("--database", help=W["opt.database"])
@click.option("--max-upload-mib", type=click.IntRange(1, 1024), default=32, show_default=True,
              help=W["opt.max_upload"])
@click.option("--workers", type=click.IntRange(min=1), default=None, help=W["opt.workers"])
@click.option("--queue", type=click.IntRange(min=0), default=32, show_default=True, help=W["opt.queue"])
@click.option("--download-minutes", type=click.IntRange(1, 24 * 60), default=30, show_default=True,
              help=W["opt.download_minutes"])
@click.option("--secure-cookies", is_flag=True, help=W["opt.secure_cookies"])
@click.option("--header-seconds", type=click.FloatRange(1, 600), default=20, show_default=True,
              help=W["opt.header_seconds"])
@click.option("--body-seconds", type=click.FloatRange(1, 3600), default=300, show_default=True,
              help=W["opt.body_seconds"])
@click.option("--add-user", "add_user", metavar="NAME", help=W["opt.add_user"])
@click.option("--disable-user", "disable_user", metavar="NAME", help=W["opt.disable_user"])
def serve(host, port, data_dir, database, max_upload_mib, workers, queue, download_minutes, secure_cookies,
          header_seconds, body_seconds, add_user, disable_user):
    try:
        from auditor.web import serve as web
    except ImportError as exc:
        raise click.ClickException(W("err.web_missing", missing=exc.name or exc))
    from auditor.limits import MiB

    config = web.Config(data=data_dir, database=database, max_upload_bytes=max_upload_mib * MiB, workers=workers,
                        queue=queue, download_minutes=download_minutes, secure_cookies=secure_cookies,
                        header_seconds=header_seconds, body_seconds=body_seconds)
    if add_user:
        if not 1 <= len(add_user) <= 100:
            raise click.UsageError(W["err.user_name"])
        password = click.prompt(_said(W, "msg.password_for", user=add_user), hide_input=True, confirmation_prompt=True,
                                prompt_suffix=W["msg.prompt_suffix"])
        try:
            created = web.add_user(config, add_user, password)
        except web.WeakPassword:
            raise click.UsageError(W["err.password_short"])
        click.echo(_said(W, "msg.user_created" if created else "msg.password_changed", user=add_user))
        return
    if disable_user:
        if not web.disable_user(config, disable_user):
            raise click.UsageError(_said(W, "err.no_such_user", user=disable_user))
        click.echo(_said(W, "msg.user_disabled", user=disable_user))
        return
    if (data_dir / "forms").is_dir():   # a bureau's own form descriptions, as --forms DIR
        from auditor.forms.described import DescriptionError, use_folder

        try:
            use_folder(data_dir / "forms")
        except DescriptionError as exc:
            raise click.ClickException(str(exc))
    click.echo(_said(W, "msg.serving", host=host, port=port, data=data_dir.resolve()), err=True)
    web.serve(config, host, port)
