"""`kam validate`, `kam new account` and `kam schema` as a rep or CI runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kam.book.jsonschema import account_schema_text
from kam.book.loader import load_book
from kam.book.policy import Settings
from kam.cli import main
from kam.labels import ENUMS
from kam.messages import shown

from conftest import ACCOUNT, AS_OF, BOOK_YAML, write_book

F = "accounts/acme.yaml"
BAD_REGION = ACCOUNT.replace("region: east", "region: mars")
REGIONS = "north, northeast, east, south, central, southwest, northwest, overseas"
REGION_ERROR = f"{F}:3:9: error: `region` cannot be `mars`; allowed: {REGIONS}"

# ------------------------------------------------------------------ validate: exit codes and summary


def test_valid_book_exits_0(book, kam):
    book({"acme.yaml": ACCOUNT + "owner: rep-a\n", "beta.yaml": ACCOUNT})
    assert kam("validate") == (0, "3 files checked: valid\n")


def test_invalid_book_exits_1_with_lines_then_summary(book, kam):
    book({"acme.yaml": BAD_REGION + "owner: rep-a\n"})
    assert kam("validate") == (1, f"{REGION_ERROR}\n2 files checked: 1 error\n")


def test_warnings_alone_do_not_fail(book, kam):
    book({"acme.yaml": ACCOUNT + "sponsor: rep-a\n"})
    code, out = kam("validate")
    assert code == 0
    assert out == (
        f"{F}:6:10: warning: sponsor `rep-a` is a rep; an executive sponsor is usually an executive or manager\n"
        "2 files checked: valid, 1 warning\n"
    )


def test_errors_and_warnings_are_both_counted(book, kam):
    book({"acme.yaml": BAD_REGION + "sponsor: rep-a\n"})
    code, out = kam("validate")
    assert code == 1
    assert out.splitlines()[-1] == "2 files checked: 1 error, 1 warning"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_files_not_read_are_counted_and_said_apart(book, kam, tmp_path):
    """A file refused before it is parsed is still one of the book's files: a book of 6 files (two too large, a
    pipe, a link outside the project) printed "2 files checked"."""
    from kam.book.yamlfile import MAX_BYTES

    big = ACCOUNT + "# " + "x" * MAX_BYTES + "\n"
    book({"acme.yaml": ACCOUNT, "big.yaml": big, "east/huge.yaml": big})
    os.mkfifo(tmp_path / "accounts" / "pipe.yaml")
    secret = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    secret.write_text(ACCOUNT, encoding="utf-8")
    (tmp_path / "accounts" / "leak.yaml").symlink_to(secret)
    try:
        code, out = kam("validate")
        assert (code, out.splitlines()[-1]) == (1, "6 files checked (4 of them not read): 4 errors")
        assert kam("--lang", "zh", "validate")[1].splitlines()[-1] == "已检查 6 个文件（其中 4 个未读取）：4 个错误"
        # named files: those and _book.yaml
        assert kam("validate", "accounts/big.yaml", "accounts/acme.yaml")[1].splitlines()[-1] == (
            "3 files checked (1 of them not read): 1 error"
        )
        assert kam("validate", "accounts/east")[1].splitlines()[-1] == "2 files checked (1 of them not read): 1 error"
    finally:
        secret.unlink()


def test_a_missing_book_file_is_not_counted_as_checked(book, kam):
    book({"acme.yaml": ACCOUNT}, book_yaml=None)
    assert kam("validate")[1].splitlines()[-1] == "1 file checked: 1 error"


def test_unknown_path_is_a_usage_error(book, kam):
    book({"acme.yaml": ACCOUNT})
    result = kam.invoke("validate", "accounts/nope.yaml")
    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[-1] == "Error: accounts/nope.yaml does not exist: name an account file or a folder"
    )


def test_unknown_format_is_a_usage_error(book, kam):
    book({"acme.yaml": ACCOUNT})
    assert kam("validate", "--format", "xml")[0] == 2


def test_bad_as_of_is_a_usage_error(book, kam, tmp_path):
    book({"acme.yaml": ACCOUNT})
    result = CliRunner().invoke(main, ["--as-of", "20/11/2026", "validate"], env={"KAM_LANG": None})
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--as-of': --as-of 20/11/2026 不是 YYYY-MM-DD 格式的日期（如 2026-11-20）"
    )
    result = CliRunner().invoke(main, ["--lang", "en", "--as-of", "20/11/2026", "validate"])
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--as-of': --as-of 20/11/2026 is not a date in the form YYYY-MM-DD (like 2026-11-20)"
    )
    result = CliRunner().invoke(main, ["--config", "nope.yml", "validate"], env={"KAM_LANG": None})
    assert result.stderr.splitlines()[-1] == "Error: 找不到设置文件 nope.yml：--config 应指向项目的 mkdocs.yml"


def test_a_folder_of_the_book_is_checked_against_the_whole_book(book, kam):
    """`kam validate accounts/east` checks the region's files with the book's team; another folder is a book."""
    book({"acme.yaml": ACCOUNT + "owner: rep-a\n", "east/beta.yaml": ACCOUNT + "owner: rep-x\n"})
    assert kam("validate", "accounts/east") == (
        1,
        "accounts/east/beta.yaml:6:8: error: `owner`: `rep-x` is not a known person in the team (_book.yaml); "
        "did you mean `rep-b`?\n2 files checked: 1 error\n",
    )


def test_missing_book_folder_exits_2(kam):
    code, out = kam("validate")
    assert code == 2
    assert out == "accounts:0:0: error: no book folder at `accounts`\n0 files checked: 1 error\n"


def test_missing_book_file_is_an_error(book, kam):
    book({"acme.yaml": ACCOUNT}, book_yaml=None)
    code, out = kam("validate")
    assert code == 1
    assert out.splitlines()[0] == (
        "accounts/_book.yaml:0:0: error: `accounts/_book.yaml` is missing: "
        "it lists the team (`people:`) that accounts refer to"
    )


# ------------------------------------------------------------------ validate: the files kam writes from the book

OWNERS_STALE = (
    ".github/CODEOWNERS:{line}:1: warning: out of date: kam writes this file from the book, which now says otherwise "
    "from this line on, so the pull-request check `kam codeowners --check` will fail: run `{kam} codeowners --force` "
    "and commit the file"
)
IDS_STALE = (
    "docs/schema/ids.schema.json:{line}:1: warning: out of date: kam writes this file from the book, which now says "
    "otherwise from this line on, so the pull-request check `kam schema --dir docs/schema --check` will fail: "
    "run `{kam} schema --dir docs/schema --force` and commit the file"
)


def test_validate_warns_when_codeowners_or_the_editors_schemas_no_longer_match_the_book(book, kam, tmp_path):
    """CI checks both against the book: a rep who added a person and an account saw "valid", pushed, and CI went
    red.  A warning names each stale file, the line where it starts to differ and the command that refreshes it."""
    book({"acme.yaml": ACCOUNT + "owner: rep-a\n"})
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - kam:\n      language: en\n", encoding="utf-8")
    env = {"KAM_LANG": None}
    assert kam("validate", env=env) == (0, "2 files checked: valid\n")  # neither file: nothing said
    assert kam("codeowners", env=env)[0] == kam("schema", "--dir", "docs/schema", env=env)[0] == 0
    assert kam("validate", env=env) == (0, "2 files checked: valid\n")
    roster = tmp_path / "accounts" / "_book.yaml"
    roster.write_text(BOOK_YAML.replace("offerings:", "  - {id: rep-c, name: 王五, role: rep}\nofferings:"))
    (tmp_path / "accounts" / "beta.yaml").write_text(ACCOUNT + "owner: rep-c\n", encoding="utf-8")
    written = {
        p: p.read_bytes() for p in (tmp_path / ".github" / "CODEOWNERS", tmp_path / "docs/schema/ids.schema.json")
    }
    assert kam("validate", env=env) == (
        0,
        OWNERS_STALE.format(line=11, kam="kam")
        + "\n"
        + IDS_STALE.format(line=10, kam="kam")
        + "\n3 files checked: valid, 2 warnings\n",
    )
    assert (
        kam("validate", "--format", "github", env=env)[1]
        .splitlines()[0]
        .startswith("::warning file=.github/CODEOWNERS,line=11,col=1,title=kam generated-stale::out of date")
    )
    assert kam("validate", env=env, lang="zh")[1].splitlines()[0] == (
        ".github/CODEOWNERS:11:1: warning: 此文件由 kam 根据档案生成，现已与档案不一致（自此行起不同），合并请求的检查 "
        "`kam codeowners --check` 会因此失败：请运行 `kam codeowners --force` 并提交此文件"
    )
    assert {p: p.read_bytes() for p in written} == written  # validate never writes
    # the command that refreshes the schemas writes them in the book's language whatever kam speaks, as CI
    # checks them: no --lang to add when $KAM_LANG is another
    assert kam("validate", env={"KAM_LANG": "zh"})[1].splitlines()[1] == IDS_STALE.format(line=10, kam="kam")
    # an error comes first: no word about the generated files until the book is valid
    (tmp_path / "accounts" / "beta.yaml").write_text(BAD_REGION, encoding="utf-8")
    assert kam("validate", env=env)[1].splitlines()[-1] == "3 files checked: 1 error"
    (tmp_path / "accounts" / "beta.yaml").write_text(ACCOUNT + "owner: rep-c\n", encoding="utf-8")
    assert kam("codeowners", "--force", env=env)[0] == kam("schema", "--dir", "docs/schema", "--force", env=env)[0] == 0
    assert kam("validate", env=env) == (0, "3 files checked: valid\n")
    # read as `kam codeowners --check` reads it: Windows line endings are the same file
    owners = tmp_path / ".github" / "CODEOWNERS"
    owners.write_bytes(owners.read_bytes().replace(b"\n", b"\r\n"))
    assert kam("validate", env=env) == (0, "3 files checked: valid\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_pipe_where_codeowners_would_be_is_not_opened(book, kam, tmp_path):
    book({"acme.yaml": ACCOUNT})
    (tmp_path / ".github").mkdir()
    os.mkfifo(tmp_path / ".github" / "CODEOWNERS")  # opening it would hang validate
    assert kam("validate") == (0, "2 files checked: valid\n")


# ------------------------------------------------------------------ validate: formats


def test_json_format(book, kam):
    book({"acme.yaml": BAD_REGION + "sponsor: rep-a\n"})
    code, out = kam("validate", "--format", "json")
    assert code == 1
    assert json.loads(out) == [
        {
            "file": F,
            "line": 3,
            "column": 9,
            "severity": "error",
            "code": "bad-enum",
            "message": f"`region` cannot be `mars`; allowed: {REGIONS}",
        },
        {
            "file": F,
            "line": 6,
            "column": 10,
            "severity": "warning",
            "code": "sponsor-not-executive",
            "message": "sponsor `rep-a` is a rep; an executive sponsor is usually an executive or manager",
        },
    ]


def test_json_format_of_a_valid_book_is_an_empty_list(book, kam):
    book({"acme.yaml": ACCOUNT})
    code, out = kam("validate", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_github_format_annotations_and_step_summary(book, kam, tmp_path):
    book({"acme.yaml": BAD_REGION.replace("lifecycle: stable", "lifecycle: 50%") + "sponsor: rep-a\n"})
    step = tmp_path / "step.md"
    step.write_text("earlier step\n", encoding="utf-8")
    code, out = kam("validate", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(step)})
    assert code == 1
    assert out.splitlines() == [
        f"::error file={F},line=3,col=9,title=kam bad-enum::`region` cannot be `mars`; allowed: {REGIONS}",
        f"::error file={F},line=4,col=12,title=kam bad-enum::`lifecycle` cannot be `50%25`; "
        "allowed: potential, new, stable, mature",
        f"::warning file={F},line=6,col=10,title=kam sponsor-not-executive::sponsor `rep-a` is a rep; "
        "an executive sponsor is usually an executive or manager",
        "2 files checked: 2 errors, 1 warning",
    ]
    summary = step.read_text(encoding="utf-8")
    assert summary.startswith("earlier step\n### kam validate\n\n2 files checked: 2 errors, 1 warning\n")
    assert f"| `{F}` | 3 | 9 | error | `region` cannot be `mars`; allowed: {REGIONS} |\n" in summary
    assert f"| `{F}` | 4 | 12 | error | `lifecycle` cannot be `50%`; " in summary
    assert summary.count(f"| `{F}` |") == 3


def test_github_format_without_step_summary(book, kam, tmp_path):
    book({"acme.yaml": ACCOUNT})
    env = {"GITHUB_STEP_SUMMARY": ""}
    assert kam("validate", "--format", "github", env=env) == (0, "2 files checked: valid\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts"]


def test_whole_file_problem_has_no_line_in_the_annotation(book, kam):
    book({"acme.yml": ACCOUNT})
    code, out = kam("validate", "--format", "github")
    assert code == 1
    assert out.splitlines()[0] == (
        "::error file=accounts/acme.yml,title=kam yml-extension::`acme.yml` is ignored: rename it to `acme.yaml`"
    )


def test_chinese_messages(book, kam):
    book({"acme.yaml": BAD_REGION})
    code, out = kam("validate", lang="zh")
    assert code == 1
    assert out == f"{F}:3:9: error: `region` 不能是 `mars`；可选值：{REGIONS}\n已检查 2 个文件：1 个错误\n"


def test_language_from_the_environment(book, kam):
    book({"acme.yaml": ACCOUNT})
    result = CliRunner().invoke(main, ["--as-of", AS_OF.isoformat(), "validate"], env={"KAM_LANG": "en"})
    assert (result.exit_code, result.stdout) == (0, "2 files checked: valid\n")


# ------------------------------------------------------------------ validate: what is checked


def test_named_files_only(book, kam):
    book({"acme.yaml": BAD_REGION, "beta.yaml": ACCOUNT + "owner: nobody\n", "gamma.yaml": BAD_REGION})
    code, out = kam("validate", "accounts/acme.yaml")
    assert (code, out) == (1, f"{REGION_ERROR}\n2 files checked: 1 error\n")
    code, out = kam("validate", "accounts/beta.yaml", "accounts/acme.yaml")
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == ["accounts/acme.yaml", "accounts/beta.yaml"]
    assert out.splitlines()[-1] == "3 files checked: 2 errors"


def test_a_named_file_still_gets_cross_file_checks(book, kam):
    rec = "receivables:\n  - {invoice: INV-1, amount: 1, issued: 2026-05-01, due: 2026-06-01, paid: 2026-06-01}\n"
    book({"a.yaml": ACCOUNT + rec, "b.yaml": ACCOUNT + rec})
    code, out = kam("validate", "accounts/b.yaml")
    assert code == 1
    assert out.splitlines()[0].startswith("accounts/b.yaml:7:15: error: receivable `INV-1` is given twice")


def test_a_named_file_outside_the_book_is_not_silently_passed(book, kam, tmp_path):
    book({"acme.yaml": ACCOUNT})
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "broken.yaml").write_text(BAD_REGION, encoding="utf-8")
    code, out = kam("validate", "elsewhere/broken.yaml")
    assert code != 0
    assert "broken.yaml" in out


def test_folder_argument_is_the_book(book, kam, tmp_path):
    book({"acme.yaml": ACCOUNT})  # the default book: valid
    write_book(tmp_path / "other", {"zz.yaml": BAD_REGION})
    code, out = kam("validate", "other")
    assert (code, out) == (1, f"other/zz.yaml:3:9: error: `region` cannot be `mars`; allowed: {REGIONS}\n"
                           "2 files checked: 1 error\n")  # fmt: skip


def test_book_folder_from_mkdocs_yml(kam, tmp_path):
    write_book(tmp_path / "book", {"zz.yaml": BAD_REGION})
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - kam:\n      book: book\n", encoding="utf-8")
    code, out = kam("validate")
    assert code == 1
    assert out.splitlines()[0] == f"book/zz.yaml:3:9: error: `region` cannot be `mars`; allowed: {REGIONS}"


def test_bad_data_never_prints_a_traceback(tmp_path):
    write_book(
        tmp_path / "accounts",
        {
            "a.yaml": b"\xff\xfe\x00",
            "b.yaml": "- 1\n- 2\n",
            "c.yaml": "[" * 5000,
            "d.yaml": ACCOUNT + "opportunities: {stage: won}\ncontacts: [1, [2], {id: {x: 1}}]\nplan: 7\n",
            "e.yaml": ACCOUNT + "revenue:\n  - {year: 2025.5, amount: -1}\n  - {year: 2025.5, amount: x}\n",
            "f.yaml": "? [a]\n: b\n",
            "g.yaml": "",
        },
        book_yaml="people: {id: x}\n",
    )
    env = {**os.environ, "KAM_LANG": "en"}
    kam = Path(sys.executable).parent / "kam"
    proc = subprocess.run([str(kam), "validate"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 1
    files = {line.split(":")[0] for line in proc.stdout.splitlines()[:-1]}
    assert files == {f"accounts/{n}.yaml" for n in "_book a b c d e f g".split()}


def test_bad_numbers_never_print_a_traceback(tmp_path):
    write_book(
        tmp_path / "accounts",
        {
            "a.yaml": ACCOUNT + "loyalty: {referrals: !!int abc}\n",
            "b.yaml": ACCOUNT + "loyalty: {referrals: 99999999999999999999}\n",
        },
    )
    kam = Path(sys.executable).parent / "kam"
    env = {**os.environ, "KAM_LANG": "en"}
    proc = subprocess.run([str(kam), "validate"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1


# ------------------------------------------------------------------ new account


def test_new_account_validates_as_written(book, kam, tmp_path):
    book({})
    code, out = kam("new", "account", "huadong-precision")
    assert (code, out) == (0, "created accounts/huadong-precision.yaml\n")
    text = (tmp_path / "accounts" / "huadong-precision.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert kam("validate") == (0, "2 files checked: valid\n")


def test_new_account_says_codeowners_needs_a_refresh(book, kam, tmp_path):
    """CODEOWNERS names a reviewer for every account file: a new file makes it stale, which the next
    `kam validate` said and the pull-request check failed on.  `kam new account` says so at once, and only
    in a project that has one."""
    book({})
    (tmp_path / ".github").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - kam\n", encoding="utf-8")
    assert kam("codeowners")[0] == 0
    assert kam("new", "account", "acme", "--owner", "rep-a") == (
        0,
        "created accounts/acme.yaml\n.github/CODEOWNERS names a reviewer for each account file: run "
        "`kam codeowners --force` and commit it with the new file\n",
    )
    assert kam("new", "account", "beta", "--owner", "rep-a", lang="zh")[1].splitlines()[1] == (
        ".github/CODEOWNERS 为每个客户档案指定审阅人：请运行 `kam codeowners --force`，并与新档案一起提交"
    )
    assert kam("codeowners", "--force")[0] == 0
    assert kam("validate") == (0, "3 files checked: valid\n")


def test_new_account_names_codeowners_as_typed_from_another_folder(book, kam, tmp_path, monkeypatch):
    """From another folder, with --config, the hint names the file from there and the command that refreshes
    it as it must be typed there; that command then leaves the book valid."""
    book({})
    (tmp_path / ".github").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - kam\n", encoding="utf-8")
    assert kam("codeowners")[0] == 0
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path / "notes")
    command = "kam --config ../mkdocs.yml codeowners --out ../.github/CODEOWNERS --force"
    assert kam.invoke("--config", "../mkdocs.yml", "new", "account", "acme", "--owner", "rep-a").stdout == (
        f"created ../accounts/acme.yaml\n../.github/CODEOWNERS names a reviewer for each account file: run "
        f"`{command}` and commit it with the new file\n"
    )
    assert kam.invoke(*command.split()[1:]).exit_code == 0
    assert kam("--config", "../mkdocs.yml", "validate") == (0, "2 files checked: valid\n")


def test_new_account_with_name_and_owner(book, kam, tmp_path):
    book({})
    name = 'Acme "Best": #1, {ltd}'
    assert kam("new", "account", "acme", "--name", name, "--owner", "rep-a")[0] == 0
    assert kam("validate") == (0, "2 files checked: valid\n")
    b, _ = load_book(Settings(as_of=AS_OF))
    assert (b["accounts"].at[0, "name"], b["accounts"].at[0, "owner"]) == (name, "rep-a")


def test_new_account_refuses_to_overwrite(book, kam, tmp_path):
    book({"acme.yaml": "name: mine\n"})
    result = kam.invoke("new", "account", "acme")
    assert result.exit_code == 2
    assert result.stderr == (
        "`accounts/acme.yaml` already exists; kam never overwrites a file: choose another id or delete it first\n"
    )
    assert (tmp_path / "accounts" / "acme.yaml").read_text(encoding="utf-8") == "name: mine\n"


def test_new_account_refuses_an_id_taken_in_a_sub_folder(book, kam, tmp_path):
    book({"east/acme.yaml": ACCOUNT})
    for args in (["acme"], ["acme", "--in", "south"]):
        result = kam.invoke("new", "account", *args)
        assert result.exit_code == 2
        assert result.stderr == (
            f"account id `{args[0]}` is taken: `accounts/east/acme.yaml` exists; ids are unique in the whole book, "
            "choose another\n"
        )
    assert sorted(p.name for p in (tmp_path / "accounts").rglob("*.yaml")) == ["_book.yaml", "acme.yaml"]


def test_new_account_refuses_a_name_the_file_could_not_hold(book, kam, tmp_path):
    """It writes only a file that validates: a name of spaces, or longer than a name may be, is refused first."""
    book({})
    result = kam.invoke("new", "account", "acme", "--name", "长" * 201)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: `name` is 201 characters long; at most 200 (shorten it; long text goes in `notes`)"
    )
    result = kam.invoke("new", "account", "acme", "--name", " \u3000 ", lang="zh")
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        2,
        "Error: `name` 不能为空（只有空格也不行）：请写出内容",
    )
    assert not (tmp_path / "accounts" / "acme.yaml").exists()
    result = kam.invoke("new", "account", "acme", "--name", "长" * 200)
    assert result.exit_code == 0 and kam("validate")[0] == 0


def test_a_name_of_spaces_is_an_error_where_it_is_written(check):
    files = {
        "acme.yaml": ACCOUNT.replace("name: Acme", "name: '\u3000 '")
        + "contacts:\n  - {id: x, name: '', level: base, attitude: support}\n"
    }
    assert check(files) == [
        "accounts/acme.yaml:1:7: error: `name` is empty or only spaces: write it out",
        "accounts/acme.yaml:7:19: error: `name` is empty or only spaces: write it out",
    ]


def test_new_account_refuses_an_owner_not_on_the_team(book, kam, tmp_path):
    book({})
    result = kam.invoke("new", "account", "acme", "--owner", "rep-c")
    assert (result.exit_code, result.stderr) == (
        2,
        "`--owner rep-c` is not on the team; did you mean `rep-b`? (new people go in _book.yaml first)\n",
    )
    result = kam.invoke("new", "account", "acme", "--owner", "王五", lang="zh")
    assert (result.exit_code, result.stderr) == (
        2,
        "`--owner 王五` 不在团队名册中：请先把此人加入 _book.yaml 的 `people:`\n",
    )
    assert not (tmp_path / "accounts" / "acme.yaml").exists()


@pytest.mark.parametrize(
    ("book_dir", "folder", "written", "modeline"),
    [
        ("accounts", None, "accounts/acme.yaml", "../docs/schema/account.schema.json"),
        ("accounts", "east", "accounts/east/acme.yaml", "../../docs/schema/account.schema.json"),
        ("accounts", "east/shanghai", "accounts/east/shanghai/acme.yaml", "../../../docs/schema/account.schema.json"),
        ("data/book", "south", "data/book/south/acme.yaml", "../../../docs/schema/account.schema.json"),
    ],
)
def test_new_account_modeline_fits_the_folder_it_writes_to(tmp_path, monkeypatch, book_dir, folder, written, modeline):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: x\nplugins:\n  - kam:\n      book: {book_dir}\n", encoding="utf-8"
    )
    write_book(tmp_path / book_dir, {})
    args = ["--lang", "en", "new", "account", "acme", *(["--in", folder] if folder else [])]
    res = CliRunner().invoke(main, args)
    assert (res.exit_code, res.stdout) == (0, f"created {written}\n")
    first = (tmp_path / written).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={modeline}"
    # the modeline names the schema file kam schema writes, from where the account file is
    assert ((tmp_path / written).parent / modeline).resolve() == (
        tmp_path / "docs/schema/account.schema.json"
    ).resolve()
    res = CliRunner().invoke(main, ["--lang", "en", "--as-of", AS_OF.isoformat(), "validate"])
    assert (res.exit_code, res.stdout) == (0, "2 files checked: valid\n")


@pytest.mark.parametrize("bad", ["East", "../east", "east/../..", "/tmp", "a b", "east/", "", "east\u202e"])
def test_new_account_bad_folder_is_a_usage_error(book, kam, tmp_path, bad):
    book({})
    result = kam.invoke("new", "account", "acme", "--in", bad)
    assert result.exit_code == 2
    assert f"`{shown(bad)}` is not a valid folder: use lowercase letters, digits and hyphens" in result.stderr
    assert sorted(p.name for p in (tmp_path / "accounts").iterdir()) == ["_book.yaml"]


def test_new_account_where_a_file_stands_for_the_folder(book, kam, tmp_path):
    book({})
    (tmp_path / "accounts" / "east").write_text("not a folder", encoding="utf-8")
    result = kam.invoke("new", "account", "acme", "--in", "east")
    assert result.exit_code == 2
    assert result.stderr.startswith("cannot write `accounts/east")
    assert (tmp_path / "accounts" / "east").read_text(encoding="utf-8") == "not a folder"


def test_schema_dir_where_a_file_stands_in_the_way(book, kam, tmp_path):
    book({})
    (tmp_path / "docs").write_text("mine", encoding="utf-8")
    result = kam.invoke("schema", "--dir", "docs/schema")
    assert result.exit_code == 2
    assert result.stderr.startswith("cannot write `docs")
    assert (tmp_path / "docs").read_text(encoding="utf-8") == "mine"


def test_new_account_bad_folder_in_chinese(book, kam, tmp_path):
    book({})
    result = kam.invoke("new", "account", "acme", "--in", "华东", lang="zh")
    assert result.exit_code == 2
    assert "`华东` 不是有效的目录名：只能包含小写字母、数字和连字符" in result.stderr


@pytest.mark.parametrize("bad", ["Acme", "acme_corp", "acme-", "acme--x", "../acme", "a b"])
def test_new_account_bad_id_is_a_usage_error(book, kam, tmp_path, bad):
    book({})
    result = kam.invoke("new", "account", bad)
    assert result.exit_code == 2
    assert f"`{bad}` is not a valid account id" in result.stderr
    assert sorted(p.name for p in (tmp_path / "accounts").iterdir()) == ["_book.yaml"]


# ------------------------------------------------------------------ schema


def test_schema_is_json_with_opportunities(kam):
    code, out = kam("schema")
    assert code == 0
    s = json.loads(out)
    opp = s["properties"]["opportunities"]
    assert opp["type"] == "array"
    assert opp["items"]["properties"]["stage"]["enum"] == list(ENUMS["stage"])
    assert opp["items"]["additionalProperties"] is False
    assert set(s["required"]) == {"name", "industry", "region", "lifecycle", "potential"}


def test_schema_out_and_check(kam, tmp_path):
    assert kam("schema", "--out", "docs/account.schema.json") == (0, "created docs/account.schema.json\n")
    # the book's language (zh, the default), though kam speaks English (the fixture's --lang en)
    assert (tmp_path / "docs" / "account.schema.json").read_text(encoding="utf-8") == account_schema_text("zh")
    assert kam("schema", "--out", "docs/account.schema.json", "--check") == (
        0,
        "docs/account.schema.json is up to date\n",
    )
    (tmp_path / "docs" / "account.schema.json").write_text("{}", encoding="utf-8")
    assert kam("schema", "--out", "docs/account.schema.json", "--check")[0] == 1
    assert kam("schema", "--check")[0] == 2
    assert "--check needs --out FILE or --dir DIR" in kam.invoke("schema", "--check").stderr
    assert "--check 需要同时给出 --out FILE 或 --dir DIR" in kam.invoke("schema", "--check", lang="zh").stderr
    assert "--out and --dir cannot be used together" in kam.invoke("schema", "--out", "a", "--dir", "b").stderr


def _config_only(tmp_path, monkeypatch, kam_options: str) -> None:
    """A project of an empty team whose mkdocs.yml gives the kam plugin these (indented) options; run in it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - kam:\n" + kam_options, encoding="utf-8")
    (tmp_path / "accounts").mkdir()
    (tmp_path / "accounts" / "_book.yaml").write_text("people: []\n", encoding="utf-8")


