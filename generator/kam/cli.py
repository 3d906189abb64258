"""The `kam` command: a thin layer over the library; user mistakes become clean messages.

Exit codes: 0 valid, 1 invalid data, 2 usage or environment error.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from kam.book.diagnostics import format_github, format_json, format_summary_markdown, format_text, has_errors
from kam.book.policy import Settings, load_settings

from . import __version__
from .messages import render


class Context:
    def __init__(self, config: str | None, lang: str | None, as_of: dt.date | None):
        self.config = config
        self.lang_option = lang
        self.as_of = as_of
        self._settings: Settings | None = None
        self.config_diags: list = []

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            cfg = self.config
            if cfg is None and Path("mkdocs.yml").is_file():
                cfg = "mkdocs.yml"
            elif cfg is None:
                _refuse_a_folder_inside_a_project(self.lang_option)
            s, diags = load_settings(cfg)
            if self.as_of:
                s = Settings(**{**s.__dict__, "as_of": self.as_of})
            self._settings, self.config_diags = s, diags
        return self._settings

    @property
    def lang(self) -> str:
        if self.lang_option:
            return self.lang_option
        env = os.environ.get("KAM_LANG")
        if env in ("zh", "en"):
            return env
        return self.book_lang

    @property
    def book_lang(self) -> str:
        """The book's language (the kam plugin's `language:`): what the files kam writes into it are in,
        whatever language kam speaks, so a check in CI (which sets no --lang) agrees with every writer.
        A config's language that is neither is reported as an error, in the default language."""
        return self.settings.language if self.settings.language in ("zh", "en") else "zh"

    def say(self, code: str, **params) -> str:
        return render(code, params, self.lang)


def _refuse_a_folder_inside_a_project(lang_option: str | None) -> None:
    """Run inside accounts/, kam took the folder for a project of its own (`kam new` wrote accounts/accounts/)."""
    here = Path.cwd()
    for folder in list(here.parents)[:6]:
        if (folder / "mkdocs.yml").is_file():
            env = os.environ.get("KAM_LANG")
            lang = lang_option or (env if env in ("zh", "en") else "zh")
            raise click.UsageError(render("config-in-parent", {"folder": os.path.relpath(folder)}, lang))


def _date(ctx, param, value):
    from kam.book.convert import MAX_YEAR, MIN_YEAR

    if value is None:
        return None
    lang = _early_lang(ctx)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(render("as-of-form", {"date": value}, lang)) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:  # the same range as a date in the book or mkdocs.yml
        msg = render("as-of-range", {"date": value, "low": f"{MIN_YEAR}-01-01", "high": f"{MAX_YEAR}-12-31"}, lang)
        raise click.BadParameter(msg)
    return day


def _early_lang(ctx) -> str:
    """The language of a message given before the config is read: --lang, else $KAM_LANG, else zh."""
    env = os.environ.get("KAM_LANG")
    lang = env if env in ("zh", "en") else "zh"
    return (ctx.params.get("lang") or lang) if ctx is not None else lang


