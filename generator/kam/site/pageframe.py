"""The frame of the account pages (Material's head, header, navigation, footer, scripts) drawn once and filled in.

Rendering Material's page template for a thousand account pages was about an eighth of a build.  Around its
text, an account page differs from another of its folder only in its title, its text, its edit address and its
canonical address: it is out of the navigation, so nothing in the frame is marked for it, and every link is
relative to its folder.  For each kind of account page (its folder, its table of contents, its front matter but
the title) the template is rendered once more, at its second page, with marks in those four places, and the
frame that gives is filled in for the other pages of that kind.  A frame is used only after it has given, for
the first two pages of its kind, exactly what Material rendered for them; a kind whose frame does not (a theme
feature that shows the page's address, a plugin that adds something of the page) is rendered by Material page
by page, as before.  A kind of one page (a preview's) costs nothing more.

The title is the one value Material's templates transform (``striptags``, ``e``): the marks hold a probe whose
transforms can be told apart, and each place the title appears in the frame applies the same transform.

Only Material's own templates, with no ``custom_dir`` over them: an override may show anything of the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from jinja2.filters import do_striptags
from markupsafe import escape

from .navmemo import folder_key, materials_template

PAGE = "main.html"
MAX_KINDS = 32  # kinds tried in one build: past that, pages differ in what the key cannot see (a plugin's meta)

# marks from Unicode's private use area: nothing of kam's or Material's writes them, and a book's text that
# does (a name with U+E000) only makes a frame that fails its check
_T0, _T1, _C0, _C1, _EDIT, _CANON = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004", "\ue005"
_MARKS = re.compile("[\ue000-\ue005]")
_PROBE = "&amp;<b>k</b>  m"  # each transform below makes something different of it
_TITLE: dict[str, Callable[[str], str]] = {
    _PROBE: str,
    str(do_striptags(_PROBE)): lambda s: str(do_striptags(s)),
    str(escape(_PROBE)): lambda s: str(escape(s)),
    str(escape(do_striptags(_PROBE))): lambda s: str(escape(do_striptags(s))),
}
_SLOT = re.compile(
    f"{_T0}(?P<title>.*?){_T1}|(?P<content>{_C0}(?:<h1)?{_C1})|(?P<edit>{_EDIT})|(?P<canon>{_CANON})", re.S
)
_NO = object()  # a kind whose frame failed its check: rendered by Material


def _toc(items) -> tuple:
    return tuple((t.title, t.id, t.level, _toc(t.children)) for t in items)


def kind(page) -> tuple:
    """What, besides the four filled values, the frame of a page depends on (and the page's folder)."""
    meta = tuple(sorted((k, repr(v)) for k, v in page.meta.items() if k not in ("title", "kam_account", "tags")))
    return (
        folder_key(page.url),
        _toc(page.toc),
        meta,
        "<h1" in (page.content or ""),  # Material adds an <h1> of the title to a text without one
        page.edit_url is None,
        page.canonical_url is None,
        page.previous_page is None and page.next_page is None,
    )


class Frame:
    """A page template's output with its four page-dependent values left as slots."""

    def __init__(self, parts: list):
        self.parts = parts  # text, or (slot, transform)

    @classmethod
    def parse(cls, marked: str) -> Frame | None:
        parts: list = []
        pos = 0
        for m in _SLOT.finditer(marked):
            parts.append(marked[pos : m.start()])
            pos = m.end()
            if m["title"] is not None:
                transform = _TITLE.get(m["title"])
                if transform is None:  # a transform of the title kam does not know
                    return None
                parts.append(("title", transform))
            else:
                parts.append(("content" if m["content"] else "edit" if m["edit"] else "canon", str))
        parts.append(marked[pos:])
        if any(isinstance(p, str) and _MARKS.search(p) for p in parts):  # a mark cut or transformed
            return None
        return cls([p for p in parts if p != ""])

    def fill(self, page) -> str:
        values = {"title": page.title, "content": page.content, "edit": page.edit_url, "canon": page.canonical_url}
        return "".join(p if isinstance(p, str) else p[1](values[p[0]]) for p in self.parts)


@contextmanager
def _marked(page) -> Iterator[None]:
    """The page with marks in place of its title, text, edit and canonical addresses."""
    saved = {
        k: page.__dict__[k] for k in ("title", "content", "edit_url", "canonical_url", "meta") if k in page.__dict__
    }
    title = _T0 + _PROBE + _T1
    try:
        page.content = _C0 + ("<h1" if "<h1" in (page.content or "") else "") + _C1
        page.edit_url = None if page.edit_url is None else _EDIT
        page.canonical_url = None if page.canonical_url is None else _CANON
        if "title" in page.meta:
            page.meta = {**page.meta, "title": title}
        page.title = title  # MkDocs' title is a property an attribute of the page overrides
        yield
    finally:
        page.__dict__.pop("title", None)
        page.__dict__.update(saved)


def install(env, shared: Callable[[object], bool], theme) -> dict | None:
    """Make the environment's page template fill a checked frame for the pages ``shared(page)`` says are out
    of the navigation.  Returns the frames (by kind; emptied with each new environment), or None when the
    template is not Material's own."""
    template = None if theme is None or theme.custom_dir else materials_template(env, PAGE)
    if template is None:
        return None
    render = getattr(template.root_render_func, "kam_original", template.root_render_func)
    frames: dict = {}  # kind -> (its first page, Material's rendering of it) | Frame | _NO

    def root_render_func(context):
        page = context.get("page")
        if page is None or not shared(page):
            yield from render(context)
            return
        key = kind(page)
        found = frames.get(key)
        if isinstance(found, Frame):
            yield found.fill(page)
            return
        real = "".join(render(context))
        if found is None:  # a kind seen once (a preview's one page) costs nothing more
            if len(frames) < MAX_KINDS:
                frames[key] = (page, real)
        elif found is not _NO:  # its second page: a frame, checked on both pages against Material's
            first, first_real = found
            with _marked(page):
                marked = "".join(render(template.new_context(dict(context.parent), shared=True)))
            frame = Frame.parse(marked)
            ok = frame is not None and frame.fill(first) == first_real and frame.fill(page) == real
            frames[key] = frame if ok else _NO
        yield real

    root_render_func.kam_original = render  # type: ignore[attr-defined]
    template.root_render_func = root_render_func
    return frames
