"""The reference pages in docs/ are what the code generates now, and the guide's examples are valid.

If a test here fails after a change to the catalogue, the policy or the CLI, run
`python tools/docgen.py` and commit the pages it rewrites.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kam.book.fields import KINDS
from kam.book.loader import load_book
from kam.book.policy import Policy, Settings, load_settings
from kam.cli import main
from kam.labels import ENUMS

import docgen

ROOT = Path(__file__).resolve().parents[1]
HINT = "run: python tools/docgen.py"


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    pages, errors = docgen.generate()
    assert not errors, errors
    return pages


def page(rel: str) -> str:
    return (ROOT / rel).read_text(encoding="utf-8")


@pytest.mark.parametrize("rel", list(docgen.PAGES))
def test_reference_page_is_current(generated, rel):
    assert (ROOT / rel).is_file(), f"{rel} is missing; {HINT}"
    assert page(rel) == generated[rel], f"{rel} is out of date; {HINT}"


def test_check_lists_stale_pages(generated, tmp_path):
    for rel, text in generated.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    assert docgen.stale(tmp_path, generated) == []
    (tmp_path / "docs/reference/cli.md").write_text("old\n", encoding="utf-8")
    (tmp_path / "docs/reference/fields.md").unlink()
    assert docgen.stale(tmp_path, generated) == ["docs/reference/fields.md", "docs/reference/cli.md"]


# ---------------------------------------------------------------- the CLI reference is --help
def test_cli_reference_is_the_help_of_every_command():
    text = page("docs/reference/cli.md")
    runner = CliRunner()
    names = [name for name, _ctx in docgen.commands()]
    assert {"kam", "kam validate", "kam new", "kam new account", "kam schema", "kam metrics"} <= set(names)
    for name in names:
        args = name.split()[1:] + ["--help"]
        result = runner.invoke(main, args, prog_name="kam", terminal_width=100)
        assert result.exit_code == 0, (name, result.output)
        block = f"```text\n$ {name} --help\n{result.output.rstrip()}\n```"
        assert block in text, f"the help of `{name}` differs from docs/reference/cli.md; {HINT}"


# ---------------------------------------------------------------- the field reference is the catalogue
def test_every_enum_value_is_in_the_field_reference():
    text = page("docs/reference/fields.md")
    for enum, vals in ENUMS.items():
        for value, (zh, en) in vals.items():
            row = f"| `{value}` | {zh} | {en} |"
            assert row in text, f"{enum}.{value} is not in docs/reference/fields.md; {HINT}"


def test_every_field_of_the_files_is_in_the_field_reference():
    text = page("docs/reference/fields.md")
    for root, *_ in docgen.ROOTS:
        for kind, _path, _holder in docgen._walk(root):
            section = text.split(f"{{#{kind.name}}}", 1)
            assert len(section) == 2, f"no section for {kind.name}"
            body = section[1].split("\n### ", 1)[0]
            for f in kind.fields:
                assert f"| `{f.name}` |" in body, f"{kind.name}.{f.name} is not documented"
                assert f.zh in body and f.en in body


def test_every_policy_key_has_its_default():
    text = page("docs/reference/policy.md")
    policy = Policy()

    def walk(kind, prefix, defaults):
        for f in kind.fields:
            v = defaults.get(f.name) if isinstance(defaults, dict) else getattr(defaults, f.name)
            if f.type == "record":
                walk(KINDS[f.record], f"{prefix}{f.name}.", v)
                continue
            rows = [line for line in text.splitlines() if line.startswith(f"| `{prefix}{f.name}` |")]
            assert len(rows) == 1, f"{prefix}{f.name}"
            if isinstance(v, (int, float)):
                shown = str(int(v)) if float(v).is_integer() else str(v)
                assert f"`{shown}`" in rows[0], (rows[0], v)

    walk(KINDS["policy"], "policy.", policy)


def test_written_out_defaults_load_as_the_defaults(tmp_path):
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(docgen.default_settings_yaml(), encoding="utf-8")
    settings, diags = load_settings(cfg)
    assert [d.text() for d in diags] == []
    assert settings.policy == Policy()
    assert docgen.default_settings_yaml() in page("docs/reference/policy.md")


# ---------------------------------------------------------------- the guide's account file validates
def _yaml_blocks(text: str) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", text, flags=re.S | re.M)


def _files_of(text: str) -> dict[str, str]:
    """A block whose leading comments name `# accounts/<file>.yaml` starts that file; other blocks continue it."""
    files: dict[str, str] = {}
    current = None
    for block in _yaml_blocks(text):
        head = re.match(r"(?:#.*\n)*", block).group(0)
        m = re.search(r"^# accounts/([\w/.-]+\.yaml)$", head, flags=re.M)
        if m:
            current = m.group(1)
            files[current] = ""
        assert current is not None, "the first YAML block must name its file"
        files[current] += block
    return files


def test_account_file_walkthrough_is_valid(tmp_path):
    """The YAML snippets of docs/guide/account-file.md, put together in order, are valid files of one book."""
    files = _files_of(page("docs/guide/account-file.md"))
    assert "_book.yaml" in files and "huadong-precision.yaml" in files
    folder = tmp_path / "accounts"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings(book="accounts", root=str(tmp_path), as_of=dt.date(2026, 11, 20))
    book, diags = load_book(settings)
    assert book is not None
    assert [d.text() for d in diags] == []
    # every top-level field of an account file is shown somewhere on the page
    shown = {m for name, t in files.items() if name != "_book.yaml" for m in re.findall(r"^([a-z_]+):", t, flags=re.M)}
    assert set(KINDS["account"].names) <= shown, set(KINDS["account"].names) - shown


# ---------------------------------------------------------------- the guide's "one run, several errors"
MISTAKES = (  # (what the walkthrough file says, the mistake put in its place), each replaced once
    ("owner: zhang-wei\n", "owner: zhangwei\n"),
    ("potential: 30000000\n", "potential: 3000万\n"),
    ("  reviewed: 2026-06-30\n", "  reviewed: 2026-06-31\n"),
    ("    level: top\n", "    level: top\n    level: middle\n"),
    ("    stage: proposal\n", "    stage: propsal\n"),
    ("    close: 2026-12-20\n", ""),
    ("    stage: won\n    amount: 450000\n", "    stage: won\n    ammount: 450000\n"),
)


def _guide_block(command: str) -> str:
    text = page("docs/guide/index.md")
    return re.search(rf"^\$ {re.escape(command)}\n(.*?)^```", text, flags=re.S | re.M).group(1)


@pytest.mark.parametrize("lang,command", [("zh", "kam validate"), ("en", "kam --lang en validate")])
def test_the_guides_several_errors_are_what_kam_prints(tmp_path, monkeypatch, lang, command):
    """docs/guide/index.md shows the real output of `kam validate` on the walkthrough's file with the
    mistakes above put in: kept current by this test."""
    from click.testing import CliRunner

    from kam.cli import main

    files = _files_of(page("docs/guide/account-file.md"))
    text = files["huadong-precision.yaml"]
    for right, wrong in MISTAKES:
        assert text.count(right) >= 1, right
        text = text.replace(right, wrong, 1)
    files["huadong-precision.yaml"] = text
    for name, body in files.items():
        (tmp_path / "accounts" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "accounts" / name).write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, ["--lang", lang, "--as-of", "2026-11-20", "validate"])
    assert res.exit_code == 1
    assert res.stdout == _guide_block(command), res.stdout
