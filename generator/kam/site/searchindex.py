"""What kam adds to Material's search: a `words` field, and query segmentation that keeps every word.

The words field.  An account's page is found by a word inside its name or needs (精密 in
华东精密机械股份有限公司), which Material's coarser cut of the page does not hold on its own.  The
fine-cut words (``kam.site.account.search_words``) go into a field of the account page's index entry
that the search weighs like a title and no result shows (Material renders a result's title, text and
tags only; its search plugin takes extra fields in its ``fields`` setting).

The query.  Material's search worker cuts a Chinese query into words it finds in the index, but
never lets a word end at the query's last character: 华东 is searched as 华 (every account with a 华
in its name), and in 华东精密 the 精密 is dropped; the words it does find are joined so that the
first of them is searched for as "华东**", which matches nothing and is shown as missing (a result
matching one word of a two-word query then ranked above the page matching both).  ``patch_worker``
changes two places of Material's worker, nothing else:

- the segmentation is a forward maximum match over the same index: at each position the longest word
  the index holds, and a stretch the index does not know kept whole (searched as a prefix, as
  Material searches every word);
- the words of a query are joined with a space (each then gets Material's one trailing wildcard).

Results keep Material's order: its score favours a page matching every word of the query.

The stemmer.  Material searches each word of a query as a prefix, which lunr does not stem, in an
index it does stem: "precision*" never found "precis".  Unless mkdocs.yml sets the search's
`pipeline`, the index is not stemmed (``unstemmed``).
"""

from __future__ import annotations

import re

from .segment import SEARCH_MODULE

WORDS_FIELD = "words"
WORDS_BOOST = 1e3  # Material's title weight: a word of the name or needs counts as much as the title

WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")

# Material's `segment(query, index)` as its bundler writes it (names vary from release to release)
_SEGMENT = re.compile(
    r"function (?P<name>[\w$]+)\((?P<q>[\w$]+),(?P<i>[\w$]+)\)\{let (?P<r>[\w$]+)=new Set,[\w$]+=new Uint16Array\("
    r"(?P=q)\.length\);.{0,600}?"
    r'return (?P=r)\.has\(""\)\?new Set\(\[(?P=q)\]\):(?P=r)\}',
    re.S,
)
# l[i]: the length of the longest word of the index at position i (0: none); a word is taken whole,
# and a stretch without one runs to the next position where a word starts
_FORWARD_MATCH = (
    "function {name}(t,e){{let r=new Set,n=t.length,l=new Uint16Array(n+1);"
    "for(let i=0;i<n;i++)for(let j=i+1;j<=n;j++)t.slice(i,j)in e&&(l[i]=j-i);"
    "for(let i=0;i<n;){{let o=i+l[i];if(o===i)for(o=i+1;o<n&&!l[o];)o++;r.add(t.slice(i,o));i=o}}"
    "return r}}"
)
# where Material's search() joins the words of a run: "华东* 精密", which its query transform makes "华东** 精密*"
_JOIN = re.compile(r'(\[\.\.\.[\w$]+\([\w$]+,this\.index\.invertedIndex\)\]\.join\()"\* "\)')
_PATCHES = (
    (_SEGMENT, lambda m: _FORWARD_MATCH.format(name=m["name"])),
    (_JOIN, lambda m: m[1] + '" ")'),
)


def patch_worker(js: str) -> str | None:
    """Material's search worker with the two changes above; None if the worker is not the one they
    were written for (a place to change not found exactly once): then it is left as it is."""
    for pattern, replace in _PATCHES:
        found = list(pattern.finditer(js))
        if len(found) != 1:
            return None
        m = found[0]
        js = js[: m.start()] + replace(m) + js[m.end() :]
    return js


def search_plugin(config):
    """Material's search plugin of this build, or None."""
    for plugin in config.plugins.values():
        if type(plugin).__module__ == SEARCH_MODULE:
            return plugin
    return None