def test_policy_error_points_at_the_value_written(tmp_path, monkeypatch):
    _config_only(tmp_path, monkeypatch, "      policy:\n        stages: {intent: 5}\n")
    res = CliRunner().invoke(main, ["--lang", "en", "validate"])
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
        "mkdocs.yml:5:26: error: stage probabilities must rise with the stages: "
        "prospect 10%, intent 5%, proposal 50%, negotiation 70%",
        "1 file checked: 1 error",
    ]


OWN_REGIONS = '      regions:\n        north: North\n        emea: "Europe, Middle East & Africa"\n'


def test_a_company_names_its_own_regions(tmp_path, monkeypatch):
    """`regions:` in mkdocs.yml replaces kam's own (China's regions and overseas): an account names one of
    the company's, the editor's schema offers them, `kam new account` writes one, the export names them."""
    _config_only(tmp_path, monkeypatch, OWN_REGIONS)
    for aid, region in (("a", "emea"), ("b", "east"), ("c", "nort")):
        (tmp_path / "accounts" / f"{aid}.yaml").write_text(ACCOUNT.replace("east", region), encoding="utf-8")
    res = CliRunner().invoke(main, ["--lang", "en", "validate"])
    assert res.stdout.splitlines() == [
        "accounts/b.yaml:3:9: error: `region` cannot be `east`; allowed: north, emea",
        "accounts/c.yaml:3:9: error: `region` cannot be `nort`; did you mean `north`? allowed: north, emea",
        "4 files checked: 2 errors",
    ]
    region = json.loads(CliRunner().invoke(main, ["--lang", "en", "schema"]).stdout)["properties"]["region"]
    assert (region["enum"], region["enumDescriptions"]) == (
        ["north", "emea"],
        ["North", "Europe, Middle East & Africa"],
    )
    assert region["errorMessage"] == "`region` 只能是以下值之一：north, emea"  # the book's language (zh)
    for aid in ("b", "c"):
        (tmp_path / "accounts" / f"{aid}.yaml").unlink()
    assert CliRunner().invoke(main, ["--lang", "en", "new", "account", "d"]).exit_code == 0
    text = (tmp_path / "accounts" / "d.yaml").read_text(encoding="utf-8")
    assert "\nregion: north            # 区域 / region: north, emea\n" in text
    assert CliRunner().invoke(main, ["--lang", "en", "validate"]).stdout == "3 files checked: valid\n"
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is in the `export` and `test` extras")
    res = CliRunner().invoke(main, ["--lang", "en", "export", "--format", "xlsx", "--out", "out"])
    assert res.exit_code == 0, res.output
    ws = openpyxl.load_workbook(tmp_path / "out" / "kam.xlsx")["Accounts"]
    rows = list(ws.iter_rows(values_only=True))
    at = rows[0].index("Region (label)")
    assert [r[at] for r in rows[1:]] == ["Europe, Middle East & Africa", "North"]


