"""Small HTML pieces the page templates share, in Python: a thousand account pages call them dozens of
times each, and a Jinja macro call cost several times the piece it made.  Every value is escaped
(markupsafe's escaping, as a str: ``markup.escaped``) unless it is already ``Markup``; the HTML is what the
macros made, byte for byte."""

from __future__ import annotations

from markupsafe import Markup, escape

from .markup import NUM, cell_classes, escaped, nobr_text


def table(columns, rows, cls: str = "", num=()) -> Markup:
    """A table of text cells; the columns whose index is in `num` are right-aligned, those of sentences wider
    on a phone (markup.long_columns); a date or an invoice number in a cell is kept on one line (markup.nobr)."""
    rows = list(rows)
    count = max([len(columns), *map(len, rows)])
    attr = cell_classes(rows, count, num)
    head = "".join(f"<th{NUM if i in num else ''}>{escaped(c)}</th>" for i, c in enumerate(columns))
    body = "".join(
        "<tr>" + "".join(f"<td{attr[i]}>{nobr_text(v)}</td>" for i, v in enumerate(r)) + "</tr>\n" for r in rows
    )
    return Markup(
        f'<div class="kam-table {escape(cls)}">\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}'
        "</tbody>\n</table>\n</div>"
    )


def pairs(items) -> Markup:
    """Labelled figures: (label, value) as a description list."""
    inner = "".join(f"<div><dt>{escaped(k)}</dt><dd>{escaped(v)}</dd></div>\n" for k, v in items)
    return Markup(f'<dl class="kam-pairs">\n{inner}</dl>')


def notes(items) -> Markup:
    """Notes by name: (name, text); nothing when there are none."""
    if not items:
        return Markup("")
    inner = "".join(f"<dt><bdi>{escaped(n)}</bdi></dt><dd>{escaped(t)}</dd>\n" for n, t in items)
    return Markup(f'<dl class="kam-notes-list">\n{inner}</dl>\n')


def health(score) -> Markup:
    """A health score marked good (80 and up), warn (60 and up) or bad; nothing without a score."""
    if score is None:
        return Markup("")
    level = "good" if score >= 80 else ("warn" if score >= 60 else "bad")
    return Markup(f'<span class="kam-health kam-health--{level}">{escape(score)}</span>')
