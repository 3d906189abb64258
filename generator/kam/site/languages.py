"""One site in several languages: the plugin's language at the root, each other one under /<lang>/.

Why two MkDocs builds (the second started by the plugin after the first) and not mkdocs-static-i18n:
kam's pages are generated in memory from the book, once per language, with every label from
kam/words.yaml; the theme's own words follow theme.language.  A second build with the language
switched gives exactly that (its own navigation, its own search index, its own sitemap) and needs no
new dependency; static-i18n is built around `page.<lang>.md` files in docs/, which kam's generated
pages are not.  Material's language selector (`extra.alternate`) links each language's root; every
page's links are rewritten here to the same page in the other language.
"""

from __future__ import annotations

import re

from mkdocs.utils import get_relative_url

from kam import words

SITE_LANG_ENV = "KAM_SITE_LANGUAGE"  # set for the build of a language other than the root's

# href="..." hreflang="xx": the language selector's links
_ALTERNATE = re.compile(r'href="[^"]*"( hreflang="([a-z]{2})")')
# Material's <link rel="alternate" hreflang> in <head>: its script fetches sitemap.xml beside each one
# and, when the page is not found there (no site_url: never), sends the selector to the home page
_HEAD_LINK = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[a-z]{2}">\n?')


def prefix(lang: str, root: str) -> str:
    """The folder of a language's pages in the site: '' for the root language."""
    return "" if lang == root else f"{lang}/"


def alternate(languages: list[str]) -> list[dict]:
    """Material's extra.alternate: each language named in itself (中文, English)."""
    return [{"name": words.text("language_name", lang), "link": "./", "lang": lang} for lang in languages]


def counterpart(url: str, lang: str, other: str, root: str, exists: bool) -> str:
    """The link from a page (url in its language's build) to the same page in `other`, or to that
    language's home page when the page exists in one language only (a hand-written page)."""
    here = prefix(lang, root) + url
    there = prefix(other, root) + (url if exists else "")
    rel = get_relative_url(there or ".", here)
    if (there == "" or there.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel


def relink(html: str, url: str, lang: str, languages: list[str], root: str, exists: bool) -> str:
    """The selector's links pointed at the page's counterpart in each language; the <head> links that
    would make Material's script override them taken out."""

    def one(m: re.Match) -> str:
        other = m.group(2)
        if other not in languages:
            return m.group(0)
        return f'href="{counterpart(url, lang, other, root, exists or other == lang)}"{m.group(1)}'

    return _ALTERNATE.sub(one, _HEAD_LINK.sub("", html))


def relink_404(html: str, site_url: str | None, languages: list[str], root: str) -> str:
    """404.html is served at any address: its selector links each language's home page from the site's
    root (site_url's path, / without one), as MkDocs links the rest of that page."""
    from urllib.parse import urlsplit

    base = (urlsplit(site_url).path if site_url else "") or "/"
    base = base if base.endswith("/") else base + "/"

    def one(m: re.Match) -> str:
        lang = m.group(2)
        return f'href="{base}{prefix(lang, root)}"{m.group(1)}' if lang in languages else m.group(0)

    return _ALTERNATE.sub(one, _HEAD_LINK.sub("", html))
