"""Small HTML/Markdown builders for the report pages.

Every value given to these helpers is escaped (``markupsafe.escape``) unless it is
already ``Markup`` (made here or by ``kam.site.charts``): names, notes and ids typed
by users reach the reader as text.  A page body is Markdown: ``## headings`` (our
own words only) between HTML blocks, each block one chunk without blank lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

from ... import fmt
from .. import links
from ..context import SiteContext
from ..markup import NUM, cell_classes, nobr, nobr_text


def heading(text: str, anchor: str, level: int = 2) -> str:
    """A Markdown heading with a stable anchor (our words, escaped all the same)."""
    return f"{'#' * level} {escape(text)} {{ #{anchor} }}"


def join(*parts) -> str:
    """Blocks of a page body, separated by blank lines (empty parts dropped)."""
    return "\n\n".join(str(p) for p in parts if p) + "\n"


def block(*parts, cls: str = "") -> Markup:
    """An HTML block: <div class="kam-section ..."> around already built parts."""
    inner = "".join(str(escape(p)) for p in parts if p)
    return Markup(f'<div class="kam-section kam-report {escape(cls)}">{inner}</div>')


def link(text, href: str | None) -> Markup:
    if not href:
        return escape(text)
    return Markup(f'<a href="{escape(href)}">{escape(text)}</a>')


def account_link(ctx: SiteContext, page: str, account_id: str, name=None) -> Markup:
    """A link from a report page to an account's page."""
    it = ctx.items.get(account_id) or {}
    text = name or it.get("name") or account_id
    if account_id not in ctx.items:
        return escape(text)
    return link(text, links.href(page, links.account_src(account_id), ctx.directory_urls))


def page_link(ctx: SiteContext, page: str, target: str, anchor: str = "") -> str:
    """The relative URL of another report page (target: its source path), with an optional #anchor."""
    return links.href(page, target, ctx.directory_urls) + (f"#{anchor}" if anchor else "")


def cell(v) -> Markup:
    """A cell's text escaped, a date or a code in it kept on one line (markup.nobr)."""
    if isinstance(v, tuple):  # (text, css class)
        text, cls = v
        return Markup(f'<span class="{escape(cls)}">{nobr("" if text is None else text)}</span>')
    return nobr("" if v is None else v)


def drop_empty(columns: Sequence[str], rows: list[list], keep: Iterable[int] = (0,)) -> list[int]:
    """The indexes of the columns to show: a column blank in every row (a figure nobody filled in, a person's
    attitude left out by `personal_data: false`) is dropped rather than shown empty.  `keep`: shown always."""
    keep = set(keep)
    return [i for i in range(len(columns)) if i in keep or any(i < len(r) and r[i] not in (None, "") for r in rows)]


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence],
    *,
    numeric: Iterable[int] = (),
    cls: str = "",
    caption: str | None = None,
    row_classes: Sequence[str] | None = None,
    empty: str | None = None,
) -> Markup:
    """A table; cells are text (escaped), Markup, or (text, css class) for a marked span.

    A column of amounts (``fmt.Amount``, as ``Figures.money`` gives) reads in one unit named in its header.
    numeric: indexes of right-aligned columns (amount columns are).  empty: the words shown instead of a table with no rows.
    """
    rows = list(rows)
    if not rows and empty is not None:
        return Markup(f'<p class="kam-empty">{escape(empty)}</p>')
    columns, rows, amounts, caption = fmt.amount_columns(columns, rows, caption)
    num = set(numeric) | amounts
    shown = drop_empty(columns, rows) if rows else list(range(len(columns)))
    if len(shown) < len(columns):
        num = {n for n, i in enumerate(shown) if i in num}
        columns = [columns[i] for i in shown]
        rows = [[r[i] for i in shown] for r in rows]
    attr = cell_classes(rows, len(columns), num)
    out = [f'<div class="kam-table {escape(cls)}"><table>']
    if caption:
        out.append(f"<caption>{escape(caption)}</caption>")
    out.append(
        "<thead><tr>"
        + "".join(f"<th{NUM if i in num else ''}>{nobr_text(c)}</th>" for i, c in enumerate(columns))
        + "</tr></thead><tbody>"
    )
    for n, r in enumerate(rows):
        rc = row_classes[n] if row_classes and row_classes[n] else ""
        out.append(f'<tr class="{escape(rc)}">' if rc else "<tr>")
        out.append("".join(f"<td{attr[i]}>{cell(v)}</td>" for i, v in enumerate(r)))
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return Markup("".join(out))


TOP_ROWS = 20  # a ranking shows its head; the accounts index holds every account (pages stay small)


def top(ctx: SiteContext, page: str, rows: list, n: int = TOP_ROWS) -> tuple[list, Markup]:
    """The first n rows of a long list of accounts, and a note linking to the accounts index for the rest
    (empty when nothing is left out)."""
    if len(rows) <= n:
        return rows, Markup("")
    index = links.href(page, links.ACCOUNTS_INDEX, ctx.directory_urls)
    words = ctx.words("top_rows", n=n, total=len(rows))
    return rows[:n], Markup(
        f'<p class="kam-note kam-more">{escape(words)} {link(ctx.words("page_accounts"), index)}</p>'
    )


def kpis(items: Iterable[tuple]) -> Markup:
    """Headline figures: (label, value[, note[, href[, title]]]) as cards; the title is the hover text."""
    out = ['<div class="kam-kpis">']
    for it in items:
        label, value = it[0], it[1]
        note = it[2] if len(it) > 2 else ""
        href = it[3] if len(it) > 3 else None
        title = f' title="{escape(it[4])}"' if len(it) > 4 and it[4] else ""
        body = (
            f'<span class="kam-kpi__label">{escape(label)}</span>'
            f'<span class="kam-kpi__value">{escape(value)}</span>'
            + (f'<span class="kam-kpi__note">{escape(note)}</span>' if note else "")
        )
        if href:
            out.append(f'<a class="kam-kpi" href="{escape(href)}"{title}>{body}</a>')
        else:
            out.append(f'<div class="kam-kpi"{title}>{body}</div>')
    out.append("</div>")
    return Markup("".join(out))


def definitions(items: Iterable[tuple[str, str, str]]) -> Markup:
    """What headline figures mean: (label, definition, period) as a small list under the cards."""
    inner = "".join(
        f'<div><dt>{escape(k)}</dt><dd>{escape(d)} <span class="kam-defs__period">{escape(p)}</span></dd></div>'
        for k, d, p in items
    )
    return Markup(f'<dl class="kam-defs">{inner}</dl>')


def pairs(items: Iterable[tuple[str, str]]) -> Markup:
    """Label / value pairs (the account page's kam-pairs list)."""
    inner = "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in items if v not in (None, ""))
    return Markup(f'<dl class="kam-pairs">{inner}</dl>')


def para(text, cls: str = "") -> Markup:
    c = f' class="{escape(cls)}"' if cls else ""
    return Markup(f"<p{c}>{escape(text)}</p>")


def bullets(items: Iterable, cls: str = "") -> Markup:
    c = f' class="{escape(cls)}"' if cls else ""
    return Markup(f"<ul{c}>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")


def admonition(kind: str, title: str, text: str = "") -> Markup:
    body = f"<p>{escape(text)}</p>" if text else ""
    return Markup(f'<div class="admonition {escape(kind)}"><p class="admonition-title">{escape(title)}</p>{body}</div>')


def grid(*parts) -> Markup:
    """Side-by-side small tables (they wrap on a phone)."""
    return Markup('<div class="kam-grid">' + "".join(f"<div>{escape(p)}</div>" for p in parts if p) + "</div>")
