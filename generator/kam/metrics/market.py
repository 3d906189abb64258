"""Our share of the key-account market: how much of our revenue the big customers bring, and how much of
their spend in our category we have.

The key-account market is the customers whose current value (revenue of the last complete year) is at
least the policy's ``key_market_revenue``.  Two figures:

- revenue share = their revenue / all customers' revenue (how much of our business they are);
- share of their category spend = their revenue / their purchase potential, over the ones whose potential
  is known (> 0): the part of the market we hold; potential - revenue is the room left.

Customers only (a placeholder pool is not a customer).
"""

from __future__ import annotations

from .base import Frames


def key_market(f: Frames) -> dict:
    acc = f.acc[f.acc["customer"]]
    threshold = f.policy.key_market_revenue
    big = acc[acc["current"] >= threshold].sort_values(["current", "id"], ascending=[False, True])
    total = float(acc["current"].sum())
    revenue = float(big["current"].sum())
    known = big[big["potential_base"] > 0]
    potential = float(known["potential_base"].sum())
    known_revenue = float(known["current"].sum())
    return {
        "year": f.last_year,
        "threshold": threshold,
        "customers": len(acc),
        "accounts": len(big),
        "revenue": revenue,
        "total_revenue": total,
        "revenue_share": revenue / total if total > 0 else None,
        "potential": potential,
        "share_of_wallet": known_revenue / potential if potential > 0 else None,
        "headroom": max(potential - known_revenue, 0.0),
        "without_potential": len(big) - len(known),
        "list": [
            {
                "account": aid,
                "name": r["name"],
                "tier": r["tier_eff"],
                "revenue": float(r["current"]),
                "potential": float(r["potential_base"]),
                "share": None if not r["potential_base"] > 0 else float(r["current"] / r["potential_base"]),
            }
            for aid, r in big.iterrows()
        ],
    }
