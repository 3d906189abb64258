"""Generated pages through Markdown without Markdown re-reading their HTML, and a lean search text.

kam's pages are mostly HTML that kam already rendered; Python-Markdown would parse every tag of it
again to set it aside (most of a site build's time).  Each raw HTML block is set aside here instead,
as a placeholder paragraph, and put back into the converted page: headings and prose still go
through Markdown (the table of contents stays right), and the page's bytes are what they were.

For the search index the same blocks give a lean text: what a reader searches for (names, needs,
people, deals, notes) without every figure of every table or a chart's drawing.
"""

from __future__ import annotations

import copy
import re
import secrets

# a placeholder no book text can forge: a random part, new in every process
_NONCE = secrets.token_hex(8)
TOKEN = f"KAMRAW{_NONCE}B{{}}X"
_TOKEN_P = re.compile(rf"<p>KAMRAW{_NONCE}B(\d+)X</p>")
_BLOCK_START = re.compile(r"(?:\A|\n\n)(<([a-z][a-z0-9]*)[\s>])")


_HEADING_ID = re.compile(r"^#{1,6} .*\{ #([\w-]+) \}[ \t]*$", re.M)


class Blocks(list):
    """The blocks set aside from one page, and the section (heading id) each stands in."""

    sections: list[str | None]


def set_aside(markdown: str) -> tuple[str, Blocks]:
    """Markdown with each top-level raw HTML block (after a blank line, through its matching close
    tag's line) replaced by a placeholder paragraph; the blocks in order."""
    blocks = Blocks()
    blocks.sections = []
    out: list[str] = []
    pos = 0
    section = None
    while True:
        m = _BLOCK_START.search(markdown, pos)
        if m is None:
            break
        start, tag = m.start(1), m.group(2)
        end = _block_end(markdown, start, tag)
        if end is None:  # not closed: leave it to Markdown
            out.append(markdown[pos : m.end(1)])
            pos = m.end(1)
            continue
        headings = _HEADING_ID.findall(markdown, pos, start)
        section = headings[-1] if headings else section
        out.append(markdown[pos:start])
        out.append(TOKEN.format(len(blocks)))
        blocks.append(markdown[start:end])
        blocks.sections.append(section)
        pos = end
    out.append(markdown[pos:])
    return "".join(out), blocks


