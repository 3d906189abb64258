"""The JSON Schema editors use is current, and agrees with kam on the sample book and on bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from referencing import Registry, Resource

from kam.book.jsonschema import FILES, account_schema_text, book_ids, ids_schema, schema_texts
from kam.cli import main
from kam.messages import render, rule

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "docs" / "schema"
SCHEMA = SCHEMAS / "account.schema.json"


class _NoDates(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay strings."""


_NoDates.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

SAMPLES = sorted(p for p in (ROOT / "accounts").rglob("*.yaml") if not p.name.startswith("_"))


def test_committed_schemas_are_current():
    """The three schemas, in the sample book's language (zh), with its team and catalogue."""
    texts = schema_texts(book_ids(ROOT / "accounts", "zh"), "zh")
    assert sorted(texts) == sorted(FILES)
    for name, text in texts.items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == text, "run: kam schema --dir docs/schema --force"
    assert SCHEMA.read_text(encoding="utf-8") == account_schema_text("zh")


def test_schema_check_command(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # the repository's mkdocs.yml: the book's language and folder
    stale = tmp_path / "s.json"
    stale.write_text("{}", encoding="utf-8")
    res = CliRunner().invoke(main, ["--lang", "en", "schema", "--out", str(stale), "--check"])
    assert res.exit_code == 1
    assert res.stderr == f"{stale} is out of date: run `kam schema --out {stale} --force`\n"
    res = CliRunner().invoke(main, ["schema", "--out", str(SCHEMA), "--check"])
    assert (res.exit_code, res.stdout) == (0, f"{SCHEMA} 已是最新\n")
    res = CliRunner().invoke(main, ["schema", "--dir", "docs/schema", "--check"])
    assert (res.exit_code, res.stdout) == (0, "docs/schema 已是最新\n")
    # kam speaking English (--lang, $KAM_LANG) checks and writes the book's (Chinese) schemas, as CI does: a
    # rep with KAM_LANG=en was told the committed schemas were stale, and `--force` wrote English ones CI
    # then rejected
    res = CliRunner().invoke(main, ["--lang", "en", "schema", "--dir", "docs/schema", "--check"])
    assert (res.exit_code, res.output) == (0, "docs/schema is up to date\n")
    res = CliRunner().invoke(main, ["schema", "--dir", "docs/schema", "--check"], env={"KAM_LANG": "en"})
    assert (res.exit_code, res.output) == (0, "docs/schema is up to date\n")
    out = tmp_path / "written"
    res = CliRunner().invoke(main, ["schema", "--dir", str(out)], env={"KAM_LANG": "en"})
    assert res.output == "".join(f"created {out / n}\n" for n in FILES)
    assert {n: (out / n).read_bytes() for n in FILES} == {n: (SCHEMAS / n).read_bytes() for n in FILES}
    res = CliRunner().invoke(main, ["--lang", "en", "schema"])
    assert res.output == SCHEMA.read_text(encoding="utf-8")


# every East Asian script and its punctuation: radicals to the unified ideographs (kana, bopomofo, CJK
# symbols and punctuation among them), Hangul, compatibility ideographs and forms, full-width forms, and
# the supplementary ideographs
_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)


def _strings(node) -> list[str]:
    """Every string of a JSON document: its keys and its values, at any depth."""
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (k, *_strings(v))]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def test_an_english_books_schemas_are_english_and_current(tmp_path, monkeypatch):
    """An English team hovered a field and read "客户全称 / Customer's full name", e.g. 华东精密机械股份有限公司:
    the schemas kam init writes for an English book have no Chinese (nor any CJK) in any string, and
    `kam schema --check` and kam validate, deciding the language as the writer did (the book's), find
    them current."""
    monkeypatch.chdir(tmp_path)
    env = {"KAM_LANG": None}  # the book's language decides, as in CI
    res = CliRunner().invoke(main, ["init", "b", "--lang", "en", "--company", "Acme Inc."], env=env)
    assert res.exit_code == 0, res.output
    monkeypatch.chdir(tmp_path / "b")
    schemas = {name: json.loads(Path("docs", "schema", name).read_text(encoding="utf-8")) for name in FILES}
    cjk = {name: [s for s in _strings(doc) if _CJK.search(s)] for name, doc in schemas.items()}
    assert cjk == dict.fromkeys(FILES, [])
    account = schemas["account.schema.json"]
    assert account["title"] == "Account file"
    name = account["properties"]["name"]
    assert (name["title"], name["description"]) == ("name", "Customer's full name")  # the label once
    assert name["examples"] == ["Northfield Precision Machinery Inc."]
    contact = account["properties"]["contacts"]["items"]["properties"]["id"]
    assert contact["examples"] == ["sam-lee"]  # the English account template's contact
    person = schemas["book.schema.json"]["properties"]["people"]["items"]["properties"]["id"]
    assert person["examples"] == ["jane-smith"]  # the English _book.yaml's example rep
    res = CliRunner().invoke(main, ["schema", "--dir", "docs/schema", "--check"], env=env)
    assert (res.exit_code, res.output) == (0, "docs/schema is up to date\n")
    res = CliRunner().invoke(main, ["validate"], env=env)
    assert (res.exit_code, res.output) == (0, "1 file checked: valid\n")
    # a Chinese book's schemas stay bilingual (its English-speaking staff read them too), as before
    zh = json.loads(schema_texts({}, "zh")["account.schema.json"])
    assert zh["title"] == "客户档案 / Account file"
    assert zh["properties"]["name"]["description"] == "客户全称 / Customer's full name"
    assert zh["properties"]["name"]["examples"] == ["华东精密机械股份有限公司"]


