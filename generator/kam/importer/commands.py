"""The `kam import csv` and `kam export` commands (registered on the main group in cli.py).

Kept apart from cli.py and light to import: pandas, openpyxl and pyarrow are
loaded only when a command runs.  `obj` is cli.Context (settings, lang).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..labels import term
from ..messages import shown

SHOWN = 20  # findings printed on stderr; the report has them all


@click.group("import")
def import_group():
    """Create a book from a CRM or spreadsheet export (see docs/guide/import-export.md)."""


@import_group.command("csv")
@click.option(
    "--mapping",
    "mapping_ref",
    required=True,
    metavar="MAPPING",
    help="A mapping file (YAML), or a built-in mapping: maven-crm, salesforce.",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--book",
    "book_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Write the account files here [default: the config's book folder, accounts/].",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False),
    default="import-report.txt",
    show_default=True,
    help="Where to write the full report (every finding, every row not placed); replaced only with --force.",
)
@click.option("--force", is_flag=True, help="Replace account files (and the report) that exist.")
@click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar [default: when stderr is a terminal]."
)
@click.pass_obj
def import_csv_command(obj, mapping_ref, files, book_dir, report_path, force, progress):
    """Import CSV FILES (or folders of them) into account files, as MAPPING says.

    Every defect of the input is reported as FILE:ROW:COLUMN (the header is
    row 1).  Nothing is dropped silently: rows that cannot be placed are listed
    in the report.  Existing files are never overwritten without --force.
    Exit status: 0 clean, 1 imported with errors in the report, 2 nothing written.
    """
    from kam.files import FileProblem, check_target, write

    from . import ImportError_, import_csv

    lang = obj.lang
    settings = obj.settings
    dest = Path(book_dir) if book_dir else settings.book_path
    try:
        check_target(Path(report_path), force=force)
    except FileProblem as e:
        click.echo(e.message(lang), err=True)
        sys.exit(2)
    show = sys.stderr.isatty() if progress is None else progress
    bar = None

    def on_total(n):
        nonlocal bar
        if show and n:
            bar = click.progressbar(length=n, file=sys.stderr, label="kam import")
            bar.__enter__()

    def step(k):
        if bar is not None:
            bar.update(k)

    try:
        result = import_csv(
            files, mapping_ref, dest, settings, force=force, lang=lang, progress=step, on_total=on_total
        )
    except ImportError_ as e:
        for f in e.findings:
            click.echo(f.text(lang), err=True)
        sys.exit(2)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    try:
        write(report_path, result.report, force=force)
    except FileProblem as e:
        click.echo(e.message(lang), err=True)
        sys.exit(2)
    for f in result.findings[:SHOWN]:
        click.echo(f.text(lang), err=True)
    if len(result.findings) > SHOWN:
        click.echo(term("imp_more", lang, n=len(result.findings) - SHOWN, report=shown(report_path)), err=True)
    click.echo(
        term(
            "imp_summary",
            lang,
            accounts=result.accounts,
            dest=shown(str(dest)),
            errors=result.errors,
            warnings=result.warnings,
            unplaced=len(result.unplaced),
            report=shown(report_path),
        )
    )
    sys.exit(1 if result.errors else 0)


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "parquet"]),
    default="xlsx",
    show_default=True,
    help="csv: one file per table; xlsx: one workbook, a sheet per table; parquet: one file per table.",
)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="export", show_default=True)
@click.option("--force", is_flag=True, help="Replace output files that exist.")
@click.pass_obj
def export_command(obj, fmt, out_dir, force):
    """Write the book's tables and the metrics tables for Excel and BI tools.

    Tables: accounts, contacts, opportunities, activities, actions, receivables,
    surveys, complaints, competitors, revenue, whitespace, people, offerings, and
    funnel, forecast, aging, tiers, team, accountability, pareto.  Headers of the
    xlsx follow the language setting; csv and parquet keep the field names.
    """
    from kam.book.diagnostics import format_text, has_errors
    from kam.book.loader import load_book

    lang = obj.lang
    try:
        from .. import export
    except ModuleNotFoundError as e:  # pragma: no cover - pandas is a core dependency
        click.echo(str(e), err=True)
        sys.exit(2)
    missing = export.missing_dependency(fmt)
    if missing:
        click.echo(term("exp_missing", lang, package=missing, fmt=fmt), err=True)
        sys.exit(2)
    book, diags = load_book(obj.settings)
    diags = list(obj.config_diags) + diags
    if book is None or has_errors(diags):
        click.echo(format_text(diags, lang), nl=False, err=True)
        click.echo(term("exp_invalid", lang), err=True)
        sys.exit(1 if book is not None else 2)
    from kam.files import FileProblem

    try:
        written = export.export(book, obj.settings, fmt, Path(out_dir), lang=lang, force=force)
    except FileProblem as e:
        click.echo(e.message(lang), err=True)
        sys.exit(2)
    for p in written:
        click.echo(term("exp_written", lang, path=str(p)))