@pytest.mark.parametrize(
    ("regions", "said"),
    [
        ("{}", "4:16: error: `regions` lists no region: write them out, as in `north: North`, or leave `regions` out "
         "for kam's own"),
        ("[north, south]", "4:16: error: the regions must be a mapping of fields, not a list"),
        ("{North: N}", "4:17: error: `North` is not a valid id: use lowercase letters, digits, `-` or `_`, like "
         "`sam-lee`"),
        ("{north: ''}", "4:24: error: `regions.north` is empty or only spaces: write it out"),
        ("{emea: E, emea: M}", "4:26: error: duplicate key `emea`: already given on line 4; keep only one"),
    ],
)  # fmt: skip
def test_regions_kam_cannot_read_are_one_error_in_mkdocs_yml(tmp_path, monkeypatch, regions, said):
    """The problem is said where it is written, once: not again on every account that names a region."""
    _config_only(tmp_path, monkeypatch, f"      regions: {regions}\n")
    (tmp_path / "accounts" / "a.yaml").write_text(ACCOUNT.replace("east", "emea"), encoding="utf-8")
    res = CliRunner().invoke(main, ["--lang", "en", "validate"])
    lines = res.stdout.splitlines()
    assert res.exit_code == 1 and lines[0] == "mkdocs.yml:" + said
    assert all(line.startswith("mkdocs.yml:") for line in lines[:-1]), lines
    assert lines[-1].endswith(" error")


