"""`kam export`: CSV files, an Excel workbook (sheets, headers in zh and en, formats, dates, frozen panes), Parquet."""

from __future__ import annotations

import datetime as dt
import os
import re

import pandas as pd
import pytest
from click.testing import CliRunner

from kam.cli import main
from kam.export import WORKBOOK, export

from books import account, make

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is in the `export` and `test` extras")

ACCOUNTS = {
    "huadong": account(
        name="华东精密",
        potential=20_000_000,
        revenue={2025: 1_234_567.5},
        extra="""
        net_margin: 12.5
        opportunities:
          - {id: big, name: 大单, stage: won, amount: 500000, created: 2026-01-10, close: 2026-03-01}
          - {id: open, name: 在途, stage: proposal, amount: 250000, close: 2026-12-15, offering: mes}
        receivables:
          - {invoice: INV-1, amount: 80000, issued: 2026-08-01, due: 2026-09-01}
        """,
    ),
    "beijing": account(name="北京测试", owner="rep-b", potential=1_000_000, revenue={2025: 10_000}),
}


@pytest.fixture
def book(tmp_path):
    return make(tmp_path, ACCOUNTS)


def _headers(ws):
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]


def _column(ws, header):
    heads = _headers(ws)
    j = heads.index(header)
    return [row[j] for row in ws.iter_rows(min_row=2)]


def test_xlsx_sheets_headers_formats_dates_and_frozen_panes(book, tmp_path):
    b, settings = book
    out = tmp_path / "zh"
    written = export(b, settings, "xlsx", out, lang="zh")
    assert written == [out / WORKBOOK]
    wb = openpyxl.load_workbook(out / WORKBOOK)
    names = wb.sheetnames
    for sheet in (
        "客户",
        "商机",
        "应收账款",
        "人员",
        "销售漏斗",
        "月度预测",
        "账龄",
        "客户分级汇总",
        "团队负荷",
        "问责清单",
        "二八曲线",
    ):
        assert sheet in names
    ws = wb["商机"]
    assert ws.freeze_panes == "A2"
    heads = _headers(ws)
    assert heads[:4] == ["客户", "商机 id", "商机名称", "销售阶段"]
    assert "销售阶段（名称）" in heads and heads[-1] == "来源（文件:行）"
    rows = list(ws.iter_rows(min_row=2))
    big = next(r for r in rows if r[1].value == "big")
    amount = big[heads.index("金额")]
    assert amount.value == 500000 and amount.number_format == "#,##0.00"
    close = big[heads.index("预计成交日期")]
    assert close.is_date and close.value.date() == dt.date(2026, 3, 1) and close.number_format == "yyyy-mm-dd"
    assert big[heads.index("销售阶段")].value == "won" and big[heads.index("销售阶段（名称）")].value == "销售实现"
    assert re.search(r"accounts/huadong\.yaml:\d+$", big[heads.index("来源（文件:行）")].value)
    # percentages: 12.5 (%) in the book is 0.125 shown as 12.5%
    acc = wb["客户"]
    margin = _column(acc, "净利率")
    cell = next(c for c in margin if c.value is not None)
    assert cell.value == pytest.approx(0.125) and cell.number_format == "0.0%"
    assert acc.column_dimensions["A"].width >= 8
    # metrics: funnel by stage, money and probability formatted
    fun = wb["销售漏斗"]
    assert _headers(fun)[:3] == ["阶段", "阶段（名称）", "数量"]
    stages = [c.value for c in _column(fun, "阶段")]
    assert stages == ["prospect", "intent", "proposal", "negotiation", "won", "lost"]
    won = next(r for r in fun.iter_rows(min_row=2) if r[0].value == "won")
    assert won[_headers(fun).index("金额")].value == 500000
    assert won[_headers(fun).index("赢率")].value == 1 and won[_headers(fun).index("赢率")].number_format == "0.0%"
    pareto = wb["二八曲线"]
    share = _column(pareto, "累计占比")
    assert share[-1].value == pytest.approx(1.0) and share[-1].number_format == "0.0%"


def test_xlsx_headers_in_english(book, tmp_path):
    b, settings = book
    export(b, settings, "xlsx", tmp_path / "en", lang="en")
    wb = openpyxl.load_workbook(tmp_path / "en" / WORKBOOK)
    assert "Accounts" in wb.sheetnames and "Funnel" in wb.sheetnames and "Forecast by month" in wb.sheetnames
    heads = _headers(wb["Opportunities"])
    assert heads[:4] == ["Account", "Opportunity id", "Name", "Stage"]
    assert "Stage (label)" in heads and "Source (file:line)" in heads
    assert _column(wb["Opportunities"], "Stage (label)")[0].value in ("Won", "Proposal")


