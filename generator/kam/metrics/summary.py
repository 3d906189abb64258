"""The short human summary printed by `kam metrics` without --json."""

from __future__ import annotations

import unicodedata

from kam import fmt
from kam.labels import label, term


def _width(s: str) -> int:
    """Columns a string takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))


def _money(x: float | None, lang: str) -> str:
    # compact (万/亿) in Chinese; whole figures in English, where the terminal has room for them
    return fmt.money(x, lang, compact=lang == "zh") or "-"


def _pct(x: float | None) -> str:
    return fmt.percent(x, ratio=True) or "-"


def summary_text(m: dict, lang: str = "zh") -> str:
    t = lambda k, **p: term(k, lang, **p)  # noqa: E731
    rows = [
        (t("accounts"), str(m["accounts"]["count"])),
        (t("key_accounts"), str(m["accounts"]["key_count"])),
        (t("revenue", year=m["current_year"]), _money(m["accounts"]["revenue"], lang)),
        (t("top20_share"), _pct(m["pareto"]["top20_share"])),
        (t("open_pipeline"), _money(m["pipeline"]["open_amount"], lang)),
        (t("weighted_pipeline"), _money(m["pipeline"]["weighted_amount"], lang)),
        (t("won_this_year"), _money(m["won"]["this_year"]["amount"], lang)),
        (t("overdue_receivables"), _money(m["credit"]["aging"]["overdue"], lang)),
        (t("accountability"), str(m["alerts"]["accountability"])),
        (t("stalled"), str(m["alerts"]["stalled"])),
        (t("over_limit"), str(m["alerts"]["over_limit"])),
        (t("overdue_actions"), str(m["alerts"]["overdue_actions"])),
    ]
    tiers = [
        ("  " + label("tier", tier, lang), f"{v['count']}  {_money(v['revenue'], lang)}")
        for tier, v in m["accounts"]["by_tier"].items()
    ]
    width = max(_width(k) for k, _ in rows + tiers)
    out = [t("summary_title", as_of=m["as_of"], currency=m["base_currency"])]
    out += [f"{_pad(k, width)}  {v}" for k, v in rows]
    out.append(t("summary_by_tier", year=m["current_year"]))  # what the two figures of a tier's line are
    out += [f"{_pad(k, width)}  {v}" for k, v in tiers]
    if m["pareto"]["key_team_advised"]:
        out.append(t("key_team_advice", n=m["pareto"]["key_accounts"], threshold=m["pareto"]["key_team_threshold"]))
    return "\n".join(out) + "\n"
