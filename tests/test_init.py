"""kam init: a new book repository that validates and builds as written; the README's new-team
section works as written from an empty folder."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kam import __version__
from kam.cli import main

ROOT = Path(__file__).resolve().parent.parent
KAM = str(Path(sys.executable).parent / "kam")


def run(*args, cwd: Path, lang="en"):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        res = CliRunner().invoke(main, ["--lang", lang, *args])
    finally:
        os.chdir(old)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res


def test_a_new_book_validates_builds_and_pins_kam(tmp_path):
    res = run(
        "init",
        "book",
        "--company",
        "Acme 精密",
        "--rep",
        "wang-lei:王磊",
        "--manager",
        "li-na:李娜",
        "--site-lang",
        "zh",
        cwd=tmp_path,
    )
    assert res.exit_code == 0, res.stderr
    book = tmp_path / "book"
    assert (
        res.stdout == "wrote a new book repository in book (17 files): next, `kam new account <id> --owner "
        "<person id>`, then `kam validate`\n"
    )
    assert (book / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == f"kam=={__version__}"
    cfg = yaml.safe_load((book / "mkdocs.yml").read_text(encoding="utf-8"))
    assert cfg["site_name"] == "大客户管理 · Acme 精密"
    assert cfg["plugins"][1]["kam"]["policy"] == {"base_currency": "CNY"}
    people = yaml.safe_load((book / "accounts" / "_book.yaml").read_text(encoding="utf-8"))["people"]
    assert people == [
        {"id": "wang-lei", "name": "王磊", "role": "rep"},
        {"id": "li-na", "name": "李娜", "role": "manager"},
    ]
    assert run("validate", cwd=book).exit_code == 0
    assert run("codeowners", "--check", cwd=book).exit_code == 0
    # the first build, before any account: the reports say how to add one (they said "under construction")
    assert run("build", "--strict", cwd=book).exit_code == 0
    home = (book / "site" / "index.html").read_text(encoding="utf-8")
    assert "客户档案中还没有客户：用 kam new account 客户id 添加第一个，下次构建时这里会显示各项数字。" in home
    assert "正在建设中" not in home
    assert run("new", "account", "acme", "--owner", "wang-lei", cwd=book).exit_code == 0
    # the editor finds the schemas the account's modeline and .vscode/settings.json name, and they are current
    modeline = (book / "accounts" / "acme.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert (book / "accounts" / modeline.split("$schema=")[1]).is_file()
    vscode = json.loads((book / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert vscode["yaml.schemas"] and all((book / p).is_file() for p in vscode["yaml.schemas"])
    assert run("schema", "--dir", "docs/schema", "--check", lang="zh", cwd=book).exit_code == 0
    # the new account is not in CODEOWNERS yet: validate says so before CI does
    assert run("validate", cwd=book).stdout == (
        ".github/CODEOWNERS:9:1: warning: out of date: kam writes this file from the book, which now says otherwise "
        "from this line on, so the pull-request check `kam codeowners --check` will fail: run `kam codeowners --force` "
        "and commit the file\n2 files checked: valid, 1 warning\n"
    )
    assert run("codeowners", "--force", cwd=book).exit_code == 0
    assert run("validate", cwd=book).stdout == "2 files checked: valid\n"
    assert run("build", "--strict", cwd=book).exit_code == 0
    assert "Acme 精密" in (book / "site" / "accounts" / "index.html").read_text(encoding="utf-8")
    assert not any(p.suffix == ".py" for p in book.rglob("*") if ".git" not in p.parts and "site" not in p.parts)


def test_the_new_books_github_files_are_valid(tmp_path):
    assert run("init", "b", "--company", "X", cwd=tmp_path).exit_code == 0
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    files = sorted(map(str, (tmp_path / "b" / ".github" / "workflows").glob("*.yml")))
    r = subprocess.run([exe, "--builtin-schema", "vendor.github-workflows", *files], capture_output=True, text=True)
    assert len(files) == 2 and r.returncode == 0, r.stdout + r.stderr
    publish = (tmp_path / "b" / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert publish.index("kam publish-check") < publish.index("kam build") < publish.index("deploy-pages")
    hooks = yaml.safe_load((tmp_path / "b" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["hooks"][0]["additional_dependencies"] == [f"kam=={__version__}"]
    assert run("init", "c", "--company", "X", "--kam-repo", "https://git.example/kam", cwd=tmp_path).exit_code == 0
    hooks = yaml.safe_load((tmp_path / "c" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"] == [
        {
            "repo": "https://git.example/kam",
            "rev": f"v{__version__}",
            "hooks": [{"id": "kam-validate"}, {"id": "kam-codeowners"}],
        }
    ]


def test_this_repository_ships_the_hooks_a_book_uses():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["kam-validate", "kam-codeowners"]
    assert all(h["entry"].startswith("kam ") and h["language"] == "python" for h in hooks)


def test_a_folder_with_files_is_refused_and_left_as_it_was(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("mine\n", encoding="utf-8")
    res = run("init", ".", "--company", "X", cwd=tmp_path)
    assert (res.exit_code, res.stderr) == (
        2,
        "`.` already has files: choose an empty folder, or give `--force` to write into it (files of the same "
        "name are replaced)\n",
    )
    assert [p.name for p in tmp_path.iterdir()] == ["mkdocs.yml"]
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "mine\n"
    assert run("init", ".", "--company", "X", "--force", cwd=tmp_path).exit_code == 0
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").startswith("# The site of X")


def test_force_never_replaces_the_team_of_a_book_in_use(tmp_path):
    """--force in a book with accounts replaced its _book.yaml and mkdocs.yml, then failed: every owner unknown."""
    assert run("init", "book", "--company", "X", "--rep", "wang-lei:王磊", cwd=tmp_path).exit_code == 0
    book = tmp_path / "book"
    (book / "accounts" / "east").mkdir()
    (book / "accounts" / "east" / "acme.yaml").write_text("name: Acme\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in book.rglob("*") if p.is_file()}
    res = run("init", "book", "--company", "Y", "--force", cwd=tmp_path)
    assert (res.exit_code, res.stderr) == (
        2,
        "`book` already holds a book in use (account files in accounts/): `kam init --force` would replace its "
        "team and settings; start the new book elsewhere\n",
    )
    assert {p: p.read_bytes() for p in book.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--rep", "Wang Lei"],
            "`Wang Lei` is not `id:Name` (an id is lowercase letters, digits and hyphens, such as "
            "`zhang-wei:Zhang Wei`)",
        ),
        (["--currency", "rmb"], "`rmb` is not a currency code: use three capital letters, such as CNY or USD"),
        (
            ["--kam", "kam>=0.1"],
            "`kam>=0.1` is not a pinned kam: write `kam==0.1.0` (from a package index) or "
            "`kam @ git+https://…/kam@v0.1.0` (from a git tag)",
        ),
        (
            ["--kam", "kam==0.1.0\n--index-url https://elsewhere.example/simple"],
            "`kam==0.1.0\\n--index-url https://elsewhere.example/simple` is not a pinned kam: write `kam==0.1.0` "
            "(from a package index) or `kam @ git+https://…/kam@v0.1.0` (from a git tag)",
        ),
        (
            ["--kam", "kam @ git+https://git.example/kam"],
            "`kam @ git+https://git.example/kam` is not a pinned kam: write `kam==0.1.0` (from a package index) or "
            "`kam @ git+https://…/kam@v0.1.0` (from a git tag)",
        ),
        (
            ["--rep", "wang-lei:王磊", "--manager", "wang-lei:王雷"],
            "person id `wang-lei` is given twice (--rep/--manager): one id per person",
        ),
        (
            ["--rep", "wang-lei:" + "王" * 201],
            "the first team cannot be written as given by --rep/--manager: `name` is 201 characters long; at most "
            "200 (shorten it; long text goes in `notes`)",
        ),
        (["--rep", "a-b:B\udcffC"], "--rep `a-b:B\\xffC` has bytes that are not UTF-8: write it in UTF-8"),
        (["--manager", "\udce4-b:B"], "--manager `\\xe4-b:B` has bytes that are not UTF-8: write it in UTF-8"),
        (
            ["--kam", "kam @ git+https://git.example/k\udcff@v1"],
            "--kam `kam @ git+https://git.example/k\\xff@v1` has bytes that are not UTF-8: write it in UTF-8",
        ),
        (
            ["--kam-repo", "https://git.example/k\ud800"],
            "--kam-repo `https://git.example/k\\ud800` has bytes that are not UTF-8: write it in UTF-8",
        ),
        (
            ["--kam-repo", "https://git.example/kam\nevil: 1"],
            "`https://git.example/kam\\nevil: 1` is not a git repository URL: write `https://…`, `ssh://…` or `git@…`",
        ),
    ],
)
def test_bad_options_are_refused(tmp_path, args, message):
    res = run("init", "b", "--company", "X", *args, cwd=tmp_path)
    assert (res.exit_code, res.stderr) == (2, message + "\n")
    assert not (tmp_path / "b").exists() or not any((tmp_path / "b").iterdir())


def test_a_folder_whose_name_is_not_utf8_is_refused(tmp_path):
    """Python reads the byte 0xff of a command line as the lone surrogate U+DCFF: init wrote the files,
    then failed with a traceback on the first text that had to be UTF-8."""
    res = run("init", "b\udcff", "--company", "X", cwd=tmp_path)
    assert (res.exit_code, res.stderr) == (2, "FOLDER `b\\xff` has bytes that are not UTF-8: write it in UTF-8\n")
    res = run("init", "b\udcff", "--company", "X", cwd=tmp_path, lang="zh")
    assert (res.exit_code, res.stderr) == (2, "FOLDER `b\\xff` 含有非 UTF-8 字节：请用 UTF-8 文字书写\n")
    assert list(tmp_path.iterdir()) == []


# every name here is kept exactly as typed: what YAML, Markdown and HTML would read as their own syntax
KEPT_NAMES = [
    "AT&T",
    "O'Neil & Sons",
    'The "Best" Co.',
    "<script>alert(1)</script>",
    "<b>Bold</b> &amp; Co",
    "Acme #1 # not a comment",
    "Acme: Holdings: East",
    "- Acme",
    "{x: 1} [y] *z &w !t %u @v `q` |p >o",
    "null",
    "yes",
    "1.10",
    "  Acme  Corp",  # the spaces between words as typed (only the ends are trimmed)
    "\\Acme\\ \\n",
    "Ünïcödé 精密 🙂 ﹤ ＆",
    "*" * 200,
    ("AT&T <b>'Q'</b> # : " * 20)[:200],
]


def _markdown_text(line: str) -> str:
    """What a reader of the README on GitHub sees of one line of it: rendered as CommonMark, raw HTML
    kept as HTML, then its tags dropped and its entities read."""
    import html

    from markdown_it import MarkdownIt

    return html.unescape(re.sub(r"<[^>]+>", "", MarkdownIt("commonmark").render(line))).strip()


@pytest.mark.parametrize("company", KEPT_NAMES)
def test_a_company_name_is_written_as_typed(tmp_path, company):
    """`AT&T` and `O'Neil & Sons` were written `ATT` and `ONeil  Sons`: mkdocs.yml now holds the name as
    typed, quoted so that it reads back exactly; the README's heading shows it as typed."""
    res = run("init", "b", "--company", company, cwd=tmp_path)
    assert (res.exit_code, res.stderr) == (0, "")
    b = tmp_path / "b"
    cfg = yaml.safe_load((b / "mkdocs.yml").read_text(encoding="utf-8"))
    assert cfg["site_name"] == "Key accounts · " + company.strip()
    assert cfg["plugins"][1]["kam"]["book"] == "accounts"
    readme = (b / "README.md").read_text(encoding="utf-8").splitlines()[0]
    assert _markdown_text(readme) == company.strip() + " · key accounts"


