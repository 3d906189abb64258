"""The account page: everything kept in one account file, plus its figures from the metrics engine.

``account_page(ctx, account_id)`` returns the template's variables; every
value is already formatted text (escaped later by the template) except the
notes and the chart, which are safe HTML (``Markup``).
"""

from __future__ import annotations

import html
from typing import Any

from markupsafe import Markup

from .. import fmt
from ..labels import values
from ..metrics.relationships import one_two_one
from . import charts, links, markup
from .context import SiteContext, clean
from .markup import notes_html, text_html
from .reports.changes import account_log
from .reports.html import drop_empty


def _lst(v) -> list:
    v = clean(v)
    return list(v) if isinstance(v, (list, tuple)) else []


def _mark(v) -> str:
    """A qualification answer at a glance: ✓ yes, ✗ no, ? unanswered."""
    v = clean(v)
    return "?" if v is None else ("✓" if bool(v) else "✗")


def _money(ctx, x, currency=None):
    """An amount in a currency: the code is shown when it is not the base currency."""
    cur = clean(currency)
    base = ctx.settings.policy.base_currency
    return fmt.money(clean(x), ctx.lang, currency=cur if cur and cur != base else None)


def _amount(ctx, x, currency=None):
    """An amount for a table column (fmt.amount_columns reads the column in one unit); alone, as _money."""
    base = ctx.settings.policy.base_currency
    return fmt.amount(clean(x), ctx.lang, clean(currency) or base, base)


def profile(ctx: SiteContext, a) -> list[tuple[str, str]]:
    w = ctx.words
    rows = [
        (w("f_short_name"), clean(a["short_name"]) or ""),
        (w("f_owner"), ctx.person(a["owner"]) or w("unowned")),
        (w("f_sponsor"), ctx.person(a["sponsor"])),
        (w("f_industry"), w.lab("industry", a["industry"])),
        (w("f_region"), ctx.regions.get(a["region"], a["region"])),
        (w("f_lifecycle"), w.lab("lifecycle", a["lifecycle"])),
        (w("f_opening_step"), w.lab("opening_step", clean(a["opening_step"]))),
        (w("f_size"), w.lab("size", clean(a["size"]))),
        (w("f_ownership"), w.lab("ownership", clean(a["ownership"]))),
        (w("f_since"), fmt.date(clean(a["since"]))),
        (w("f_currency"), clean(a["currency"]) or ctx.settings.policy.base_currency),
        (w("f_credit_rating"), clean(a["credit.rating"]) or ""),
        (w("f_credit_limit"), _money(ctx, a["credit.limit"], a["currency"])),
    ]
    loyal = []
    if clean(a["loyalty.repeat_purchase"]):
        loyal.append(w("f_repeat"))
    if clean(a["loyalty.referrals"]):
        loyal.append(w("f_referrals", n=int(a["loyalty.referrals"])))
    if clean(a["loyalty.exclusive"]):
        loyal.append(w("f_exclusive"))
    if loyal:
        rows.append((w("f_loyalty"), "、".join(loyal) if ctx.lang == "zh" else ", ".join(loyal)))
    return [(k, v) for k, v in rows if v]


def segment(ctx: SiteContext, a, item: dict) -> dict:
    """Tier and posture with the figures and thresholds that decided them."""
    w = ctx.words
    pol = ctx.settings.policy
    lang = ctx.lang
    m = ctx.metrics or {}
    year = m.get("current_year", ctx.settings.report_date().year - 1)
    tier = item.get("tier")
    reasons = [
        w(
            "reason_tier",
            year=year,
            current=fmt.money(item.get("revenue"), lang),
            potential=fmt.money(item.get("potential"), lang),
            **{k: fmt.money(v, lang) for k, v in pol.tiers.items()},
        )
    ]
    manual = item.get("tier_manual")
    if manual and manual != item.get("tier_computed"):
        reasons.append(
            w("reason_tier_manual", manual=w.lab("tier", manual), computed=w.lab("tier", item["tier_computed"]))
        )
    if a["lifecycle"] in ("potential", "new"):
        posture_reason = w("reason_posture_opening", lifecycle=w.lab("lifecycle", a["lifecycle"]))
    else:
        posture_reason = w(
            "reason_posture",
            potential=fmt.money(item.get("potential"), lang),
            potential_high=fmt.money(pol.posture["potential_high"], lang),
            share=fmt.percent(item.get("share"), ratio=True) or w("none"),
            share_high=fmt.percent(pol.posture["share_high"]),
        )
    if item.get("posture") == "abandon":
        posture_reason += " " + w("reason_posture_abandon")
    h = ctx.health.get(a["id"], {})
    return {
        "tier": w.lab("tier", tier),
        "tier_code": tier,
        "manual": bool(manual),
        "tier_reasons": reasons,
        "posture": w.lab("posture", item.get("posture")),
        "posture_code": item.get("posture"),
        "posture_reason": posture_reason,
        "health": item.get("health"),
        "health_reasons": [
            w("health_reason", flag=w.flag(r["code"]), n=r.get("count", 1), points=r["points"])
            for r in h.get("reasons", [])
        ],
        "flags": [w.flag(f) for f in item.get("flags", []) if f not in {r["code"] for r in h.get("reasons", [])}],
    }


