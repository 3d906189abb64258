"""The report pages' bodies: one module per page, each with ``body(ctx) -> str`` (Markdown with HTML blocks).

``BODIES`` maps a report's source path to its body function; ``kam.site.pages``
registers them in ``REPORT_BODIES``.
"""

from __future__ import annotations

from collections.abc import Callable

from ..context import SiteContext
from . import calendar, changes, credit, dashboard, funnel, pareto, portfolio, relationships, team, tiers


def _guarded(fn: Callable[[SiteContext], str]) -> Callable[[SiteContext], str]:
    """A body needs the full metrics; a preview build or an empty book gets the stub instead."""

    def body(ctx: SiteContext) -> str:
        m = ctx.metrics or {}
        if "pipeline" not in m or not m.get("accounts", {}).get("count"):
            return ""
        return fn(ctx)

    body.__doc__ = fn.__doc__
    body.__name__ = fn.__module__.rsplit(".", 1)[-1]
    return body


BODIES: dict[str, Callable[[SiteContext], str]] = {
    "index.md": _guarded(dashboard.body),
    "tiers.md": _guarded(tiers.body),
    "portfolio.md": _guarded(portfolio.body),
    "funnel.md": _guarded(funnel.body),
    "pareto.md": _guarded(pareto.body),
    "team.md": _guarded(team.body),
    "credit.md": _guarded(credit.body),
    "relationships.md": _guarded(relationships.body),
    "calendar.md": _guarded(calendar.body),
    "changes.md": changes.body,  # from git, not the metrics
}
