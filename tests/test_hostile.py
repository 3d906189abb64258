"""Hostile and careless input through the real commands: nothing lost, nothing read that is not the book,
no data turned into code, no traceback.  Each test asserts the exit code, the message, and that no file
outside the intended one changed.  docs/reference/security.md lists the property each test guards.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from kam import files
from kam.site.markup import notes_html

from conftest import ACCOUNT, BOOK_YAML

KAM = [sys.executable, "-m", "kam"]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root (not following links) and its bytes: to prove nothing else changed."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[str(p.relative_to(root))] = p.read_bytes()
    return out


def run(*args: str, cwd: Path, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "KAM_LANG": "en", **(env or {})}
    return subprocess.run([*KAM, *args], cwd=cwd, capture_output=True, text=True, env=full_env, timeout=timeout)


MKDOCS = "site_name: t\nplugins:\n  - search\n  - kam:\n      as_of: 2026-11-20\n      language: en\n"


# ---------------------------------------------------------------- never lose a file


@pytest.mark.parametrize("target", ["accounts", ".", "docs", "..", "accounts/.."])
def test_build_refuses_a_site_folder_that_holds_the_book(book, tmp_path, kam, target):
    book({"acme.yaml": ACCOUNT})
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    before = snapshot(tmp_path)
    result = kam.invoke("build", "--site-dir", target)
    assert result.exit_code == 2
    assert f"refusing to build the site into `{target}`: MkDocs empties that folder first" in result.stderr
    assert snapshot(tmp_path) == before


def test_build_refuses_a_folder_that_is_not_a_kam_site(book, tmp_path, kam):
    book({"acme.yaml": ACCOUNT})
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "plan.txt").write_text("mine\n", encoding="utf-8")
    result = kam.invoke("build", "--site-dir", "notes")
    assert result.exit_code == 2
    assert "refusing to build the site into `notes`: it is not empty and is not a site kam built" in result.stderr
    assert (tmp_path / "notes" / "plan.txt").read_text(encoding="utf-8") == "mine\n"


def test_schema_out_never_replaces_without_force(book, tmp_path, kam):
    book({})
    target = tmp_path / "schema.json"
    target.write_text("mine\n", encoding="utf-8")
    result = kam.invoke("schema", "--out", "schema.json")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "`schema.json` already exists; kam never replaces a file unless told: add --force to replace it\n"
    )
    assert target.read_text(encoding="utf-8") == "mine\n"
    result = kam.invoke("schema", "--out", "schema.json", "--force")
    assert (result.exit_code, result.stdout) == (0, "replaced schema.json\n")  # never "created" when it replaced
    assert target.read_text(encoding="utf-8").startswith("{")


def test_no_write_through_a_link_out_of_the_project(book, tmp_path, kam):
    book({})
    outside = tmp_path.parent / f"{tmp_path.name}-outside.json"
    outside.write_text("secret\n", encoding="utf-8")
    (tmp_path / "schema.json").symlink_to(outside)
    try:
        result = kam.invoke("schema", "--out", "schema.json", "--force")
        assert result.exit_code == 2
        assert "`schema.json` leads through a symbolic link to a place outside the project" in result.stderr
        assert outside.read_text(encoding="utf-8") == "secret\n"
    finally:
        outside.unlink()


def test_an_interrupted_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("old\n", encoding="utf-8")

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(files.FileProblem) as e:
        files.write(target, "new\n", force=True, root=tmp_path)
    assert e.value.message("en") == (
        f"cannot write `{target}`: the disk is full; free some space and run again (the old file is unchanged)"
    )
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no temporary file left behind


@pytest.mark.parametrize(
    "code, message",
    [
        (errno.ENOSPC, "the disk is full; free some space and run again (the old file is unchanged)"),
        (errno.EROFS, "the folder is read-only or not yours; choose another place"),
        (errno.EACCES, "the folder is read-only or not yours; choose another place"),
    ],
)
def test_a_full_disk_or_a_read_only_folder_is_exit_2_with_a_message(book, tmp_path, kam, monkeypatch, code, message):
    book({})

    def refuse(*a, **k):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    result = kam.invoke("schema", "--out", "s.json")
    assert result.exit_code == 2
    assert result.stderr == f"cannot write `s.json`: {message}\n"
    assert not (tmp_path / "s.json").exists()


def test_an_id_too_long_for_the_file_system(book, tmp_path, kam):
    book({})
    result = kam.invoke("new", "account", "a" * 300)
    assert result.exit_code == 2
    assert "the name is too long for the file system; use a shorter id" in result.stderr
    assert sorted(p.name for p in (tmp_path / "accounts").iterdir()) == ["_book.yaml"]


# ---------------------------------------------------------------- never read what is not the book


def test_a_link_to_a_secret_outside_the_project_is_refused_and_never_echoed(book, tmp_path, kam):
    book({"acme.yaml": ACCOUNT})
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    (tmp_path / "accounts" / "leak.yaml").symlink_to(secret)
    try:
        for fmt in ("text", "github", "json"):
            result = kam.invoke("validate", "--format", fmt)
            assert result.exit_code == 1
            assert "hunter2" not in result.output
        code, out = kam("validate")
        assert out.splitlines()[0] == (
            "accounts/leak.yaml:0:0: error: this file is a symbolic link to a place outside the project; "
            "kam reads only files inside it: copy the file into the book instead"
        )
    finally:
        secret.unlink()


def test_a_link_inside_the_project_is_read(book, tmp_path, kam):
    book({})
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "acme.yaml").write_text(ACCOUNT, encoding="utf-8")
    (tmp_path / "accounts" / "acme.yaml").symlink_to(tmp_path / "shared" / "acme.yaml")
    assert kam("validate") == (0, "2 files checked: valid\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_being_opened(tmp_path):
    root = tmp_path / "p"
    (root / "accounts").mkdir(parents=True)
    (root / "accounts" / "_book.yaml").write_text(BOOK_YAML, encoding="utf-8")
    os.mkfifo(root / "accounts" / "pipe.yaml")
    r = run("--as-of", "2026-11-20", "validate", cwd=root, timeout=60)  # opening a FIFO would hang here
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == (
        "accounts/pipe.yaml:0:0: error: this is not a regular file (a pipe, device or socket); "
        "kam reads only plain YAML files"
    )


def test_dev_zero_behind_a_link_is_refused(book, tmp_path, kam):
    book({})
    (tmp_path / "accounts" / "zero.yaml").symlink_to("/dev/zero")
    code, out = kam("validate")
    assert code == 1
    assert "accounts/zero.yaml:0:0: error: this file is a symbolic link to a place outside the project" in out


def test_an_unreadable_folder_is_an_error_not_a_smaller_book(book, tmp_path, kam, monkeypatch):
    book({"acme.yaml": ACCOUNT, "east/beta.yaml": ACCOUNT.replace("Acme", "Beta")})
    real = os.scandir

    def scandir(path="."):  # as root, chmod 000 does not stop reading: refuse it here
        if str(path).endswith("east"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out = kam("validate")
    assert code == 1
    assert out.splitlines()[0] == (
        "accounts/east:0:0: error: cannot read the folder: Permission denied; "
        "its account files would be missing from every figure"
    )


def _discover_by_os_walk(book_dir: Path):
    """What the book's listing was with os.walk (before kam walked with os.scandir): the reference."""
    found, links, problems = [], set(), []
    for dirpath, dirnames, filenames in os.walk(book_dir, onerror=lambda e: problems.append(e.filename)):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if not name.startswith(".") and name.endswith(".yaml") and not name.startswith("_"):
                found.append(p)
                if os.path.islink(p):
                    links.add(p)
    return found, links, problems


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_the_book_is_listed_as_os_walk_lists_it_with_its_links_known(tmp_path, monkeypatch):
    from kam.book.loader import discover

    book_dir = tmp_path / "accounts"
    outside = tmp_path / "outside"
    for d in ("east/shanghai", "west", ".git", "locked", "z.yaml", "b.yaml", "east/.hidden"):
        (book_dir / d).mkdir(parents=True)
    outside.mkdir()
    for f in (
        "a.yaml",
        "east/c.yaml",
        "east/shanghai/d.yaml",
        "west/e.yaml",
        ".git/f.yaml",
        "locked/g.yaml",
        "east/.hidden/h.yaml",
        "_book.yaml",
        "east/_x.yaml",
        "notes.txt",
        "b.yaml/i.yaml",
        ".j.yaml",
    ):
        (book_dir / f).write_text("x: 1\n", encoding="utf-8")
    (outside / "k.yaml").write_text("x: 1\n", encoding="utf-8")
    (book_dir / "west" / "link.yaml").symlink_to(book_dir / "a.yaml")
    (book_dir / "west" / "out.yaml").symlink_to(outside / "k.yaml")
    (book_dir / "west" / "broken.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (book_dir / "west" / "folder.yaml").symlink_to(outside, target_is_directory=True)
    (book_dir / "linked").symlink_to(outside, target_is_directory=True)
    (book_dir / "east" / "inside").symlink_to(book_dir / "west", target_is_directory=True)
    os.mkfifo(book_dir / "east" / "pipe.yaml")
    real = os.scandir

    def scandir(path="."):  # `locked` cannot be read (chmod 0 does not stop root, who runs CI)
        if os.fspath(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    links: set[Path] = set()
    accounts, book_file, diags = discover(book_dir, links)
    found, their_links, problems = _discover_by_os_walk(book_dir)
    assert accounts == found
    assert links == their_links == {book_dir / "west" / n for n in ("link.yaml", "out.yaml", "broken.yaml")}
    assert book_file == book_dir / "_book.yaml"
    assert [d.file for d in diags if d.code == "cannot-list"] == [os.path.relpath(p) for p in problems]
    assert [d.code for d in diags] == ["unknown-book-file", "cannot-list"]
    names = [p.relative_to(book_dir).as_posix() for p in accounts]
    assert names == [
        "a.yaml",
        "b.yaml/i.yaml",
        "east/c.yaml",
        "east/pipe.yaml",
        "east/shanghai/d.yaml",
        "west/broken.yaml",
        "west/e.yaml",
        "west/link.yaml",
        "west/out.yaml",
    ]


def test_other_capitalisations_of_the_extension_are_reported(book, kam):
    book({"acme.YAML": ACCOUNT, "beta.Yml": ACCOUNT})
    code, out = kam("validate")
    assert code == 1
    assert out.splitlines()[:2] == [
        "accounts/acme.YAML:0:0: error: `acme.YAML` is ignored: rename it to `acme.yaml` (account files end in "
        "lower-case `.yaml`)",
        "accounts/beta.Yml:0:0: error: `beta.Yml` is ignored: rename it to `beta.yaml`",
    ]


def test_the_size_limit_holds_for_any_file(book, tmp_path, kam):
    book({"big.yaml": ACCOUNT + "notes: " + "x" * (2 * 1024 * 1024) + "\n"})
    code, out = kam("validate")
    assert code == 1
    assert out.splitlines()[0].startswith("accounts/big.yaml:0:0: error: file is ")


# ---------------------------------------------------------------- never let data become code

HANDLE_ATTACK = "attacker\\n* @attacker"  # as written in YAML: a newline inside the handle


def test_a_crafted_github_handle_cannot_take_over_codeowners(book, tmp_path, kam):
    book(
        {"acme.yaml": ACCOUNT + "owner: rep-a\n"},
        book_yaml=BOOK_YAML.replace("role: rep}", f'role: rep, github: "{HANDLE_ATTACK}"}}'),
    )
    (tmp_path / ".git").mkdir()
    code, out = kam("validate")
    assert code == 1
    assert "error: `attacker\\n* @attacker` is not a GitHub user name" in out
    result = kam.invoke("codeowners")
    assert result.exit_code == 1
    assert "the book has errors, so .github/CODEOWNERS was not written" in result.stderr
    assert not (tmp_path / ".github" / "CODEOWNERS").exists()
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "CODEOWNERS").write_text("* @org/team\n", encoding="utf-8")
    result = kam.invoke("codeowners", "--check")
    assert result.exit_code == 1
    assert (tmp_path / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == "* @org/team\n"


def test_a_trailing_newline_in_a_handle_is_caught(book, kam):
    book({}, book_yaml=BOOK_YAML.replace("role: rep}", 'role: rep, github: "attacker\\n"}'))
    code, out = kam("validate")
    assert code == 1 and "is not a GitHub user name" in out


def test_a_team_name_with_a_newline_is_a_config_error(book, tmp_path, kam):
    book({})
    (tmp_path / "mkdocs.yml").write_text(
        'site_name: t\nplugins:\n  - kam:\n      codeowners_team: "@org/team\\n* @evil"\n', encoding="utf-8"
    )
    (tmp_path / ".git").mkdir()
    result = kam.invoke("codeowners")
    assert result.exit_code == 1
    assert not (tmp_path / ".github" / "CODEOWNERS").exists()


FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _export_book(tmp_path: Path) -> None:
    from books import account, make

    accounts = {
        f"a{i}": account(name=f"Acme {i}", extra=f"short_name: {json.dumps(text)}\n") for i, text in enumerate(FORMULAS)
    }
    make(tmp_path, accounts)
    (tmp_path / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")


def test_csv_export_neutralises_formulas(tmp_path):
    import csv

    _export_book(tmp_path)
    r = run("export", "--format", "csv", "--out", "out", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    with open(tmp_path / "out" / "accounts.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["short_name"] for r in rows) == sorted("'" + f for f in FORMULAS)


def test_xlsx_export_writes_text_as_string_cells_never_formulas(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    _export_book(tmp_path)
    r = run("export", "--format", "xlsx", "--out", "out", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(tmp_path / "out" / "kam.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    # XML keeps no bare carriage return: a reader sees a line feed there, still behind the apostrophe
    assert {("'" + f).replace("\r", "\n") for f in FORMULAS} <= {t.replace("\r", "\n") for t in texts}


def test_xlsx_export_shows_control_characters_a_workbook_cannot_hold(tmp_path):
    """A pasted vertical tab or escape in a name made openpyxl refuse the whole workbook (a traceback)."""
    openpyxl = pytest.importorskip("openpyxl")
    from books import account, make

    make(tmp_path, {"a": account(name="Acme", extra='short_name: "line\\vtwo \\e[31mred\\x00"\n')})
    (tmp_path / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    r = run("export", "--format", "xlsx", "--out", "out", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(tmp_path / "out" / "kam.xlsx")
    texts = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert "line<U+000B>two <U+001B>[31mred<U+0000>" in texts
    r = run("export", "--format", "csv", "--out", "csv", cwd=tmp_path)  # CSV holds them as they are
    assert r.returncode == 0 and "line\vtwo \x1b[31mred\x00" in (tmp_path / "csv" / "accounts.csv").read_text("utf-8")


def test_a_control_character_in_book_text_shows_on_the_site_as_a_replacement_character(tmp_path):
    """`name: "Ac\\0me"` reached the account page's <title> and the report tables as a raw NUL (and an
    ESC), a parse error a browser drops silently: the site showed "Acme".  Every page shows U+FFFD for
    each, the 404 page too; the book keeps the characters (validate names them)."""
    from books import account, make

    make(tmp_path, {"a": account(name='"Ac\\0me \\e[31mred\\u0085x"', potential=9_000_000)})
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "about.md").write_text("# about\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    r = run("build", "--site-dir", "site", cwd=tmp_path, timeout=300)
    assert r.returncode == 0, r.stderr
    pages = {p: p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")}
    assert len(pages) > 10
    raw = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
    assert {p.relative_to(tmp_path).as_posix() for p, html in pages.items() if raw.search(html)} == set()
    assert (
        "<title>Ac\ufffdme \ufffd[31mred\ufffdx - t</title>"
        in pages[tmp_path / "site" / "accounts" / "a" / "index.html"]
    )
    assert ">Ac\ufffdme \ufffd[31mred\ufffdx<" in pages[tmp_path / "site" / "accounts" / "index.html"]
    # the search index too: a result shows the name as the page does
    index = (tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Ac\\ufffdme" in index and not re.search(r"(?<!\\)\\u00[01]", index.replace("\\\\", ""))
    assert '"Ac\\0me' in (tmp_path / "accounts" / "a.yaml").read_text(encoding="utf-8")  # the file as written


HOSTILE_NAME = "![x](http://evil.example/pixel.png) [click](http://evil.example) <img src=x> | a | @team\n# h\u202e"


def _render(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def test_kam_diff_markdown_escapes_book_text(tmp_path, monkeypatch):
    from kam.git.diff.render import render

    from conftest import invoke

    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=tmp_path, check=True)
    for k, v in {"user.email": "t@example.com", "user.name": "T"}.items():
        subprocess.run(["git", "config", k, v], cwd=tmp_path, check=True)
    (tmp_path / "accounts").mkdir()
    (tmp_path / "accounts" / "_book.yaml").write_text(BOOK_YAML, encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run(["git", "commit", "-qm", "a"], cwd=tmp_path, check=True)
    import json

    name = json.dumps(HOSTILE_NAME)
    deal = f"opportunities:\n  - {{id: o1, name: {name}, stage: intent, amount: 1000, close: 2027-01-01}}\n"
    bill = 'receivables:\n  - {invoice: "![i](http://evil.example/i.png)", amount: 5, issued: 2026-01-01, due: 2026-02-01}\n'
    text = ACCOUNT.replace("name: Acme", f"name: {name}") + deal + bill
    (tmp_path / "accounts" / "acme.yaml").write_text(text, encoding="utf-8")
    out = invoke("diff").stdout
    html = _render(out)
    assert "<img" not in html and "evil.example" not in "".join(_hrefs(html))
    assert "<a " not in html
    assert "\u202e" not in out and "\n# h" not in out
    for line in out.splitlines():
        assert not line.startswith("# h")
    assert callable(render)


def _hrefs(html: str) -> list[str]:
    import re

    return re.findall(r'href="([^"]*)"', html)


def test_a_note_image_is_a_link_never_loaded():
    html = notes_html("see ![pixel](http://evil.example/p.png)")
    assert "<img" not in html
    assert 'href="http://evil.example/p.png"' in html and ">pixel</a>" in html


def test_change_log_lines_escape_invoice_numbers(tmp_path):
    from kam.git.changelog import summary_lines

    res = {
        "accounts": [],
        "owners": [],
        "tiers": [],
        "postures": [],
        "opportunities": [],
        "forecast": {},
        "overdue": [{"account": None, "invoice": "![i](http://evil.example/i.png)", "amount": 1, "currency": "CNY"}],
        "attitudes": [],
        "other": [],
        "formatting_only": [],
        "unreadable": [],
    }
    html = notes_html("\n".join(f"- {line}" for line in summary_lines(res, "en")))
    assert "<img" not in html and "<a " not in html
    assert "![i](http://evil.example/i.png)" in html.replace("&amp;", "&")


# ---------------------------------------------------------------- git never fetches


def test_reading_history_never_fetches_a_partial_clones_missing_objects(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    origin = tmp_path / "origin"
    subprocess.run(["git", "init", "-q", "-b", "main", str(origin)], check=True)
    for k, v in {"user.email": "t@example.com", "user.name": "T", "uploadpack.allowFilter": "true"}.items():
        subprocess.run(["git", "config", k, v], cwd=origin, check=True)
    (origin / "accounts").mkdir()
    (origin / "accounts" / "_book.yaml").write_text(BOOK_YAML, encoding="utf-8")
    (origin / "accounts" / "acme.yaml").write_text(ACCOUNT, encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=origin, check=True)
    subprocess.run(["git", "commit", "-qm", "a"], cwd=origin, check=True)
    part = tmp_path / "part"
    subprocess.run(
        ["git", "clone", "-q", "--filter=blob:none", "--no-checkout", f"file://{origin}", str(part)], check=True
    )
    (part / "accounts").mkdir()
    (part / "accounts" / "_book.yaml").write_text(BOOK_YAML, encoding="utf-8")
    (part / "accounts" / "acme.yaml").write_text(ACCOUNT + "potential: 5\n", encoding="utf-8")

    def missing() -> int:
        r = subprocess.run(
            ["git", "rev-list", "--objects", "--missing=print", "HEAD"],
            cwd=part,
            capture_output=True,
            text=True,
            env={**os.environ, "GIT_NO_LAZY_FETCH": "1"},
        )
        return sum(line.startswith("?") for line in r.stdout.splitlines())

    before = missing()
    assert before >= 2  # the clone has no blobs
    r = run("diff", "HEAD", cwd=part)
    assert "Traceback" not in r.stderr
    assert missing() == before  # nothing was fetched


# ---------------------------------------------------------------- every failure is an answer


@pytest.mark.parametrize("day", ["9999-01-01", "1000-06-01"])
def test_as_of_outside_the_supported_range(book, kam, day):
    book({})
    result = kam.invoke("--as-of", day, "metrics")
    assert result.exit_code == 2
    assert f"--as-of {day} is outside the dates kam reports on (1900-01-01 to 2200-12-31)" in result.stderr


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_a_terminal_that_cannot_print_chinese(tmp_path, encoding):
    (tmp_path / "accounts").mkdir()
    (tmp_path / "accounts" / "_book.yaml").write_text(BOOK_YAML, encoding="utf-8")
    r = run("--lang", "zh", "new", "account", "acme", cwd=tmp_path, env={"PYTHONIOENCODING": encoding})
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert "accounts/acme.yaml" in r.stdout
    assert (tmp_path / "accounts" / "acme.yaml").is_file()