def _block_end(text: str, start: int, tag: str) -> int | None:
    """The end of the line holding the close tag that balances the block's opening tag."""
    pattern = re.compile(rf"<(/?){tag}[\s>]")
    depth = 0
    for m in pattern.finditer(text, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            nl = text.find("\n", m.end())
            return len(text) if nl == -1 else nl
    return None


def put_back(html: str, blocks: list[str]) -> str:
    # Markdown ends a raw HTML block with a blank line: so does this, for the same bytes
    return _TOKEN_P.sub(lambda m: blocks[int(m.group(1))] + "\n", html).rstrip("\n") if blocks else html


_TAGS = re.compile(r"<[^>]+>")
_FIRST_CELLS = re.compile(r"<tr[^>]*>\s*<t[dh][^>]*>(.*?)</t[dh]>", re.S)


def _tables(html: str) -> list[tuple[int, int]]:
    """Where each table is: from `<table` (a whole tag name) through the next `</table>`, as the regex
    ``<table\\b.*?</table>`` (re.S) finds them, by str.find: a lazy regex stepped through every character
    of nine megabytes of account pages (a third of the search text's time)."""
    spans, pos = [], 0
    while (i := html.find("<table", pos)) >= 0:
        after = html[i + 6 : i + 7]
        if after.isalnum() or after == "_":  # <tablex: not a table
            pos = i + 1
            continue
        j = html.find("</table>", i + 6)
        if j < 0:
            break
        spans.append((i, j + 8))
        pos = j + 8
    return spans


# drawings, chart data and lists of figures: nothing a reader searches for
_FIGURES = re.compile(
    r"<script\b.*?</script>|<svg\b.*?</svg>|<dl class=\"kam-pairs\">.*?</dl>|<figure\b.*?</figure>"
    r"|<div class=\"kam-chart__data\">.*?</table>\s*</div>",
    re.S,
)


# blocks of figures and page furniture: a drawing, figure lists, the tier and posture reasons, the
# page's date line, the change log
_NOT_SEARCHED = ("kam-chart", "kam-pairs", "kam-segment", "kam-meta", "kam-changes")
MAX_BLOCK_TEXT = 800  # characters of one block in the index: its names, and the newest activities


def _lean(block: str) -> str:
    """What of one block the search index keeps."""
    head = block[: block.find(">") + 1]
    if any(c in head for c in _NOT_SEARCHED):
        return ""
    block = _FIGURES.sub(" ", block)
    # a table: the names in its first column (contacts, deals, competitors...); the rest as text
    spans = _tables(block)
    names = [_TAGS.sub(" ", c) for i, j in spans for c in _FIRST_CELLS.findall(block, i, j)]
    gaps = zip([0] + [j for _, j in spans], [i for i, _ in spans] + [len(block)])  # what lies between them
    rest = " ".join(block[start:end] for start, end in gaps)
    # every run of whitespace as one space (str.split's whitespace is re's \s: both ask Py_UNICODE_ISSPACE)
    text = " ".join((" ".join(names) + " " + _TAGS.sub(" ", rest)).split())
    if len(text) > MAX_BLOCK_TEXT:  # a long history: its newest entries (they come first)
        text = text[:MAX_BLOCK_TEXT].rsplit(" ", 1)[0]
    return f"<p>{text}</p>" if text else ""


# sections of an account page a reader does not search: figures, the plan's measures, invoices,
# surveys, the white-space grid, the change log (the page still shows them all)
NOT_SEARCHED_SECTIONS = frozenset(
    {"segment", "economics", "coverage", "plan", "receivables", "satisfaction", "whitespace", "changes"}
)


_HEADING = re.compile(r"<h([1-6])\b[^>]*>.*?</h\1>", re.S)


def _without_empty_sections(html: str) -> str:
    """The headings of sections with nothing searched left out: on a thousand account pages each
    would be a thousand index entries of one title ("经营数据") that no result could tell apart."""
    out, pos = [], 0
    headings = list(_HEADING.finditer(html))
    for k, m in enumerate(headings):
        end = headings[k + 1].start() if k + 1 < len(headings) else len(html)
        out.append(html[pos : m.start()])
        if html[m.end() : end].strip():
            out.append(m.group(0))
        pos = m.end()
    out.append(html[pos:])
    return "".join(out)


def search_html(html: str, blocks: Blocks) -> str:
    """The converted page with each block reduced to its searchable text, and the headings of the
    sections that keep some text."""
    sections = getattr(blocks, "sections", [None] * len(blocks))

    def lean(m):
        i = int(m.group(1))
        return "" if sections[i] in NOT_SEARCHED_SECTIONS else _lean(blocks[i])

    return _without_empty_sections(_TOKEN_P.sub(lean, html))


# ---------------------------------------------------------------- the same skeleton, converted once
# What is left of a generated page once its blocks are set aside is a skeleton of headings and
# placeholders, and the pages of one kind share it: a 1,000-account site has about 30 skeletons.
# Markdown converts each skeleton once; the other pages take its HTML and what MkDocs learnt of it
# (table of contents, anchors, title).  A skeleton that could hold a link or HTML is not shared: a
# link's address depends on the page it is in.
_PAGE_DEPENDENT = ("[", "<")


def skeleton_key(skeleton: str, src: str) -> tuple[str, str] | None:
    """The key a page's skeleton is shared under: its text and its folder; None: not shared."""
    if any(c in skeleton for c in _PAGE_DEPENDENT):
        return None
    return (src.rpartition("/")[0], skeleton)


class Converted:
    """A skeleton as Markdown and MkDocs made it: the HTML and what MkDocs keeps on the page."""

    def __init__(self, html: str, page):
        self.html = html
        self.toc = _copy_toc(page.toc)
        self.anchors = None if page.present_anchor_ids is None else frozenset(page.present_anchor_ids)
        self.title = page._title_from_render

    def render_for(self, page):
        """A `Page.render` for a page with the same skeleton: it gives the page what Markdown gave
        the first, without making a Markdown converter for it (about 3% of a 1,000-account build)."""

        def render(config, files) -> None:
            page.content = self.html
            page.toc = _copy_toc(self.toc)
            page.present_anchor_ids = None if self.anchors is None else set(self.anchors)
            page._title_from_render = self.title

        return render


def _copy_toc(toc):
    """A table of contents of a page's own (its entries copied, their children too): cheaper than
    copy.deepcopy, which a thousand pages felt."""

    def links(items):
        out = []
        for a in items:
            b = copy.copy(a)
            b.children = links(a.children)
            out.append(b)
        return out

    if toc is None or not hasattr(toc, "items"):
        return copy.deepcopy(toc)
    new = copy.copy(toc)
    new.items = links(toc.items)
    return new