def test_csv_and_parquet_read_back(book, tmp_path):
    b, settings = book
    csvs = export(b, settings, "csv", tmp_path / "csv")
    assert tmp_path / "csv" / "opportunities.csv" in csvs and tmp_path / "csv" / "funnel.csv" in csvs
    assert (tmp_path / "csv" / "accounts.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel-friendly UTF-8
    opp = pd.read_csv(tmp_path / "csv" / "opportunities.csv", encoding="utf-8-sig")
    assert list(opp.columns[:4]) == ["account", "id", "name", "stage"]
    assert "_file" not in opp.columns and opp["source"].str.contains(r"huadong\.yaml:\d+").any()
    assert opp.loc[opp["id"] == "big", "close"].item() == "2026-03-01"
    pytest.importorskip("pyarrow", reason="pyarrow is in the `export` and `test` extras")
    export(b, settings, "parquet", tmp_path / "pq")
    opp = pd.read_parquet(tmp_path / "pq" / "opportunities.parquet")
    assert opp.loc[opp["id"] == "big", "amount"].item() == 500000
    assert opp.loc[opp["id"] == "big", "close"].item() == dt.date(2026, 3, 1)
    fun = pd.read_parquet(tmp_path / "pq" / "funnel.parquet")
    assert fun.set_index("stage").at["won", "count"] == 1
    acc = pd.read_parquet(tmp_path / "pq" / "accounts.parquet")
    assert sorted(acc["id"]) == ["beijing", "huadong"]


def test_cli_never_overwrites_without_force(book, tmp_path):
    b, settings = book
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - kam:\n      as_of: 2026-11-20\n      language: en\n", encoding="utf-8"
    )
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        r = CliRunner().invoke(main, ["export", "--format", "csv", "--out", "out"])
        assert r.exit_code == 0, r.output
        assert "wrote out/accounts.csv" in r.output
        before = (tmp_path / "out" / "accounts.csv").read_bytes()
        r = CliRunner().invoke(main, ["export", "--format", "csv", "--out", "out"])
        assert (
            r.exit_code == 2
            and "`out/accounts.csv` already exists; kam never replaces a file unless told: add --force" in r.output
        )
        r = CliRunner().invoke(main, ["export", "--format", "csv", "--out", "out", "--force"])
        assert r.exit_code == 0 and (tmp_path / "out" / "accounts.csv").read_bytes() == before
        r = CliRunner().invoke(main, ["export", "--format", "xlsx", "--out", "out"])
        assert r.exit_code == 0 and (tmp_path / "out" / WORKBOOK).is_file()
    finally:
        os.chdir(old)


def test_missing_extra_is_a_clean_message(book, tmp_path, monkeypatch):
    import kam.export as ex

    monkeypatch.setattr(ex.importlib.util, "find_spec", lambda name: None)
    assert ex.missing_dependency("parquet") == "pyarrow"
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        r = CliRunner().invoke(main, ["--lang", "en", "export", "--format", "xlsx"])
    finally:
        os.chdir(old)
    assert r.exit_code == 2
    assert r.output.strip() == "kam export --format xlsx needs openpyxl: pip install 'kam[export]'"


def test_the_accountability_sheet_gives_its_reasons_in_words(tmp_path):
    """Codes stay for machines (CSV, joins); beside them the reasons as the team page words them."""
    b, settings = make(
        tmp_path,
        {
            "quiet": account(
                name="从未拜访",
                extra="tier: major\ncompetitors:\n  - {name: 西门子, kind: direct, status: active}\n",
            )
        },
    )
    for lang, header, text in (
        ("zh", "原因说明", "对手活跃而我方无在途商机：西门子；从未记录活动（上限 14 天）"),
        (
            "en",
            "Reasons in words",
            "competitor active, no open deal: 西门子; no activity ever recorded (limit 14 days)",
        ),
    ):
        export(b, settings, "xlsx", tmp_path / lang, lang=lang)
        wb = openpyxl.load_workbook(tmp_path / lang / WORKBOOK)
        ws = next(ws for ws in wb.worksheets if header in _headers(ws))
        assert [c.value for c in _column(ws, header)] == [text]
        codes = _column(ws, _headers(ws)[_headers(ws).index(header) - 1])
        assert codes[0].value == "competitor_no_opportunity (competitors=西门子); no_activity (days= limit=14)"
