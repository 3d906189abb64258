"""User text on pages: free-text notes as Markdown with raw HTML disabled, and names in Markdown.

Everything a user typed is data, never markup.  Notes go through markdown-it-py
with ``html=False`` (tags show as text) and only http(s), mailto and relative
links; anything else (``javascript:``, ``data:``, ``vbscript:``...) is dropped
to plain text.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

try:
    from markupsafe import _escape_inner  # the C function markupsafe.escape wraps in a Markup
except ImportError:  # a markupsafe without it: its public escape, slower

    def _escape_inner(s: str, /) -> str:
        return str(escape(s))


_SAFE_SCHEME = re.compile(r"^(https?:|mailto:|#|/|\./|\.\./|[^:/?#]+(?:[/?#]|$))", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def escaped(value) -> str:
    """markupsafe.escape's text, as a str: a value's HTML when it has one (Markup), else its text escaped.

    markupsafe.escape makes a Markup of every result, in Python; where thousands of values are joined
    into one page only the text counts (a fifth of rendering an account page)."""
    if type(value) is str:
        return _escape_inner(value)
    html_ = getattr(value, "__html__", None)
    if html_ is not None:
        return html_()
    return _escape_inner(str(value))


def names(items, sep: str) -> Markup:
    """Names from the book joined in one line, each isolated for direction (<bdi>): a right-to-left
    override inside one name cannot reorder the names after it.  `sep` is kam's own (、 or , )."""
    return Markup(sep.join([f"<bdi>{escaped(x)}</bdi>" for x in items]))


# a short run without spaces that holds a digit and a hyphen, slash or dash: a date (2026-11-20), a month
# (2026-11), a quarter (2026-Q4), an invoice number (INV-2026-0011), a range (31-60).  Browsers break a line
# after a hyphen even before a digit, so a squeezed table column showed 2026-11- over 20; such a run is set
# in a span that keeps it on one line (kam.css: .kam-nobr).  A longer run (a 300-character name) is left to
# wrap, and so is a run holding an escaped character (&amp;) or a space other than " ".
_RUN = re.compile(r"[^\s&]{3,24}")
_INSIDE = re.compile(r".[-/\u2013].")  # a hyphen between two characters: -12.5, a negative number, is left alone
_DIGIT = re.compile(r"\d")


def _keep(run: str) -> bool:
    return _RUN.fullmatch(run) is not None and _INSIDE.search(run) is not None and _DIGIT.search(run) is not None


def nobr_text(value) -> str:
    """A table cell's text escaped, its dates, months, quarters, invoice numbers and ranges kept on one line, as a
    str (``escaped``: no Markup per cell, where Python joins a table's cells into one Markup).  Only plain text is
    looked into: Markup is returned as it is (its tags' attributes may hold dates), and a value of another type (a
    number, an Amount) escaped."""
    if value.__class__ is not str or not ("-" in value or "/" in value or "\u2013" in value):
        return escaped(value)
    text = _escape_inner(value)
    if " " not in text:
        return f'<span class="kam-nobr">{text}</span>' if _keep(text) else text
    return " ".join(f'<span class="kam-nobr">{r}</span>' if _keep(r) else r for r in text.split(" "))


def nobr(value) -> Markup:
    """``nobr_text`` as Markup, for templates (where a str would be escaped again)."""
    return Markup(nobr_text(value))


NUM = ' class="kam-num"'  # a column of figures: right-aligned
LONG = ' class="kam-long"'
# a column whose longest text is this wide (a Chinese character counts two) holds sentences or lists, not
# labels: on a phone it keeps a wider column (kam.css: .kam-long), where seven characters a line made an
# action, a reason or a sponsor's accounts a screen tall
LONG_TEXT = 28


def is_long(v) -> bool:
    """Whether a table cell's text reads LONG_TEXT Latin letters wide or more (a wide East Asian character is
    two); of Markup (a link), the text only; of a (text, css class) cell, its text."""
    if v.__class__ is tuple:
        v = v[0]
    if v is None:
        return False
    s = v if v.__class__ is str else str(v)
    if 2 * len(s) < LONG_TEXT:  # most cells: short even if every character were wide and none a tag
        return False
    if isinstance(v, Markup):
        s = v.striptags()
    if len(s) >= LONG_TEXT or 2 * len(s) < LONG_TEXT:
        return len(s) >= LONG_TEXT
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s) >= LONG_TEXT