def _safe_streams() -> None:
    """A terminal that cannot show Chinese (an ASCII locale, a Windows code page) gets escapes, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a stream that cannot change (a closed or foreign stream)
                pass


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kam")
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    default=None,
    help="mkdocs.yml holding the kam settings and policy [default: ./mkdocs.yml when present].",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    is_eager=True,
    help="Language of messages [default: $KAM_LANG, or the config's language, or zh].",
)
@click.option(
    "--as-of",
    "as_of",
    callback=_date,
    default=None,
    metavar="YYYY-MM-DD",
    help="Report date [default: the config's as_of, or today].",
)
@click.pass_context
def main(ctx, config, lang, as_of):
    """kam: key account plans as code.

    Account plans are YAML files in accounts/, one per customer; kam checks
    them, computes the key-account figures and publishes them as a site.
    """
    _safe_streams()
    if config is not None and not Path(config).is_file():
        raise click.UsageError(render("config-missing", {"path": config}, _early_lang(ctx)))
    ctx.obj = Context(config, lang, as_of)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text: path:line:col: severity: message; github: workflow annotations; json: a list of objects.",
)
@click.pass_obj
def validate(obj: Context, paths, fmt):
    """Check the book, or the named account files (plus the cross-file checks).

    A PATH that is a folder of the book (a region) names its account files,
    checked against the whole book; another folder is taken as the book;
    files are account files in the book; naming _book.yaml checks the whole
    book (every account refers to its team).  Prints one line per problem, sorted by file and line, then a
    summary (files that could not be read are counted and said apart).  A valid book is also compared with
    the files kam writes from it, when the project has them: docs/schema (kam schema --dir) and
    .github/CODEOWNERS (kam codeowners); one that differs is a warning naming the command that refreshes
    it (CI checks them).  Nothing is written.  Exit status: 0 valid, 1 invalid, 2 usage error.
    """
    from kam.book.fields import BOOK_FILE
    from kam.book.loader import load_book

    settings = obj.settings
    only = None
    whole = False  # the team roster named (pre-commit names every changed file): every account refers to it
    book_dir = settings.book_path.resolve()
    for p in paths:
        if Path(p).is_file() and Path(p).resolve() == book_dir / BOOK_FILE:
            whole = True
        elif Path(p).is_dir() and book_dir in Path(p).resolve().parents:
            # a sub-folder of the book (a region): its files, checked against the whole book
            from kam.book.loader import discover

            only = (only or []) + discover(Path(p))[0]
        elif Path(p).is_dir():
            settings = Settings(**{**settings.__dict__, "root": ".", "book": p})
        elif Path(p).is_file():
            only = (only or []) + [Path(p)]
        else:
            raise click.UsageError(render("path-missing", {"path": p}, obj.lang))
    if whole:
        only = None
    book, diags = load_book(settings, only)
    diags = sorted(obj.config_diags, key=lambda d: d.sort_key()) + diags
    if book is not None and settings is obj.settings and not has_errors(diags):
        # the editor's schemas and CODEOWNERS the project keeps: stale ones fail the pull-request check
        from kam.generated import stale_files

        diags += stale_files(settings, book, obj.config)
    if book is None and not diags:  # pragma: no cover
        raise click.UsageError("no book")
    # every file found counts, read or not (the named ones and _book.yaml when files are named); those
    # not read (too large, not a plain file, a bad id: each with its error above) are said apart
    n_files = len(book.seen) if book is not None else 0
    n_unread = len(book.unread) if book is not None else 0
    errors = sum(d.severity == "error" for d in diags)
    warns = len(diags) - errors
    wtext = obj.say("summary-warnings", n=warns) if warns else ""
    utext = obj.say("summary-unread", n=n_unread) if n_unread else ""
    if errors:
        summary = obj.say("summary-invalid", files=n_files, unread=utext, errors=errors, warnings=wtext)
    else:
        summary = obj.say("summary-valid", files=n_files, unread=utext, warnings=wtext)
    lang = obj.lang
    if fmt == "json":
        click.echo(format_json(diags, lang), nl=False)
    elif fmt == "github":
        click.echo(format_github(diags, lang), nl=False)
        click.echo(summary)
        step = os.environ.get("GITHUB_STEP_SUMMARY")
        if step:
            with open(step, "a", encoding="utf-8") as fh:
                fh.write(format_summary_markdown(diags, summary, lang))
    else:
        click.echo(format_text(diags, lang), nl=False)
        click.echo(summary)
    if book is None:
        sys.exit(2)
    if any(d.code == "not-in-book" for d in diags):
        sys.exit(2)  # a usage error: the path is not part of the book
    sys.exit(1 if has_errors(diags) else 0)


def _valid_book(obj: Context):
    """Load the book; on errors print them and exit 1 (figures of an invalid book are not trusted)."""
    from kam.book.loader import load_book

    book, diags = load_book(obj.settings)
    diags = list(obj.config_diags) + diags
    if book is None or has_errors(diags):
        click.echo(format_text(diags, obj.lang), nl=False, err=True)
        click.echo(obj.say("metrics-invalid"), err=True)
        sys.exit(1 if book is not None else 2)
    return book


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print every figure as one JSON document.")
@click.pass_obj
def metrics(obj: Context, as_json):
    """Compute the key-account figures of the book (as of --as-of or the config's date).

    Without --json, prints a short summary in the configured language; the JSON
    document is described field by field in docs/reference/metrics.md.
    """
    from kam.metrics.summary import summary_text

    from .metrics import compute, to_json

    book = _valid_book(obj)
    m = compute(book, obj.settings)
    if as_json:
        click.echo(to_json(m), nl=False)
    else:
        click.echo(summary_text(m, obj.lang), nl=False)


@main.group()
def new():
    """Create a new file from a commented template."""


@new.command("account")
@click.argument("account_id")
@click.option("--name", default=None, help="The customer's full name.")
@click.option("--owner", default=None, help="Owning rep's person id (from _book.yaml).")
@click.option("--in", "folder", default=None, help="A sub-folder of the book to write it in, e.g. east.")
@click.pass_obj
def new_account(obj: Context, account_id, name, owner, folder):
    """Write accounts/ACCOUNT_ID.yaml, a commented template that validates as written.

    Its first line points editors at docs/schema/account.schema.json, relative to the folder it is
    written in.  Never overwrites an existing file.
    """
    import re

    from kam.book.fields import ACCOUNT_ID
    from kam.book.template import account_template

    if not re.match(ACCOUNT_ID, account_id):
        raise click.UsageError(render("bad-account-id", {"id": account_id}, obj.lang))
    slug = ACCOUNT_ID.strip("^$")
    if folder is not None and not re.fullmatch(f"{slug}(?:/{slug})*", folder):
        raise click.UsageError(render("bad-folder", {"folder": folder}, obj.lang))
    folder_parts = folder.split("/") if folder else []
    path = obj.settings.book_path.joinpath(*folder_parts, f"{account_id}.yaml")
    if os.path.lexists(path):
        click.echo(obj.say("exists", path=str(path)), err=True)
        sys.exit(2)
    team = _refuse_taken_id_or_unknown_owner(obj, account_id, owner)
    if name is not None:  # the file must validate as written: the name's own rules, before anything is written
        from kam.book.convert import MAX_LEN
        from kam.book.fields import KINDS

        limit = MAX_LEN[next(f.type for f in KINDS["account"].fields if f.name == "name")]
        if not name.strip():
            raise click.UsageError(render("blank-value", {"field": "name"}, obj.lang))
        if len(name) > limit:
            raise click.UsageError(render("too-long", {"field": "name", "length": len(name), "limit": limit}, obj.lang))
    schema_file = Path(obj.settings.root) / "docs" / "schema" / "account.schema.json"
    modeline = Path(os.path.relpath(schema_file.resolve(), path.parent.resolve())).as_posix()
    # the commented examples name people of this team, so uncommenting one does not make an error
    rep = owner or next((p["id"] for p in team if p.get("role") == "rep"), team[0]["id"] if team else None)
    senior = next((p["id"] for p in team if p.get("role") in ("executive", "manager") and p["id"] != rep), None)
    text = account_template(
        name=name,
        owner=owner,
        as_of=obj.settings.report_date(),
        schema_path=modeline,
        rep=rep,
        sponsor=senior,
        regions=list(obj.settings.regions or []),
        lang=obj.book_lang,  # the book's: its files are in its language, whatever kam speaks
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:  # e.g. a file where the folder should be
        click.echo(obj.say("cannot-write", path=str(e.filename or path), reason=e.strerror or str(e)), err=True)
        sys.exit(2)
    _write(obj, path, text, force=False)  # never replaces: an existing file was refused above
    click.echo(obj.say("created", path=str(path)))
    from kam.generated import CODEOWNERS, codeowners_commands

    if os.path.lexists(Path(obj.settings.root) / CODEOWNERS):  # it names a reviewer for every account file
        shown, _, command = codeowners_commands(obj.settings, obj.config)
        click.echo(obj.say("new-account-codeowners", path=shown, command=command))


def _refuse_taken_id_or_unknown_owner(obj: Context, account_id: str, owner: str | None) -> list[dict]:
    """The file `kam new` writes must validate as written: its id is new in the whole book (sub-folders
    included) and its owner is on the team (_book.yaml).  Returns the team (for the template's examples)."""
    from kam.book.convert import Rows, suggest
    from kam.book.loader import discover, parse_book_file

    accounts, book_file, _ = discover(obj.settings.book_path)
    taken = [p for p in accounts if p.stem.lower() == account_id.lower()]
    if taken:
        click.echo(obj.say("id-taken", id=account_id, path=str(taken[0])), err=True)
        sys.exit(2)
    rows = Rows()
    if book_file is not None:
        parse_book_file(str(book_file), book_file.read_bytes(), rows, [])
    team = [r for r in rows.rows.get("people", []) if isinstance(r.get("id"), str)]
    people = [r["id"] for r in team]
    if owner is not None and owner not in people:
        hint = suggest(owner, people)
        click.echo(obj.say("unknown-owner-hint" if hint else "unknown-owner", owner=owner, hint=hint), err=True)
        sys.exit(2)
    return team


@main.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the account schema to this file instead of stdout (it refers to ids.schema.json beside it).",
)
@click.option(
    "--dir",
    "out_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Write all three schemas (account, book file, the book's ids) into this folder.",
)
@click.option("--check", is_flag=True, help="Only check that --out or --dir is up to date (exit 1 when not).")
@click.option("--force", is_flag=True, help="Replace schema files that exist and differ.")
@click.pass_obj
def schema(obj: Context, out, out_dir, check, force):
    """Print (or write) the JSON Schemas of account files and _book.yaml, for editors.

    VS Code's YAML extension (with .vscode/settings.json, or the modeline at the top of an account
    file) then completes fields, the book's ids and values with their labels, and flags errors as
    you type, in kam's words.  The schemas are in the book's language (the kam plugin's `language:`
    in mkdocs.yml), whatever --lang or $KAM_LANG say (they change kam's messages only), so that the
    schemas written anywhere are those CI checks: an English book's are English throughout,
    descriptions and examples too; a Chinese book's describe each field in both languages, Chinese
    first.  --dir also writes ids.schema.json from the book's _book.yaml:
    rerun it (CI checks it) when the team or the catalogue changes.
    """
    from kam.book.jsonschema import account_schema_text, book_ids, schema_texts

    if out is not None and out_dir is not None:
        raise click.UsageError(obj.say("schema-out-and-dir"))
    regions = obj.settings.regions  # the company's own regions (mkdocs.yml), offered in account files
    lang = obj.book_lang
    if out_dir is not None:
        texts = {
            str(Path(out_dir) / name): text
            for name, text in schema_texts(book_ids(obj.settings.book_path, lang), lang, regions).items()
        }
    elif out is not None:
        texts = {out: account_schema_text(lang, regions)}
    else:
        if check:
            raise click.UsageError(obj.say("schema-check-needs-out"))
        click.echo(account_schema_text(lang, regions), nl=False)
        return
    if check:
        from kam.files import project_root
        from kam.generated import current_text

        from .labels import term

        stale = False
        for path, text in texts.items():
            current = current_text(Path(path), project_root(Path(obj.settings.root)))
            if current is None and os.path.lexists(path):  # a pipe, or a link out of the project: not opened
                command = f"kam schema --dir {out_dir} --force" if out_dir else f"kam schema --out {path} --force"
                click.echo(term("generated_not_file", obj.lang, path=path, command=command), err=True)
                stale = True
            elif current != text:
                click.echo(obj.say("schema-stale-dir" if out_dir else "schema-stale", path=path, dir=out_dir), err=True)
                stale = True
        if stale:
            sys.exit(1)
        click.echo(obj.say("schema-ok", path=out_dir or out))
        return
    for path, text in texts.items():
        if Path(path).is_file() and not Path(path).is_symlink() and Path(path).read_text(encoding="utf-8") == text:
            click.echo(obj.say("schema-ok", path=path))
            continue
        replaced = _write(obj, path, text, force)
        click.echo(obj.say("replaced" if replaced else "created", path=path))


def _write(obj: Context, path, text: str, force: bool) -> bool:
    """kam's write rule (kam.files) for a command's output; a refusal or failure is exit 2."""
    from kam.files import FileProblem, write

    try:
        return write(path, text, force=force)
    except FileProblem as e:
        click.echo(e.message(obj.lang), err=True)
        sys.exit(2)


# `kam build` and `kam serve` (site/commands.py: MkDocs is imported only when they run)
from .site.commands import build, serve  # noqa: E402

main.add_command(build)
main.add_command(serve)


# `kam import csv` and `kam export` (defined in importer/commands.py, light to import)
from .importer.commands import export_command, import_group  # noqa: E402

main.add_command(import_group)
main.add_command(export_command)


@main.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the changes as one JSON document instead of Markdown.")
@click.pass_obj
def diff(obj: Context, base, head, as_json):
    """What a change means in business terms, as Markdown for the reviewer.

    Compares BASE with HEAD (commits, branches or tags).  Default BASE: the
    merge base with the main branch (origin/main when present, else main);
    default HEAD: the working tree.  Only the account files that differ are
    read.  A version that does not validate is reported and compared as far
    as it can be read.  Exit status: 0 compared, 2 not a git repository or
    unknown revision.

    \b
        kam diff                             # this branch's changes, before you push
        kam diff origin/main HEAD >> "$GITHUB_STEP_SUMMARY"
    """
    import json

    from kam.git.diff import diff_revisions, render, to_json
    from kam.git.gitstore import GitError, Repo

    from .labels import term

    try:
        repo = Repo(".")
        res = diff_revisions(repo, obj.settings, base, head)
    except GitError as e:
        click.echo(term("diff_git_error", obj.lang, message=str(e)), err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(to_json(res, obj.lang), ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(render(res, obj.lang), nl=False)


@main.command()
@click.option("--check", is_flag=True, help="Only compare with the file; exit 1 and show what differs when stale.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default=".github/CODEOWNERS",
    show_default=True,
    help="The CODEOWNERS file.",
)
@click.option("--force", is_flag=True, help="Replace OUT when it exists and differs.")
@click.pass_obj
def codeowners(obj: Context, check, out, force):
    """Write .github/CODEOWNERS from the book (each account: its rep's GitHub handle + the key-account team).

    An OUT that exists and differs is replaced only with --force.  With --check
    nothing is written: exit 1 (printing the differences) when OUT is stale.
    A book with errors writes nothing and fails --check (exit 1).  The team
    handle is the kam setting `codeowners_team`.
    """
    from kam.git.codeowners import check_file, write_file

    if has_errors(obj.settings and obj.config_diags):  # a bad team handle in mkdocs.yml: same refusal
        click.echo(format_text(obj.config_diags, obj.lang), nl=False, err=True)
        click.echo(obj.say("codeowners-invalid-config", path=out), err=True)
        sys.exit(1)
    if check:
        code, text = check_file(obj.settings, Path(out), obj.lang)
        click.echo(text, nl=False, err=code != 0)
        sys.exit(code)
    code, text = write_file(obj.settings, Path(out), obj.lang, force=force)
    click.echo(text, nl=False, err=code != 0)
    if code == 0 and obj.settings.codeowners_team == Settings.codeowners_team:
        # GitHub asks no review of a team that does not exist, and says nothing about it
        click.echo(obj.say("codeowners-placeholder", team=Settings.codeowners_team), err=True)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()


# `kam publish-check` and `kam init` (publish.py, init.py: a team's start and its site's audience)
from .init import init_command  # noqa: E402
from .publish import publish_check  # noqa: E402

main.add_command(publish_check)
main.add_command(init_command)
