"""An independent recomputation of the headline figures of the sample book.

Reads the YAML with plain PyYAML and sums with plain pandas, sharing no code with
kam's loader or engine, then compares with `kam metrics --json`.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from kam.cli import main

ROOT = Path(__file__).resolve().parents[1]
PROBABILITY = {"prospect": 10, "intent": 30, "proposal": 50, "negotiation": 70, "won": 100, "lost": 0}


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name tags: read them as plain values."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _settings():
    cfg = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    kam = next(p["kam"] for p in cfg["plugins"] if isinstance(p, dict) and "kam" in p)
    policy = kam.get("policy", {})
    return str(kam["as_of"]), policy.get("base_currency", "CNY"), policy.get("rates", {})


def _accounts():
    files = sorted(p for p in (ROOT / "accounts").rglob("*.yaml") if not p.name.startswith("_"))
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in files}


@pytest.fixture(scope="module")
def engine():
    as_of, _, _ = _settings()
    res = CliRunner().invoke(main, ["--config", str(ROOT / "mkdocs.yml"), "metrics", "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


@pytest.fixture(scope="module")
def plain():
    as_of, base, rates = _settings()
    as_of = pd.Timestamp(as_of)
    accounts = _accounts()
    opp_rows, rev_rows, rec_rows = [], [], []
    for aid, a in accounts.items():
        cur = a.get("currency") or base
        for o in a.get("opportunities") or []:
            ocur = o.get("currency") or cur
            opp_rows.append(
                {
                    "account": aid,
                    "stage": o["stage"],
                    "amount": o.get("amount") or 0,
                    "rate": 1.0 if ocur == base else rates[ocur],
                    "probability": o.get("probability"),
                }
            )
        for r in a.get("revenue") or []:
            rev_rows.append(
                {"account": aid, "year": r["year"], "amount": r["amount"], "rate": 1.0 if cur == base else rates[cur]}
            )
        for r in a.get("receivables") or []:
            rcur = r.get("currency") or cur
            rec_rows.append(
                {
                    "amount": r["amount"],
                    "rate": 1.0 if rcur == base else rates[rcur],
                    "due": pd.Timestamp(r["due"]),
                    "paid": r.get("paid"),
                    "off": r.get("written_off"),
                    "issued": pd.Timestamp(r["issued"]),
                }
            )
    opp = pd.DataFrame(opp_rows)
    opp["base"] = opp["amount"] * opp["rate"]
    opp["p"] = opp["probability"].fillna(opp["stage"].map(PROBABILITY))
    rev = pd.DataFrame(rev_rows)
    rev["base"] = rev["amount"] * rev["rate"]
    current = rev[rev["year"] == as_of.year - 1].groupby("account")["base"].sum()
    current = current.reindex(list(accounts), fill_value=0.0).sort_values(ascending=False)
    rec = pd.DataFrame(rec_rows)
    rec["base"] = rec["amount"] * rec["rate"]
    open_rec = rec[rec["paid"].isna() & rec["off"].isna() & (rec["issued"] <= as_of)]
    return {"accounts": len(accounts), "opp": opp, "current": current, "open_rec": open_rec, "as_of": as_of}


def test_sample_book_is_big_enough(plain):
    assert plain["accounts"] >= 40


def test_account_count(engine, plain):
    assert engine["accounts"]["count"] == plain["accounts"]


def test_pipeline_by_stage(engine, plain):
    opp = plain["opp"]
    for stage in PROBABILITY:
        g = opp[opp["stage"] == stage]
        assert engine["pipeline"]["by_stage"][stage]["count"] == len(g), stage
        assert engine["pipeline"]["by_stage"][stage]["amount"] == pytest.approx(g["base"].sum()), stage
        weighted = (g["base"] * g["p"] / 100).sum()  # a won deal at 100% weighs its amount
        assert engine["pipeline"]["by_stage"][stage]["weighted"] == pytest.approx(weighted), stage


def test_weighted_pipeline(engine, plain):
    opp = plain["opp"]
    open_ = opp[opp["stage"].isin(["prospect", "intent", "proposal", "negotiation"])]
    assert engine["pipeline"]["weighted_amount"] == pytest.approx((open_["base"] * open_["p"] / 100).sum())


def test_won(engine, plain):
    won = plain["opp"][plain["opp"]["stage"] == "won"]
    assert engine["won"]["count"] == len(won)
    assert engine["won"]["amount"] == pytest.approx(won["base"].sum())


def test_revenue_and_pareto(engine, plain):
    cur = plain["current"]
    assert engine["accounts"]["revenue"] == pytest.approx(cur.sum())
    top = math.ceil(0.2 * len(cur))
    assert engine["pareto"]["top20_share"] == pytest.approx(cur.head(top).sum() / cur.sum())


def test_receivables(engine, plain):
    rec = plain["open_rec"]
    overdue = rec[rec["due"] < plain["as_of"]]
    assert engine["credit"]["aging"]["total"] == pytest.approx(rec["base"].sum())
    assert engine["credit"]["aging"]["overdue"] == pytest.approx(overdue["base"].sum())


def test_retention_and_satisfaction_rate(engine):
    """Retention from the revenue years and the satisfaction rate from each customer's latest survey,
    read straight from the YAML."""
    as_of, _, _ = _settings()
    current = int(as_of[:4]) - 1
    base = retained = surveyed = satisfied = 0
    for a in _accounts().values():
        if a.get("placeholder"):
            continue
        years = {r["year"]: r["amount"] for r in a.get("revenue") or []}
        if years.get(current - 1, 0) > 0:
            base += 1
            retained += years.get(current, 0) > 0
        seen = sorted((str(s["date"]), s["satisfaction"]) for s in a.get("surveys") or [] if str(s["date"]) <= as_of)
        if seen:
            surveyed += 1
            satisfied += seen[-1][1] >= 8
    lo = engine["loyalty"]
    assert (lo["overall"]["base"], lo["overall"]["retained"]) == (base, retained)
    assert (lo["satisfaction"]["surveyed"], lo["satisfaction"]["satisfied"]) == (surveyed, satisfied)


def test_inverted_pyramid(engine, plain):
    """The top 20% of customers' share of the activities and person-activities of the last 365 days."""
    as_of = plain["as_of"]
    start = as_of - pd.Timedelta(days=365)
    time, people = {}, {}
    for aid, a in _accounts().items():
        if a.get("placeholder"):
            continue
        seen = [x for x in a.get("activities") or [] if start < pd.Timestamp(x["date"]) <= as_of]
        time[aid] = len(seen)
        people[aid] = sum(len(x.get("by") or []) for x in seen)
    cur = plain["current"].reindex(list(time), fill_value=0.0)
    order = sorted(time, key=lambda aid: (-cur[aid], aid))
    top = order[: math.ceil(0.2 * len(order))]
    py = engine["pyramid"]["top20"]
    assert py["accounts"] == len(top)
    assert py["time_share"] == pytest.approx(sum(time[a] for a in top) / sum(time.values()))
    assert py["people_share"] == pytest.approx(sum(people[a] for a in top) / sum(people.values()))
    assert py["revenue_share"] == pytest.approx(cur[top].sum() / cur.sum())


