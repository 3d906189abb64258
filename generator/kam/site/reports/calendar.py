"""calendar.md: overdue and upcoming plan actions, executive visits, summits, ten-measure coverage per key account."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..context import SiteContext
from . import html
from .common import Figures, enum_order

PAGE = "calendar.md"


def actions(ctx: SiteContext, f: Figures, items: list[dict], overdue: bool) -> Markup:
    w = ctx.words
    rows = []
    for a in sorted(items, key=lambda a: (a["due"], ctx.name_order(a["name"]))):
        row = [f.date(a["due"])]
        if overdue:
            row.append(f.days(a.get("days_overdue")))
        row += [
            html.account_link(ctx, PAGE, a["account"], a["name"]),
            f.lab("measure", a["measure"]),
            a["title"],
            f.person(a["owner"]),
        ]
        rows.append(row)
    cols = (
        [w("f_due")]
        + ([w("f_days_overdue")] if overdue else [])
        + [w("f_name"), w("f_measure"), w("f_action"), w("f_owner")]
    )
    return html.table(cols, rows, numeric=(1,) if overdue else (), empty=w("none_found"))


def status_mark(w, a: dict) -> tuple[str, str]:
    s = a.get("status") or "planned"
    text = w("st_" + s) + (f" {a['done']}" if a.get("done") else "")
    return (text, f"kam-mark kam-mark--{s}")


def visits(ctx: SiteContext, f: Figures, items: list[dict]) -> Markup:
    w = ctx.words
    rows = [
        [
            f.date(a["due"]),
            status_mark(w, a),
            html.account_link(ctx, PAGE, a["account"], a["name"]),
            a["title"],
            f.person(a["owner"]),
        ]
        for a in sorted(items, key=lambda a: (a["due"], ctx.name_order(a["name"])))
    ]
    return html.table(
        [w("f_due"), w("f_status"), w("f_name"), w("f_action"), w("f_owner")], rows, empty=w("none_found")
    )


def measure_matrix(ctx: SiteContext, f: Figures) -> Markup:
    """Key accounts x the ten measures: done ✔, overdue ⚠, planned ○, not planned —."""
    w = ctx.words
    plan = ctx.metrics["plan"]
    measures = enum_order("measure")
    out = ['<div class="kam-table kam-measures"><table><thead><tr>', f"<th>{escape(w('f_name'))}</th>"]
    out += [f'<th class="kam-measure-head"><span>{escape(f.lab("measure", m))}</span></th>' for m in measures]
    out.append(f'<th class="kam-num">{escape(w("c_measures_covered"))}</th></tr></thead><tbody>')
    for r in sorted(plan["measures_by_account"], key=lambda r: (r["covered"], ctx.name_order(r["name"]))):
        out.append(
            f'<tr><th scope="row">{html.account_link(ctx, PAGE, r["account"], r["name"])}'
            f"<br><small>{escape(f.lab('tier', r['tier']))}</small></th>"
        )
        for m in measures:
            c = r["measures"].get(m, {"planned": 0, "done": 0, "overdue": 0})
            if c["overdue"]:
                state, mark, text = "overdue", f"⚠ {c['overdue']}", w("m_overdue", n=c["overdue"])
            elif c["planned"] and c["done"] >= c["planned"]:
                state, mark, text = "done", "✔", w("st_done")
            elif c["planned"]:
                state, mark, text = (
                    "planned",
                    f"○ {c['done']}/{c['planned']}",
                    w("m_planned", n=c["planned"], done=c["done"]),
                )
            else:
                state, mark, text = "none", "—", w("measure_not_planned")
            title = f"{f.lab('measure', m)}: {text}"
            out.append(
                f'<td class="kam-cell kam-cell--{state}" title="{escape(title)}">'
                f'<span aria-hidden="true">{escape(mark)}</span><span class="kam-sr">{escape(text)}</span></td>'
            )
        out.append(f'<td class="kam-num">{escape(r["covered"])} / {len(measures)}</td></tr>')
    cov = plan["measure_coverage"]
    out.append(f'</tbody><tfoot><tr><th scope="row">{escape(w("c_accounts_covering"))}</th>')
    out += [f'<td class="kam-num">{escape(cov.get(m, 0))}</td>' for m in measures]
    out.append("<td></td></tr></tfoot></table></div>")
    return Markup("".join(out))


def body(ctx: SiteContext) -> str:
    w = ctx.words
    f = Figures(ctx)
    plan = ctx.metrics["plan"]
    ev = plan["executive_visits"]
    legend = html.para(w("measures_legend"), cls="kam-note")
    return html.join(
        html.heading(w("h_overdue_actions"), "overdue"),
        html.block(actions(ctx, f, plan["overdue"], True)),
        html.heading(w("h_upcoming_actions", days=plan["upcoming_days"]), "upcoming"),
        html.block(actions(ctx, f, plan["upcoming"], False)),
        html.heading(w("h_exec_visits"), "executive-visits"),
        html.block(
            html.para(
                w("exec_visits_note", planned=len(ev["planned_upcoming"]), overdue=len(ev["overdue"])), cls="kam-note"
            ),
            visits(ctx, f, ev["overdue"] + ev["planned_upcoming"]),
        ),
        html.heading(w("h_summits"), "summits"),
        html.block(visits(ctx, f, plan["summits"])),
        html.heading(w("h_measures"), "measures"),
        html.block(legend, measure_matrix(ctx, f)),
    )
