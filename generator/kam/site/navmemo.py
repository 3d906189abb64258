"""Material's navigation drawn once for all the account pages of a folder, not once per page.

Material renders the whole site navigation (reports, guides, reference: dozens of entries) into every
page; for a thousand account pages that was about a sixth of a build.  An account page is not in the
navigation, so nothing in it is marked active, and every link in it is relative to the page's folder:
the account pages of one folder get the same navigation, byte for byte.  It is rendered for the first
of them and reused for the others.

Only Material's own ``partials/nav.html`` is remembered: a theme override may show something of the
page itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

NAV = "partials/nav.html"


def _materials(template) -> bool:
    try:
        import material

        return Path(template.filename).resolve().is_relative_to(Path(material.__file__).resolve().parent)
    except (ImportError, TypeError, ValueError, OSError):
        return False


def materials_template(env, name: str):
    """The environment's template `name` when it is Material's own (no theme override of it), else None."""
    import jinja2

    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound:
        return None
    return template if _materials(template) else None


def folder_key(url: str) -> str:
    """The pages whose relative links are the same as this page's: those of its folder, at its depth."""
    return url.rstrip("/").rpartition("/")[0] + ("/" if url.endswith("/") else "")


def install(env, shared: Callable[[object], bool]) -> dict[str, str] | None:
    """Make the environment's navigation template reuse what it drew for a page ``shared(page)`` says
    is out of the navigation, for the other such pages of its folder.  Returns the memory (emptied
    with each new environment), or None when the theme's navigation is not Material's own."""
    template = materials_template(env, NAV)
    if template is None:
        return None
    render = getattr(template.root_render_func, "kam_original", template.root_render_func)
    drawn: dict[str, str] = {}

    def root_render_func(context):
        page = context.get("page")
        if page is None or not shared(page):
            yield from render(context)
            return
        key = folder_key(page.url)
        html = drawn.get(key)
        if html is None:
            html = drawn[key] = "".join(render(context))
        yield html

    root_render_func.kam_original = render  # type: ignore[attr-defined]
    template.root_render_func = root_render_func
    return drawn