def economics(ctx: SiteContext, a, item: dict) -> dict:
    w = ctx.words
    lang = ctx.lang
    cur = clean(a["currency"])
    rev = ctx.rows("revenue", a["id"], sort=("year",))
    base = ctx.settings.policy.base_currency
    m = ctx.metrics or {}
    year = m.get("current_year", ctx.settings.report_date().year - 1)
    # an account in another currency: its figures are in the base currency, and say so; its potential
    # is shown in both (the share of wallet divides two base-currency amounts)
    foreign = base if cur is not None and cur != base else None
    potential = _money(ctx, a["potential"], cur)
    if foreign and item.get("potential") is not None and potential:
        potential = fmt.money(item["potential"], lang, currency=base) + ("（" if lang == "zh" else " (") + potential
        potential += "）" if lang == "zh" else ")"
    figures = [
        (w("f_potential"), potential),
        (w("f_revenue_year", year=year), fmt.money(item.get("revenue"), lang, currency=foreign)),
        (w("f_share"), fmt.percent(item.get("share"), ratio=True)),
        (w("f_net_margin"), fmt.percent(item.get("net_margin"))),
        (w("f_open_pipeline"), fmt.money(item.get("open_pipeline"), lang, currency=foreign)),
        (w("f_weighted"), fmt.money(item.get("weighted_pipeline"), lang, currency=foreign)),
    ]
    rows = []
    values_: list[dict[str, Any]] = []
    code = cur or base
    for r in rev:
        y, amt, gp, exp = r["year"], r["amount"], r["gross_profit"], r["selling_expense"]
        rows.append(
            [
                str(int(y)),
                fmt.amount(amt, lang, code),  # the table reads them in one unit (charts.table_html)
                fmt.amount(gp, lang, code),
                fmt.percent(gp / amt * 100) if gp is not None and amt else "",
                fmt.amount(exp, lang, code),
            ]
        )
        label = str(int(y)) + (w("ytd") if int(y) == ctx.settings.report_date().year else "")
        rows[-1][0] = label
        values_.append({"year": label, "amount": float(amt or 0)})
    chart = None
    if values_:
        divisor, unit = charts.money_unit(max(v["amount"] for v in values_), lang)
        for v in values_:
            v["amount"] = v["amount"] / divisor
        y_title = fmt.with_unit(w("f_revenue"), unit, code, lang)
        # more than eight years: bars across, a year a line (upright, 64 px a bar, the chart was wider than the page)
        spec = charts.bar(values_, "year", "amount", w("f_year"), y_title, horizontal=len(values_) > 8)
        columns = [
            w("f_year"),
            w("f_revenue"),
            w("f_gross_profit"),
            w("f_gross_margin"),
            w("f_selling_expense"),
        ]
        chart = charts.chart(spec, rows, columns, title=w("f_revenue"), caption=w("chart_table"), client=True)
    return {"figures": [(k, v) for k, v in figures if v], "chart": chart, "has_revenue": bool(rows)}


def contacts(ctx: SiteContext, aid: str) -> tuple[list[list[str]], dict[str, str]]:
    w = ctx.words
    df = ctx.rows("contacts", aid)
    names = {d["id"]: d["name"] for d in df}
    personal = ctx.settings.personal_data  # else attitudes count in the figures but are not shown
    out = []
    for d in df:
        out.append(
            [
                d["name"],
                clean(d["title"]) or "",
                w.lab("level", d["level"]),
                "、".join(w.lab("role", x) for x in _lst(d["roles"]))
                if ctx.lang == "zh"
                else ", ".join(w.lab("role", x) for x in _lst(d["roles"])),
                w.lab("attitude", d["attitude"]) if personal else "",
                w.lab("influence", clean(d["influence"])) if personal else "",
                w.lab("style", clean(d["style"])),
                names.get(clean(d["reports_to"]), clean(d["reports_to"]) or ""),
            ]
        )
    return out, names


