"""What every report page uses: figures formatted for the page's language, names of people and teams."""

from __future__ import annotations

from markupsafe import Markup

from ... import fmt, labels
from ...metrics import definitions
from ..context import SiteContext
from . import html


class Figures:
    """Formatting bound to one build: ``f.money(x)``, ``f.pct(share)``, ``f.person(id)``..."""

    def __init__(self, ctx: SiteContext):
        self.ctx = ctx
        self.w = ctx.words
        self.lang = ctx.lang
        self.sep = "、" if ctx.lang == "zh" else ", "

    def money(self, x) -> str:
        """An amount in the base currency: 1.5万 alone; in a table, its column's unit (html.table)."""
        return fmt.amount(x, self.lang, self.ctx.settings.policy.base_currency)

    def pct(self, share, digits: int = 1) -> str:
        """A fraction (0.25) as a percentage (25%)."""
        return fmt.percent(share, digits=digits, ratio=True)

    def points(self, change) -> str:
        """A change of a fraction, in percentage points with its sign: +0.6 pp / +0.6 个百分点."""
        if change is None:
            return ""
        v = fmt.percent(change, ratio=True)[:-1]
        sign = "+" if change > 0 and not v.startswith("-") else ""
        return self.w("pp", v=sign + v)

    def signed_pct(self, share) -> str:
        if share is None:
            return ""
        text = self.pct(share)
        return ("+" + text) if share > 0 else text

    def n(self, x) -> str:
        return fmt.number(x) if x is not None else ""

    def days(self, x) -> str:
        return self.w("n_days", n=fmt.number(x)) if x is not None else ""

    def score(self, x) -> str:
        return fmt.score(x)

    def date(self, x) -> str:
        return fmt.date(x)

    def person(self, pid) -> str:
        if not pid:
            return self.w("unowned")
        return self.ctx.person(pid)

    def team(self, name) -> str:
        return name if name else self.w("no_team")

    def lab(self, enum: str, value) -> str:
        return self.w.lab(enum, value)

    def yes_no(self, v: bool) -> str:
        return self.w("yes") if v else self.w("no")


def enum_order(enum: str) -> list[str]:
    return list(labels.values(enum))


def sort_by_enum(keys, enum: str) -> list:
    order = {v: i for i, v in enumerate(labels.values(enum))}
    return sorted(keys, key=lambda k: (order.get(k, 99), str(k)))


def headline_figures(ctx: SiteContext, items) -> Markup:
    """Headline cards, each with its definition and period from the one catalogue (metrics.definitions):
    as the card's hover text and written out under the cards.  items: (key, label, value[, note[, href]])."""
    params = definitions.period_params(ctx.metrics)
    cards, notes, seen = [], [], set()
    for key, label, value, *rest in items:
        meaning = definitions.definition(key, ctx.lang)
        period = ctx.words("def_period", period=definitions.period(key, params, ctx.lang))
        note, href = (rest + ["", None])[:2]
        cards.append((label, value, note, href, f"{meaning} {period}"))
        if key not in seen:
            seen.add(key)
            notes.append((label, meaning, period))
    return Markup(html.kpis(cards) + html.definitions(notes))