def test_a_config_language_that_is_neither_is_reported_in_chinese(tmp_path, monkeypatch):
    """The default language of messages stays Chinese; $KAM_LANG and --lang still choose."""
    monkeypatch.delenv("KAM_LANG", raising=False)
    _config_only(tmp_path, monkeypatch, "      language: fr\n")
    res = CliRunner().invoke(main, ["validate"])
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
        "mkdocs.yml:4:17: error: language 只能是 zh 或 en，而不是 `fr`",
        "已检查 1 个文件：1 个错误",
    ]
    res = CliRunner().invoke(main, ["validate"], env={"KAM_LANG": "en"})
    assert res.stdout.splitlines()[0] == "mkdocs.yml:4:17: error: language must be zh or en, not `fr`"


def test_help_examples_keep_their_lines():
    """Click rewraps help paragraphs: an example block must stay one command per line."""
    from click.testing import CliRunner

    out = CliRunner().invoke(main, ["diff", "--help"]).stdout.splitlines()
    assert "      kam diff                             # this branch's changes, before you push" in out
    assert '      kam diff origin/main HEAD >> "$GITHUB_STEP_SUMMARY"' in out


def test_a_named_file_that_is_a_link_is_read_through_it_and_alone_in_a_preview(book, kam, tmp_path):
    """The preview (subset) reads the named files only, a link to a file outside the book included."""
    book({"acme.yaml": ACCOUNT, "beta.yaml": ACCOUNT})
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "gamma.yaml").write_text(BAD_REGION, encoding="utf-8")
    (tmp_path / "accounts" / "east").mkdir()
    (tmp_path / "accounts" / "east" / "gamma.yaml").symlink_to(tmp_path / "elsewhere" / "gamma.yaml")
    settings = Settings(root=str(tmp_path), book="accounts", as_of=AS_OF)
    for name in ("east/gamma.yaml", "acme.yaml"):
        b, diags = load_book(settings, [tmp_path / "accounts" / name], subset=True)
        assert list(b["accounts"]["id"]) == [Path(name).stem], name
        assert [d.code for d in diags if d.severity == "error"] == (["bad-enum"] if name.startswith("east") else [])


