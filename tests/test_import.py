"""`kam import csv`: encodings, exact report lines for each defect, idempotence, no overwrite, a valid book.

The real-world test imports ../shared/data/maven-crm (next to the clone) and
compares the book's totals with figures computed straight from the CSV files.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from kam.book.loader import load_book
from kam.book.policy import Settings
from kam.cli import main
from kam.importer import ImportError_, import_csv
from kam.importer.core import slug

from synth_csv import synth_csv

MAVEN = Path(__file__).resolve().parents[2] / "shared" / "data" / "maven-crm"

MAPPING = """\
name: test
date_format: ["%Y/%m/%d", "%Y-%m-%d"]
currency: CNY
unassigned: report
missing_close: {date: 2024-12-31}
tables:
  offerings:
    files: [products.csv]
    columns: {name: 产品}
  people:
    files: [people.csv]
    columns: {name: 姓名, team: 团队}
    defaults: {role: rep}
  accounts:
    files: [accounts.csv]
    columns:
      name: 客户名称
      industry: 行业
      region: 区域
      potential: 采购潜力
      owner: 负责人
    values:
      industry: {制造: manufacturing}
      region: {华东: east}
    aliases:
      industry: {technolgy: technology}
    defaults: {lifecycle: stable, potential: 0}
  opportunities:
    files: [deals.csv]
    columns:
      account: 客户
      id: 编号
      name: 名称
      stage: 阶段
      amount: 金额
      close: 日期
      offering: 产品
    values:
      stage: {线索: prospect, 意向: intent, 赢单: won, 输单: lost}
    aliases:
      offering: {MES-Pro: MES Pro}
    defaults: {lost_reason: other}