@pytest.mark.parametrize(
    ("company", "written"),
    [
        ("Evil\n  - evil: {x: 1}\nplugins: []", "Evil - evil: {x: 1} plugins: []"),
        ("Tab\tSeparated\r\n", "Tab Separated"),
        ("Line\u2028Sep\x85NEL", "Line Sep NEL"),
        ("Bell\x07Null\x00Del\x7f", "BellNullDel"),
        ("\u202eevil\u202c gpj.exe\u2066\u200f", "evil gpj.exe"),
        ("Bad\udcffByte", "BadByte"),  # a byte that is not UTF-8, as Python reads it from the command line
    ],
)
def test_what_a_company_name_cannot_keep_is_replaced_and_said(tmp_path, company, written):
    """A site's name is one line of text: line breaks and tabs become a space, control characters (bidi ones
    too) and bytes that are not UTF-8 are left out, and init says what it wrote, in either language."""
    res = run("init", "b", "--company", company, cwd=tmp_path)
    assert res.exit_code == 0
    assert res.stderr == (
        "the company name cannot keep line breaks, tabs, control characters (bidirectional ones included) or "
        f"bytes that are not UTF-8: it is written as `{written}`\n"
    )
    assert yaml.safe_load((tmp_path / "b" / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"] == (
        "Key accounts · " + written
    )
    res = run("init", "c", "--company", company, cwd=tmp_path, lang="zh")
    assert res.exit_code == 0
    assert (
        res.stderr == f"公司名称不能保留换行、制表符、控制字符（含双向文字控制符）或非 UTF-8 字节：已写为 `{written}`\n"
    )


@pytest.mark.parametrize(
    ("company", "en", "zh"),
    [
        ("x" * 201, "the company name is 201 characters long; at most 200", "公司名称有 201 个字符，最多 200 个"),
        (
            "y" * 100_000,
            "the company name is 100000 characters long; at most 200",
            "公司名称有 100000 个字符，最多 200 个",
        ),
        (
            " \n\t\x00 ",
            "the company name is blank: give it with --company",
            "公司名称为空：请用 --company 给出",
        ),
    ],
)
def test_a_company_name_that_cannot_be_a_title_is_refused(tmp_path, company, en, zh):
    for lang, said in (("en", en), ("zh", zh)):
        res = run("init", "b", "--company", company, cwd=tmp_path, lang=lang)
        assert (res.exit_code, res.stderr) == (2, said + "\n")
        assert not (tmp_path / "b").exists()


def test_the_site_shows_a_hostile_company_name_as_text(tmp_path):
    """The name reaches every page's title and header escaped, never as markup; a team member's name too."""
    evil = 'AT&T <script>alert(1)</script> O\'Neil "&amp;"'
    assert run("init", "b", "--company", evil, "--rep", "a-b:<img src=x onerror=alert(2)>", cwd=tmp_path).exit_code == 0
    assert run("validate", cwd=tmp_path / "b").exit_code == 0
    assert run("new", "account", "acme", "--owner", "a-b", cwd=tmp_path / "b").exit_code == 0
    assert run("build", "--strict", cwd=tmp_path / "b").exit_code == 0
    shown = "Key accounts · AT&amp;T &lt;script&gt;alert(1)&lt;/script&gt; O&#39;Neil &#34;&amp;amp;&#34;"
    for page in ("index.html", "accounts/acme/index.html"):
        html = (tmp_path / "b" / "site" / page).read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<img src=x" not in html and "AT&T" not in html
        assert f"<title>{shown}</title>" in html or f" - {shown}</title>" in html, page
        assert f'title="{shown}"' in html and f"\n            {shown}\n" in html  # the header's logo and title


# ---------------------------------------------------------------- the README's new-team section
def _new_team_block() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^## A new team\n.*?```sh\n(.*?)^```", readme, flags=re.S | re.M).group(1)
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]


