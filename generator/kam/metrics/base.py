"""Prepared frames shared by every metric: money in base currency, tiers, postures.

Definitions (documented in docs/methodology.md):
- current value: revenue of the last complete year (the year before the as-of year);
- share of wallet: current value / purchase potential;
- tier: major = current >= current_high and potential >= potential_high; named = exactly one
  of them high; non_named = neither high but one at least moderate; mass = the rest.
  A manual tier wins, and a disagreement is listed;
- posture: lifecycle potential/new -> acquire; otherwise by potential >= posture.potential_high
  and share >= posture.share_high (acquire: high/low, retain: high/high, maintain: low/high,
  harass: low/low, or abandon when the account plan says so: ``plan.abandon``);
- an opportunity's probability: its manual `probability`, else its stage's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kam.book.policy import KEY_TIERS, OPEN_STAGES, Policy, Settings
from kam.book.tables import Book
from kam.metrics.asof import as_of_view

BUCKETS = ("current", "1_30", "31_60", "61_90", "over_90")


@dataclass
class Frames:
    as_of: dt.date
    ts: pd.Timestamp  # as_of as a Timestamp
    year: int  # the as-of year
    last_year: int  # the last complete year: current value
    policy: Policy
    acc: pd.DataFrame  # index: account id
    opp: pd.DataFrame
    act: pd.DataFrame
    rec: pd.DataFrame
    contacts: pd.DataFrame
    actions: pd.DataFrame
    surveys: pd.DataFrame
    complaints: pd.DataFrame
    competitors: pd.DataFrame
    people: pd.DataFrame  # index: person id
    book: Book
    # a preview (`kam serve --account`): a figure leaves out the parts no preview page shows
    # (kam.metrics.NOT_IN_PREVIEW); its other parts are the full build's
    preview: bool = False


def tier_of(current, potential, t: dict) -> np.ndarray:
    """Vectorised tier from current value and potential (arrays) and the policy thresholds."""
    cur_hi = current >= t["current_high"]
    pot_hi = potential >= t["potential_high"]
    moderate = (current >= t["current_moderate"]) | (potential >= t["potential_moderate"])
    return np.select(
        [cur_hi & pot_hi, cur_hi | pot_hi, moderate],
        ["major", "named", "non_named"],
        default="mass",
    )


def posture_of(potential, share, lifecycle, p: dict, abandon=None) -> np.ndarray:
    """The seeds' low/low quadrant holds two stances: harass (opportunistic low-cost contact) unless the
    plan says abandon (give up).  ``abandon`` outside that quadrant changes nothing (see posture())."""
    pot_hi = potential >= p["potential_high"]
    share_hi = share.fillna(0) >= p["share_high"] / 100.0
    opening = lifecycle.isin(["potential", "new"])
    given_up = False if abandon is None else abandon.fillna(False).astype(bool)
    return np.select(
        [opening, pot_hi & ~share_hi, pot_hi & share_hi, ~pot_hi & share_hi, given_up],
        ["acquire", "acquire", "retain", "maintain", "abandon"],
        default="harass",
    )


def _rate_series(currency: pd.Series, policy: Policy) -> pd.Series:
    return currency.map(lambda c: policy.rate(c if isinstance(c, str) else None)).astype(float)


def prepare(book: Book, settings: Settings, *, preview: bool = False) -> Frames:
    pol = settings.policy
    as_of = settings.report_date()
    book = as_of_view(book, as_of)  # a figure as of D uses only facts dated on or before D
    ts = pd.Timestamp(as_of)
    year, last_year = as_of.year, as_of.year - 1

    acc = book["accounts"].copy()
    acc = acc.set_index("id", drop=False)
    acc.index.name = None
    acc["currency_eff"] = acc["currency"].where(acc["currency"].notna(), pol.base_currency)
    acc["rate"] = _rate_series(acc["currency_eff"], pol)
    acc["potential_base"] = acc["potential"].fillna(0.0) * acc["rate"]
    acc["net_margin_eff"] = acc["net_margin"].where(acc["net_margin"].notna(), pol.default_net_margin)

    rev = book["revenue"]
    for name, y in (("current", last_year), ("previous", last_year - 1), ("ytd", year)):
        r = rev[rev["year"] == y].set_index("account")
        acc[name] = r["amount"].reindex(acc.index).fillna(0.0) * acc["rate"]
        acc[name + "_gp"] = r["gross_profit"].reindex(acc.index) * acc["rate"]
        acc[name + "_expense"] = r["selling_expense"].reindex(acc.index) * acc["rate"]
    acc["share"] = (acc["current"] / acc["potential_base"]).where(acc["potential_base"] > 0)
    acc["tier_computed"] = tier_of(acc["current"], acc["potential_base"], pol.tiers)
    acc["tier_eff"] = acc["tier"].where(acc["tier"].notna(), acc["tier_computed"])
    acc["posture"] = posture_of(acc["potential_base"], acc["share"], acc["lifecycle"], pol.posture, acc["plan.abandon"])
    # a placeholder (a pool of deals with no account) is not a customer: no tier, no posture, no rank
    acc["customer"] = ~acc["placeholder"].fillna(False).astype(bool)
    acc.loc[~acc["customer"], ["tier_computed", "tier_eff", "posture"]] = None
    acc["key"] = acc["tier_eff"].isin(KEY_TIERS)
    people = book["people"].set_index("id", drop=False)
    people.index.name = None
    acc["team"] = acc["owner"].map(people["team"]) if len(people) else None

    opp = book["opportunities"].copy()
    opp["currency_eff"] = opp["currency"].where(opp["currency"].notna(), opp["account"].map(acc["currency_eff"]))
    opp["amount_base"] = opp["amount"].fillna(0.0) * _rate_series(opp["currency_eff"], pol)
    opp["probability_eff"] = opp["probability"].where(opp["probability"].notna(), opp["stage"].map(pol.stages))
    opp["open"] = opp["stage"].isin(OPEN_STAGES)
    opp["weighted"] = (opp["amount_base"] * opp["probability_eff"] / 100.0).where(opp["open"], 0.0)
    opp["owner_eff"] = opp["owner"].where(opp["owner"].notna(), opp["account"].map(acc["owner"]))
    opp["team"] = opp["owner_eff"].map(people["team"]) if len(people) else None
    opp["tier"] = opp["account"].map(acc["tier_eff"])
    opp["posture"] = opp["account"].map(acc["posture"])
    opp["close_month"] = opp["close"].dt.strftime("%Y-%m")
    q = opp["close"].dt.quarter
    opp["close_quarter"] = opp["close"].dt.year.astype("Int64").astype(str) + "-Q" + q.astype("Int64").astype(str)
    opp.loc[opp["close"].isna(), "close_quarter"] = None
    opp["forecast_eff"] = opp["forecast"].where(opp["forecast"].notna(), "pipeline")

    act = book["activities"].copy()
    act["tier"] = act["account"].map(acc["tier_eff"])
    act["posture"] = act["account"].map(acc["posture"])

    rec = book["receivables"].copy()
    rec["currency_eff"] = rec["currency"].where(rec["currency"].notna(), rec["account"].map(acc["currency_eff"]))
    rec["amount_base"] = rec["amount"] * _rate_series(rec["currency_eff"], pol)
    rec["open"] = rec["paid"].isna() & rec["written_off"].isna() & (rec["issued"] <= ts)
    overdue_days = (ts - rec["due"]).dt.days
    rec["days_overdue"] = overdue_days.where(rec["open"] & (overdue_days > 0), 0).astype(int)
    late = (rec["paid"] - rec["due"]).dt.days
    rec["days_late"] = late.where(rec["paid"].notna() & (late > 0), 0).astype(int)
    d = rec["days_overdue"]
    rec["bucket"] = np.select([d <= 0, d <= 30, d <= 60, d <= 90], list(BUCKETS[:4]), default="over_90")
    rec.loc[~rec["open"], "bucket"] = None
    rec["net_margin"] = rec["account"].map(acc["net_margin_eff"])
    rec["owner"] = rec["account"].map(acc["owner"])
    rec["tier"] = rec["account"].map(acc["tier_eff"])

    return Frames(
        as_of=as_of,
        ts=ts,
        year=year,
        last_year=last_year,
        policy=pol,
        acc=acc,
        opp=opp,
        act=act,
        rec=rec,
        contacts=book["contacts"],
        actions=book["actions"],
        surveys=book["surveys"],
        complaints=book["complaints"],
        competitors=book["competitors"],
        people=people,
        book=book,
        preview=preview,
    )
