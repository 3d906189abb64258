"""The editor as the rep's first reviewer: the real YAML language server on edited account and book files.

The server (yaml-language-server, the one behind VS Code's YAML extension) comes from the npm
registry: tests/install_lsp.py installs it into tests/.lsp when missing.  Without node/npm or the
registry these tests skip, except under CI=true where they fail.  The server is driven as an
editor drives it (tests/lsp.py): the workspace's .vscode/settings.json, didOpen, diagnostics,
completion, hover.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import install_lsp
from kam.cli import main
from kam.labels import ENUMS
from lsp import LanguageServer

from conftest import AS_OF

ROOT = Path(__file__).resolve().parents[1]

_why = install_lsp.install()
if _why and os.environ.get("CI") == "true":  # CI must run these, never skip them
    raise RuntimeError(f"CI=true but the YAML language server is missing: {_why}")
pytestmark = pytest.mark.skipif(_why is not None, reason=f"the YAML language server is missing: {_why}")

# An account file a rep is editing: no modeline (the workspace settings give its schema).
ACCOUNT = """\
name: 测试客户
owner: wang-lei
industry: other
region: east
lifecycle: new
potential: 1000000
opportunities:
  - id: 2026-mes
    name: MES 一期
    stage: proposal
    amount: 500000
    close: 2026-12-31
    offering: plc-automation
"""

PEOPLE = [
    "chen-zhiyuan",
    "lin-haifeng",
    "zhou-yaqin",
    "zhao-mingxuan",
    "sun-liwei",
    "wang-lei",
    "li-na",
    "zhang-hao",
    "liu-ting",
    "yang-fan",
    "he-zhigang",
    "zheng-xiaoyan",
    "wu-jiayi",
]


def workspace_settings(root: Path) -> dict:
    """.vscode/settings.json as the editor hands it to the server: dotted keys become sections."""
    flat = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    out: dict = {}
    for key, value in flat.items():
        parts = key.split(".") if not key.startswith("[") else [key]
        d = out
        for p in parts[:-1]:
            d = d.setdefault(p, {})
        d[parts[-1]] = value
    return out


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """(line, character) of the nth occurrence of needle, 0-based as in LSP."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    before = text[:i]
    return before.count("\n"), i - (before.rfind("\n") + 1)


def doc(item: dict) -> str:
    """A completion item's documentation, as the editor shows it (markdown or plain)."""
    d = item.get("documentation")
    return d["value"] if isinstance(d, dict) else d


def brief(diags: list[dict]) -> list[tuple[int, int, int, str]]:
    return [
        (d["range"]["start"]["line"], d["range"]["start"]["character"], d["range"]["end"]["character"], d["message"])
        for d in diags
    ]


@pytest.fixture(scope="module")
def ls():
    with LanguageServer(ROOT, workspace_settings(ROOT)) as server:
        yield server


def kam_validate(tmp_path: Path, text: str, lang: str = "zh") -> list[str]:
    """kam validate's messages for one account file beside the sample book's _book.yaml."""
    book = tmp_path / "accounts"
    book.mkdir(exist_ok=True)
    shutil.copy(ROOT / "accounts" / "_book.yaml", book / "_book.yaml")
    (book / "x.yaml").write_text(text, encoding="utf-8")
    res = CliRunner().invoke(
        main, ["--lang", lang, "--as-of", AS_OF.isoformat(), "validate", "--format", "json", str(book)]
    )
    return [d["message"] for d in json.loads(res.stdout)]


# ---------------------------------------------------------------- the sample book is clean


def test_every_sample_file_is_clean_with_and_without_its_modeline(ls):
    files = sorted((ROOT / "accounts").rglob("*.yaml"))
    assert len(files) > 40
    for p in files:
        rel = p.relative_to(ROOT).as_posix()
        text = p.read_text(encoding="utf-8")
        assert ls.open(rel, text) == [], rel
        if text.startswith("# yaml-language-server:"):  # the workspace settings alone give the schema
            bare = rel.replace(".yaml", "-bare.yaml")
            assert ls.open(bare, text.split("\n", 1)[1]) == [], bare