"""


def _csv(path: Path, rows, encoding="utf-8", newline="\n"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, lineterminator=newline)
        w.writerows(rows)


@pytest.fixture
def inputs(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "map.yaml").write_text(MAPPING, encoding="utf-8")
    _csv(d / "products.csv", [["产品"], ["MES Pro"], ["IoT 平台"]], encoding="utf-8-sig")
    _csv(d / "people.csv", [["姓名", "团队"], ["王伟", "华东"], ["Li Lei", "华南"]], encoding="utf-8-sig")
    # as Chinese Excel saves "CSV": GBK, CRLF
    _csv(
        d / "accounts.csv",
        [
            ["客户名称", "行业", "区域", "采购潜力", "负责人"],
            ["华东精密机械", "制造", "华东", "5,000,000", "王伟"],
            ["Acme Corp", "technolgy", "east", "abc", "Li Lie"],
            ["华东精密机械", "制造", "华东", "1", "王伟"],
        ],
        encoding="gbk",
        newline="\r\n",
    )
    _csv(
        d / "deals.csv",
        [
            ["客户", "编号", "名称", "阶段", "金额", "日期", "产品"],
            ["华东精密机械", "A-1", "MES 升级", "赢单", "1,200,000", "2024/03/01", "MES Pro"],
            ["华东精密机械", "A-1", "重复", "赢单", "5", "2024/03/02", "MES Pro"],
            ["", "B-1", "无客户", "线索", "100", "", "MES Pro"],
            ["Acme Crop", "C-1", "客户拼错", "线索", "100", "2024/05/01", "MES Pro"],
            ["Acme Corp", "D-1", "日期错误", "意向", "100", "2024-13-45", "MESPro"],
            ["Acme Corp", "E-1", "别名", "输单", "0", "2024/04/01", "MES-Pro"],
            ["Acme Corp", "F-1", "阶段未知", "赢了", "10", "2024/04/01", ""],
        ],
        newline="\r\n",
    )
    return d


def run(args, cwd, lang="en"):
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, ["--lang", lang, *args], catch_exceptions=False)
    finally:
        os.chdir(old)


EXPECTED = """\
in/accounts.csv:3:2: warning: `technolgy` is misspelt: read as `technology` by the mapping's aliases (industry)
in/accounts.csv:3:4: warning: `采购潜力`: `abc` is not a number; the default `0` is used
in/accounts.csv:3:5: error: `Li Lie` is not in the team; did you mean `Li Lei`? (kept in the notes)
in/accounts.csv:4:1: error: `华东精密机械` is given twice (first on row 2); the row is not imported
in/deals.csv:3:2: error: opportunity id `A-1` is given twice (first on row 2); the row is not imported
in/deals.csv:4:1: error: the row has no account and is not imported (`unassigned: keep` keeps it in the unassigned account)
in/deals.csv:5:1: error: account `Acme Crop` is not in the accounts table; did you mean `Acme Corp`? The row is not imported
in/deals.csv:6:6: error: `日期`: `2024-13-45` is not a real date: check the month (01-12) and the day
in/deals.csv:6:6: warning: an open deal has no close date: set to 2024-12-31 by the mapping's `missing_close:`
in/deals.csv:6:7: error: `MESPro` is not in the offering catalogue; did you mean `MES Pro`? Fix it with the mapping's `aliases:` (kept in the notes)
in/deals.csv:7:7: warning: `MES-Pro` is misspelt: read as `MES Pro` by the mapping's aliases (offering)
in/deals.csv:8:4: error: `阶段`: `赢了` is not a known stage; add it under the mapping's `values:`
in/deals.csv:8:0: error: row not imported
"""


def test_report_lines_for_each_defect(inputs):
    cwd = inputs.parent
    r = run(["import", "csv", "--mapping", "in/map.yaml", "in"], cwd)
    assert r.exit_code == 1, r.output
    report = (cwd / "import-report.txt").read_text(encoding="utf-8")
    body = report.split("## Findings (file:row:column)\n\n")[1].split("\n\n## ")[0]
    lines = [x for x in body.splitlines() if not x.startswith("in/map.yaml")]
    assert sorted(lines) == sorted(EXPECTED.splitlines())
    # the rows not placed are listed, each with its reason in words (not a code such as `duplicate`)
    unplaced = report.split("## Rows not placed\n\n")[1].splitlines()
    assert unplaced == [
        "in/accounts.csv:4: accounts: `华东精密机械` is given twice (first on row 2); the row is not imported",
        "in/deals.csv:3: opportunities: opportunity id `A-1` is given twice (first on row 2); the row is not imported",
        "in/deals.csv:4: opportunities: the row has no account and is not imported (`unassigned: keep` keeps it in "
        "the unassigned account)",
        "in/deals.csv:5: opportunities: account `Acme Crop` is not in the accounts table; did you mean `Acme Corp`? "
        "The row is not imported",
        "in/deals.csv:8: opportunities: `阶段`: `赢了` is not a known stage; add it under the mapping's `values:`",
    ]
    assert "imported 2 account files into accounts: 9 errors, 4 warnings, 5 rows not placed" in r.output
    r = run(["import", "csv", "--mapping", "in/map.yaml", "in", "--book", "zh", "--report", "zh.txt"], cwd, "zh")
    report = (cwd / "zh.txt").read_text(encoding="utf-8")
    assert report.split("## 未导入的行\n\n")[1].splitlines() == [
        "in/accounts.csv:4: accounts: `华东精密机械` 重复（首次见第 2 行），此行未导入",
        "in/deals.csv:3: opportunities: 商机 id `A-1` 重复（首次见第 2 行），此行未导入",
        "in/deals.csv:4: opportunities: 此行没有客户，未导入（映射中设 unassigned: keep 可放入未分配客户）",
        "in/deals.csv:5: opportunities: 客户 `Acme Crop` 不在客户表中；是不是 `Acme Corp`？此行未导入",
        "in/deals.csv:8: opportunities: `阶段`：`赢了` 不是已知的 stage 值；请在映射的 values 中补充",
    ]


def _findings(report: str) -> list[str]:
    return report.split("## Findings (file:row:column)\n\n")[1].split("\n\n## ")[0].splitlines()


@pytest.mark.parametrize(
    "args, twice, first",
    [
        (["in", "in/deals.csv"], "in/deals.csv", "in/deals.csv"),  # a folder and a file inside it
        (["in", "in/./deals.csv"], "in/./deals.csv", "in/deals.csv"),  # another spelling of the same path
        (["in/deals.csv", "in"], "in/deals.csv", "in/deals.csv"),  # the file first, then its folder
        (["in", "link/deals.csv"], "link/deals.csv", "in/deals.csv"),  # a link to a file also given
        (["in", "alias.csv"], "alias.csv", "in/deals.csv"),  # a symlink to a file also given
    ],
)
def test_the_same_file_twice_is_read_once(inputs, args, twice, first):
    cwd = inputs.parent
    (cwd / "link").symlink_to("in", target_is_directory=True)
    (cwd / "alias.csv").symlink_to("in/deals.csv")
    once = run(["import", "csv", "--mapping", "in/map.yaml", "in", "--book", "once", "--report", "once.txt"], cwd)
    r = run(["import", "csv", "--mapping", "in/map.yaml", *args, "--book", "twice", "--report", "twice.txt"], cwd)
    assert r.exit_code == once.exit_code == 1, r.output
    warning = f"{twice}:0:0: warning: the same file as `{first}`: read once"
    assert warning in r.output
    report = (cwd / "twice.txt").read_text(encoding="utf-8")
    assert sorted(_findings(report)) == sorted([*_findings((cwd / "once.txt").read_text(encoding="utf-8")), warning])
    assert "imported 2 account files into twice: 9 errors, 5 warnings, 5 rows not placed" in r.output
    written = {p.name: p.read_bytes() for p in (cwd / "once").iterdir()}
    assert {p.name: p.read_bytes() for p in (cwd / "twice").iterdir()} == written


def test_a_file_named_twice_is_read_once(tmp_path):
    (tmp_path / "m.yaml").write_text(
        "tables:\n  accounts:\n    files: [a.csv]\n    columns: {name: n}\n"
        "    defaults: {region: east, lifecycle: stable, potential: 0, industry: other}\n",
        encoding="utf-8",
    )
    (tmp_path / "a.csv").write_text("n\nAcme\n", encoding="utf-8")
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv", "a.csv"], tmp_path)
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == "a.csv:0:0: warning: the same file as `a.csv`: read once"
    assert "imported 1 account files into accounts: 0 errors, 1 warnings, 0 rows not placed" in r.output


def test_written_book_validates_and_reads_back(inputs):
    cwd = inputs.parent
    run(["import", "csv", "--mapping", "in/map.yaml", "in"], cwd)
    book_dir = cwd / "accounts"
    names = sorted(p.name for p in book_dir.iterdir())
    hid = slug("华东精密机械", "ka")
    assert names == sorted(["_book.yaml", "acme-corp.yaml", f"{hid}.yaml"])
    settings = Settings(book="accounts", root=str(cwd), as_of=dt.date(2024, 12, 31))
    book, diags = load_book(settings)
    assert [d.text() for d in diags if d.severity == "error"] == []
    acc = book["accounts"].set_index("id")
    assert acc.at[hid, "name"] == "华东精密机械" and acc.at[hid, "potential"] == 5_000_000
    assert acc.at["acme-corp", "industry"] == "technology" and acc.at["acme-corp", "potential"] == 0
    assert "Not imported: owner = Li Lie" in acc.at["acme-corp", "notes"]
    opp = book["opportunities"].set_index("id")
    assert opp.at["a-1", "amount"] == 1_200_000 and opp.at["a-1", "offering"] == "mes-pro"
    assert opp.at["e-1", "offering"] == "mes-pro" and opp.at["e-1", "lost_reason"] == "other"
    assert pd_isna(opp.at["d-1", "offering"]) and "MESPro" in opp.at["d-1", "notes"]
    text = (book_dir / "acme-corp.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Imported by `kam import csv` with mapping test from: accounts.csv (row 3), deals.csv")
    # stable key order, as in fields.py
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith(("#", " "))]
    assert keys == ["name", "industry", "region", "lifecycle", "currency", "potential", "opportunities", "notes"]
    r = run(["validate", "accounts"], cwd)
    assert r.exit_code == 0, r.output


def pd_isna(v) -> bool:
    return v is None or v != v


def test_same_input_same_bytes_and_no_overwrite(inputs, tmp_path):
    cwd = inputs.parent
    run(["import", "csv", "--mapping", "in/map.yaml", "in"], cwd)
    first = {p.name: p.read_bytes() for p in (cwd / "accounts").iterdir()}
    report = (cwd / "import-report.txt").read_bytes()
    r = run(["import", "csv", "--mapping", "in/map.yaml", "in"], cwd)
    assert r.exit_code == 2
    assert "`import-report.txt` already exists; kam never replaces a file unless told: add --force" in r.output
    assert {p.name: p.read_bytes() for p in (cwd / "accounts").iterdir()} == first
    r = run(["import", "csv", "--mapping", "in/map.yaml", "in", "--force"], cwd)
    assert r.exit_code == 1
    assert {p.name: p.read_bytes() for p in (cwd / "accounts").iterdir()} == first
    assert (cwd / "import-report.txt").read_bytes() == report


def test_mapping_errors_are_located(tmp_path):
    (tmp_path / "m.yaml").write_text(
        "tables:\n  accounts:\n    files: [a.csv]\n    colums: {name: x}\n  deals: {}\ndate_format: nope\n",
        encoding="utf-8",
    )
    (tmp_path / "a.csv").write_text("x\n1\n", encoding="utf-8")
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv"], tmp_path)
    assert r.exit_code == 2
    assert r.output.splitlines() == [
        "m.yaml:4:5: error: unknown key `colums` in `accounts`; did you mean `columns`?",
        "m.yaml:5:3: error: unknown key `deals` in `tables`; allowed: offerings, people, accounts, contacts, opportunities",
        "m.yaml:6:14: error: `nope` is not a strptime date format (like %Y-%m-%d)",
    ]


def test_unknown_mapping_and_unmatched_file(tmp_path):
    (tmp_path / "x.csv").write_text("a\n1\n", encoding="utf-8")
    r = run(["import", "csv", "--mapping", "nosuch", "x.csv"], tmp_path)
    assert r.exit_code == 2 and "no mapping `nosuch`" in r.output and "maven-crm, salesforce" in r.output
    r = run(["import", "csv", "--mapping", "maven-crm", "x.csv"], tmp_path)
    assert r.exit_code == 2 and r.output.startswith("x.csv:0:0: error: the file name matches no table's")


def test_encodings_and_line_endings(tmp_path):
    """The same table as UTF-8 with BOM, GBK, CR-only, LF: the same book."""
    rows = [["客户名称", "行业"], ["上海精工", "制造"], ["北京测试", "technology"]]
    mapping = (
        "tables:\n  accounts:\n    files: [a.csv]\n    columns: {name: 客户名称, industry: 行业}\n"
        "    values: {industry: {制造: manufacturing}}\n"
        "    defaults: {region: east, lifecycle: stable, potential: 0}\n"
    )
    texts = []
    for i, (enc, nl) in enumerate([("utf-8-sig", "\r\n"), ("gbk", "\r\n"), ("utf-8", "\r"), ("utf-8", "\n")]):
        d = tmp_path / str(i)
        d.mkdir()
        (d / "m.yaml").write_text(mapping, encoding="utf-8")
        _csv(d / "a.csv", rows, encoding=enc, newline=nl)
        res = import_csv([d / "a.csv"], str(d / "m.yaml"), d / "accounts", Settings(), lang="en")
        assert res.errors == 0 and res.warnings == 0
        texts.append(sorted(p.read_text(encoding="utf-8") for p in (d / "accounts").iterdir()))
    assert all(t == texts[0] for t in texts)
    assert any("name: 上海精工\nindustry: manufacturing" in t for t in texts[0])


def test_bad_encoding_is_located(tmp_path):
    (tmp_path / "m.yaml").write_text(
        "encoding: utf-8\ntables:\n  accounts:\n    files: [a.csv]\n    columns: {name: n}\n"
        "    defaults: {region: east, lifecycle: stable, potential: 0, industry: other}\n",
        encoding="utf-8",
    )
    (tmp_path / "a.csv").write_bytes("n\nabc\n上海\n".encode("gbk"))
    res = import_csv([tmp_path / "a.csv"], str(tmp_path / "m.yaml"), tmp_path / "accounts", Settings(), lang="en")
    assert [f.text() for f in res.findings][0].endswith(
        "a.csv:3:1: error: cannot decode as utf-8-sig (byte 0xC9 here); give `encoding:` in the mapping"
    )


def test_ids_from_names():
    assert slug("Acme Corporation", "ka") == "acme-corporation"
    assert slug("Müller GmbH & Co. KG", "ka") == "muller-gmbh-co-kg"
    h = slug("华东精密机械", "ka")
    assert h.startswith("ka-") and len(h) == 11 and h == slug("华东精密机械", "ka")
    assert slug("华为 Huawei", "ka").startswith("huawei-")


def test_synth_csv_imports_to_a_valid_book(tmp_path):
    mapping = synth_csv(tmp_path / "in", 40, seed=3)
    assert (tmp_path / "in" / "accounts.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    settings = Settings(book="accounts", root=str(tmp_path), as_of=dt.date(2026, 11, 20))
    res = import_csv([tmp_path / "in"], str(mapping), tmp_path / "accounts", settings, lang="en")
    assert res.errors == 0, [f.text() for f in res.findings if f.severity == "error"][:5]
    assert res.counts["accounts"] == 40
    book, diags = load_book(settings)
    assert [d.text() for d in diags if d.severity == "error"] == []
    assert len(book["accounts"]) == 40 + (1 if (tmp_path / "accounts" / "unassigned.yaml").exists() else 0)
    again = synth_csv(tmp_path / "again", 40, seed=3)
    for name in ("accounts.csv", "opportunities.csv", "contacts.csv"):
        assert (tmp_path / "in" / name).read_bytes() == (again.parent / name).read_bytes()


def test_import_errors_raise_for_library_callers(tmp_path):
    with pytest.raises(ImportError_):
        import_csv([], "no-such-mapping", tmp_path / "accounts", Settings())


# ------------------------------------------------------------------ the real dataset


def _maven_figures():
    """Totals straight from the CSV files, with the csv module (not through kam)."""
    with open(MAVEN / "accounts.csv", encoding="utf-8", newline="") as fh:
        sector = {r["account"]: r["sector"] for r in csv.DictReader(fh)}
    with open(MAVEN / "sales_pipeline.csv", encoding="utf-8", newline="") as fh:
        deals = list(csv.DictReader(fh))
    stage_map = {"Prospecting": "prospect", "Engaging": "proposal", "Won": "won", "Lost": "lost"}
    per_stage: dict[str, int] = {}
    won_by_sector: dict[str, float] = {}
    won = 0.0
    for d in deals:
        s = stage_map[d["deal_stage"]]
        per_stage[s] = per_stage.get(s, 0) + 1
        if s == "won":
            won += float(d["close_value"])
            sec = sector.get(d["account"], "")
            won_by_sector[sec] = won_by_sector.get(sec, 0.0) + float(d["close_value"])
    return len(deals), won, per_stage, won_by_sector


@pytest.mark.skipif(not MAVEN.is_dir(), reason=f"the Maven CRM dataset is not at {MAVEN} (../shared is absent)")
def test_maven_crm_end_to_end(tmp_path):
    r = run(["import", "csv", "--mapping", "maven-crm", str(MAVEN)], tmp_path)
    assert r.exit_code == 0, r.output
    settings = Settings(book="accounts", root=str(tmp_path), as_of=dt.date(2018, 1, 1))
    book, diags = load_book(settings)
    assert [d.text() for d in diags if d.severity == "error"] == []
    n, won, per_stage, won_by_sector = _maven_figures()
    opp = book["opportunities"]
    assert len(opp) == n == 8800  # nothing dropped: open deals with no account are in unassigned.yaml
    assert opp["stage"].value_counts().to_dict() == per_stage
    assert opp.loc[opp["stage"] == "won", "amount"].sum() == pytest.approx(won)
    # won amount per sector: the book's industry codes, the CSV's sectors (typo and all)
    industry = book["accounts"].set_index("id")["industry"]
    book_by_industry = opp[opp["stage"] == "won"].groupby(opp["account"].map(industry))["amount"].sum().to_dict()
    sector_to_industry = {
        "technolgy": "technology", "software": "technology", "medical": "healthcare", "retail": "retail",
        "finance": "finance", "telecommunications": "telecom", "marketing": "other", "entertainment": "other",
        "services": "other", "employment": "other",
    }  # fmt: skip
    csv_by_industry: dict[str, float] = {}
    for sec, amount in won_by_sector.items():
        code = sector_to_industry[sec]
        csv_by_industry[code] = csv_by_industry.get(code, 0.0) + amount
    assert book_by_industry == pytest.approx(csv_by_industry)
    # only customers are customers: the placeholder for deals with no account is not ranked
    from kam.metrics import compute

    m = compute(book, settings)
    customers = {r["account"] for r in csv.DictReader(open(MAVEN / "accounts.csv", encoding="utf-8", newline=""))}
    assert m["pareto"]["accounts"] == len(customers) == 85
    assert (m["pareto"]["top20_count"], round(m["pareto"]["top20_share"], 3)) == (17, 0.317)
    assert sum(v["count"] for v in m["tiers"]["rollup"].values()) == 85
    # every file stays far below the loader's limit
    from kam.book.yamlfile import MAX_BYTES

    assert max(p.stat().st_size for p in (tmp_path / "accounts").iterdir()) < MAX_BYTES / 2
    # the known defects are reported, located
    report = (tmp_path / "import-report.txt").read_text(encoding="utf-8")
    pipeline = str(MAVEN / "sales_pipeline.csv")
    assert (
        f"{pipeline}:3:3: warning: `GTXPro` is misspelt: read as `GTX Pro` by the mapping's aliases (offering)"
        in report
    )
    assert f"{pipeline}:" in report and ":4: warning: the row has no account: kept in unassigned.yaml" in report
    assert report.count("the row has no account: kept in unassigned.yaml") == 1425
    assert (
        f"{MAVEN / 'accounts.csv'}:2:2: warning: `technolgy` is misspelt: read as `technology` by the mapping's aliases"
        in report
    )
    # and the site's figures read the same money
    from kam.metrics import compute

    m = compute(book, settings)
    assert m["pipeline"]["by_stage"]["won"]["count"] == per_stage["won"]


HOSTILE = '=HYPERLINK("http://evil.example","x")\u202e\n<b>'


def test_hostile_names_and_cells_stay_one_line_in_messages_and_report(tmp_path):
    """File names, headers and cells with newlines, bidi controls and formulas: escaped wherever quoted."""
    (tmp_path / "m.yaml").write_text(
        "tables:\n  accounts:\n    files: [a*.csv]\n    columns: {name: n}\n"
        "    defaults: {region: east, lifecycle: stable, potential: 0, industry: other}\n"
        "  opportunities:\n    files: [d*.csv]\n    columns: {account: acc, name: t, stage: s, close: c}\n",
        encoding="utf-8",
    )
    (tmp_path / "a.csv").write_text("n\nAcme\n", encoding="utf-8")
    name = "d\u202e\nx.csv"
    _csv(
        tmp_path / name,
        [["acc", "t", "s", "c", HOSTILE], [HOSTILE, "x", "won", "2024-01-01", ""], ["Acme", "y", HOSTILE, "", ""]],
    )
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv", name], tmp_path)
    assert r.exit_code == 1, r.output
    report = (tmp_path / "import-report.txt").read_text(encoding="utf-8")
    for text in (r.output, report):
        assert "\u202e" not in text and "\n=HYPERLINK" not in text and "\n<b>" not in text
    escaped = HOSTILE.replace("\u202e", "\\u202e").replace("\n", "\\n")
    shown_name = "d\\u202e\\nx.csv"
    assert f"{shown_name}:2:1: error: account `{escaped}` is not in the accounts table; the row is not imported" in (
        r.output.splitlines()
    )
    assert f"{shown_name}:3:3: error: `s`: `{escaped}` is not a known stage; add it under the mapping's `values:`" in (
        report.splitlines()
    )
    assert f"- columns not imported: {shown_name}: {escaped}" in report.splitlines()
    unplaced = (
        f"{shown_name}:2: opportunities: account `{escaped}` is not in the accounts table; the row is not imported"
    )
    assert unplaced in report.splitlines()


NUMBERS_MAPPING = """\
{marks}tables:
  accounts:
    files: [a.csv]
    columns: {{name: n, potential: p}}
    defaults: {{region: east, lifecycle: stable, industry: other}}