def test_the_readme_new_team_section_works_as_written(tmp_path):
    """Every line runs in a shell from an empty folder, with this kam on PATH; `pip install` (the
    wheel test installs kam that way) and the remote's lines (no remote here) are the ones it cannot run."""
    lines = _new_team_block()
    assert lines[0].startswith(f"pip install kam=={__version__}") and lines[-1].startswith("git push")
    remote = [line for line in lines if line.startswith("git remote add origin")]
    assert len(remote) == 1 and "git push -q -u origin main" in remote[0]  # main first: the PR's base
    lines = [line for line in lines if line not in remote]
    env = dict(
        os.environ,
        PATH=f"{Path(KAM).parent}{os.pathsep}{os.environ['PATH']}",
        GIT_AUTHOR_NAME="Rep",
        GIT_AUTHOR_EMAIL="rep@example.com",
        GIT_COMMITTER_NAME="Rep",
        GIT_COMMITTER_EMAIL="rep@example.com",
        NO_MKDOCS_2_WARNING="1",
    )
    env.pop("KAM_LANG", None)
    script = "set -e\n" + "\n".join(lines[1:-1]) + "\ngit log --oneline | wc -l\n"
    r = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[-1].strip() == "2"
    book = tmp_path / "key-accounts"
    assert (book / "accounts" / "suzhou-ruifeng.yaml").is_file()
    assert (book / "site" / "accounts" / "suzhou-ruifeng" / "index.html").is_file()


