"""The methods engine: every figure the site shows, computed once from a valid book.

`compute(book, settings)` is a pure function of the book, the policy and the
as-of date; it returns one JSON-able dict (documented in
docs/reference/metrics.md).  Money is in the base currency.
"""

from __future__ import annotations

import json

from kam.book.policy import Settings
from kam.book.tables import Book
from kam.values import plain

from ..labels import values
from .base import prepare
from .credit import credit
from .health import health_and_items
from .loyalty import credit_reviews, loyalty
from .market import key_market
from .pipeline import forecast, funnel, progress, qualification, won
from .plan import plan
from .pyramid import pyramid
from .relationships import relationships
from .satisfaction import satisfaction
from .segments import opening, pareto, posture, tiers
from .team import scorecard, team
from .whitespace import whitespace

SCHEMA_VERSION = 1


# figures no page of a preview build shows (`kam serve --account`: the account's page, the accounts index
# and the home page), left out of its metrics: a third of a one-account book's figures' time.  The figures it
# does compute leave out their parts no preview page shows as well (``Frames.preview``: the funnel's
# conversion and groups, the forecast's tables, aging per rep and tier, team load, the ten measures): another
# third.  Each part it keeps is the full build's (tests/test_metrics.py), and so is each page (test_site.py).
NOT_IN_PREVIEW = frozenset({"scorecard", "pyramid", "key_market", "posture", "opening", "loyalty", "review_due"})


def compute(book: Book, settings: Settings, *, preview: bool = False) -> dict:
    """Every figure of the book.  preview: without the figures, and the parts of figures, no page of a
    preview build shows (NOT_IN_PREVIEW, ``Frames.preview``), for `kam serve --account`."""
    f = prepare(book, settings, preview=preview)
    wanted = (lambda name: name not in NOT_IN_PREVIEW) if preview else (lambda name: True)
    m: dict = {
        "schema_version": SCHEMA_VERSION,
        "as_of": f.as_of.isoformat(),
        "base_currency": f.policy.base_currency,
        "current_year": f.last_year,
    }
    m["pareto"] = pareto(f)
    m["tiers"] = tiers(f)
    for name, figure in (("pyramid", pyramid), ("key_market", key_market), ("posture", posture), ("opening", opening)):
        if wanted(name):
            m[name] = figure(f)
    fun = funnel(f)
    m["pipeline"] = fun
    m["won"] = won(f)
    m["forecast"] = forecast(f)
    m["qualification"] = qualification(f)
    m["progress"] = progress(f)
    m["relationships"] = relationships(f)
    m["plan"] = plan(f)
    m["team"] = team(f)
    if wanted("scorecard"):
        m["scorecard"] = scorecard(f)
    m["credit"] = credit(f)
    m["satisfaction"] = satisfaction(f)
    if wanted("loyalty"):
        m["loyalty"] = loyalty(f)
    if wanted("review_due"):
        m["credit"]["review_due"] = credit_reviews(f)
    m["whitespace"] = whitespace(f)
    m["health"], items = health_and_items(f, m)
    acc = f.acc[f.acc["customer"]]  # the headline counts customers: a placeholder pool is not one
    m["accounts"] = {
        "count": len(acc),
        "key_count": int(acc["key"].sum()),
        "revenue": float(acc["current"].sum()),
        "revenue_ytd": float(acc["ytd"].sum()),
        "potential": float(acc["potential_base"].sum()),
        "by_tier": {
            t: {"count": m["tiers"]["rollup"][t]["count"], "revenue": m["tiers"]["rollup"][t]["revenue"]}
            for t in values("tier")
        },
        **(
            {"by_posture": {p: {"count": m["posture"]["by_posture"][p]["count"]} for p in values("posture")}}
            if "posture" in m
            else {}
        ),
        "items": items,
    }
    m["alerts"] = {
        "accountability": len(m["team"]["accountability"]),
        "stalled": len(m["progress"]["stalled"]),
        "over_limit": len(m["credit"]["over_limit"]),
        **({"credit_review_due": len(m["credit"]["review_due"])} if "review_due" in m["credit"] else {}),
        "overdue_actions": len(m["plan"]["overdue"]),
        "past_due_deals": len(m["forecast"]["past_due"]),
        "qualification_gaps": len(m["qualification"]["gaps"]),
        "key_team_advised": m["pareto"]["key_team_advised"],
    }
    return _clean(m)


_PLAIN = (str, int, bool, type(None))


def _clean(v):
    """Every value JSON-able (the fast paths first: this walks every figure)."""
    t = type(v)
    if t is dict:
        return {k if type(k) is str else str(k): x if type(x) in _PLAIN else _clean(x) for k, x in v.items()}
    if t is list or t is tuple:
        return [x if type(x) in _PLAIN else _clean(x) for x in v]
    if t in _PLAIN:
        return v
    if t is float:
        return None if v != v else v
    return plain(v)


def to_json(m: dict) -> str:
    return json.dumps(m, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