"""
LOCALE_NUMBERS = [["n", "p"], ["A", "1.234,5"], ["B", "€1.000,00"], ["C", "1 234,50"], ["D", "1,5"], ["E", "1.234.567"]]


def test_numbers_in_another_locale_are_located_errors(tmp_path):
    (tmp_path / "m.yaml").write_text(NUMBERS_MAPPING.format(marks=""), encoding="utf-8")
    _csv(tmp_path / "a.csv", LOCALE_NUMBERS)
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv"], tmp_path)
    assert r.exit_code == 1, r.output
    hint = "(decimal mark `.`); if the file writes numbers otherwise, set `decimal:` and `thousands:` in the mapping"
    assert r.output.splitlines()[:10] == [
        line
        for row, value in enumerate(["1.234,5", "€1.000,00", "1 234,50", "1,5", "1.234.567"], start=2)
        for line in (
            f"a.csv:{row}:0: error: row not imported",
            f"a.csv:{row}:2: error: `p`: `{value}` is not a number in the form 1,234.56 {hint}",
        )
    ]
    assert not (tmp_path / "accounts" / "a.yaml").exists()


@pytest.mark.parametrize(
    "marks, rows, read",
    [
        ('decimal: ","\n', LOCALE_NUMBERS, [1234.5, 1000, 1234.5, 1.5, 1234567]),
        ('decimal: ","\nthousands: " "\n', [["n", "p"], ["A", "1 234,5"], ["B", "1\u00a0000,25"]], [1234.5, 1000.25]),
        ('thousands: ""\n', [["n", "p"], ["A", "1234.5"], ["B", "1 000"]], [1234.5, 1000]),
    ],
)
def test_numbers_in_the_form_the_mapping_declares(tmp_path, marks, rows, read):
    (tmp_path / "m.yaml").write_text(NUMBERS_MAPPING.format(marks=marks), encoding="utf-8")
    _csv(tmp_path / "a.csv", rows)
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv"], tmp_path)
    assert r.exit_code == 0, r.output
    got = []
    for name, _ in rows[1:]:
        text = (tmp_path / "accounts" / f"{name.lower()}.yaml").read_text(encoding="utf-8")
        got.append(float(text.split("\npotential: ")[1].split("\n")[0]))
    assert got == read


def test_thousands_that_is_the_decimal_mark_is_a_mapping_error(tmp_path):
    (tmp_path / "m.yaml").write_text(NUMBERS_MAPPING.format(marks='decimal: ","\nthousands: ","\n'), encoding="utf-8")
    _csv(tmp_path / "a.csv", LOCALE_NUMBERS)
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv"], tmp_path)
    assert r.exit_code == 2
    assert r.output.splitlines() == [
        "m.yaml:2:12: error: the decimal mark and the thousands separator cannot both be `,`"
    ]


ENCODING_MAPPING = """\
{encoding}tables:
  accounts:
    files: [a.csv]
    columns: {{name: Firma, notes: Ort}}
    defaults: {{region: east, lifecycle: stable, potential: 0, industry: other}}