def test_stage_probabilities_written_as_fractions_are_one_error_on_the_config(tmp_path, monkeypatch):
    """0.1 for 10% weighed every deal at a hundredth; the deals' own probabilities are not blamed for it."""
    _config_only(
        tmp_path,
        monkeypatch,
        "      policy:\n        stages: {prospect: 0.1, intent: 0.3, proposal: 0.5, negotiation: 0.7}\n",
    )
    (tmp_path / "accounts" / "acme.yaml").write_text(
        "name: Acme\nindustry: other\nregion: east\nlifecycle: stable\npotential: 0\nopportunities:\n"
        "  - {id: o, name: O, stage: intent, amount: 1, close: 2027-01-01, probability: 40}\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["--lang", "en", "validate"])
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
        "mkdocs.yml:5:28: error: stage probabilities are percentages: write 10 for 10%, not 0.1 "
        "(now prospect 0.1%, intent 0.3%, proposal 0.5%, negotiation 0.7%)",
        "2 files checked: 1 error",
    ]
    res = CliRunner().invoke(main, ["--lang", "zh", "validate"])
    assert res.stdout.splitlines()[0] == (
        "mkdocs.yml:5:28: error: 阶段赢率以百分数书写：10 表示 10%，而不是 0.1"
        "（现为 prospect 0.1%, intent 0.3%, proposal 0.5%, negotiation 0.7%）"
    )


