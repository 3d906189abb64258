"""One catalogue of what each headline figure means and which period it covers.

The site prints every headline figure's definition and period beside it, and the metrics reference lists
them, both from here, so a figure and its explanation cannot drift apart.  This file says where each
figure is in ``kam metrics --json`` and which kind of period it covers; the words are in words.yaml
(``def_<key>`` for the definition, ``period_<kind>`` for the period).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kam import words


@dataclass(frozen=True)
class Definition:
    path: str  # the figure in `kam metrics --json`
    period: str  # a key of PERIODS


# the kinds of period, each a word period_<kind> taking the parameters of period_params()
PERIODS = ("year", "ytd", "qtd", "close_month", "close_quarter", "as_of", "window", "to_date", "two_years", "policy")

D = Definition
DEFINITIONS: dict[str, Definition] = {
    # the dashboard
    "accounts": D("accounts.count", "as_of"),
    "key_accounts": D("accounts.key_count", "as_of"),
    "revenue": D("accounts.revenue", "year"),
    "open_pipeline": D("pipeline.open_amount", "as_of"),
    "forecast_month": D("forecast.this_month.weighted", "close_month"),
    "forecast_quarter": D("forecast.this_quarter.weighted", "close_quarter"),
    "won_year": D("won.this_year.amount", "ytd"),
    "won_quarter": D("won.this_quarter.amount", "qtd"),
    "overdue_receivables": D("credit.aging.overdue", "as_of"),
    # 80/20 and the inverted pyramid
    "customer_revenue": D("pareto.total_revenue", "year"),
    "top20_share": D("pareto.top20_share", "year"),
    "accounts_for_80": D("pareto.accounts_for_80", "year"),
    "ties_at_cut": D("pareto.ties_at_cut", "year"),
    "top20_time": D("pyramid.top20.time_share", "window"),
    "top20_people": D("pyramid.top20.people_share", "window"),
    "top20_money": D("pyramid.top20.money_share", "year"),
    # the key-account market
    "key_market_accounts": D("key_market.accounts", "year"),
    "key_market_share": D("key_market.revenue_share", "year"),
    "key_market_wallet": D("key_market.share_of_wallet", "year"),
    "key_market_headroom": D("key_market.headroom", "year"),
    # loyalty
    "retention": D("loyalty.overall.retention", "two_years"),
    "churn": D("loyalty.overall.churn", "two_years"),
    "repeat": D("loyalty.overall.repeat", "two_years"),
    "satisfaction_rate": D("loyalty.satisfaction.rate", "as_of"),
    # credit
    "open_receivables": D("credit.aging.total", "as_of"),
    "dso": D("credit.dso", "window"),
    "average_days_to_pay": D("credit.average_days_to_pay", "to_date"),
    "borrowing_cost": D("credit.borrowing_cost", "policy"),
    "financing_cost": D("credit.overdue_financing_cost", "as_of"),
    "written_off": D("credit.written_off_amount", "to_date"),
}


def period_params(m: dict) -> dict:
    """The dates a period's words need, from the metrics (as_of, current_year, the forecast's periods)."""
    day = dt.date.fromisoformat(m["as_of"])
    fc = m.get("forecast", {})
    return {
        "as_of": day.isoformat(),
        "year": m["current_year"],
        "previous": m["current_year"] - 1,
        "this_year": day.year,
        "start": (day - dt.timedelta(days=364)).isoformat(),  # the 365 days ending on the report date
        "quarter_start": dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1).isoformat(),
        "month": fc.get("this_month", {}).get("period", day.strftime("%Y-%m")),
        "quarter": fc.get("this_quarter", {}).get("period", f"{day.year}-Q{(day.month - 1) // 3 + 1}"),
    }


def definition(key: str, lang: str = "zh") -> str:
    """What the figure is, in words."""
    return words.text("def_" + key, lang)


def period(key: str, params: dict, lang: str = "zh") -> str:
    """Which days the figure covers, with the dates filled in."""
    return words.text("period_" + DEFINITIONS[key].period, lang, **params)