# ---------------------------------------------------------------- publishing only where it stays private
def test_the_new_books_publish_workflow_checks_before_anything_leaves(tmp_path):
    """The repository check comes before the artefact is uploaded (a public repository's artefacts are
    public); the Pages check before anything reaches GitHub Pages."""
    assert run("init", "b", "--company", "X", cwd=tmp_path).exit_code == 0
    wf = yaml.safe_load((tmp_path / "b" / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    steps = wf["jobs"]["build"]["steps"]

    def at(pred) -> int:
        (i,) = [i for i, s in enumerate(steps) if pred(s)]
        return i

    repo_check = at(lambda s: "kam publish-check" in s.get("run", "") and "--pages" not in s["run"])
    pages_check = at(lambda s: "kam publish-check" in s.get("run", "") and "--pages" in s["run"])
    build = at(lambda s: "kam build" in s.get("run", ""))
    upload = at(lambda s: s.get("uses", "").startswith("actions/upload-artifact@"))
    pages = [
        i
        for i, s in enumerate(steps)
        if s.get("uses", "").startswith(("actions/configure-pages@", "actions/upload-pages"))
    ]
    assert repo_check < build < upload < pages_check < min(pages) and len(pages) == 2
    assert 'gh api "repos/$GITHUB_REPOSITORY/pages"' in steps[pages_check]["run"]
    assert steps[pages_check]["env"] == {"GH_TOKEN": "${{ github.token }}"}
    assert wf["jobs"]["deploy"]["needs"] == "build"
    # no Pages set up (every private repository on GitHub Free): the artefact only, a green run, not a red one
    assert "publish=false" in steps[pages_check]["run"] and "exit 0" in steps[pages_check]["run"]
    assert all(steps[i]["if"] == "steps.pages.outputs.publish == 'true'" for i in pages)
    assert wf["jobs"]["build"]["outputs"] == {"pages": "${{ steps.pages.outputs.publish }}"}
    assert wf["jobs"]["deploy"]["if"] == "needs.build.outputs.pages == 'true'"
    # only the job that publishes may write to Pages; the build (third-party code) reads
    assert wf["permissions"] == {"contents": "read"}
    assert wf["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert wf["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def _fetch_script() -> str:
    guide = (ROOT / "docs" / "guide" / "hosting.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```sh\n(.*?)```", guide, flags=re.S) if "gh run download" in b]
    return textwrap.dedent(block)


def test_the_hosting_guides_intranet_script_fetches_the_artefact_the_workflow_uploads(tmp_path):
    """The guide's cron script, run with a stand-in `gh`, against the workflow kam init writes."""
    script = _fetch_script()
    assert run("init", "b", "--company", "X", cwd=tmp_path).exit_code == 0
    workflow = re.search(r"--workflow (\S+)", script).group(1)
    wf = yaml.safe_load((tmp_path / "b" / ".github" / "workflows" / workflow).read_text(encoding="utf-8"))
    uploaded = [s["with"]["name"] for s in wf["jobs"]["build"]["steps"] if "upload-artifact" in s.get("uses", "")]
    assert [re.search(r"--name (\S+)", script).group(1)] == uploaded
    assert re.search(r"--branch (\S+)", script).group(1) in wf[True]["push"]["branches"]  # YAML 1.1: on is True

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "gh.log"
    (bin_dir / "gh").write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> {log}\n'
        'case "$1 $2" in\n'
        '  "run list") echo 4711 ;;\n'
        '  "run download") while [ $# -gt 0 ]; do [ "$1" = --dir ] && d=$2; shift; done\n'
        '     mkdir -p "$d" && echo "<h1>book</h1>" > "$d/index.html" ;;\n'
        "esac\n",
        encoding="utf-8",
    )
    (bin_dir / "gh").chmod(0o755)
    srv = tmp_path / "srv"
    srv.mkdir()
    (srv / "kam").mkdir()
    (srv / "kam" / "index.html").write_text("old", encoding="utf-8")
    here = script.replace("/srv/", f"{srv}/")
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    for _ in range(2):  # the second run finds the run already served
        r = subprocess.run(["sh", "-c", here], env=env, capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
    assert (srv / "kam" / "index.html").read_text(encoding="utf-8") == "<h1>book</h1>\n"
    assert (srv / "kam.old" / "index.html").read_text(encoding="utf-8") == "old"
    calls = log.read_text(encoding="utf-8").splitlines()
    assert [c.split()[:2] for c in calls] == [["run", "list"], ["run", "download"], ["run", "list"]]
    assert calls[1].startswith("run download 4711 ")


# a book in another currency: kam's CNY amounts at kam's default rate for it, to two significant figures
SCALED = {
    "USD": ({"current_high": 700_000, "current_moderate": 140_000, "potential_high": 2_800_000,
             "potential_moderate": 700_000}, 1_400_000, 700_000),
    "EUR": ({"current_high": 640_000, "current_moderate": 130_000, "potential_high": 2_600_000,
             "potential_moderate": 640_000}, 1_300_000, 640_000),
    "HKD": ({"current_high": 5_500_000, "current_moderate": 1_100_000, "potential_high": 22_000_000,
             "potential_moderate": 5_500_000}, 11_000_000, 5_500_000),
}  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "currency"), [("en", "CNY"), ("en", "USD"), ("en", "EUR"), ("en", "HKD"), ("en", "GBP"), ("zh", "CNY")]
)
def test_the_new_mkdocs_yml_shows_every_policy_key_at_its_default(tmp_path, lang, currency):
    """Uncommented, the policy block is valid and is kam's defaults: it cannot drift from them.  A book
    in another currency than CNY starts with no exchange rates (the defaults are CNY's), and with its
    amounts of money (tier and posture thresholds, the key-account market) written out in its currency:
    kam's CNY amounts at kam's default rate, to two significant figures; where kam has no rate (GBP),
    the CNY amounts, with a note to set them.  Every commented setting above the policy, uncommented
    too, is valid and builds: the site in both languages, the other one named by `site_names`."""
    from kam.book.fields import KINDS
    from kam.book.policy import Policy, load_settings

    res = run("init", "b", "--company", "X", "--currency", currency, "--lang", lang, cwd=tmp_path)
    assert res.exit_code == 0
    cfg = tmp_path / "b" / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index("      policy:") + 1
    assert all(line.startswith("        ") for line in lines[start:])  # the block ends the file
    default = Policy()
    if currency == "CNY":
        expected = default
        assert yaml.safe_load(text)["plugins"][1]["kam"]["policy"] == {"base_currency": "CNY"}
    elif currency in SCALED:
        tiers, posture, market = SCALED[currency]
        expected = Policy(
            base_currency=currency,
            rates={},
            tiers=tiers,
            posture={"potential_high": posture, "share_high": 50},
            key_market_revenue=market,
        )
        rate = default.rates[currency]
        assert (
            f"  # Tier thresholds (money in the base currency): kam's CNY amounts at {rate} CNY per {currency}" in text
        )
        assert res.stderr == ""
    else:  # no rate: the amounts are written out as CNY's, to be set, and init says so
        expected = Policy(base_currency=currency, rates={})
        assert "  # Tier thresholds (money in the base currency): kam's CNY amounts; set them in GBP" in text
        assert res.stderr == (
            "kam has no default exchange rate for GBP: the amounts in mkdocs.yml (tiers, posture, "
            "key_market_revenue) are kam's CNY amounts; set them in GBP\n"
        )
    written, _ = load_settings(cfg)
    assert written.policy == Policy(**{**expected.__dict__, "rates": default.rates if currency == "CNY" else {}})
    # every commented option of the file uncommented (`# key: value`, `#   key: value` in a nested one)
    uncommented = re.sub(r"(?m)^(\s+)# (?=\s*[a-z][a-z0-9_]*:)", r"\1", text)
    assert not re.search(r"(?m)^\s*#\s*[a-z][a-z0-9_]*:", uncommented)
    cfg.write_text(uncommented, encoding="utf-8")
    kam = yaml.safe_load(uncommented)["plugins"][1]["kam"]
    other = "en" if lang == "zh" else "zh"
    assert {k: kam[k] for k in ("language", "languages", "site_names")} == {
        "language": lang,
        "languages": [lang, other],
        "site_names": {other: "Key accounts · X"},
    }
    assert list(kam["policy"]) == [f.name for f in KINDS["policy"].fields]
    settings, diags = load_settings(cfg)
    assert diags == []
    assert settings.policy == expected
    assert run("validate", cwd=tmp_path / "b").exit_code == 0
    assert run("build", "--strict", cwd=tmp_path / "b").exit_code == 0
    home = (tmp_path / "b" / "site" / other / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]* - Key accounts · X</title>", home)


