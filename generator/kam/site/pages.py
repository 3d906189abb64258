"""The pages of the site, as {source path: Markdown}: one page per account, the accounts index, the reports.

Knows nothing of MkDocs.  The Markdown holds HTML blocks made by Jinja
templates with autoescape on, so everything typed in YAML reaches the reader
as text.  Report pages (dashboard, tiers, ...) are filled from the metrics by
the functions in ``REPORT_BODIES`` (name -> function(ctx) -> HTML); a report
without one is a stub.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup, escape

from kam.book.convert import CONTROL
from kam.book.policy import Settings
from kam.book.tables import Book

from .. import fmt
from ..labels import values
from . import links, pieces
from .account import account_page, search_words
from .context import SiteContext
from .markup import escaped, names, nobr, yaml_string
from .pinyin import pinyin
from .privacy import anonymize

# (source path, page title key): the reports, in navigation order.  index.md is the home page.
REPORTS: tuple[tuple[str, str], ...] = (
    ("index.md", "page_dashboard"),
    (links.ACCOUNTS_INDEX, "page_accounts"),
    ("tiers.md", "page_tiers"),
    ("portfolio.md", "page_portfolio"),
    ("funnel.md", "page_funnel"),
    ("pareto.md", "page_pareto"),
    ("team.md", "page_team"),
    ("credit.md", "page_credit"),
    ("relationships.md", "page_relationships"),
    ("calendar.md", "page_calendar"),
    ("changes.md", "page_changes"),
)

# report source path -> function(ctx) returning the page body (HTML/Markdown); filled by the metrics pages
REPORT_BODIES: dict[str, Callable[[SiteContext], str]] = {}


class PageTemplate(Template):
    """A page template whose output is escaped by ``markup.escaped``: the same text as markupsafe's
    escape, without a Markup made of each of the fifty values an account page writes.

    Jinja's compiled template looks `escape` up in its module's names; this sets it there, after the
    module ran.  A Jinja that named it otherwise would only make this a no-op: markupsafe's escape,
    the same text."""

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        template = super().from_code(environment, code, globals, uptodate)
        module = template.root_render_func.__globals__  # its blocks and macros share them
        if module.get("escape") is escape:
            module["escape"] = escaped
        return template


class PageEnvironment(Environment):
    """Jinja for kam's page templates, whose data are dicts: `p.name` reads the key first.

    Jinja tries an attribute first and the key only after an AttributeError, which on the
    thousands of lookups of each account page was a twentieth of a site build.  No page template
    reads a dict's methods (items, get, ...)."""

    template_class = PageTemplate

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@lru_cache(maxsize=1)
def env() -> Environment:
    e = PageEnvironment(
        loader=PackageLoader("kam", "templates"),
        autoescape=True,  # every template here makes HTML; user data is never markup
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    e.globals["names"] = names  # a list of names, each isolated for direction
    e.globals.update(table=pieces.table, pairs=pieces.pairs, notes=pieces.notes, health=pieces.health)
    e.globals["nobr"] = nobr  # a date or an invoice number in a cell kept on one line
    return e


def render(template: str, ctx: SiteContext, **variables) -> str:
    t = ctx.words
    return (
        env()
        .get_template(f"site/{template}")
        .render(
            t=t,
            w=t.plain,
            as_of=ctx.settings.report_date().isoformat(),
            preview=ctx.preview,
            sep="、" if ctx.lang == "zh" else ", ",
            **variables,
        )
    )


def front_title(text: str) -> Markup:
    """A page title for front matter: HTML-escaped (themes print titles as HTML), as a YAML string.  A control
    character from the book (`"\0"` in a quoted name) shows as U+FFFD: raw in the page's <title> and the search
    index, a browser drops it silently ("Ac\0me" read as Acme)."""
    return Markup(yaml_string(html.escape(CONTROL.sub("\ufffd", str(text)), quote=True)))


def account_markdown(ctx: SiteContext, account_id: str) -> str:
    p = account_page(ctx, account_id)
    return render("account.md.j2", ctx, p=p, front_title=front_title(p["name"]))


_TIER_RANK: dict[str | None, int] = {t: i for i, t in enumerate(values("tier"))}
_POSTURE_RANK: dict[str | None, int] = {p: i for i, p in enumerate(values("posture"))}


ACTION_CHARS = 40  # an overdue action's text in the index is cut here (the account page has it whole)


def clip(text, limit: int) -> str:
    """A one-line excerpt of at most `limit` characters (… when cut)."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def first_overdue(ctx: SiteContext) -> dict[str, dict]:
    """Each account's earliest overdue plan action as of the report date (the metrics list them by due date)."""
    out: dict[str, dict] = {}
    for r in ctx.metrics.get("plan", {}).get("overdue", []) if ctx.metrics else []:
        out.setdefault(r["account"], r)
    return out


def accounts_rows(ctx: SiteContext, ids: list[str]) -> list[dict]:
    w = ctx.words
    lang = ctx.lang
    overdue = first_overdue(ctx)
    rows = []
    for aid in ids:
        it = ctx.items.get(aid, {"id": aid, "name": aid})
        action = overdue.get(aid)
        reasons = ctx.health.get(aid, {}).get("reasons", [])
        codes = {r["code"] for r in reasons}
        owner = it.get("owner_name") or it.get("owner") or w("unowned")
        rows.append(
            {
                "id": aid,
                "name": it.get("name", aid),
                "href": links.href(links.ACCOUNTS_INDEX, links.account_src(aid), ctx.directory_urls),
                "tier": w.lab("tier", it.get("tier")),
                "tier_rank": _TIER_RANK.get(it.get("tier"), 9),
                "posture": w.lab("posture", it.get("posture")),
                "posture_rank": _POSTURE_RANK.get(it.get("posture"), 9),
                "owner": owner,
                "pinyin": pinyin(it.get("name"), owner),
                "revenue": fmt.money(it.get("revenue"), lang),
                "revenue_sort": fmt.sort_key(it.get("revenue")),
                "share": fmt.percent(it.get("share"), ratio=True),
                "share_sort": fmt.sort_key(it.get("share")),
                "pipeline": fmt.money(it.get("open_pipeline"), lang),
                "pipeline_sort": fmt.sort_key(it.get("open_pipeline")),
                "weighted": fmt.money(it.get("weighted_pipeline"), lang),
                "weighted_sort": fmt.sort_key(it.get("weighted_pipeline")),
                "action_due": fmt.date(action["due"]) if action else "",
                "action": clip(action["title"], ACTION_CHARS) if action else "",
                "action_full": clip(action["title"], 500) if action else "",
                "last_activity": fmt.date(it.get("last_activity")),
                "health": it.get("health"),
                "health_sort": fmt.sort_key(it.get("health")),
                # the reasons behind the health score (short: the flag and the points lost), then the other flags
                "reasons": [f"{w.flag(r['code'])} −{r['points']}" for r in reasons],
                "flags": [w.flag(f) for f in it.get("flags", []) if f not in codes],
                "_value": it.get("revenue") or 0,
            }
        )
    # a leader's first view: the most valuable customers first (a click on any header re-sorts)
    rows.sort(key=lambda r: (-r.pop("_value"), ctx.name_order(r["name"])))
    # a click on the name or the owner sorts as the pages do (pinyin, a name read as a phrase: 长春 chang,
    # 重庆 chong), not by the browser's collation, which reads one character at a time (zhang, zhong)
    key = ctx.name_order if lang == "zh" else (lambda v: (v.casefold(), v))  # English: as a reader would
    for col in ("name", "owner"):
        order = {v: i for i, v in enumerate(sorted({r[col] for r in rows}, key=key))}
        for r in rows:
            r[col + "_rank"] = order[r[col]]
    return rows


ACCOUNT_COLUMNS = (
    ("name", "f_name", "rank"),
    ("tier", "f_tier", "number"),
    ("posture", "f_posture", "number"),
    ("owner", "f_owner", "rank"),
    ("revenue", "f_revenue", "number"),
    ("share", "f_share", "number"),
    ("pipeline", "f_open_pipeline", "number"),
    ("weighted", "f_weighted", "number"),
    ("action", "f_next_overdue", "text"),
    ("last_activity", "f_last_activity", "text"),
    ("health", "f_health", "number"),
    ("reasons", "f_health_reasons", "text"),
)


def accounts_index(ctx: SiteContext, ids: list[str]) -> str:
    w = ctx.words
    title = w("page_accounts")
    columns = [(k, w(head), kind) for k, head, kind in ACCOUNT_COLUMNS]
    rows = accounts_rows(ctx, ids)
    totals = {k: sum(float(r[k + "_sort"] or 0) for r in rows) for k in ("revenue", "pipeline", "weighted")}
    return render(
        "accounts.md.j2",
        ctx,
        title=title,
        front_title=front_title(title),
        columns=columns,
        rows=rows,
        lang=ctx.lang,
        totals={k: fmt.money(v, ctx.lang) for k, v in totals.items()},
    )


def report(ctx: SiteContext, src: str, title_key: str) -> str:
    title = ctx.words(title_key)
    body_fn = REPORT_BODIES.get(src)
    body = Markup(body_fn(ctx)) if body_fn else None
    # a new team's first build: no account yet is not "under construction"
    empty = "pipeline" in (ctx.metrics or {}) and not ctx.metrics.get("accounts", {}).get("count")
    return render("report.md.j2", ctx, title=title, front_title=front_title(title), body=body, empty=empty)


def account_ids(book: Book) -> list[str]:
    return sorted(book["accounts"]["id"])


def build_pages(
    book: Book,
    settings: Settings,
    metrics: dict,
    *,
    directory_urls: bool = True,
    edit_base: str | None = None,
    preview: str | None = None,
    history: dict | None = None,
    words: dict[str, str] | None = None,
) -> dict[str, str]:
    """Every generated page, {source path: Markdown}, in a stable order.

    words: filled, when given, with {account page's source path: the words of its name and needs}
    for the search index (``kam.site.account.search_words``).

    preview: an account id; only that account's page, the accounts index (that
    account only) and the home page are made (``kam serve --account``).
    """
    ctx = SiteContext(book, settings, metrics, directory_urls=directory_urls, edit_base=edit_base, preview=preview)
    ctx.history = history
    if not settings.personal_data:
        anonymize(ctx)
    ids = account_ids(book)
    if preview is not None:
        ids = [i for i in ids if i == preview]
    pages: dict[str, str] = {}
    for src, key in REPORTS:
        if preview is not None and src not in ("index.md", links.ACCOUNTS_INDEX):
            continue
        pages[src] = accounts_index(ctx, ids) if src == links.ACCOUNTS_INDEX else report(ctx, src, key)
    for aid in ids:
        pages[links.account_src(aid)] = account_markdown(ctx, aid)
        if words is not None:
            words[links.account_src(aid)] = search_words(ctx, aid)
    return pages


def nav(lang: str, pages: dict[str, str], other_docs: list[str]) -> list:
    """A MkDocs-style nav: the reports in order, then the hand-written pages grouped by folder.

    Account pages are left out: the accounts index links them (the nav is
    repeated on every page, so it must not grow with the book).
    """
    from kam import words

    out: list = [src for src, _ in REPORTS if src in pages]
    top = sorted(d for d in other_docs if "/" not in d)
    out += [d for d in top if d not in pages]
    folders: dict[str, list[str]] = {}
    for d in sorted(other_docs):
        if "/" in d and not d.startswith("accounts/"):
            folders.setdefault(d.split("/", 1)[0], []).append(d)
    for name, docs in sorted(folders.items()):
        docs.sort(key=lambda p: (p.count("/"), not p.endswith("/index.md"), p))
        key = "section_" + name
        title = words.text(key, lang) if words.has_text(key) else name.replace("-", " ").replace("_", " ").capitalize()
        out.append({title: docs})
    return out


# the report pages' bodies (kam.site.reports), one module per page
from .reports import BODIES as _BODIES  # noqa: E402

REPORT_BODIES.update(_BODIES)
