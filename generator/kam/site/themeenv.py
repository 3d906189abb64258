"""The Jinja environments the theme makes, as kam has MkDocs use them.

MkDocs asks the theme for a new environment on every build, and Material's search plugin asks for
more only to read its translations.  Each gets:

- the compiled-template cache (``kam.site.bytecode``): Material's templates compiled once, not in
  every environment (the search plugin's three compilations of the language partials were a twentieth
  of a preview);
- a listing of the theme's files without its hidden folders.  MkDocs lists every file of the theme to
  copy its static files, then drops those in hidden folders; Material keeps 14,000 icons in
  ``.icons/``, and listing them was an eighth of a preview (37 ms).  What MkDocs copies is the same;
  a template in a hidden folder is still found by name (``{% include ".icons/..." %}``).
"""

from __future__ import annotations

import os

import jinja2

from .bytecode import CACHE


class ThemeLoader(jinja2.FileSystemLoader):
    """Jinja's FileSystemLoader, its listing without hidden folders (names beginning with a dot)."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                for filename in filenames:
                    # as Jinja names them: relative to the search path, with forward slashes
                    name = os.path.join(dirpath, filename)[len(searchpath) :].strip(os.path.sep)
                    name = name.replace(os.path.sep, "/")
                    found.add(name[2:] if name[:2] == "./" else name)
        return sorted(found)


def install(theme) -> None:
    """Every environment `theme.get_env()` makes from now on: cached compilation, lean listing."""
    if getattr(theme, "_kam_env", False):
        return
    make = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make()
        if env.bytecode_cache is None:
            env.bytecode_cache = CACHE
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:  # MkDocs' own; another stays as it is
            env.loader = ThemeLoader(loader.searchpath, loader.encoding, loader.followlinks)
        return env

    theme.get_env = get_env
    theme._kam_env = True