def test_a_codeowners_team_not_written_as_a_team_says_how_to_write_it(tmp_path, monkeypatch):
    _config_only(tmp_path, monkeypatch, "      codeowners_team: org/team\n")
    res = CliRunner().invoke(main, ["--lang", "en", "validate"])
    assert res.stdout.splitlines()[0] == (
        "mkdocs.yml:4:24: error: `org/team` is not a GitHub team: write `@organisation/team`, "
        "like `@huadong/key-account-team`"
    )


def test_a_book_folder_that_is_not_there_is_reported_where_book_names_it(tmp_path, monkeypatch):
    _config_only(tmp_path, monkeypatch, "      book: acounts\n")
    res = CliRunner().invoke(main, ["--lang", "en", "validate"])
    assert (res.exit_code, res.stdout) == (
        2,
        "mkdocs.yml:4:13: error: no book folder at `acounts`, which `book: acounts` names; did you mean `accounts`?\n"
        "0 files checked: 1 error\n",
    )
    (tmp_path / "accounts" / "_book.yaml").unlink()  # no folder holds a book: nothing to suggest
    res = CliRunner().invoke(main, ["--lang", "zh", "validate"])
    assert res.stdout.splitlines()[0] == (
        "mkdocs.yml:4:13: error: `book: acounts` 指向的客户档案目录 `acounts` 不存在：请改为含有 `_book.yaml` 的文件夹"
    )