def _notes(records) -> list[tuple[str, Markup]]:
    """(name, notes as HTML) of the records that carry notes: what reps write is shown, under its table."""
    return [(d["name"], Markup(text_html(clean(d["notes"])))) for d in records if clean(d.get("notes"))]


def coverage(ctx: SiteContext, a) -> list[dict]:
    """1+2+1 per open opportunity: the metrics' key deals, the same rule for the others."""
    w = ctx.words
    aid = a["id"]
    done = {d["opportunity"]: d for d in ctx.deals_121.get(aid, [])}
    opp = ctx.rows("opportunities", aid)
    people = [
        {"id": c["id"], "name": c["name"], "roles": _lst(c["roles"]), "attitude": c["attitude"]}
        for c in ctx.rows("contacts", aid)
    ]
    names = {c["id"]: c["name"] for c in people}
    out = []
    for d in opp:
        if d["stage"] in ("won", "lost"):
            continue
        check = done.get(d["id"])
        if check is None:
            ids = set(_lst(d["buying_centre"]))
            cs = [c for c in people if c["id"] in ids] if ids else people
            check = one_two_one(cs, clean(d["owner"]) or clean(a["owner"]))
        sep = "、" if ctx.lang == "zh" else ", "
        out.append(
            {
                "name": d["name"],
                "guide": markup.names((names.get(g, g) for g in check["guide"]), sep),
                "roles": sep.join(w.lab("role", r) for r in check["supporting_roles"]),
                "owner": ctx.person(check["owner"]),
                "covered": check["covered"],
                "missing": sep.join(w("missing_" + m) for m in check["missing"]),
            }
        )
    return out


def opportunities(ctx: SiteContext, a, contact_names: dict) -> list[list[str]]:
    w = ctx.words
    pol = ctx.settings.policy
    df = ctx.rows("opportunities", a["id"], sort=("close", "id"))
    out = []
    for d in df:
        prob = clean(d["probability"])
        prob = prob if prob is not None else pol.stages.get(d["stage"])
        # the questions not answered yes (what the deal lacks); a single ✓ when all four are
        marks = {k: _mark(d["qualification." + k]) for k in ("real", "compete", "win", "worth")}
        q = [f"{w('q_' + k)} {m}" for k, m in marks.items() if m != "✓"] or ["✓"]
        out.append(
            [
                d["name"],
                _amount(ctx, d["amount"], clean(d["currency"]) or clean(a["currency"])),
                " · ".join(x for x in (w.lab("stage", d["stage"]), fmt.percent(prob, digits=0)) if x),
                " · ".join(x for x in (fmt.date(clean(d["close"])), w.lab("forecast", clean(d["forecast"]))) if x),
                " · ".join(q),
                markup.names(_lst(d["competitors"]), "、" if ctx.lang == "zh" else ", "),
                clean(d["next_step"]) or "",
            ]
        )
    return out


def competitors(ctx: SiteContext, aid: str) -> list[list[str]]:
    w = ctx.words
    out = []
    for d in ctx.rows("competitors", aid):
        out.append(
            [
                d["name"],
                w.lab("competitor_kind", d["kind"]),
                w.lab("competitor_status", clean(d["status"])),
                w.lab("strategy", clean(d["strategy"])),
                fmt.percent(clean(d["share"])),
                clean(d["notes"]) or "",
            ]
        )
    return out


def plan(ctx: SiteContext, a, item: dict) -> dict:
    """Objectives, and actions grouped by the ten measures (every measure listed for key accounts)."""
    w = ctx.words
    aid = a["id"]
    groups: dict[str, list[dict]] = {}
    for d in ctx.rows("actions", aid, sort=("due", "title")):
        due = fmt.date(d["due"])
        done = clean(d["done"])
        status = "done" if done is not None else ctx.action_status.get((aid, d["title"], due), "planned")
        groups.setdefault(d["measure"], []).append(
            {
                "title": d["title"],
                "owner": ctx.person(d["owner"]),
                "due": due,
                "done": fmt.date(done),
                "status": status,
                "status_label": w("st_" + status),
                "notes": clean(d["notes"]) or "",
            }
        )
    key = bool(item.get("key"))
    measures = [
        {"label": w.lab("measure", m), "actions": groups.get(m, [])} for m in values("measure") if key or m in groups
    ]
    return {"objectives": _lst(a["plan.objectives"]), "measures": measures, "key": key}