"""


def _names(book: Path) -> list[str]:
    return sorted(
        p.read_text(encoding="utf-8").split("\nname: ")[1].split("\n")[0].strip('"')
        for p in book.iterdir()
        if p.name != "_book.yaml"
    )


def test_western_european_text_is_not_read_as_chinese(tmp_path):
    """A cp1252 export (Western European Excel): read as cp1252 with a located warning, or as the mapping says."""
    rows = [["Firma", "Ort"], ["Acme", "Berlin"], ["Müller GmbH", "Köln"], ["Société Générale", "Paris"]]
    _csv(tmp_path / "a.csv", rows, encoding="cp1252")
    (tmp_path / "m.yaml").write_text(ENCODING_MAPPING.format(encoding=""), encoding="utf-8")
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv"], tmp_path)
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == (
        "a.csv:3:1: warning: the file's encoding is a guess: read as cp1252, which gives `Müller GmbH` here; "
        "if that is wrong, give `encoding:` in the mapping (`encoding: cp1252` for Western European text, "
        "`encoding: gb18030` for Chinese); once given, this warning goes"
    )
    assert _names(tmp_path / "accounts") == ["Acme", "Müller GmbH", "Société Générale"]
    # the mapping says it: no guess, no warning
    (tmp_path / "m2.yaml").write_text(ENCODING_MAPPING.format(encoding="encoding: cp1252\n"), encoding="utf-8")
    r = run(["import", "csv", "--mapping", "m2.yaml", "a.csv", "--book", "b2", "--report", "r2.txt"], tmp_path)
    assert r.exit_code == 0 and "0 warnings" in r.output and ": warning:" not in r.output, r.output
    assert _names(tmp_path / "b2") == ["Acme", "Müller GmbH", "Société Générale"]


def test_chinese_text_in_gb18030_is_still_read_right(tmp_path):
    rows = [["Firma", "Ort"], ["华东精密机械", "上海"], ["北京测试有限公司", "北京"], ["广州汽车零部件", "广州"]]
    _csv(tmp_path / "a.csv", rows, encoding="gb18030", newline="\r\n")
    (tmp_path / "m.yaml").write_text(ENCODING_MAPPING.format(encoding=""), encoding="utf-8")
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv"], tmp_path)
    assert r.exit_code == 0 and "0 warnings" in r.output and ": warning:" not in r.output, r.output
    assert _names(tmp_path / "accounts") == sorted(["华东精密机械", "北京测试有限公司", "广州汽车零部件"])


def test_a_rare_character_makes_the_chinese_guess_uncertain(tmp_path):
    """喆 is GBK but not GB2312: with few common characters around, the guess says so (and reads it right)."""
    rows = [["Firma", "Ort"], ["华东", "上海"], ["张喆", "北京"]]
    _csv(tmp_path / "a.csv", rows, encoding="gb18030")
    (tmp_path / "m.yaml").write_text(ENCODING_MAPPING.format(encoding=""), encoding="utf-8")
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv"], tmp_path)
    assert r.exit_code == 0, r.output
    assert r.output.startswith(
        "a.csv:3:1: warning: the file's encoding is a guess: read as gb18030, which gives `张喆`"
    )
    assert _names(tmp_path / "accounts") == sorted(["华东", "张喆"])


def test_bytes_that_no_encoding_reads_are_located(tmp_path):
    (tmp_path / "m.yaml").write_text(ENCODING_MAPPING.format(encoding=""), encoding="utf-8")
    (tmp_path / "a.csv").write_bytes(b"Firma,Ort\r\nAcme,x\r\nB\x81\x7f,y\r\n")
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv"], tmp_path)
    assert r.exit_code == 1, r.output
    assert r.output.splitlines()[0] == (
        "a.csv:3:2: error: cannot decode as utf-8 / gb18030 / cp1252 (byte 0x81 here); give `encoding:` in the mapping"
    )
    (tmp_path / "a.csv").write_bytes(b"Firma,Ort\nAcme,x\nB\x00,y\n")
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv", "--force"], tmp_path)
    assert r.output.splitlines()[0] == "a.csv:3:2: error: the file contains a NUL character; it is not CSV text"


UNCLOSED = {
    "en": 'error: the quote `"` that opens this cell is never closed, so every line after it would be read into this '
    "one cell: the file is not read; close the quote where the cell ends, or remove it",
    "zh": 'error: 此单元格开头的引号 `"` 没有闭合，其后各行都会被读进这一个单元格：本文件未读取；'
    "请在单元格结束处补上引号，或删去这个引号",
}


@pytest.mark.parametrize(
    "tail, where",
    [
        (b'"Open Quote Co,K\xc3\xb6ln\r\nNext Co,Paris\r\n', "a.csv:4:1"),  # at the start of a row
        (b'Gamma,"K\xc3\xb6ln\r\nNext Co,Paris', "a.csv:4:2"),  # in a later cell, no line break at the end
    ],
)
def test_an_unclosed_quote_is_located_and_runs_no_rows_together(tmp_path, tail, where):
    """It made the rest of the file one cell: one account named by all of it, `Next Co` lost, a cell-count warning."""
    (tmp_path / "m.yaml").write_text(ENCODING_MAPPING.format(encoding=""), encoding="utf-8")
    good = b'Firma,Ort\r\nAcme,Berlin\r\nBeta,"Bonn\r\nBeuel"\r\n'  # a quoted cell over two lines, closed
    (tmp_path / "a.csv").write_bytes(good + tail)
    for lang in ("en", "zh"):
        r = run(
            ["import", "csv", "--mapping", "m.yaml", "a.csv", "--book", lang, "--report", f"{lang}.txt"], tmp_path, lang
        )
        assert r.exit_code == 1, r.output
        assert r.output.splitlines()[0] == f"{where}: {UNCLOSED[lang]}"
        assert [p.name for p in (tmp_path / lang).iterdir()] == ["_book.yaml"]  # no account, merged or not
    # closed, the quoted cell over two lines is one cell of one row
    (tmp_path / "a.csv").write_bytes(good)
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv"], tmp_path)
    assert r.exit_code == 0 and "0 errors, 0 warnings" in r.output, r.output
    assert _names(tmp_path / "accounts") == ["Acme", "Beta"]
    assert "Beuel" in (tmp_path / "accounts" / "beta.yaml").read_text(encoding="utf-8")


def test_a_repeated_column_name_is_located(tmp_path):
    """The second `Firma` was read by nothing and shown nowhere, not even among the columns not imported."""
    (tmp_path / "m.yaml").write_text(ENCODING_MAPPING.format(encoding=""), encoding="utf-8")
    _csv(tmp_path / "a.csv", [["Firma", "Ort", "Firma"], ["First", "Köln", "Second"]])
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv"], tmp_path)
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == (
        "a.csv:1:3: warning: the column name `Firma` is also that of column 1: `Firma` reads column 1, "
        "and this column is not imported; give it a name of its own"
    )
    assert _names(tmp_path / "accounts") == ["First"]
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv", "--book", "zh", "--report", "zh.txt"], tmp_path, "zh")
    assert r.output.splitlines()[0] == (
        "a.csv:1:3: warning: 列名 `Firma` 与第 1 列相同：`Firma` 读取第 1 列，本列不导入；请给本列另起一个列名"
    )


MAPPING_MISTAKE = """\
{top}tables:
  accounts:
    files: [a.csv]
    columns:
      name: n
      {column}
    defaults:
      {default}
      region: east
      lifecycle: stable
      industry: other
