"""The MkDocs plugin `kam`: a thin adapter from the core (load, validate, metrics, site) to MkDocs.

    plugins:
      - search
      - kam:
          book: accounts      # the folder of account files, beside mkdocs.yml
          language: zh        # zh (default) or en; set theme.language to match
          languages: [zh, en] # both in one site: `language` at the root, the other under /en/
          as_of: 2026-11-20   # report date; today when left out
          policy: {...}       # see docs/reference/policy.md

The settings are read from mkdocs.yml by ``kam.book.policy.load_settings``, the same
code `kam validate` uses, so a build prints the very diagnostics `kam validate`
prints (``path:line:col: error: message``) and stops on errors.  Warnings are
logged at INFO level: they do not fail ``mkdocs build --strict`` (as they do
not fail `kam validate`).

Pages are generated in memory (``File.generated``); nothing is written to docs/.
Account pages stay out of the navigation (the accounts index links them).

With ``as_of`` set and no ``SOURCE_DATE_EPOCH`` in the environment, the plugin sets
SOURCE_DATE_EPOCH to as_of, so the sitemap's dates are the report date and the same
book and as_of give a byte-identical site whatever the day of the build.

Preview: with ``KAM_PREVIEW_ACCOUNT=<id>`` in the environment (set by
``kam serve --account <id>``), only that account file (and the book file) is
read and validated, and only its page, the accounts index and the home page
are built (the hand-written pages too when mkdocs.yml names them in its nav): fast
in any size of book.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import sys
from pathlib import Path
from urllib.parse import urljoin

import markupsafe
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, InclusionLevel

from kam.book.convert import CONTROL as _CONTROL
from kam.messages import render
from kam.site import searchindex, segment
from kam.site.languages import SITE_LANG_ENV, alternate, relink, relink_404
from kam.site.markup import whole_codes
from kam.site.rawblocks import Converted, put_back, search_html, set_aside, skeleton_key

log = logging.getLogger("mkdocs.plugins.kam")

PREVIEW_ENV = "KAM_PREVIEW_ACCOUNT"
NOINDEX = '<meta name="robots" content="noindex, nofollow">'
CONTROL_WARNINGS = ("control-escape", "bad-character")  # a value holds a control character (kam.book.convert)
AS_OF_ENV = "KAM_AS_OF"  # set by `kam --as-of D build/serve`
ASSETS = ("kam.css", "kam.js")
ASSET_DIR = "assets/kam"

# a site in several languages (kam.site.languages) reads its book and computes its figures once: the build
# of each other language finds them here, under its mkdocs.yml, while the root language's build makes it
_FOR_LANGUAGES: dict[str | None, tuple | None] = {}


class KamConfig(base.Config):
    book = c.Type(str, default="accounts")
    language = c.Choice(("zh", "en"), default="zh")
    languages = c.ListOfItems(c.Choice(("zh", "en")), default=[])  # kam.site.languages
    regions = c.Optional(c.Type(dict))  # the company's own regions (id: name), checked by kam.book.policy
    as_of = c.Optional(c.Type((str, dt.date)))
    policy = c.Type(dict, default={})
    codeowners_team = c.Optional(c.Type(str))
    public = c.Type(bool, default=False)  # kam publish-check: a public repository needs this
    noindex = c.Type(bool, default=True)  # <meta name="robots" content="noindex"> on every page
    personal_data = c.Type(bool, default=True)  # False: customers' people are left out of the site
    site_names = c.Type(dict, default={})  # {en: "Key accounts · ..."}: the site's name in a language


def edit_base(repo_url: str | None, edit_uri: str | None, docs_dir: str, config_dir: str) -> str | None:
    """The edit URL of the repository root, from repo_url + edit_uri (which points at docs/)."""
    if not repo_url or not edit_uri:
        return None
    docs_rel = os.path.relpath(docs_dir, config_dir).replace(os.sep, "/").strip("/")
    uri = edit_uri.rstrip("/")
    if docs_rel not in ("", ".") and uri.endswith("/" + docs_rel):
        uri = uri[: -len(docs_rel) - 1]
    elif uri == docs_rel:
        uri = ""
    return urljoin(repo_url.rstrip("/") + "/", uri + "/" if uri else "")


def _message_language(settings) -> str:
    env = os.environ.get("KAM_LANG")
    return env if env in ("zh", "en") else settings.language


class KamPlugin(BasePlugin[KamConfig]):
    def __init__(self):
        self.pages: dict[str, str] = {}
        self.settings = None
        self.edit_urls: dict[str, str | None] = {}
        self._blocks: dict = {}  # page -> its HTML blocks, set aside from Markdown
        self._lean: dict[str, str] = {}  # page -> what the search index reads of it
        self._full: dict[str, str] = {}
        self._words: dict[str, str] = {}  # account page -> the words of its name and needs (search)
        self._worker: dict[str, bytes | None] = {}  # Material's search worker -> kam's (kam.site.searchindex)
        self._memo = None
        self._frozen = False  # this build froze the collector's objects (and so gives them back)
        self._search: object = None  # Material's search plugin (kam.site.searchindex)
        self._skeletons: dict = {}  # (folder, skeleton) -> Converted: Markdown's work on it, done once
        self._first: dict = {}  # page -> the key its conversion is kept under
        self._in_nav: set[str] = set()
        self._preview: str | None = None
        self._languages: list[str] = []  # more than one: one site in these languages (kam.site.languages)
        self._root_lang = "zh"
        self._shared: tuple | None = None  # (book, its diagnostics, its figures): for the other languages
        # the book holds a control character (a validate warning): a raw one is an HTML parse error a browser
        # drops silently, so the pages show each as U+FFFD; only then, since scanning every page costs 1%
        self._controls = False

    # -- settings and book ---------------------------------------------------------------
    def _settings(self, config):
        from kam.book.policy import Settings, load_settings

        if config.config_file_path:
            settings, diags = load_settings(config.config_file_path)
            as_of = os.environ.get(AS_OF_ENV)
            if as_of:  # `kam --as-of D build`
                try:
                    settings = Settings(**{**settings.__dict__, "as_of": dt.date.fromisoformat(as_of)})
                except ValueError:
                    raise PluginError(f"kam: {AS_OF_ENV}={as_of!r} is not a date in the form YYYY-MM-DD") from None
            inner = os.environ.get(SITE_LANG_ENV)
            if inner:  # the build of a language other than the root's (kam.site.languages)
                settings = Settings(**{**settings.__dict__, "language": inner})
            return settings, diags
        # a config built in Python (no file): the plugin's options, default policy
        as_of = self.config.as_of
        if isinstance(as_of, str):
            as_of = dt.date.fromisoformat(as_of)
        root = str(Path(config.docs_dir).parent)
        settings = Settings(
            book=self.config.book,
            language=self.config.language,
            as_of=as_of,
            root=root,
            site_names=dict(self.config.site_names),
        )
        return settings, []

    def _load(self, settings, preview: str | None):
        from kam.book.loader import load_book

        only = None
        if preview:
            found = sorted(settings.book_path.rglob(f"{preview}.yaml"))
            if not found:
                raise PluginError(f"kam: no account file {preview}.yaml in {settings.book_path}")
            only = found[:1]
        return load_book(settings, only, subset=bool(only))

    @event_priority(100)  # before the search plugin's: it fills in what mkdocs.yml leaves unset
    def _search_setup(self, config):
        from .site import themeenv

        self._search = searchindex.search_plugin(config)
        searchindex.unstemmed(self._search)
        if config.theme is not None:  # compiled once, listed without its icons (kam.site.themeenv)
            themeenv.install(config.theme)
        return config

    def _generate(self, config):
        # what is made here (the book, its figures, its pages) lives until the build ends: made with the
        # collector paused, then frozen out of its passes over what MkDocs makes next (they were 0.4 s of a
        # 5 s build of 1,000 accounts); given back to it when the build ends.  Not when something else in
        # the process froze objects first (a server forking workers, say): unfreezing would thaw theirs too
        was_on = gc.isenabled()
        gc.disable()
        try:
            return self._make(config)
        finally:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                self._frozen = True
            if was_on:
                gc.enable()

    def _unfreeze(self) -> None:
        if self._frozen:
            self._frozen = False
            gc.unfreeze()

    def _make(self, config):
        from kam.book.diagnostics import has_errors

        from .metrics import compute
        from .metrics.asof import as_of_view
        from .site import build_pages

        settings, diags = self._settings(config)
        from .files import site_dir_problem

        protected = [Path(config.config_file_path or config.docs_dir).resolve().parent, Path(config.docs_dir)]
        problem = site_dir_problem(Path(config.site_dir), protected + [settings.book_path])
        if problem is not None:  # `mkdocs build` would empty this folder first
            raise PluginError("kam: " + problem.message(_message_language(settings)))
        preview = os.environ.get(PREVIEW_ENV) or None
        book, book_diags = (None, [])
        shared = _FOR_LANGUAGES.get(config.config_file_path) if os.environ.get(SITE_LANG_ENV) else None
        if shared is not None:  # the root language's build read the same files as of the same date
            book, book_diags, metrics = shared
        elif not has_errors(diags):
            book, book_diags = self._load(settings, preview)
        diags = sorted(diags, key=lambda d: d.sort_key()) + book_diags
        self._controls = any(d.code in CONTROL_WARNINGS for d in diags)
        lang = _message_language(settings)
        for d in diags:
            if d.severity != "error":
                log.info(d.text(lang))
        if book is None or has_errors(diags):
            errors = [d for d in diags if d.severity == "error"]
            sys.stderr.write("".join(d.text(lang) + "\n" for d in errors))
            sys.stderr.flush()
            raise PluginError(render("book-has-errors", {"errors": len(errors)}, lang))
        # the site's name in this build's language (an English build under /en/ showed the Chinese site_name)
        site_name = config.site_name
        if settings.site_names.get(settings.language):
            config.site_name = settings.site_names[settings.language]
        # the name is text (`AT&T`, `O'Neil & Sons`): Material prints site_name unescaped in every page's
        # <title> and header, and escaped (`| e`) in its attributes; escaped once here, as Markup, it shows
        # as written in both (`| e` leaves Markup as it is)
        config.site_name = markupsafe.escape(config.site_name or "")
        theme_lang = config.theme.get("language") if config.theme else None
        if theme_lang and theme_lang != settings.language:
            log.warning(
                f"kam: theme.language is {theme_lang!r} but the kam plugin's language is "
                f"{settings.language!r}; set both to the same language"
            )
        self.settings = settings
        self._root_lang = self.config.language
        wanted = list(dict.fromkeys(self.config.languages))
        if wanted and self._root_lang not in wanted:
            raise PluginError(f"kam: languages {wanted} leaves out language {self._root_lang!r}, the root's: add it")
        if len(wanted) > 1:
            self._languages = wanted
            if not config.extra.get("alternate"):
                config.extra["alternate"] = alternate(wanted)
            if not os.environ.get(SITE_LANG_ENV):
                for other in (x for x in wanted if x not in settings.site_names and x != settings.language):
                    log.info(
                        f"kam: the {other} pages are headed by site_name ({site_name}); name the site in "
                        f"that language with `site_names: {{{other}: ...}}` under the kam plugin in mkdocs.yml"
                    )
        if settings.as_of and "SOURCE_DATE_EPOCH" not in os.environ:
            # MkDocs stamps the sitemap with the build date: use the report date, so the same
            # book and as_of give a byte-identical site on any day
            midnight = dt.datetime.combine(settings.as_of, dt.time(), tzinfo=dt.timezone.utc)
            os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
        base_url = edit_base(config.repo_url, config.edit_uri, config.docs_dir, settings.root)
        if shared is None:
            # the pages and the figures alike: the book as it stood on the report date
            book = as_of_view(book, settings.report_date())
            metrics = compute(book, settings, preview=preview is not None)
        # kept for the other languages' builds only (the book and figures are large: not held otherwise)
        other_languages = self._languages and not os.environ.get(SITE_LANG_ENV)
        self._shared = (book, book_diags, metrics) if other_languages else None
        hist = None
        if not preview:  # a preview is about one page, now: no history
            from kam.git.history import history

            hist = history(Path(settings.root), settings)
        self._words.clear()
        self.pages = build_pages(
            book,
            settings,
            metrics,
            directory_urls=config.use_directory_urls,
            edit_base=base_url,
            preview=preview,
            history=hist,
            words=self._words,
        )
        if self._controls:  # in a book validate warned about: shown as U+FFFD in the pages and the search index
            self.pages = {src: _CONTROL.sub("\ufffd", text) for src, text in self.pages.items()}
            self._words = {src: _CONTROL.sub("\ufffd", text) for src, text in self._words.items()}
        from .site.links import account_src, edit_url

        self.edit_urls = {src: None for src in self.pages}
        if base_url:
            acc = book["accounts"]
            ctx_root = Path(settings.root).resolve()
            for aid, file in zip(acc["id"], acc["_file"]):
                p = Path(file) if Path(file).is_absolute() else Path(os.getcwd()) / file
                try:
                    rel = p.resolve().relative_to(ctx_root).as_posix()
                except ValueError:
                    continue
                self.edit_urls[account_src(aid)] = edit_url(base_url, rel)
        for name in ASSETS:
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            uri = f"{ASSET_DIR}/{name}"
            if uri not in [str(x) for x in target]:
                target.append(uri)
        self._user_nav = config.nav is not None
        self._preview = preview
        self._skeletons.clear()  # a new build: the config (Markdown's extensions) may have changed
        self._memo = segment.install()  # the search index: each distinct Chinese text cut once
        return config

    on_config = CombinedEvent(_search_setup, _generate)

    # -- pages ----------------------------------------------------------------------------
    def on_files(self, files, config):
        from importlib.resources import files as package_files

        from .site import nav

        for src, content in self.pages.items():
            old = files.get_file_from_path(src)
            if old is not None:
                log.info(f"kam: the generated page {src} replaces docs/{src}")
                files.remove(old)
            inclusion = (
                InclusionLevel.NOT_IN_NAV
                if src.startswith("accounts/") and src != "accounts/index.md"
                else InclusionLevel.UNDEFINED
            )
            files.append(File.generated(config, src, content=content, inclusion=inclusion))
        assets = package_files("kam") / "templates" / "site" / "assets"
        for name in ASSETS:
            uri = f"{ASSET_DIR}/{name}"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=(assets / name).read_bytes()))
        # vega-embed, loaded by kam.js only on pages that draw a chart in the browser
        uri = f"{ASSET_DIR}/vega.js"
        if files.get_file_from_path(uri) is None:
            from .site.charts import vega_bundle

            files.append(File.generated(config, uri, content=vega_bundle()))
        self._patch_search_worker(files, config)
        if self._preview and not self._user_nav:
            # a preview is one account's page, the accounts index and the home page: the hand-written
            # pages (guides, references) are neither built nor indexed (kept when mkdocs.yml names them)
            for f in [f for f in files.documentation_pages() if f.src_uri not in self.pages]:
                files.remove(f)
        if os.environ.get(SITE_LANG_ENV) and not self._user_nav:
            # the hand-written pages are written in the root language: built there only
            for f in [f for f in files.documentation_pages() if f.src_uri not in self.pages]:
                files.remove(f)
        if not self._user_nav:
            others = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in self.pages)
            config.nav = nav(self.settings.language, self.pages, others)
        return files

    def _patch_search_worker(self, files, config) -> None:
        """Material's search worker with a Chinese query cut into whole words (kam.site.searchindex)."""
        for f in list(files):
            if not searchindex.WORKER.fullmatch(f.src_uri) or f.abs_src_path is None:
                continue
            if f.abs_src_path not in self._worker:
                js = Path(f.abs_src_path).read_text(encoding="utf-8")
                patched = searchindex.patch_worker(js)
                self._worker[f.abs_src_path] = None if patched is None else patched.encode()
                if patched is None:
                    log.info(
                        "kam: this version of Material's search worker is not the one kam knows; "
                        "a Chinese query is cut into words by Material's own code (it can drop a query's last character)"
                    )
            content = self._worker[f.abs_src_path]
            if content is not None:
                files.remove(f)
                files.append(File.generated(config, f.src_uri, content=content))

    def on_nav(self, nav, config, files):
        self._in_nav = {p.file.src_uri for p in nav.pages}
        return nav

    @event_priority(-100)  # last: the environment as the other plugins left it
    def on_env(self, env, config, files):
        from .site import navmemo, pageframe

        def shared(page) -> bool:  # the account pages: generated, out of the navigation
            return page.file.src_uri in self.pages and page.file.src_uri not in self._in_nav

        navmemo.install(env, shared)  # their navigation drawn once per folder
        pageframe.install(env, shared, config.theme)  # their frame drawn once per kind and filled in
        return env

    @event_priority(-100)  # last: a skeleton shared by pages holds what other plugins made of them
    def on_page_markdown(self, markdown, page, config, files):
        # kam's HTML is set aside so Markdown does not parse it again (kam.site.rawblocks)
        src = page.file.src_uri
        if src not in self.pages:
            return markdown
        markdown, self._blocks[src] = set_aside(markdown)
        key = skeleton_key(markdown, src)
        if key is not None:
            if key in self._skeletons:  # converted already: the page takes that, Markdown is not run
                page.render = self._skeletons[key].render_for(page)
                return ""
            self._first[src] = key
        return markdown

    @event_priority(100)  # first: a shared skeleton's HTML is Markdown's own, before other plugins change it
    def on_page_content(self, html, page, config, files):
        blocks = self._blocks.pop(page.file.src_uri, None)
        if blocks is None:  # a hand-written page: its short ids and dates stay whole (kam's own pages use nobr)
            return whole_codes(html)
        src = page.file.src_uri
        if src in self._first:
            self._skeletons[self._first.pop(src)] = Converted(html, page)
        self._lean[page.file.src_uri] = search_html(html, blocks)
        return put_back(html, blocks)

    @event_priority(50)  # before the search plugin: it indexes the lean text of a generated page
    def _lean_for_search(self, context, page, config, nav):
        lean = self._lean.get(page.file.src_uri)
        if lean is None:
            return context
        self._full[page.file.src_uri], page.content = page.content, lean
        if searchindex.index_sections(self._search, page, lean):
            page.content = ""  # indexed as Material would: its search plugin is given nothing to parse
        return context

    @event_priority(-50)  # after the search plugin: the page is written in full
    def _full_again(self, context, page, config, nav):
        full = self._full.pop(page.file.src_uri, None)
        self._lean.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        src = page.file.src_uri
        words = self._words.pop(src, None)
        if words and self._search is not None:
            searchindex.add_words(self._search, page.url, words)
        if src in self.edit_urls:
            page.edit_url = self.edit_urls[src]
        return context

    on_page_context = CombinedEvent(_lean_for_search, _full_again)

    def _noindex(self, html: str) -> str:
        # a site published by mistake is not indexed: every page asks search engines to stay out
        if self.settings is not None and self.settings.noindex and NOINDEX not in html:
            return html.replace("<head>", "<head>\n    " + NOINDEX, 1)
        return html

    def on_post_page(self, output, page, config):
        if self._languages:
            exists = page.file.src_uri in self.pages
            output = relink(output, page.url, self.settings.language, self._languages, self._root_lang, exists)
        return self._noindex(output)

    def on_post_template(self, output_content, template_name, config):
        if template_name == "404.html" and self._languages:
            output_content = relink_404(output_content, config.site_url, self._languages, self._root_lang)
        return self._noindex(output_content) if template_name.endswith(".html") else output_content  # 404.html

    def on_build_error(self, error):
        self._unfreeze()

    def on_post_build(self, config):
        from .files import SITE_MARK

        self._unfreeze()
        # marks the folder as a site kam built: a later build may empty and replace it (kam.files)
        Path(config.site_dir, SITE_MARK).write_text("built by kam; this folder is replaced on every build\n")
        if self._memo is not None:  # every page is indexed: the words are no longer needed
            self._memo.clear()
        if self._languages and not os.environ.get(SITE_LANG_ENV):
            for lang in self._languages:
                if lang != self._root_lang:
                    self._build_language(config, lang)
        self._shared = None  # every language is built

    def _build_language(self, config, lang: str) -> None:
        """The site again in `lang`, into <site>/<lang>/: its own pages, navigation and search index."""
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config

        saved = os.environ.get(SITE_LANG_ENV)
        os.environ[SITE_LANG_ENV] = lang
        _FOR_LANGUAGES[config.config_file_path] = self._shared
        try:
            inner = load_config(
                config.config_file_path,
                site_dir=os.path.join(config.site_dir, lang),
                docs_dir=config.docs_dir,
                use_directory_urls=config.use_directory_urls,
                strict=config.strict,
            )
            inner.theme["language"] = lang
            mkdocs_build(inner)
        finally:
            _FOR_LANGUAGES.pop(config.config_file_path, None)
            if saved is None:
                os.environ.pop(SITE_LANG_ENV, None)
            else:
                os.environ[SITE_LANG_ENV] = saved

    def on_serve(self, server, config, builder):
        if self.settings is not None and self.settings.book_path.is_dir():
            server.watch(str(self.settings.book_path))
        return server
