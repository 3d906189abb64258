"""Only customers are customers: a placeholder (a pool of deals with no account) is never ranked, tiered,
given a posture, counted as a customer or held accountable; its deals still count in the pipeline and for
their reps."""

from __future__ import annotations

from kam.book.policy import Settings
from kam.metrics import compute

from conftest import AS_OF

CUSTOMER = """\
name: {name}
industry: other
region: east
lifecycle: stable
potential: 10000000
owner: rep-a
tier: major
revenue:
  - {{year: 2025, amount: {rev}}}
"""
POOL = """\
name: Pool
placeholder: true
industry: other
region: east
lifecycle: potential
potential: 0
opportunities:
  - {id: p1, name: Inquiry, stage: proposal, amount: 100000, close: 2027-01-31, owner: rep-a}
"""


def test_a_placeholder_is_not_a_customer_but_its_deals_count(load):
    files = {f"c{i}.yaml": CUSTOMER.format(name=f"C{i}", rev=1000 * (i + 1)) for i in range(5)}
    files["pool.yaml"] = POOL
    book, diags = load(files)
    assert not [d for d in diags if d.severity == "error"], diags
    m = compute(book, Settings(as_of=AS_OF))
    assert m["pareto"]["accounts"] == 5 and m["pareto"]["top20_count"] == 1
    assert "pool" not in {r["account"] for r in m["pareto"]["curve"]}
    assert sum(v["count"] for v in m["tiers"]["rollup"].values()) == 5
    assert m["accounts"]["count"] == 5 and m["accounts"]["revenue"] == sum(1000 * (i + 1) for i in range(5))
    assert "pool" not in {r["account"] for r in m["team"]["accountability"]}
    assert m["pipeline"]["open_count"] == 1 and m["pipeline"]["weighted_amount"] == 50000
    rep = next(r for r in m["team"]["reps"] if r["person"] == "rep-a")
    assert rep["open_count"] == 1 and rep["weighted"] == 50000


def test_without_the_flag_the_same_file_is_a_customer(load):
    files = {"c0.yaml": CUSTOMER.format(name="C0", rev=1000), "pool.yaml": POOL.replace("placeholder: true\n", "")}
    book, _ = load(files)
    m = compute(book, Settings(as_of=AS_OF))
    assert m["pareto"]["accounts"] == 2


def test_activity_logged_on_a_placeholder_is_no_error(load):
    """It crashed the health score (a placeholder has no tier, so no number of days without contact)."""
    pool = POOL + "activities:\n  - {date: 2026-10-01, kind: call, by: [rep-a]}\n"
    book, diags = load({"c0.yaml": CUSTOMER.format(name="C0", rev=1000), "pool.yaml": pool})
    assert not [d for d in diags if d.severity == "error"], diags
    m = compute(book, Settings(as_of=AS_OF))
    assert "no_recent_activity" not in {r["code"] for r in m["health"]["accounts"]["pool"]["reasons"]}