"""


@pytest.mark.parametrize(
    "top, column, default, line, code",
    [
        # a template that str.format could not fill: a lone brace, an empty {}, a format spec
        ("", 'notes: "Ort: {"', "potential: 0", "m.yaml:6:14: error: the template `Ort: {` of `notes` has an "
         "unpaired `{`: write a column as {column name} and a brace itself twice ({{)", 2),
        ("", 'notes: {template: ["a {x}", "b}"]}', "potential: 0", "m.yaml:6:35: error: the template `b}` of `notes` "
         "has an unpaired `}`: write a column as {column name} and a brace itself twice (}})", 2),
        ("", 'notes: "x {}"', "potential: 0", "m.yaml:6:14: error: the template `x {}` of `notes` has an empty {}: "
         "put a column name between the braces", 2),
        # a placeholder naming no column of the file: at the template, with the column it may mean
        ("", 'notes: "{Orte}"', "potential: 0", "m.yaml:6:14: error: the template of `notes` names column `Orte`, "
         "which a.csv does not have; did you mean `Ort`?", 1),
        ("", 'notes: "{Ort:>5}"', "potential: 0", "m.yaml:6:14: error: the template of `notes` names column "
         "`Ort:>5`, which a.csv does not have; did you mean `Ort`?", 1),
        # values the field cannot take, at the value
        ("", "since: Seit", "potential: abc", "m.yaml:8:18: error: `defaults.potential`: `abc` is not a number", 2),
        ("", "since: Seit", "potential: 1.234,5", "m.yaml:8:18: error: `defaults.potential`: `1.234,5` is not a "
         "number in the form 1,234.56 (decimal mark `.`); if the file writes numbers otherwise, set `decimal:` and "
         "`thousands:` in the mapping", 2),
        ("", "since: Seit", "since: soon\n      potential: 0", "m.yaml:8:14: error: `defaults.since`: `soon` is not a "
         "date in the form YYYY-MM-DD", 2),
        ("", "potential: {column: Umsatz, scale: .inf}", "tier: A", "m.yaml:6:42: error: `potential.scale` must be "
         "a positive number", 2),
        ("", "size: {column: Umsatz, bins: [[0, small], [.nan, large]]}", "potential: 0", "m.yaml:6:49: error: `bins` "
         "of `size` must be a list of [lower bound, value]", 2),
        ("", "size: {column: Umsatz, bins: [[0, small], [100, huge]]}", "potential: 0", "m.yaml:6:13: error: `bins:` "
         "of `size` gives `huge`, which the field cannot take", 2),
        ("encoding: rot13\n", "since: Seit", "potential: 0", "m.yaml:1:11: error: unknown encoding `rot13` (use auto, "
         "utf-8, gb18030, ...)", 2),
        ('delimiter: "\\""\n', "since: Seit", "potential: 0", 'm.yaml:1:12: error: the delimiter cannot be `"` (a '
         "quote, a line break, a letter or a digit); usual ones: `,` `;` tab `|`", 2),
        ('date_format: "%d.%m.%Q"\n', "since: Seit", "potential: 0", "m.yaml:1:14: error: `%d.%m.%Q` is not a "
         "strptime date format (like %Y-%m-%d)", 2),
    ],
)  # fmt: skip
def test_mapping_mistakes_are_located_in_the_mapping(tmp_path, top, column, default, line, code):
    """Each was a Python traceback, a finding at the CSV file, or a file that does not validate."""
    text = MAPPING_MISTAKE.format(top=top, column=column, default=default)
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    _csv(tmp_path / "a.csv", [["n", "Ort", "Seit", "Umsatz"], ["Acme", "Köln", "2020-01-01", "5"]])
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv"], tmp_path)
    assert r.exit_code == code, r.output
    assert r.output.splitlines()[0] == line
    assert (tmp_path / "accounts").exists() == (code == 1)


def test_a_default_is_read_as_a_cell_would_be(tmp_path):
    text = MAPPING_MISTAKE.format(top="", column="notes: Ort", default="since: 2020-01-31\n      potential: 1e6")
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    _csv(tmp_path / "a.csv", [["n", "Ort"], ["Acme", "Köln"]])
    r = run(["import", "csv", "--mapping", "m.yaml", "a.csv"], tmp_path)
    assert r.exit_code == 0, r.output
    written = (tmp_path / "accounts" / "acme.yaml").read_text(encoding="utf-8")
    assert "\nsince: 2020-01-31\n" in written and "\npotential: 1000000\n" in written


@pytest.mark.parametrize(
    "formats, value, en, zh",
    [
        ("", "2017-02-30", "is not a real date: 2017-02 has only 28 days", "不是真实存在的日期：2017-02 只有 28 天"),
        ("", "2016-02-30", "is not a real date: 2016-02 has only 29 days", "不是真实存在的日期：2016-02 只有 29 天"),
        ('date_format: "%d.%m.%Y"\n', "31.04.2020", "is not a real date: 2020-04 has only 30 days",
         "不是真实存在的日期：2020-04 只有 30 天"),
        ("", "2017-13-01", "is not a real date: check the month (01-12) and the day",
         "不是真实存在的日期：请检查月份（01-12）和日期"),
        ('date_format: ["%d.%m.%Y", "%m/%d/%Y"]\n', "2017/02/01", "is not a date in the form DD.MM.YYYY | MM/DD/YYYY",
         "不符合日期格式 DD.MM.YYYY | MM/DD/YYYY"),
        ("", "soon", "is not a date in the form YYYY-MM-DD", "不符合日期格式 YYYY-MM-DD"),
    ],
)  # fmt: skip
def test_a_date_that_does_not_exist_is_told_from_one_in_another_form(tmp_path, formats, value, en, zh):
    """2017-02-30 was "not a date in the form %Y-%m-%d": the form is right, the day does not exist."""
    text = MAPPING_MISTAKE.format(top=formats, column="since: Seit", default="potential: 0")
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    _csv(tmp_path / "a.csv", [["n", "Seit"], ["Acme", value]])
    res = import_csv([tmp_path / "a.csv"], str(tmp_path / "m.yaml"), tmp_path / "accounts", Settings(), lang="en")
    assert [f.text("en") for f in res.findings] == [f"{tmp_path / 'a.csv'}:2:2: error: `Seit`: `{value}` {en}"]
    assert [f.text("zh") for f in res.findings] == [f"{tmp_path / 'a.csv'}:2:2: error: `Seit`：`{value}` {zh}"]


# Runs a command and prints the peak memory of its process: a small process of its own, since a child
# forked from this one (pytest, pandas loaded) would count this one's pages until it replaces itself.
PEAK = "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
PEAK += "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"


def _import_peak(folder: Path) -> int:
    """Peak resident memory (bytes) of `kam import csv` run on folder/a.csv in a process of its own."""
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "kam", "--lang", "en", "import", "csv", "--mapping", "m.yaml", "a.csv"]
    out = subprocess.run([sys.executable, "-c", PEAK, *cmd], cwd=folder, capture_output=True, text=True, check=True)
    return int(out.stdout) * (1 if sys.platform == "darwin" else 1024)  # Linux: KiB


@pytest.mark.skipif(__import__("sys").platform == "win32", reason="resource is not on Windows")
def test_memory_does_not_grow_with_the_columns_not_imported(tmp_path):
    """A wide export (2,000 columns, one imported): the import streams it, so its peak memory above the
    import of 5 rows stays far below 5 times the file's size (it was 25 times: every cell was kept).
    benchmarks/bench.py --import-memory measures whole exports (docs/reference/benchmarks.md)."""
    peaks, sizes = [], []
    for accounts in (5, 500):
        d = tmp_path / str(accounts)
        d.mkdir()
        (d / "m.yaml").write_text(NUMBERS_MAPPING.format(marks=""), encoding="utf-8")
        rows = [["n", "p"] + [f"c{i}" for i in range(2000)]]
        rows += [[f"Account {a}", "0"] + [f"{(a + i) % 100:02d}" for i in range(2000)] for a in range(accounts)]
        _csv(d / "a.csv", rows)
        sizes.append((d / "a.csv").stat().st_size)
        peaks.append(_import_peak(d))
    assert sizes[1] > 3_000_000
    assert peaks[1] - peaks[0] < 5 * (sizes[1] - sizes[0])


def test_a_companys_own_regions_are_what_an_import_maps_to(tmp_path):
    """A book with `regions:` in mkdocs.yml (an English book's North, South...): a cell reads as one of its
    regions, by id or by name; kam's own (China's 华东, east...) is not one of them."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "map.yaml").write_text(
        "name: regions\ncurrency: USD\ntables:\n  accounts:\n    files: [accounts.csv]\n"
        "    columns: {name: Name, region: Region}\n"
        "    defaults: {lifecycle: stable, potential: 0, industry: other}\n",
        encoding="utf-8",
    )
    _csv(d / "accounts.csv", [["Name", "Region"], ["Acme", "North"], ["Beta", "south"], ["Gamma", "华东"]])
    settings = Settings(regions={"north": "North", "south": "South"})
    res = import_csv([d / "accounts.csv"], str(d / "map.yaml"), tmp_path / "accounts", settings, lang="en")
    assert [x.text("en") for x in res.findings if x.severity == "error"] == [
        f"{d / 'accounts.csv'}:4:0: error: row not imported",
        f"{d / 'accounts.csv'}:4:2: error: `Region`: `华东` is not a known region; add it under the mapping's `values:`",
    ]
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "accounts").rglob("*.yaml")}
    assert "region: north" in written["acme.yaml"] and "region: south" in written["beta.yaml"]
    # the mapping's values and defaults are checked against the same regions
    (d / "map.yaml").write_text(
        (d / "map.yaml").read_text(encoding="utf-8").replace("industry: other}", "industry: other, region: east}"),
        encoding="utf-8",
    )
    with pytest.raises(ImportError_) as e:
        import_csv([d / "accounts.csv"], str(d / "map.yaml"), tmp_path / "b2", settings, lang="en")
    assert "`east`" in str(e.value) and "north, south" in str(e.value)