def test_schema_dir_writes_three_files_and_the_books_ids(book, kam, tmp_path):
    book({})
    code, out = kam("schema", "--dir", "schemas")
    assert (code, out) == (0, "".join(f"created schemas/{n}\n" for n in FILES))
    ids = json.loads((tmp_path / "schemas" / "ids.schema.json").read_text(encoding="utf-8"))
    assert ids["$defs"]["person"]["enum"] == ["rep-a", "rep-b"]
    assert ids["$defs"]["person"]["enumDescriptions"] == ["张伟", "李明"]
    assert ids["$defs"]["offering"]["enum"] == ["mes"]
    # in the book's language (zh), though kam speaks English here (the fixture's --lang en)
    assert ids["$defs"]["person"]["errorMessage"] == "不是已知的团队成员（_book.yaml）；请从提示的 id 中选择"
    assert kam("schema", "--dir", "schemas", "--check") == (0, "schemas is up to date\n")
    # a new person in _book.yaml makes the ids schema stale, and only it
    p = tmp_path / "accounts" / "_book.yaml"
    p.write_text(p.read_text(encoding="utf-8") + "  \n", encoding="utf-8")
    assert kam("schema", "--dir", "schemas", "--check")[0] == 0
    p.write_text(
        p.read_text(encoding="utf-8").replace("offerings:", "  - {id: rep-c, name: 王五, role: rep}\nofferings:")
    )
    res = kam.invoke("schema", "--dir", "schemas", "--check")
    assert (res.exit_code, res.stderr) == (
        1,
        "schemas/ids.schema.json is out of date: run `kam schema --dir schemas --force`\n",
    )
    assert kam("schema", "--out", "x.json", "--dir", "schemas")[0] == 2


def test_people_who_left_are_offered_and_say_so(book, kam, tmp_path):
    book({})
    p = tmp_path / "accounts" / "_book.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("role: executive}", "role: executive, left: 2025-06-30}"))
    assert kam("schema", "--dir", "s", lang="zh")[0] == 0
    ids = json.loads((tmp_path / "s" / "ids.schema.json").read_text(encoding="utf-8"))
    assert ids["$defs"]["person"]["enumDescriptions"] == ["张伟", "李明（2025-06-30 离职）"]
    assert kam("schema", "--dir", "s", "--force") == (0, "".join(f"s/{n} is up to date\n" for n in FILES))
    _english_book(tmp_path)
    assert kam("schema", "--dir", "s", "--force")[0] == 0
    ids = json.loads((tmp_path / "s" / "ids.schema.json").read_text(encoding="utf-8"))
    assert ids["$defs"]["person"]["enumDescriptions"] == ["张伟", "李明 (left on 2025-06-30)"]