def test_the_edited_account_is_clean(ls, tmp_path):
    assert ls.open("accounts/east/edited.yaml", ACCOUNT) == []
    assert kam_validate(tmp_path, ACCOUNT) == []


# ---------------------------------------------------------------- kam's words, in the book's language


@pytest.mark.parametrize(
    ("old", "new", "underlined", "message"),
    [
        ("amount: 500000", "amount: 50万", "50万", "`amount` 必须是数字，如 1200000（不加引号、单位或逗号）"),
        ("close: 2026-12-31", "close: 2026/3/5", "2026/3/5", "`close` 必须是 YYYY-MM-DD 格式的日期，如 2026-03-31"),
        (
            "potential: 1000000",
            "potential: 一百万",
            "一百万",
            "`potential` 必须是数字，如 1200000（不加引号、单位或逗号）",
        ),
        (
            "stage: proposal",
            "stage: propsal",
            "propsal",
            "`stage` 只能是以下值之一：prospect, intent, proposal, negotiation, won, lost",
        ),
        ("owner: wang-lei", "owner: wang-le", "wang-le", "不是已知的团队成员（_book.yaml）；请从提示的 id 中选择"),
        (
            "offering: plc-automation",
            "offering: plc",
            "plc",
            "不是已知的产品目录中的产品（_book.yaml）；请从提示的 id 中选择",
        ),
        ("potential: 1000000", "potential: 1000000\nneeds: 提高效率", "提高效率", "`needs` 必须是列表，例如 `[a, b]`"),
        (
            "potential: 1000000",
            "potential: 1000000\nnet_margin: 一成",
            "一成",
            "`net_margin` 必须是百分数，如 12 或 12%",
        ),
        (
            "potential: 1000000",
            "potential: 1000000\ncurrency: rmb",
            "rmb",
            "`currency` 不是币种代码：请用三个大写字母，如 CNY、USD",
        ),
    ],
)
def test_a_mistake_gets_one_message_in_kams_words_at_the_value(ls, tmp_path, old, new, underlined, message):
    text = ACCOUNT.replace(old, new)
    (line, col) = at(text, new.split("\n")[-1])
    col += len(new.split("\n")[-1]) - len(underlined)
    assert brief(ls.open("accounts/south/edited.yaml", text)) == [(line, col, col + len(underlined), message)]
    # the same words as kam validate, which adds the value it rejects (or says more)
    cli = kam_validate(tmp_path, text)
    if message.startswith("`"):
        field, tail = message[1 : message.index("`", 1)], message[message.index("`", 1) + 1 :]
        # about the same field, or the very words with the value where the editor names the field
        assert any(m.startswith(f"`{field}`") or m == f"`{underlined}`{tail}" for m in cli), cli
    if "必须是" in message:  # kam's own sentence, then what it got
        assert [m for m in cli if m.startswith(message)] in (
            [f"{message}，而不是 `{underlined}`"],
            [f"{message}，而不是文本"],
        ), cli


def test_a_mistake_deep_in_a_new_sub_folder_file_is_flagged(ls):
    """No modeline, a folder two levels down: the workspace settings still map it."""
    text = ACCOUNT.replace("amount: 500000", "amount: 1,200,000")
    line, col = at(text, "1,200,000")
    diags = ls.open("accounts/east/shanghai/pudong/new.yaml", text)
    assert brief(diags) == [(line, col, col + 9, "`amount` 必须是数字，如 1200000（不加引号、单位或逗号）")]


def test_the_book_file_has_its_schema_a_typo_is_flagged(ls):
    text = (ROOT / "accounts" / "_book.yaml").read_text(encoding="utf-8")
    edited = text.replace("    role: executive", "    rol: executive", 1)
    line, col = at(edited, "rol:")
    diags = ls.open("accounts/_book.yaml", edited)
    assert (line, col, col + 3, "属性 rol 不被允许。") in brief(diags)
    assert any(d["message"] == 'Missing property "role".' for d in diags)
    # a manager who is not in the team
    edited = text.replace("manager: chen-zhiyuan", "manager: chen-zhiyua", 1)
    line, col = at(edited, "chen-zhiyua\n")
    assert brief(ls.open("accounts/_book.yaml", edited)) == [
        (line, col, col + 11, "不是已知的团队成员（_book.yaml）；请从提示的 id 中选择")
    ]


