"""`kam init`: a new book repository that validates and builds as written.

It depends on a pinned kam (a requirement line, from a package index or a git tag), never on a copy
of kam's code.  Every file goes through kam's write rule: an existing file is never replaced without
--force, and a folder that holds anything else is refused unless told.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from jinja2 import Environment, PackageLoader, StrictUndefined

from kam import __version__, messages, words
from kam.book.fields import MAX_LEN
from kam.book.jsonschema import book_ids, schema_texts
from kam.book.policy import Policy, load_settings
from kam.files import FileProblem, write
from kam.generated import SCHEMA_DIR  # the editor's schemas (kam schema --dir docs/schema), as in kam's repository
from kam.mdsafe import md_escape

# template -> file in the new repository
FILES = {
    "mkdocs.yml.j2": "mkdocs.yml",
    "_book.yaml.j2": "accounts/_book.yaml",
    "docs-index.md.j2": "docs/guide.md",
    "README.md.j2": "README.md",
    "requirements.txt.j2": "requirements.txt",
    "gitignore.j2": ".gitignore",
    "pre-commit-config.yaml.j2": ".pre-commit-config.yaml",
    "github/validate.yml.j2": ".github/workflows/validate.yml",
    "github/publish.yml.j2": ".github/workflows/publish.yml",
    "github/pull_request_template.md.j2": ".github/pull_request_template.md",
    "github/new-account.md.j2": ".github/ISSUE_TEMPLATE/new-account.md",
    "vscode/settings.json.j2": ".vscode/settings.json",
    "vscode/extensions.json.j2": ".vscode/extensions.json",
}
# what a one-line name cannot keep: line breaks and tabs (a space instead), other control characters,
# bidirectional controls (they reorder the text around them), bytes that are not UTF-8 (Python reads them
# from the command line as lone surrogates) and the two code points YAML cannot hold
_BREAKS = re.compile("[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]")
_DROPPED = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
DEFAULT_CURRENCY = {"zh": "CNY", "en": "USD"}  # a new book's base currency, by its language
# an English book's regions: a neutral set, written into its mkdocs.yml for the team to change (a Chinese
# book keeps kam's own, China's regions and overseas, and its mkdocs.yml does not list them)
NEUTRAL_REGIONS = {
    "north": "North",
    "south": "South",
    "east": "East",
    "west": "West",
    "central": "Central",
    "international": "International",
}
PERSON_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# a pinned kam, one line: `kam==0.1.0` (a package index) or `kam @ git+https://host/kam@v0.1.0` (a tag)
PINNED = re.compile(
    r"kam(?:\[[a-z,]+\])?\s*(?:===?\s*[0-9][0-9A-Za-z.+!-]*"
    r"|@\s*git\+(?:https|ssh)://[^\s\"'<>\\]+@[A-Za-z0-9._-]+)"
)
REPO_URL = re.compile(r"(?:https://|ssh://|git@)[^\s\"'<>()\[\]{}`\\]+")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str = "rep"


class InitProblem(Exception):
    """A refusal, as a message code and its parameters (kam.messages)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def _shown(text: str) -> str:
    """Text that is not all UTF-8, printable: each byte Python could not read as UTF-8 as `\\xff`."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def refuse_bytes(option: str, text: str | None) -> None:
    """Python reads a byte of the command line that is not UTF-8 as a lone surrogate, which no file
    kam writes (nor pandas, nor the terminal) can hold: refused, before anything is written."""
    if text is not None and re.search("[\ud800-\udfff]", text):
        raise InitProblem("init-not-utf8", option=option, value=_shown(text))


def parse_person(spec: str, role: str) -> Person:
    """`id:Name` (or `id`) from --rep/--manager."""
    pid, _, name = spec.partition(":")
    pid = pid.strip()
    if not PERSON_ID.fullmatch(pid):
        raise InitProblem("init-bad-person", spec=spec)
    return Person(pid, company_name(name) or pid, role)  # one line of text, as the company's name


def company_name(typed: str) -> str:
    """The company's name as the site's title: as typed, on one line, without what a title cannot show
    (see _BREAKS and _DROPPED); `&`, `<`, quotes are kept (the YAML is quoted, the site escapes them)."""
    return re.sub(" *\n[ \n]*", " ", _BREAKS.sub("\n", _DROPPED.sub("", typed))).strip()


def _yaml(text: str) -> str:
    """Any text as one YAML scalar (JSON strings are YAML): a company name cannot write YAML of its own.
    What YAML would not read back as written (C1 controls, its own line breaks U+2028/U+2029, lone
    surrogates, U+FFFE/U+FFFF) is escaped too, as JSON escapes the C0 controls."""
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(str(text), ensure_ascii=False))


def _flow(value) -> str:
    """A default as one line of YAML: 20, 5.0, {major: 14, named: 30}."""
    import yaml

    text = yaml.safe_dump(value, default_flow_style=True, width=10**6, allow_unicode=True, sort_keys=False)
    return text.removesuffix("...\n").strip()


def _two_figures(x: float) -> int:
    """An amount rounded to two significant figures (704,225 -> 700,000; 140,845 -> 140,000)."""
    if x <= 0:
        return 0
    unit = 10 ** max(math.floor(math.log10(x)) - 1, 0)
    return int(math.floor(x / unit + 0.5) * unit)


def money_in(currency: str) -> tuple[dict[str, Any], float | None]:
    """kam's default amounts of money (policy MONEY, written in CNY) for a book in `currency`: {key:
    value} with each amount at kam's default rate for it, to two significant figures, and that rate;
    the CNY amounts and None when kam has no rate for it."""
    from kam.book.policy import MONEY, Policy

    defaults = Policy()
    rate = defaults.rates.get(currency)
    out: dict[str, Any] = {}
    for key in MONEY:
        name, _, sub = key.partition(".")
        value = getattr(defaults, name)
        if sub:
            group = out.setdefault(name, dict(value))
            group[sub] = _two_figures(group[sub] / rate) if rate else group[sub]
        else:
            out[name] = _two_figures(value / rate) if rate else value
    return out, rate


def policy_lines(lang: str, currency: str) -> list[str]:
    """The policy block of the new mkdocs.yml: every key with its default, commented, so a team sees
    what it may change; generated from kam's own defaults, so it cannot drift from them.  The default
    exchange rates are CNY's: a book in another currency starts with none (uncommented), so an account
    in a foreign currency is an error naming the missing rate, never a figure converted at CNY's rates.
    Its amounts of money (kam's defaults are CNY amounts) are written out, uncommented, in its currency
    (money_in); where kam has no rate for it, as CNY's, with a note to set them."""
    from kam.book.fields import KINDS
    from kam.book.policy import MONEY, Policy

    defaults = Policy()
    foreign = currency != defaults.base_currency
    amounts, rate = money_in(currency)
    money = words.pick(words.message("init-money"), lang)
    lines = [f"base_currency: {currency}"]
    for f in KINDS["policy"].fields:
        if f.name == "base_currency":
            continue
        about = f.zh if lang == "zh" else f.en
        if f.name == "rates" and foreign:
            more = words.pick(words.message("init-rates-more"), lang)
            lines.append(f"rates: {{}}  # {about}{more} {{EUR: 1.1}}")
            continue
        value = getattr(defaults, f.name)
        if any(k.startswith(f.name + ".") for k in MONEY):
            about += f"（{money}）" if lang == "zh" else f" ({money})"
        if foreign and f.name in amounts:
            said = ("init-money-at" if rate else "init-money-set") if f.name == "tiers" else None
            note = words.pick(words.message(said), lang).format(rate=rate, currency=currency) if said else ""
            lines.append(f"{f.name}: {_flow(amounts[f.name])}  # {about}{note}")
        elif isinstance(value, dict) and any(isinstance(v, dict) for v in value.values()):
            lines.append(f"# {f.name}:  # {about}")
            lines += [f"#   {k}: {_flow(v)}" for k, v in value.items()]
        else:
            lines.append(f"# {f.name}: {_flow(value)}  # {about}")
    return lines


def render(company: str, lang: str, currency: str, people: list[Person], requirement: str, kam_repo: str | None):
    """{path in the new repository: text}."""
    env = Environment(
        loader=PackageLoader("kam", "templates/init"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # YAML and Markdown: every value from the user is quoted with _yaml
    )
    company = company_name(company)  # one line: the comment in mkdocs.yml and the README's heading
    values = {
        "company_plain": company,
        "company_markdown": md_escape(company),
        "site_name": _yaml(words.pick(words.message("init-site-name"), lang).format(company=company)),
        "lang": lang,
        # the other language of a site in both (languages, site_names: commented in mkdocs.yml); the site's
        # name in it is the English one in either book, as an English book's words are all English
        "other_lang": "en" if lang == "zh" else "zh",
        "other_site_name": _yaml(words.pick(words.message("init-site-name"), "en").format(company=company)),
        "currency": currency,
        "policy_lines": policy_lines(lang, currency),
        "regions": {k: _yaml(v) for k, v in NEUTRAL_REGIONS.items()} if lang == "en" else None,
        "people": [{"id": p.id, "name": _yaml(p.name), "role": p.role} for p in people],
        "example": True,
        "product": _yaml(words.pick(words.message("init-product"), lang)),
        "example_rep": parse_person(words.text("example_rep", lang), "rep"),
        "example_offering": words.text("example_offering", lang),
        "first_owner": next((p.id for p in people if p.role == "rep"), people[0].id),
        "requirement": requirement,
        "requirement_yaml": _yaml(requirement),
        "kam_repo": kam_repo and _yaml(kam_repo),
        "version": __version__,
        # the hooks' kam is the one requirements.txt pins: its git tag, or this version's
        "rev": _yaml(tag.group(1))
        if (tag := re.search(r"@git\+\S+@([A-Za-z0-9._-]+)$", requirement.replace(" ", "")))
        else f"v{__version__}",
        "kam_docs": kam_repo if kam_repo and kam_repo.startswith("https://") else None,
    }
    return {out: env.get_template(tpl).render(**values) for tpl, out in FILES.items()}


def _check_team(text: str, lang: str) -> None:
    """The first team as kam will read it: a name kam would refuse (too long, say) stops init before
    it writes anything, rather than leaving a book that does not validate."""
    from kam.book.convert import Rows
    from kam.book.diagnostics import has_errors
    from kam.book.loader import parse_book_file

    diags: list = []
    parse_book_file("accounts/_book.yaml", text.encode("utf-8"), Rows(), diags)
    if has_errors(diags):
        problem = next(d for d in diags if d.severity == "error").message(lang)
        raise InitProblem("init-bad-team", problem=problem)


def init(
    folder: Path,
    *,
    company: str,
    lang: str = "zh",
    currency: str | None = None,
    people: list[Person],
    requirement: str | None = None,
    kam_repo: str | None = None,
    force: bool = False,
) -> list[Path]:
    """Write the new repository into folder; the paths written.  Refuses a folder with files in it
    unless force (and even then replaces a file only with force, through kam's write rule)."""
    if folder.exists() and not folder.is_dir():
        raise InitProblem("init-not-a-folder", path=str(folder))
    if folder.is_dir() and any(p.name != ".git" for p in folder.iterdir()) and not force:
        raise InitProblem("init-not-empty", path=str(folder))
    accounts = folder / "accounts"
    if force and accounts.is_dir() and any(p.suffix == ".yaml" and p.name != "_book.yaml" for p in accounts.rglob("*")):
        # a book in use: its team and settings would be replaced, and every account left without its owner
        raise InitProblem("init-book-in-use", path=str(folder))
    if requirement is not None and not PINNED.fullmatch(requirement):
        raise InitProblem("init-bad-requirement", requirement=requirement)
    if kam_repo is not None and not REPO_URL.fullmatch(kam_repo):
        raise InitProblem("init-bad-repo", url=kam_repo)
    name = company_name(company)
    if not name:
        raise InitProblem("init-blank-company")
    if len(name) > MAX_LEN["str"]:  # a title, on every page: the limit of every name in the book
        raise InitProblem("init-long-company", length=len(name), limit=MAX_LEN["str"])
    currency = currency or DEFAULT_CURRENCY[lang]
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise InitProblem("init-bad-currency", currency=currency)
    seen: set[str] = set()
    for p in people:
        if p.id in seen:
            raise InitProblem("init-person-twice", id=p.id)
        seen.add(p.id)
    if not people:
        people = [Person("owner", words.pick(words.text_pair("exp_col_owner"), lang), "rep")]
    texts = render(company, lang, currency, people, requirement or f"kam=={__version__}", kam_repo)
    _check_team(texts[FILES["_book.yaml.j2"]], lang)
    written = []
    for rel, text in texts.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path, text, force=force)
        written.append(path)
    # the editor completes and checks account files as the rep types (the modeline `kam new` writes)
    ids = book_ids(folder / "accounts", lang)
    regions = load_settings(folder / "mkdocs.yml")[0].regions  # as written: the schemas offer them
    (folder / SCHEMA_DIR).mkdir(parents=True, exist_ok=True)
    for name, text in schema_texts(ids, lang, regions).items():
        write(folder / SCHEMA_DIR / name, text, force=force)
        written.append(folder / SCHEMA_DIR / name)
    return written


@click.command("init")
@click.argument("folder", type=click.Path(file_okay=False), default=".")
@click.option("--company", default=None, help="The company's name, for the site's title [default: the folder's name].")
@click.option(
    "--lang",
    "--site-lang",
    "site_lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="The book's language: its site and kam's messages [default: `kam --lang`, or $KAM_LANG, or zh].",
)
@click.option(
    "--currency",
    default=None,
    help="The base currency (ISO code) [default: CNY for a Chinese book, USD for an English one].",
)
@click.option("--rep", "reps", multiple=True, metavar="ID:NAME", help="A rep of the first team (repeatable).")
@click.option("--manager", "managers", multiple=True, metavar="ID:NAME", help="A sales manager (repeatable).")
@click.option("--kam", "requirement", default=None, help="How the book installs kam [default: kam==THIS VERSION].")
@click.option("--kam-repo", default=None, metavar="URL", help="kam's git repository, for the pre-commit hooks.")
@click.option("--force", is_flag=True, help="Write into a folder that has files, replacing those of the same name.")
@click.pass_obj
def init_command(obj, folder, company, site_lang, currency, reps, managers, requirement, kam_repo, force):
    """Start a new book repository in FOLDER (default: here) that validates and builds as written.

    Writes mkdocs.yml (company, language, base currency, the policy's keys commented),
    accounts/_book.yaml with the first team, a docs page, GitHub workflows (check every pull
    request; publish only where the site stays private), pull-request and issue templates, CODEOWNERS,
    .pre-commit-config.yaml, .gitignore, requirements.txt pinning this kam, the editor's schemas
    (docs/schema) with .vscode settings, and a README.
    Refuses a folder that has files unless --force.  Exit status: 0 written, 2 refused.
    """
    from kam.git.codeowners import write_file

    root = Path(folder)
    env = os.environ.get("KAM_LANG")
    asked = obj.lang_option or (env if env in ("zh", "en") else None)
    site_lang = site_lang or asked or "zh"  # `kam --lang en init` means an English book too
    lang = asked or site_lang  # the messages: as asked, else the new book's language
    currency = currency or DEFAULT_CURRENCY[site_lang]

    def say(code: str, **params) -> str:
        return messages.render(code, params, lang)

    typed = company or root.resolve().name
    try:
        for option, values in (("FOLDER", [folder]), ("--rep", reps), ("--manager", managers)):
            for value in values:
                refuse_bytes(option, value)
        refuse_bytes("--kam", requirement)
        refuse_bytes("--kam-repo", kam_repo)
        people = [parse_person(s, "rep") for s in reps] + [parse_person(s, "manager") for s in managers]
        written = init(
            root,
            company=typed,
            lang=site_lang,
            currency=currency,
            people=people,
            requirement=requirement,
            kam_repo=kam_repo,
            force=force,
        )
    except InitProblem as e:
        click.echo(say(e.code, **e.params), err=True)
        sys.exit(2)
    except FileProblem as e:
        click.echo(e.message(lang), err=True)
        sys.exit(2)
    if company_name(typed) != typed.strip():  # written, but not all of it: say what was written
        click.echo(say("init-company-changed", company=company_name(typed)), err=True)
    for p, spec in zip(people, reps + managers, strict=True):
        if p.name != spec.partition(":")[2].strip() and spec.partition(":")[2].strip():
            click.echo(say("init-person-changed", id=p.id, name=p.name), err=True)
    if currency != Policy().base_currency and money_in(currency)[1] is None:  # its amounts are CNY's: to be set
        click.echo(say("init-money-unscaled", currency=currency), err=True)
    settings, _ = load_settings(root / "mkdocs.yml")
    status, text = write_file(settings, root / ".github" / "CODEOWNERS", lang, force=force)
    if status != 0:
        click.echo(text, err=True, nl=False)
        sys.exit(2)
    click.echo(say("init-done", path=str(root), n=len(written) + 1))