def _english_book(root: Path) -> None:
    """The project's mkdocs.yml: an English book (the schemas are in the book's language)."""
    (root / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - kam:\n      language: en\n", encoding="utf-8")


def test_schema_dir_without_a_book_file_offers_free_ids(tmp_path, kam):
    (tmp_path / "accounts").mkdir()
    _english_book(tmp_path)
    assert kam("schema", "--dir", "s")[0] == 0
    ids = json.loads((tmp_path / "s" / "ids.schema.json").read_text(encoding="utf-8"))
    assert "enum" not in ids["$defs"]["person"]
    assert ids["$defs"]["person"]["patternErrorMessage"].startswith("not a valid id")


@pytest.mark.parametrize(
    "name",
    [
        "<img src=http://evil/x.png>",
        "![p](http://evil/p.png)",
        '=HYPERLINK("http://evil")',
        "两行\n名字",
        "\u202eevil\u202c 名",
        "x" * 5000,
    ],
)
def test_ids_schema_names_are_one_line_of_plain_text(name):
    s = ids_schema({"person": [("rep-a", name)]}, "zh")["$defs"]["person"]
    (shown,) = s["enumDescriptions"]
    assert "markdownEnumDescriptions" not in s  # user data: the editor escapes plain descriptions
    assert "\n" not in shown and "\u202e" not in shown and "\u202c" not in shown
    assert len(shown) <= 80
    assert shown.replace("…", "") in " ".join(name.split()).replace("\u202e", "").replace("\u202c", "")
    # the JSON text keeps it a string (no way out of the JSON value)
    text = schema_texts({"person": [("rep-a", name)]}, "zh")["ids.schema.json"]
    assert json.loads(text)["$defs"]["person"]["enumDescriptions"] == [shown]


def test_editor_messages_are_kams_words_without_the_value():
    """The schema's messages are the catalogue's: kam validate's text minus the value clause."""
    for code in ("expected-number", "expected-int", "expected-date", "expected-percent", "expected-bool"):
        for lang in ("zh", "en"):
            full = render(code, {"field": "amount", "value": "50万"}, lang)
            short = rule(code, {"field": "amount"}, lang)
            assert full.startswith(short) and full != short
            assert "50万" not in short and "{" not in short
    assert (
        rule("expected-number", {"field": "amount"}, "zh") == "`amount` 必须是数字，如 1200000（不加引号、单位或逗号）"
    )
    assert rule("expected-list", {"field": "needs"}, "en") == "`needs` must be a list, e.g. `[a, b]`"
    with pytest.raises(KeyError):
        rule("bad-enum", {"field": "stage"}, "zh")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_files_carry_the_modeline_and_match_the_schema(path):
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == SCHEMA.resolve()
    doc = yaml.load(text, Loader=_NoDates)
    errors = [f"{list(e.path)}: {e.message}" for e in _validator("account").iter_errors(doc)]
    assert errors == []


def _validator(which: str) -> jsonschema.Draft202012Validator:
    """The committed schema, its $ref to ids.schema.json resolved to the file beside it."""
    ids = json.loads((SCHEMAS / "ids.schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource("ids.schema.json", Resource.from_contents(ids))
    schema = json.loads((SCHEMAS / f"{which}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, registry=registry)


def test_book_file_matches_its_schema_and_a_typo_is_flagged():
    doc = yaml.load((ROOT / "accounts" / "_book.yaml").read_text(encoding="utf-8"), Loader=_NoDates)
    assert [e.message for e in _validator("book").iter_errors(doc)] == []
    doc["people"][1]["rol"] = doc["people"][1].pop("role")
    doc["people"][2]["manager"] = "nobody"
    msgs = sorted(e.message for e in _validator("book").iter_errors(doc))
    assert (
        msgs[0]
        == "'nobody' is not one of ['chen-zhiyuan', 'lin-haifeng', 'zhou-yaqin', 'zhao-mingxuan', 'sun-liwei', 'wang-lei', 'li-na', 'zhang-hao', 'liu-ting', 'yang-fan', 'he-zhigang', 'zheng-xiaoyan', 'wu-jiayi']"
    )
    assert msgs[1:] == ["'role' is a required property", "Additional properties are not allowed ('rol' was unexpected)"]


def test_schema_flags_an_unknown_key_and_a_bad_stage():
    doc = {
        "name": "x",
        "industry": "other",
        "region": "east",
        "lifecycle": "new",
        "potential": 1,
        "opportunities": [{"id": "a", "name": "a", "stage": "propsal", "ammount": 1}],
    }
    msgs = sorted(e.message for e in _validator("account").iter_errors(doc))
    assert any("'propsal' is not one of" in m for m in msgs)
    assert any("'ammount' was unexpected" in m for m in msgs)


def test_workspace_settings_map_the_book_to_the_schemas():
    """.vscode/ recommends the YAML extension and maps account files and _book.yaml to their schemas."""
    ext = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert ext == {"recommendations": ["redhat.vscode-yaml"]}
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        "./docs/schema/account.schema.json": ["accounts/**/*.yaml", "!accounts/_book.yaml"],
        "./docs/schema/book.schema.json": ["accounts/_book.yaml"],
    }
    for target in settings["yaml.schemas"]:
        assert (ROOT / target).is_file()
    assert settings["yaml.schemaStore.enable"] is False  # no request outside the repository


def test_schema_check_reads_no_pipe_and_no_other_encoding(book, kam, tmp_path):
    """A schema file in another encoding is out of date, not a traceback; a pipe in its place is not opened."""
    import os

    book({})
    kam("schema", "--dir", "schemas")
    ids = tmp_path / "schemas" / "ids.schema.json"
    ids.write_bytes(b"\xff" + ids.read_bytes())
    res = kam.invoke("schema", "--dir", "schemas", "--check")
    assert (res.exit_code, res.stderr) == (
        1,
        "schemas/ids.schema.json is out of date: run `kam schema --dir schemas --force`\n",
    )
    ids.unlink()
    os.mkfifo(ids)
    res = kam.invoke("schema", "--dir", "schemas", "--check")
    assert (res.exit_code, res.stderr) == (
        1,
        "schemas/ids.schema.json is not a plain file in the project (a pipe, device, socket or a link outside it), "
        "which kam does not read: remove it, then run `kam schema --dir schemas --force`\n",
    )


def test_schema_dir_does_not_open_a_pipe_as_the_book_file(book, kam, tmp_path):
    """_book.yaml a pipe: the ids schema lists no ids (validate says why), and kam does not hang on it."""
    import json
    import os

    book({})
    (tmp_path / "accounts" / "_book.yaml").unlink()
    os.mkfifo(tmp_path / "accounts" / "_book.yaml")
    assert kam("schema", "--dir", "schemas")[0] == 0
    ids = json.loads((tmp_path / "schemas" / "ids.schema.json").read_text(encoding="utf-8"))
    assert ids["$defs"]["person"].get("enum", []) == []