def test_naming_the_team_roster_checks_the_whole_book(book, kam):
    """pre-commit names every changed file: a commit adding a rep to _book.yaml was refused as 'not an account'."""
    book({"acme.yaml": ACCOUNT + "owner: rep-a\n", "beta.yaml": ACCOUNT + "owner: rep-x\n"})
    code, out = kam("validate", "accounts/_book.yaml", "accounts/acme.yaml")
    assert code == 1
    assert out.splitlines() == [
        "accounts/beta.yaml:6:8: error: `owner`: `rep-x` is not a known person in the team (_book.yaml); "
        "did you mean `rep-b`?",
        "3 files checked: 1 error",
    ]


def test_run_inside_the_book_folder_kam_says_where_the_project_is(book, kam, tmp_path, monkeypatch):
    """From accounts/, `kam new account` wrote accounts/accounts/x.yaml (no mkdocs.yml there: default settings)."""
    book({"acme.yaml": ACCOUNT + "owner: rep-a\n"})
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - kam\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "accounts")
    result = kam.invoke("new", "account", "beta")
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        2,
        "Error: there is no mkdocs.yml here, but `..` holds one: run kam in the project folder (the one with "
        "mkdocs.yml), or give `--config ../mkdocs.yml`",
    )
    assert not (tmp_path / "accounts" / "accounts").exists()
    assert kam("--config", "../mkdocs.yml", "validate")[0] == 0


