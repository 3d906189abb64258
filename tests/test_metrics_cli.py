"""`kam metrics`: the JSON interface and the human summary, as a user runs them."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kam.cli import main

from books import PEOPLE, account

DEALS = """\
opportunities:
  - {id: w, name: 首单, stage: won, amount: 300000, close: 2026-10-01}
  - {id: p, name: 扩容, stage: proposal, amount: 200000, close: 2026-12-01}
receivables:
  - {invoice: I-1, amount: 1000, issued: 2026-01-01, due: 2026-02-01, written_off: 2026-06-01}
"""


def _book(tmp_path, monkeypatch, accounts):
    root = tmp_path / "accounts"
    root.mkdir()
    (root / "_book.yaml").write_text(PEOPLE, encoding="utf-8")
    for k, v in accounts.items():
        (root / f"{k}.yaml").write_text(v, encoding="utf-8")
    monkeypatch.chdir(tmp_path)


def run(*args):
    res = CliRunner().invoke(main, ["--as-of", "2026-11-20", *args])
    return res.exit_code, res.stdout, res.stderr


def test_json_has_the_documented_paths(tmp_path, monkeypatch):
    _book(tmp_path, monkeypatch, {"a": account(revenue={2025: 1_000_000}, extra="net_margin: 5\n" + DEALS)})
    code, out, _ = run("metrics", "--json")
    assert code == 0
    m = json.loads(out)
    assert m["as_of"] == "2026-11-20"
    assert m["accounts"]["count"] == 1
    assert m["accounts"]["by_tier"]["non_named"]["count"] == 1
    assert m["pipeline"]["by_stage"]["proposal"] == {
        "count": 1,
        "amount": 200000.0,
        "weighted": 100000.0,
        "probability": 50,
    }
    assert m["pipeline"]["weighted_amount"] == 100000.0
    assert (m["won"]["count"], m["won"]["amount"]) == (1, 300000.0)
    assert m["pareto"]["top20_share"] == 1.0
    rec = m["credit"]["receivables"][0]
    assert rec["account"] == "a" and rec["extra_sales_to_recover"] == 20000.0  # 1000 at 5%


def test_as_of_changes_the_figures(tmp_path, monkeypatch):
    _book(tmp_path, monkeypatch, {"a": account(extra=DEALS)})
    m1 = json.loads(CliRunner().invoke(main, ["--as-of", "2026-11-20", "metrics", "--json"]).stdout)
    m2 = json.loads(CliRunner().invoke(main, ["--as-of", "2027-01-05", "metrics", "--json"]).stdout)
    assert m1["forecast"]["past_due"] == [] and [d["opportunity"] for d in m2["forecast"]["past_due"]] == ["p"]
    again = json.loads(CliRunner().invoke(main, ["--as-of", "2026-11-20", "metrics", "--json"]).stdout)
    assert again == m1


def test_summary_in_english_and_chinese(tmp_path, monkeypatch):
    _book(tmp_path, monkeypatch, {"a": account(revenue={2025: 1_234_567}, extra=DEALS)})
    code, out, _ = run("--lang", "en", "metrics")
    assert code == 0
    assert out.splitlines()[0] == "Key accounts at a glance (as of 2026-11-20, CNY)"
    lines = {line.rsplit("  ", 1)[0].strip(): line.rsplit("  ", 1)[1] for line in out.splitlines()[1:13]}
    assert lines["Revenue 2025"] == "1,234,567"
    assert lines["Accounts"] == "1"
    # the tier rows say what their two figures are
    assert out.splitlines()[13:18] == [
        "By tier: accounts, revenue 2025",
        "  Major account               0  0",
        "  Named account               0  0",
        "  Non-named account           1  1,234,567",
        "  Mass-market account         0  0",
    ]
    code, out, _ = run("--lang", "zh", "metrics")
    assert out.splitlines()[0] == "大客户管理概览（截至 2026-11-20，CNY）"
    assert "123.5万" in out
    assert "按客户等级：客户数、2025 年销售额" in out.splitlines()


def test_invalid_book_gives_errors_not_figures(tmp_path, monkeypatch):
    _book(tmp_path, monkeypatch, {"a": account(extra="opportunities:\n  - {id: x, name: x, stage: propsal}\n")})
    code, out, err = run("--lang", "en", "metrics", "--json")
    assert code == 1 and out == ""
    assert "accounts/a.yaml:8:29: error: `stage` cannot be `propsal`" in err
    assert err.strip().endswith("the book has errors: fix them (kam validate) before computing figures")