def activities(ctx: SiteContext, aid: str, contact_names: dict) -> list[dict]:
    w = ctx.words
    opp_names = {o["id"]: o["name"] for o in ctx.rows("opportunities", aid)}
    df = ctx.rows("activities", aid, sort=("date",), reverse=True)
    sep = "、" if ctx.lang == "zh" else ", "
    out = []
    for d in df:
        outcome = clean(d["outcome"])
        out.append(
            {
                "date": fmt.date(d["date"]),
                "kind": w.lab("activity_kind", d["kind"]),
                "by": markup.names((ctx.person(p) for p in _lst(d["by"])), sep),
                "with": markup.names((contact_names.get(c, c) for c in _lst(d["with"])), sep),
                "opportunity": opp_names.get(clean(d["opportunity"]), clean(d["opportunity"]) or ""),
                "outcome": w.lab("outcome", outcome),
                "outcome_code": outcome or "",
                "summary": clean(d["summary"]) or "",
                "advance": clean(d["advance"]) or "",
            }
        )
    return out


def receivables(ctx: SiteContext, aid: str) -> list[dict]:
    w = ctx.words
    out = []
    for r in ctx.receivables.get(aid, []):
        status = r.get("status", "open")
        bucket = r.get("bucket")
        out.append(
            {
                "invoice": r["invoice"],
                "amount": _amount(ctx, r.get("amount_original"), r.get("currency")),
                "issued": fmt.date(r["issued"]),
                "due": fmt.date(r["due"]),
                "paid": fmt.date(r.get("paid")),
                "status": w("st_" + status),
                "status_code": status,
                "bucket": w("bucket_" + bucket) if bucket else "",
                "days_overdue": str(r["days_overdue"]) if r.get("days_overdue") else "",
                "financing_cost": _amount(ctx, r.get("financing_cost")) if r.get("financing_cost") else "",
            }
        )
    return out


def satisfaction(ctx: SiteContext, aid: str, contact_names: dict) -> dict:
    w = ctx.words
    surveys = []
    for d in ctx.rows("surveys", aid, sort=("date",)):
        exp, xp = clean(d["expectation"]), clean(d["experience"])
        surveys.append(
            [
                fmt.date(d["date"]),
                fmt.score(d["satisfaction"]),
                fmt.score(exp),
                fmt.score(xp),
                fmt.score(exp - xp) if exp is not None and xp is not None else "",
                contact_names.get(clean(d["respondent"]), clean(d["respondent"]) or ""),
                clean(d["comment"]) or "",
            ]
        )
    complaints = []
    for d in ctx.rows("complaints", aid, sort=("date",)):
        resolved = clean(d["resolved"])
        complaints.append(
            [
                fmt.date(d["date"]),
                d["summary"],
                w.lab("severity", clean(d["severity"])),
                fmt.date(resolved) if resolved is not None else w("st_open_complaint"),
                clean(d["outcome"]) or "",
            ]
        )
    return {"surveys": surveys, "complaints": complaints}


def whitespace(ctx: SiteContext, aid: str) -> dict | None:
    w = ctx.words
    ws = ctx.whitespace.get(aid)
    if not ws:
        return None
    offerings = list(next(iter(ws["grid"].values())).keys()) if ws["grid"] else []
    labels = {
        "sold": w.lab("whitespace_status", "sold"),
        "pipeline": w.lab("whitespace_status", "pipeline"),
        "not_applicable": w.lab("whitespace_status", "not_applicable"),
        "white": w("st_white"),
    }
    rows = [
        {"unit": u, "cells": [(ws["grid"][u][o], labels.get(ws["grid"][u][o], ws["grid"][u][o])) for o in offerings]}
        for u in ws["units"]
    ]
    return {"offerings": [ctx.offerings.get(o, o) for o in offerings], "rows": rows}


def _in_units(ctx: SiteContext, columns: list[str], rows: list[list]) -> dict:
    """A table whose amount columns read in one unit each named in its header (fmt.amount_columns)."""
    columns, rows, num, _ = fmt.amount_columns(columns, rows)
    return {"columns": columns, "rows": rows, "num": num}