def test_key_account_market(engine, plain):
    """Customers with at least 5,000,000 of current value (the default): their revenue share and their
    revenue over their potential, from the YAML."""
    _, base, rates = _settings()
    cur = plain["current"]
    big, potential = [], 0.0
    for aid, a in _accounts().items():
        if a.get("placeholder") or cur.get(aid, 0.0) < 5_000_000:
            continue
        big.append(aid)
        rate = 1.0 if (a.get("currency") or base) == base else rates[a["currency"]]
        potential += (a.get("potential") or 0) * rate
    k = engine["key_market"]
    assert [r["account"] for r in k["list"]] == sorted(big, key=lambda aid: (-cur[aid], aid))
    assert k["revenue_share"] == pytest.approx(cur[big].sum() / cur.sum())
    assert k["share_of_wallet"] == pytest.approx(cur[big].sum() / potential)


def test_rep_load_weighted_by_tier(engine, plain):
    """Each rep's load: owned customers weighted by tier (the manual tier, else the thresholds' tier),
    with the default weights."""
    _, base, rates = _settings()
    weights = {"major": 10, "named": 4, "non_named": 1, "mass": 0.2}
    cur = plain["current"]
    load: dict[str, float] = {}
    for aid, a in _accounts().items():
        if a.get("placeholder") or not a.get("owner"):
            continue
        rate = 1.0 if (a.get("currency") or base) == base else rates[a["currency"]]
        c, p = cur.get(aid, 0.0), (a.get("potential") or 0) * rate
        high = int(c >= 5_000_000) + int(p >= 20_000_000)
        computed = "major" if high == 2 else "named" if high else "non_named" if c >= 1e6 or p >= 5e6 else "mass"
        load[a["owner"]] = load.get(a["owner"], 0.0) + weights[a.get("tier") or computed]
    for r in engine["team"]["reps"]:
        assert r["weighted_accounts"] == pytest.approx(load.get(r["person"], 0.0)), r["person"]