def test_every_example_of_a_new_account_validates_once_uncommented(book, kam, tmp_path):
    """The examples named people not on the team (zhang-wei, li-ming): uncommented, each was an error."""
    book({}, BOOK_YAML.replace("role: executive", "role: executive, team: east"))
    assert kam("new", "account", "acme", "--owner", "rep-a")[0] == 0
    path = tmp_path / "accounts" / "acme.yaml"
    text = path.read_text(encoding="utf-8")
    assert "# sponsor: rep-b" in text and "by: [rep-a]" in text and "zhang-wei" not in text
    text = re.sub(r"^(\w[\w ]*|  actions): \[\]$", r"\1:", text, flags=re.M)  # the lists open...
    text = re.sub(r"^# (sponsor|size|ownership|tier|net_margin):", r"\1:", text, flags=re.M)
    text = re.sub(r"^#( {2,}[-\w])", r"\1", text, flags=re.M)  # ...and every example item in them
    text = re.sub(r"^# notes:", "notes:", text, flags=re.M)
    text = re.sub(r"^#(   \S)", r"\1", text, flags=re.M)
    path.write_text(text, encoding="utf-8")
    code, out = kam("validate")
    assert out.endswith("valid\n") or "valid, " in out.splitlines()[-1], out
    assert "error" not in out