def test_an_english_book_gets_english_words(tmp_path):
    """The book's language (mkdocs.yml `language: en`) is the schemas' language."""
    (tmp_path / ".vscode").mkdir()
    shutil.copy(ROOT / ".vscode" / "settings.json", tmp_path / ".vscode" / "settings.json")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - kam:\n      language: en\n", encoding="utf-8")
    (tmp_path / "accounts").mkdir()
    shutil.copy(ROOT / "accounts" / "_book.yaml", tmp_path / "accounts" / "_book.yaml")
    res = CliRunner().invoke(
        main, ["--config", str(tmp_path / "mkdocs.yml"), "schema", "--dir", str(tmp_path / "docs/schema")]
    )
    assert res.exit_code == 0, res.output
    text = ACCOUNT.replace("amount: 500000", "amount: 50万").replace("stage: proposal", "stage: propsal")
    with LanguageServer(tmp_path, workspace_settings(tmp_path), locale="en") as ls:
        assert [m for *_, m in brief(ls.open("accounts/x.yaml", text))] == [
            "`stage` must be one of: prospect, intent, proposal, negotiation, won, lost",
            "`amount` must be a number like 1200000 (no quotes, units or commas)",
        ]
        line, col = at(text, "stage")
        # the key, then its label once ("#### stage · Stage", then "Stage" again, read the label twice)
        assert ls.hover("accounts/x.yaml", line, col + 1).startswith("#### stage\n\nStage\n\n")


# ---------------------------------------------------------------- completion and hover


def test_completion_offers_each_stage_with_its_label(ls):
    text = ACCOUNT.replace("stage: proposal", "stage: ")
    line, col = at(text, "stage: ")
    ls.open("accounts/c1.yaml", text)
    items = ls.completion("accounts/c1.yaml", line, col + len("stage: "))
    assert [(i["label"], doc(i)) for i in items] == [
        ("prospect", "潜在客户"),
        ("intent", "意向客户"),
        ("proposal", "方案阶段"),
        ("negotiation", "商务谈判"),
        ("won", "销售实现"),
        ("lost", "丢单"),
    ]


def test_completion_offers_every_enumeration_with_labels(ls):
    from kam.labels import label

    text = ACCOUNT.replace("industry: other", "industry: ")
    line, col = at(text, "industry: ")
    ls.open("accounts/c2.yaml", text)
    items = ls.completion("accounts/c2.yaml", line, col + len("industry: "))
    assert [(i["label"], doc(i)) for i in items] == [(v, label("industry", v, "zh")) for v in ENUMS["industry"]]


def test_completion_offers_the_team_and_the_catalogue(ls):
    text = ACCOUNT.replace("owner: wang-lei", "owner: ")
    line, col = at(text, "owner: ")
    ls.open("accounts/c3.yaml", text)
    items = ls.completion("accounts/c3.yaml", line, col + len("owner: "))
    assert [i["label"] for i in items] == PEOPLE
    assert {i["label"]: doc(i) for i in items}["wang-lei"] == "王磊"
    text = ACCOUNT.replace("offering: plc-automation", "offering: ")
    line, col = at(text, "offering: ")
    ls.open("accounts/c4.yaml", text)
    items = ls.completion("accounts/c4.yaml", line, col + len("offering: "))
    assert [(i["label"], doc(i)) for i in items][:2] == [
        ("plc-automation", "产线自动化改造（PLC/DCS 集成）"),
        ("iot-monitoring", "设备物联网监测平台"),
    ]


def test_completion_of_fields_in_an_opportunity(ls):
    text = ACCOUNT + "    \n"
    line = text.count("\n") - 1
    ls.open("accounts/c5.yaml", text)
    items = ls.completion("accounts/c5.yaml", line, 4)
    labels = {i["label"]: i for i in items}
    assert {"probability", "buying_centre", "lost_reason"} <= set(labels)
    assert not {"amount", "stage"} & set(labels)  # already there
    assert doc(labels["probability"]) == (  # the bilingual description
        "手工赢率（%），须在相邻两个进行中阶段的赢率之间 / "
        "Manual win probability (%), between the neighbouring open stages' probabilities"
    )