def unstemmed(plugin) -> None:
    """No stemmer in the index, unless mkdocs.yml sets the search's `pipeline` (run before the search
    plugin's on_config, which fills it in).  Material searches each word of a query as a prefix
    (precision*), which lunr does not stem, in an index it stems (precis): a page holding "precision"
    or "company" was not found by that very word, and a search for an account's id said the id's
    second word was missing on the account's own page."""
    if plugin is not None and plugin.config.get("pipeline") is None:
        plugin.config["pipeline"] = []


def add_words(plugin, url: str, words: str) -> None:
    """Give the index entry of the page at `url` (just indexed) its words, and the index the field."""
    if not words:
        return
    fields = plugin.config["fields"]
    if WORDS_FIELD not in fields:
        fields[WORDS_FIELD] = {"boost": WORDS_BOOST}
    entries = plugin.search_index.entries
    for k in range(len(entries) - 1, -1, -1):  # the page's entries are the last ones
        location = entries[k]["location"]
        if location == url:
            entries[k][WORDS_FIELD] = words
            return
        if not location.startswith(url):
            return


# ---------------------------------------------------------------- the lean text, read without a parser
# The lean text of a generated page (kam.site.rawblocks.search_html) has a grammar of three things:
# headings as Markdown writes them (with or without their permalink), paragraphs of plain text, and white space
# between them.  Material's search plugin reads it with an HTML parser (a third of its indexing);
# ``sections`` reads it by that grammar into Material's own sections, the same as its parser makes
# of it (tested on every generated page), and gives None for anything else (then the parser reads it).
_LEAN = re.compile(
    r"(?P<space>\s+)"
    r"|<p>(?P<text>[^<]*)</p>"
    r'|<(?P<h>h[1-6]) id="(?P<id>[^"<>&]+)">(?P<title>[^<]*)'
    r'(?:<a class="headerlink" href="#(?P=id)" title="Permanent link">&para;</a>)?</(?P=h)>'
)


def sections(lean: str) -> list | None:
    """Material's search sections of a generated page's lean text (what its Parser makes of it), or
    None when the text is not in the lean grammar."""
    from html import escape, unescape

    from material.plugins.search.plugin import Element, Section

    out: list = []
    current = None
    pos, end = 0, len(lean)
    while pos < end:
        m = _LEAN.match(lean, pos)
        if m is None:
            return None
        pos = m.end()
        if m["space"] is not None:
            if current is None:  # white space before anything: Material's preface section
                current = Section(Element("hx"))
                out.append(current)
            if not current.text or not current.text[-1].isspace():  # a run of white space: one space
                current.text.append(" ")
            continue
        if m["h"] is not None:
            tag = m["h"]
            if tag != "h1" and not out:
                out.append(Section(Element("hx"), 1))
            current = Section(Element(tag, {"id": m["id"]}), 1)
            if out:
                current.id = m["id"]
            out.append(current)
            current.title.append(escape(unescape(m["title"]).replace("\n", " "), quote=False))
            continue
        text = unescape(m["text"]).replace("\n", " ")
        if not text or text.isspace():
            return None  # an empty paragraph: Material's parser drops it with what came before
        if current is None:
            current = Section(Element("hx"))
            out.append(current)
        current.text.extend(("<p>", escape(text, quote=False), "</p>"))
    return out


def index_sections(plugin, page, lean: str) -> bool:
    """Add a generated page's entries to Material's index from its lean text, as Material's own
    on_page_context would (its sections, each by its own create_entry_for_section); False when the
    plugin is not Material's, is off, excludes the page, or the text is not lean (then it parses it)."""
    if plugin is None or not plugin.config.get("enabled", True):
        return False
    if (page.meta.get("search") or {}).get("exclude"):
        return False
    found = sections(lean)
    if found is None:
        return False
    index = plugin.search_index
    for section in found:
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)
    return True