def long_columns(rows, count: int, skip=()) -> set[int]:
    """The columns (of `count`, but those in `skip`: figures) with a cell of LONG_TEXT or wider."""
    short = LONG_TEXT // 2  # a str cell shorter than this is short whatever its characters (is_long's first test)
    return {
        i
        for i in range(count)
        if i not in skip
        and any(i < len(r) and not (r[i].__class__ is str and len(r[i]) < short) and is_long(r[i]) for r in rows)
    }


def cell_classes(rows, count: int, num=()) -> list[str]:
    """The class attribute of each of a table's `count` columns' cells: NUM for the figures (`num`), LONG for
    a column of sentences (``long_columns``), none for the others."""
    long = long_columns(rows, count, num)
    return [NUM if i in num else LONG if i in long else "" for i in range(count)]


# On a phone, an inline code of a hand-written page (a guide's, a reference's) is kept whole when it is one
# short word (a field, an id, a date, a path: stage, 2026-line-upgrade, YYYY-MM-DD, accounts/east/), and in a
# longer code its short words with a hyphen or a slash are (kam publish-check, reviewed: 2026-06-30): a narrow
# table column broke them mid-word (stag|e) or after a hyphen.  They are marked .kam-word, which kam.css keeps
# on one line on a phone only: at 1440 px a reference table of such codes overflowed its page.  A longer word
# (a pattern, a test's name) is left free.
_INLINE_CODE = re.compile(r"(?<!<pre>)<code>([^<]{2,200})</code>")  # not a block of code: it never wraps
_CODE_WORD = re.compile(r"\S+")
_WORD_MAX = 24


def _whole_word(m) -> str:
    w = m[0]
    return f'<span class="kam-word">{w}</span>' if 3 <= len(w) <= _WORD_MAX and ("-" in w or "/" in w) else w


def _whole_code(m) -> str:
    text = m[1]
    if len(text) <= _WORD_MAX and not any(c.isspace() for c in text):
        return f'<code class="kam-word">{text}</code>'
    if "-" not in text and "/" not in text:
        return m[0]
    return f"<code>{_CODE_WORD.sub(_whole_word, text)}</code>"


def whole_codes(html: str) -> str:
    """A hand-written page's inline codes with their short words marked to stay whole on a phone."""
    return _INLINE_CODE.sub(_whole_code, html)


def _validate_link(url: str) -> bool:
    # browsers ignore whitespace and control characters inside a scheme ("java\tscript:")
    return bool(_SAFE_SCHEME.match(_CONTROL.sub("", html.unescape(url))))


def _image_as_link(self, tokens, idx, options, env) -> str:
    """An image in a note is shown as a link to it, never loaded: the site fetches nothing from outside
    itself, and a reader's browser must not call a server the note's author chose (a tracking pixel)."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env) or token.attrGet("src") or ""
    src = token.attrGet("src") or ""
    if not src:
        return html.escape(alt)
    return f'<a href="{html.escape(src)}">{html.escape(alt)}</a>'


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.enable("strikethrough")
    md.validateLink = _validate_link  # type: ignore[method-assign]  # markdown-it's documented hook
    md.add_render_rule("image", _image_as_link)
    return md


_MD = _parser()


def notes_html(text: str | None) -> str:
    """Markdown notes -> safe HTML (an empty string for no notes)."""
    if not text or not str(text).strip():
        return ""
    out = _MD.render(str(text))
    # links open as plain links; no referrer leaks to the target
    return out.replace("<a href=", '<a rel="noopener noreferrer nofollow" href=')


def text_html(text) -> str:
    """Plain text -> HTML-escaped text with line breaks kept."""
    if text is None:
        return ""
    return html.escape(str(text)).replace("\n", "<br>\n")


# Characters Python-Markdown or its extensions may read as markup
_MD_SPECIAL = set("\\`*_{}[]()#+-.!|~^=:<>&\"'$@%")


def md_text(text) -> str:
    """Text safe inside a Markdown line (headings, nav): punctuation as numeric character references."""
    return "".join(f"&#{ord(c)};" if c in _MD_SPECIAL else c for c in str(text))


def yaml_string(text) -> str:
    """A YAML double-quoted scalar (JSON is valid YAML) for front matter."""
    return json.dumps(str(text), ensure_ascii=False)