def _receivables(ctx: SiteContext, aid: str) -> dict:
    """The invoices, their amount and financing cost in one unit (named in the headers)."""
    w = ctx.words
    items = receivables(ctx, aid)
    t = _in_units(ctx, [w("f_amount"), w("f_financing_cost")], [[r["amount"], r["financing_cost"]] for r in items])
    for r, (amount, cost) in zip(items, t["rows"], strict=True):
        r["amount"], r["financing_cost"] = amount, cost
    return {"invoices": items, "amount": t["columns"][0], "financing_cost": t["columns"][1]}


SEARCH_WORDS = 60  # words of the name and needs given to the search index, at most


def search_summary(ctx: SiteContext, a: dict, item: dict) -> list[str]:
    """What a search result for the account shows: id, tier, owner, industry."""
    w = ctx.words
    owner = ctx.person(a["owner"]) or w("unowned")
    shown = [a["id"], w.lab("tier", item.get("tier")), owner, w.lab("industry", a["industry"])]
    return [x for x in shown if x]


def search_words(ctx: SiteContext, aid: str) -> str:
    """The words inside the account's name and needs, for the search index's `words` field (jieba's
    fine cut: 精密机械 also as 精密 and 机械), so that a word within them finds the page: Material's
    search matches only whole words of its own coarser cut.  The index holds them; no page shows them."""
    import jieba

    a = ctx.accounts[aid]
    words: list[str] = []
    for text in [a["name"], *_lst(a["needs"])]:
        text = str(text)[:200]
        cut = ctx.fine_cut.get(text)
        if cut is None:
            cut = ctx.fine_cut[text] = tuple(jieba.cut_for_search(text))
        for word in cut:
            word = word.strip()
            if len(word) > 1 and word not in words:
                words.append(word)
    return html.escape(" ".join(words[:SEARCH_WORDS]), quote=False)  # as the index's text: HTML


def account_page(ctx: SiteContext, aid: str) -> dict:
    """The template variables of one account's page."""
    a = ctx.accounts[aid]
    w = ctx.words
    item = ctx.items.get(aid, {})
    contact_rows, contact_names = contacts(ctx, aid)
    contact_cols = [
        w(k)
        for k in ("f_contact", "f_title", "f_level", "f_roles", "f_attitude", "f_influence", "f_style", "f_reports_to")
    ]
    shown = drop_empty(contact_cols, contact_rows)  # attitude and influence go with personal_data: false
    repo_path = ctx.repo_path(a["_file"])
    src = links.account_src(aid)
    lost = None
    if clean(a["lost.date"]) is not None:
        lost = {
            "date": fmt.date(a["lost.date"]),
            "reason": ctx.words.lab("lost_reason", a["lost.reason"]),
            "review": Markup(notes_html(clean(a["lost.review"]))),
        }
    return {
        "id": aid,
        "name": a["name"],
        "file": repo_path,
        "edit_url": links.edit_url(ctx.edit_base, repo_path),
        "index_href": links.href(src, links.ACCOUNTS_INDEX, ctx.directory_urls),
        "profile": profile(ctx, a),
        "needs": _lst(a["needs"]),
        "search": search_summary(ctx, a, item),
        "units": _lst(a["business_units"]),
        "lost": lost,
        "segment": segment(ctx, a, item),
        "economics": economics(ctx, a, item),
        "contacts": {
            "columns": [contact_cols[i] for i in shown],
            "rows": [[r[i] for i in shown] for r in contact_rows],
        },
        "coverage": coverage(ctx, a),
        "opportunities": _in_units(
            ctx,
            [
                w("f_opportunity"),
                w("f_amount"),
                f"{w('f_stage')} · {w('f_probability')}",  # pairs, so nine fields fit in seven columns
                f"{w('f_close')} · {w('f_forecast')}",
                w("f_qualification"),
                w("f_competitors"),
                w("f_next_step"),
            ],
            opportunities(ctx, a, contact_names),
        ),
        "contact_notes": _notes(ctx.rows("contacts", aid)),
        "opportunity_notes": _notes(ctx.rows("opportunities", aid, sort=("close", "id"))),
        "competitors": competitors(ctx, aid),
        "plan": plan(ctx, a, item),
        "activities": activities(ctx, aid, contact_names),
        "receivables": _receivables(ctx, aid),
        "satisfaction": satisfaction(ctx, aid, contact_names),
        "whitespace": whitespace(ctx, aid),
        "notes": Markup(notes_html(clean(a["notes"]))),
        "changes": account_log(ctx, aid),
        "text_html": text_html,
    }