def test_hover_shows_the_field_and_the_labels(ls):
    line, col = at(ACCOUNT, "stage")
    ls.open("accounts/h1.yaml", ACCOUNT)
    text = ls.hover("accounts/h1.yaml", line, col + 1)
    assert text.startswith("#### stage · 销售阶段\n\n销售阶段 / Stage\n\n")
    assert "* `proposal`: 方案阶段\n" in text
    assert "* `won`: 销售实现\n" in text
    line, col = at(ACCOUNT, "owner")
    text = ls.hover("accounts/h1.yaml", line, col + 1)
    assert text.startswith("#### owner · 负责销售（人员 id）")
    assert "* `wang-lei`: 王磊\n" in text


# ---------------------------------------------------------------- a new file, hostile names


def test_kam_new_writes_a_file_the_editor_checks_at_any_depth(tmp_path, monkeypatch):
    """The modeline alone (no workspace settings): kam new's relative path reaches the schema."""
    shutil.copytree(ROOT / "docs" / "schema", tmp_path / "docs" / "schema")
    (tmp_path / "accounts").mkdir()
    shutil.copy(ROOT / "accounts" / "_book.yaml", tmp_path / "accounts" / "_book.yaml")
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, ["--lang", "zh", "new", "account", "acme", "--in", "east/pudong"])
    assert res.exit_code == 0, res.output
    path = "accounts/east/pudong/acme.yaml"
    text = (tmp_path / path).read_text(encoding="utf-8")
    with LanguageServer(tmp_path, {"yaml": {"schemaStore": {"enable": False}}}) as ls:
        assert ls.open(path, text) == []
        bad = text.replace("potential: 0", "potential: 50万")
        line, col = at(bad, "50万")
        assert brief(ls.open(path, bad)) == [
            (line, col, col + 3, "`potential` 必须是数字，如 1200000（不加引号、单位或逗号）")
        ]
        # the same file one folder up: its modeline is now wrong and the editor says so
        assert ls.open("accounts/acme.yaml", text) != []


def test_hostile_names_in_the_team_stay_plain_text_in_the_editor(tmp_path):
    (tmp_path / ".vscode").mkdir()
    shutil.copy(ROOT / ".vscode" / "settings.json", tmp_path / ".vscode" / "settings.json")
    names = ["![p](http://evil/p.png)", "<img src=http://evil/x.png>", "**粗体** `代码`\n第二行", "\u202eevil"]
    people = "".join(
        f"  - id: p{i}\n    name: {json.dumps(n, ensure_ascii=False)}\n    role: rep\n" for i, n in enumerate(names)
    )
    (tmp_path / "accounts").mkdir()
    (tmp_path / "accounts" / "_book.yaml").write_text("people:\n" + people, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - kam\n", encoding="utf-8")
    res = CliRunner().invoke(
        main, ["--config", str(tmp_path / "mkdocs.yml"), "schema", "--dir", str(tmp_path / "docs/schema")]
    )
    assert res.exit_code == 0, res.output
    text = ACCOUNT.replace("owner: wang-lei", "owner: p0").replace("    offering: plc-automation\n", "")
    with LanguageServer(tmp_path, workspace_settings(tmp_path)) as ls:
        assert ls.open("accounts/x.yaml", text) == []
        line, col = at(text, "owner")
        hover = ls.hover("accounts/x.yaml", line, col + 1)
        assert "* `p0`: \\!\\[p\\](http://evil/p.png)\n" in hover  # escaped: no image is loaded
        assert "\u202e" not in hover
        assert "* `p2`: \\*\\*粗体\\*\\* \\`代码\\` 第二行\n" in hover
        items = ls.completion("accounts/x.yaml", line, col + len("owner: "))
        assert [doc(i) for i in items] == [
            "![p](http://evil/p.png)",
            "<img src=http://evil/x.png>",
            "**粗体** `代码` 第二行",
            "evil",
        ]