@pytest.mark.parametrize(
    ("args", "currency"),
    [
        (["--lang", "zh"], "CNY"),
        (["--lang", "en"], "USD"),
        (["--lang", "en", "--currency", "CNY"], "CNY"),
        (["--lang", "zh", "--currency", "USD"], "USD"),
    ],
)
def test_an_english_book_counts_in_dollars_unless_told(tmp_path, args, currency):
    assert run("init", "b", "--company", "X", *args, cwd=tmp_path).exit_code == 0
    cfg = yaml.safe_load((tmp_path / "b" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert cfg["plugins"][1]["kam"]["policy"]["base_currency"] == currency


def test_the_chinese_amounts_in_a_chinese_book_are_kams_defaults_commented(tmp_path):
    """A CNY book says each amount is in the base currency and leaves it to kam's default."""
    zh = [
        "# tiers: {current_high: 5000000, current_moderate: 1000000, potential_high: 20000000, "
        "potential_moderate: 5000000}  # 客户分级阈值（金额以本位币计）",
        "# posture: {potential_high: 10000000, share_high: 50}  # 攻守模型阈值（金额以本位币计）",
    ]
    assert run("init", "b", "--company", "X", "--lang", "zh", cwd=tmp_path).exit_code == 0
    lines = [x.strip() for x in (tmp_path / "b" / "mkdocs.yml").read_text(encoding="utf-8").splitlines()]
    assert all(line in lines for line in zh)


def test_an_english_book_lists_its_own_regions(tmp_path):
    """An English book started with China's regions (North China, Southwest China...): it lists a neutral
    set in its mkdocs.yml, for the team to change; the editor offers them, `kam new account` names one.
    A Chinese book keeps kam's own, and its mkdocs.yml does not list them."""
    from kam.labels import ENUMS

    assert run("init", "b", "--company", "X", "--lang", "en", cwd=tmp_path).exit_code == 0
    b = tmp_path / "b"
    cfg = yaml.safe_load((b / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"][1]["kam"]
    regions = {"north": "North", "south": "South", "east": "East", "west": "West", "central": "Central"}
    assert cfg["regions"] == {**regions, "international": "International"}
    region = json.loads((b / "docs" / "schema" / "account.schema.json").read_text(encoding="utf-8"))["properties"]
    assert region["region"]["enum"] == [*regions, "international"]
    assert run("schema", "--dir", "docs/schema", "--check", cwd=b).exit_code == 0
    assert run("validate", cwd=b).stdout == "1 file checked: valid\n"  # no stale schema: it lists the regions
    assert run("new", "account", "acme", "--owner", "owner", cwd=b).exit_code == 0
    acme = b / "accounts" / "acme.yaml"
    assert "\nregion: east             # region: north, south, east, west, central, international\n" in (
        acme.read_text(encoding="utf-8")
    )
    acme.write_text(acme.read_text(encoding="utf-8").replace("region: east", "region: northeast"), encoding="utf-8")
    res = run("validate", cwd=b)
    assert res.stdout.splitlines()[0] == (
        "accounts/acme.yaml:8:9: error: `region` cannot be `northeast`; did you mean `north`? "
        "allowed: north, south, east, west, central, international"
    )

    assert run("init", "c", "--company", "X", "--lang", "zh", cwd=tmp_path).exit_code == 0
    cfg = yaml.safe_load((tmp_path / "c" / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"][1]["kam"]
    assert "regions" not in cfg
    schema = json.loads((tmp_path / "c" / "docs" / "schema" / "account.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["region"]["enum"] == list(ENUMS["region"])
    assert schema["properties"]["region"]["enumDescriptions"][:2] == ["华北", "东北"]


_HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")  # Chinese characters and punctuation


def test_an_english_book_is_written_in_english_and_validates_and_builds(tmp_path):
    """An English team got Chinese example people (张伟), offerings (运维服务), a half-Chinese guide and an
    account template in both languages with Chinese examples (王总, 首单), and editor schemas with bilingual
    descriptions and a Chinese example name: every file it is given to read and edit is English, the editor's
    schemas too, and the book validates and builds, with an account of the template."""
    assert run("init", "b", "--company", "Acme Inc.", "--lang", "en", cwd=tmp_path).exit_code == 0
    b = tmp_path / "b"
    assert run("new", "account", "acme", "--owner", "owner", cwd=b).exit_code == 0
    assert run("new", "account", "beta", cwd=b).exit_code == 0
    texts = {
        p.relative_to(b).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(b.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }
    assert {f"docs/schema/{n}.schema.json" for n in ("account", "book", "ids")} <= texts.keys()
    chinese = {path: _HAN.findall(text) for path, text in texts.items() if _HAN.search(text)}
    assert chinese == {}
    book = texts["accounts/_book.yaml"]
    assert "  # - {id: jane-smith, name: Jane Smith, role: rep, team: east, github: jane-smith}\n" in book
    assert "  # - {id: service, name: Support services}\n" in book
    acme = texts["accounts/acme.yaml"]
    assert acme.startswith("# yaml-language-server: $schema=../docs/schema/account.schema.json\n# Account file\n")
    assert 'name: "Customer name"          # the customer\'s full name\n' in acme
    assert "#    name: Sam Lee\n#    title: General Manager\n" in acme and "#    with: [sam-lee]\n" in acme
    assert "# owner: owner     # owning rep; leave out for the unowned pool\n" in texts["accounts/beta.yaml"]
    assert texts["docs/guide.md"].startswith("# How to use this book\n")
    assert run("codeowners", "--force", cwd=b).exit_code == 0  # the new accounts' reviewers
    assert run("validate", cwd=b).stdout == "3 files checked: valid\n"
    # every example uncommented is still valid: the names it uses are the team's
    uncommented = re.sub(r"(?m)^#(  - |    )", r" \1", acme).replace(": []\n", ":\n")
    (b / "accounts" / "acme.yaml").write_text(uncommented, encoding="utf-8")
    assert run("validate", cwd=b).stdout == "3 files checked: valid\n", uncommented
    assert run("build", "--strict", cwd=b).exit_code == 0
    page = (b / "site" / "accounts" / "acme" / "index.html").read_text(encoding="utf-8")
    assert "Region</dt><dd>East</dd>" in page and "Sam Lee" in page and "First order" in page


def test_a_chinese_book_is_written_as_before(tmp_path):
    """Byte for byte the files kam init and kam new account wrote for a Chinese team before English
    books had their own words, regions, currency and amounts (tests/data/init-zh, from that kam); its
    mkdocs.yml since with `languages:` and `site_names:` commented under `language:`."""
    from kam import __version__

    golden = ROOT / "tests" / "data" / "init-zh"
    res = run(
        "init",
        "b",
        "--company",
        "华东精密",
        "--rep",
        "wang-lei:王磊",
        "--manager",
        "li-na:李娜",
        cwd=tmp_path,
        lang="zh",
    )
    assert (res.exit_code, res.stderr) == (0, "")
    b = tmp_path / "b"
    for args in (["new", "account", "acme", "--owner", "wang-lei"], ["new", "account", "beta", "--in", "east"]):
        assert run("--as-of", "2026-05-01", *args, cwd=b, lang="zh").exit_code == 0
    # the editor's schemas are the field catalogue's (tests/test_schema_file.py): not frozen here, so a new
    # field does not mean refreshing these files.  To refresh them on purpose: run the commands above.
    written = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file() and p.parent.name != "schema")
    expected = sorted(p.relative_to(golden).as_posix() for p in golden.rglob("*") if p.is_file())
    assert written == expected
    for rel in expected:
        text = (golden / rel).read_text(encoding="utf-8").replace("{kam_version}", __version__)
        assert (b / rel).read_text(encoding="utf-8") == text, rel


@pytest.mark.parametrize(
    ("args", "site", "said"),
    [
        (["init", "b"], "zh", "已在 b 写好新的客户档案仓库"),
        (["init", "b", "--lang", "en"], "en", "wrote a new book repository in b"),
        (["--lang", "en", "init", "b"], "en", "wrote a new book repository in b"),
        (["--lang", "en", "init", "b", "--lang", "zh"], "zh", "wrote a new book repository in b"),
    ],
)
def test_the_books_language_is_the_one_asked_for(tmp_path, monkeypatch, args, site, said):
    """`kam init --lang en` and `kam --lang en init` both start an English book; init speaks the
    language asked for, else the new book's."""
    monkeypatch.delenv("KAM_LANG", raising=False)
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, [*args, "--company", "X"])
    assert res.exit_code == 0 and res.stdout.startswith(said), res.output
    cfg = yaml.safe_load((tmp_path / "b" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert (cfg["theme"]["language"], cfg["plugins"][1]["kam"]["language"]) == (site, site)


def test_kam_from_a_git_tag(tmp_path):
    """A team without a package index installs kam from its git tag: requirements.txt and the
    pre-commit hooks say so."""
    req = "kam @ git+ssh://git@git.example.com/tools/kam@v0.1.0"
    res = run("init", "b", "--kam", req, "--kam-repo", "git@git.example.com:tools/kam.git", cwd=tmp_path)
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "b" / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == req
    hooks = yaml.safe_load((tmp_path / "b" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["repo"] == "git@git.example.com:tools/kam.git"
    assert hooks["repos"][0]["rev"] == "v0.1.0"
    # the hooks run the kam requirements.txt pins, not this kam's version
    newer = req.replace("@v0.1.0", "@v0.2.0")
    res = run("init", "d", "--kam", newer, "--kam-repo", "git@git.example.com:tools/kam.git", cwd=tmp_path)
    assert res.exit_code == 0, res.stderr
    hooks = yaml.safe_load((tmp_path / "d" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["rev"] == "v0.2.0"
    assert run("init", "c", "--kam", req, cwd=tmp_path).exit_code == 0
    hooks = yaml.safe_load((tmp_path / "c" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["hooks"][0]["additional_dependencies"] == [req]


def test_what_a_persons_name_cannot_keep_is_replaced_and_said(tmp_path):
    """--rep and --manager names are one line of text, as the company's: said on stderr, in either language."""
    res = run("init", "b", "--rep", "wang:Wang\x01\nLei\u202e", "--manager", "li:Li Na", cwd=tmp_path)
    assert res.exit_code == 0
    assert res.stderr == (
        "the name of wang cannot keep line breaks, tabs, control characters (bidirectional ones included) or "
        "bytes that are not UTF-8: it is written as `Wang Lei`\n"
    )
    team = yaml.safe_load((tmp_path / "b" / "accounts" / "_book.yaml").read_text(encoding="utf-8"))["people"]
    assert [(p["id"], p["name"]) for p in team][-2:] == [("wang", "Wang Lei"), ("li", "Li Na")]
    res = run("init", "c", "--rep", "zhang:张\t伟", cwd=tmp_path, lang="zh")
    assert (res.exit_code, res.stderr) == (
        0,
        "zhang 的姓名不能保留换行、制表符、控制字符（含双向文字控制符）或非 UTF-8 字节：已写为 `张 伟`\n",
    )
